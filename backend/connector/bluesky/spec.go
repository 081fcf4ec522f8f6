package bluesky

import (
	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// Spec describes, in plain words, how to connect this network: the
// add-handle form and the reply length limit. MaxLength counts graphemes
// of the text as posted, "@handle " included: see ReplyLength.
func Spec() connector.Spec {
	return connector.Spec{
		Network: inbox.NetworkBluesky, Name: "Bluesky", MaxLength: MaxGraphemes,
		// A chat message: chat.bsky.convo.defs#messageInput, maxGraphemes 1000.
		MaxPrivateLength: MaxChatGraphemes,
		Needs:            "Your handle and an app password (Settings → Privacy and security → App passwords). To answer direct messages, tick 'Allow access to your direct messages' when you create it.",
		DocsURL:          "https://bsky.app/settings/app-passwords",
		Fields: []connector.Field{
			{Key: "handle", Label: "Handle", Placeholder: "askyourshop.bsky.social"},
			{Key: "app_password", Label: "App password", Secret: true, Placeholder: "xxxx-xxxx-xxxx-xxxx"},
			{Key: "pds", Label: "PDS", Optional: true, Placeholder: "https://bsky.social"},
		},
	}
}
