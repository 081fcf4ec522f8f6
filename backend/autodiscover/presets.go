package autodiscover

import "strings"

// Preset is a mail provider whose servers are known, with the steps to make
// the app password those providers require for IMAP/SMTP.
type Preset struct {
	ID      string
	Name    string
	Domains []string
	IMAP    Server
	SMTP    Server
	// AppPassword explains, in clicks, how to get the password to paste.
	AppPassword    []string
	AppPasswordURL string
	// Note is a caveat the user should read before trying (empty: none).
	Note string
}

// Presets are the providers offered by name, easiest first. The server
// names are the providers' documented ones.
func Presets() []Preset {
	return []Preset{
		{ID: "gmail", Name: "Gmail / Google Workspace", Domains: []string{"gmail.com", "googlemail.com"},
			IMAP: Server{Host: "imap.gmail.com", Port: 993, Security: SecurityTLS},
			SMTP: Server{Host: "smtp.gmail.com", Port: 465, Security: SecurityTLS},
			AppPassword: []string{
				"Open myaccount.google.com and sign in with the support address.",
				"Security → 2-Step Verification: turn it on if it is off (Google only offers app passwords with it on).",
				"Open myaccount.google.com/apppasswords, type the name “Care Inbox” and click Create.",
				"Copy the 16-letter password Google shows (spaces do not matter) and paste it here.",
			},
			AppPasswordURL: "https://myaccount.google.com/apppasswords",
			Note:           "Google Workspace: your admin must allow IMAP (Admin console → Apps → Gmail → End user access)."},
		{ID: "outlook", Name: "Outlook.com / Microsoft 365", Domains: []string{"outlook.com", "hotmail.com", "live.com", "msn.com"},
			IMAP: Server{Host: "outlook.office365.com", Port: 993, Security: SecurityTLS},
			SMTP: Server{Host: "smtp.office365.com", Port: 587, Security: SecurityStartTLS},
			AppPassword: []string{
				"Open account.microsoft.com → Security → Advanced security options.",
				"Turn on two-step verification if it is off.",
				"Under App passwords click “Create a new app password” and copy it here.",
			},
			AppPasswordURL: "https://account.microsoft.com/security",
			Note:           "Microsoft is turning off password sign-in for IMAP; if the test says the password is refused, ask your Microsoft 365 admin to allow IMAP and SMTP AUTH for this mailbox."},
		{ID: "icloud", Name: "iCloud Mail", Domains: []string{"icloud.com", "me.com", "mac.com"},
			IMAP: Server{Host: "imap.mail.me.com", Port: 993, Security: SecurityTLS},
			SMTP: Server{Host: "smtp.mail.me.com", Port: 587, Security: SecurityStartTLS},
			AppPassword: []string{
				"Open account.apple.com and sign in.",
				"Sign-In and Security → App-Specific Passwords → click +.",
				"Name it “Care Inbox”, click Create and copy the password here.",
			},
			AppPasswordURL: "https://account.apple.com/account/manage",
			Note:           "The user name is your iCloud address (for example name@icloud.com), not a custom domain alias."},
		{ID: "fastmail", Name: "Fastmail", Domains: []string{"fastmail.com", "fastmail.fm"},
			IMAP: Server{Host: "imap.fastmail.com", Port: 993, Security: SecurityTLS},
			SMTP: Server{Host: "smtp.fastmail.com", Port: 465, Security: SecurityTLS},
			AppPassword: []string{
				"In Fastmail open Settings → Privacy & Security → Manage app passwords and access.",
				"Click “New app password”, choose “Mail (IMAP/POP/SMTP)” and click Generate.",
				"Copy the password here.",
			},
			AppPasswordURL: "https://app.fastmail.com/settings/security/apps"},
		{ID: "yahoo", Name: "Yahoo Mail", Domains: []string{"yahoo.com", "ymail.com", "rocketmail.com"},
			IMAP: Server{Host: "imap.mail.yahoo.com", Port: 993, Security: SecurityTLS},
			SMTP: Server{Host: "smtp.mail.yahoo.com", Port: 465, Security: SecurityTLS},
			AppPassword: []string{
				"Open login.yahoo.com → Account info → Account security.",
				"Click “Generate app password”, name it “Care Inbox” and click Generate.",
				"Copy the password here.",
			},
			AppPasswordURL: "https://login.yahoo.com/account/security"},
	}
}

// PresetFor is the preset whose domains include the address's (or the
// address itself when it is a bare domain); ok false when none does.
func PresetFor(address string) (Preset, bool) {
	domain := strings.ToLower(address)
	if i := strings.LastIndexByte(domain, '@'); i >= 0 {
		domain = domain[i+1:]
	}
	for _, p := range Presets() {
		for _, d := range p.Domains {
			if d == domain {
				return p, true
			}
		}
	}
	return Preset{}, false
}
