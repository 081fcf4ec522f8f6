package x

import (
	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// Spec describes, in plain words, how to connect this network: the
// add-handle form and the reply length limit.
func Spec() connector.Spec {
	return connector.Spec{
		Network: inbox.NetworkX, Name: "X (Twitter)", MaxLength: 280,
		// A DM allows 10 000 characters (X API v2 dm_conversations; the
		// OpenAPI spec gives no maxLength), a post 280.
		MaxPrivateLength: 10000,
		Needs:            "Your own X developer app on a plan that includes mentions and DM lookups (X bills each read; the Free tier does not). In developer.x.com: create an app, set User authentication to 'Native App' with 'Read and write and Direct message', add the callback URL http://127.0.0.1:<port>/callback, then copy the OAuth 2.0 Client ID here and sign in in the browser.",
		DocsURL:          "https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code",
		Fields: []connector.Field{
			{Key: "client_id", Label: "OAuth 2.0 Client ID", Placeholder: "M1M5R3BMVy13QmpScXkzTUt5OE46MTpjaQ", Help: "developer.x.com → your app → Keys and tokens → OAuth 2.0 Client ID and Client Secret (only the ID is needed)"},
			{Key: "callback_port", Label: "Callback port", Optional: true, Placeholder: "any", Help: "Only if your X app's callback URL names a fixed port, e.g. 8976 for http://127.0.0.1:8976/callback"},
			{Key: "access_token", Label: "Access token", Secret: true, Optional: true, Help: "Leave empty and use 'Sign in with X' below; the refresh token is then kept too"},
			{Key: "poll_minutes", Label: "Check every (minutes)", Optional: true, Placeholder: "5", Help: "Each check costs 2 billed reads: every 5 minutes ≈ 576 a day, every 15 ≈ 192, every 60 ≈ 48"},
		},
	}
}
