package instagram

import (
	"careinbox/backend/connector"
	"careinbox/backend/connector/graph"
	"careinbox/backend/inbox"
)

// Spec describes, in plain words, how to connect this network: the
// add-handle form and the reply length limit.
func Spec() connector.Spec {
	return connector.Spec{
		Network: inbox.NetworkInstagram, Name: "Instagram", MaxLength: 1000,
		MaxPrivateLength: 1000, // a DM's text, as a comment reply's
		Needs:            "An Instagram professional (business or creator) account linked to a Facebook Page, with 'Allow access to messages' on (Instagram → Settings → Messages → Connected tools). From your own Meta app (developers.facebook.com), a Page access token of that page (Graph API Explorer → Get Page Access Token, or a system-user token) with instagram_basic, instagram_manage_messages, instagram_manage_comments, pages_manage_metadata and pages_show_list. Direct messages can be answered for 24 hours after the customer's last message, then up to 7 days as a human agent." + graph.SignInNeeds,
		DocsURL:          "https://developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login/",
		Fields: append([]connector.Field{
			{Key: "page_id", Label: "Facebook Page ID", Placeholder: "1122334455", Help: "The page your Instagram account is linked to: Page → About → Page transparency, or Meta Business Suite → Settings → Page info"},
			{Key: "page_token", Label: "Page access token", Secret: true, Placeholder: "EAAB…", Help: "'Test connection' names any missing permission; or use 'Sign in with Facebook' below"},
			{Key: "ig_user_id", Label: "Instagram account ID", Optional: true, Placeholder: "17841400000000001", Help: "Leave empty: Care Inbox finds it through the page"},
		}, graph.SignInFields()...),
	}
}
