package mastodon

import (
	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// Spec describes, in plain words, how to connect this network: the
// add-handle form and the reply length limit.
func Spec() connector.Spec {
	return connector.Spec{
		Network: inbox.NetworkMastodon, Name: "Mastodon", MaxLength: 500,
		// A direct message is a status with visibility "direct": the same limit.
		MaxPrivateLength: 500,
		Needs:            "Your instance's address and an access token: in Mastodon, Preferences → Development → New application with the read, write and push scopes, then copy 'Your access token'.",
		DocsURL:          "https://docs.joinmastodon.org/client/token/",
		Fields: []connector.Field{
			{Key: "instance", Label: "Instance", Placeholder: "https://mastodon.social"},
			{Key: "access_token", Label: "Access token", Secret: true, Optional: true, Help: "Or leave it empty and use Sign in with Mastodon below."},
		},
	}
}
