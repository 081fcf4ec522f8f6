package facebook

import (
	"careinbox/backend/connector"
	"careinbox/backend/connector/graph"
	"careinbox/backend/inbox"
)

// Spec describes, in plain words, how to connect this network: the
// add-handle form and the reply length limit.
func Spec() connector.Spec {
	return connector.Spec{
		Network: inbox.NetworkFacebook, Name: "Facebook Page", MaxLength: 8000,
		// The Messenger Send API takes at most 2000 characters; a comment 8000.
		MaxPrivateLength: 2000,
		Needs:            "A Page access token (Graph API Explorer → your Meta app → Get Page Access Token, or a system-user token from Business Settings) with pages_messaging, pages_read_engagement, pages_manage_metadata, pages_read_user_content and pages_manage_engagement, and the page's ID. Messenger replies are possible for 24 hours after the customer's last message, then up to 7 days as a human agent." + graph.SignInNeeds,
		DocsURL:          "https://developers.facebook.com/docs/pages-api/getting-started",
		Fields: append([]connector.Field{
			{Key: "page_id", Label: "Page ID", Placeholder: "1122334455", Help: "Page → About → Page transparency, or Meta Business Suite → Settings → Page info"},
			{Key: "page_token", Label: "Page access token", Secret: true, Placeholder: "EAAB…", Help: "'Test connection' names any missing permission; or use 'Sign in with Facebook' below"},
		}, graph.SignInFields()...),
	}
}
