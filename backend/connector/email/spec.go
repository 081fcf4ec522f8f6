package email

import (
	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// Spec describes, in plain words, how to connect this network: the
// add-handle form and the reply length limit.
func Spec() connector.Spec {
	return connector.Spec{
		Network: inbox.NetworkEmail, Name: "E-mail (IMAP/SMTP)", MaxLength: 0,
		Needs:   "Your support mailbox's IMAP and SMTP servers and a password. Gmail, Outlook and iCloud need an app password (with two-step sign-in turned on).",
		DocsURL: "https://support.google.com/accounts/answer/185833",
		Fields: []connector.Field{
			{Key: "username", Label: "User name", Placeholder: "support@yourshop.com"},
			{Key: "password", Label: "Password or app password", Secret: true},
			{Key: "imap_host", Label: "IMAP server", Placeholder: "imap.yourshop.com"},
			{Key: "imap_port", Label: "IMAP port", Optional: true, Placeholder: "993"},
			{Key: "smtp_host", Label: "SMTP server", Placeholder: "smtp.yourshop.com"},
			{Key: "smtp_port", Label: "SMTP port", Optional: true, Placeholder: "587"},
			{Key: "from_address", Label: "Reply from address", Optional: true, Placeholder: "support@yourshop.com"},
			{Key: "from_name", Label: "Reply from name", Optional: true, Placeholder: "Your Shop Support"},
		},
	}
}
