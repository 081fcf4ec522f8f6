package linkedin

import (
	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// Spec describes, in plain words, how to connect this network: the
// add-handle form and the reply length limit.
func Spec() connector.Spec {
	return connector.Spec{
		Network: inbox.NetworkLinkedIn, Name: "LinkedIn page", MaxLength: 1250,
		MaxPrivateLength: 1250, // no private messaging API (NoPrivate); the public limit, never "none"
		Needs:            "Your own LinkedIn developer app (linkedin.com/developers) verified by the page, with the Community Management API product approved, and an access token created by a page administrator with r_organization_social, w_organization_social and rw_organization_admin (tokens last 60 days). LinkedIn pages have no private messaging API, so Care Inbox can only reply in public, as comments.",
		DocsURL:          "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/community-management-overview",
		Fields: []connector.Field{
			{Key: "organization_id", Label: "Organization ID", Placeholder: "2414183", Help: "The number in your page's admin address: linkedin.com/company/<ID>/admin"},
			{Key: "access_token", Label: "Access token", Secret: true, Placeholder: "AQX…", Help: "Developer portal → your app → Auth → OAuth 2.0 tools → Create token, signed in as a page admin; 'Test connection' names any missing permission"},
			{Key: "version", Label: "API version", Optional: true, Placeholder: "202411", Help: "LinkedIn-Version (YYYYMM); leave empty unless LinkedIn retired it"},
		},
	}
}
