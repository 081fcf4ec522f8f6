// Package registry lists every network Care Inbox can sync, in one place:
// adding a network is one entry here plus its package.
package registry

import (
	"careinbox/backend/connector"
	"careinbox/backend/connector/bluesky"
	"careinbox/backend/connector/email"
	"careinbox/backend/connector/facebook"
	"careinbox/backend/connector/instagram"
	"careinbox/backend/connector/linkedin"
	"careinbox/backend/connector/mastodon"
	"careinbox/backend/connector/telegram"
	"careinbox/backend/connector/x"
	"careinbox/backend/inbox"
)

// adapt turns a constructor of a concrete connector into a Factory, so a nil
// *T never hides inside a non-nil interface.
func adapt[T connector.Connector](newFn func(connector.Config) (T, error)) connector.Factory {
	return func(cfg connector.Config) (connector.Connector, error) {
		c, err := newFn(cfg)
		if err != nil {
			return nil, err
		}
		return c, nil
	}
}

// Factories builds each network's connector.
func Factories() connector.Registry {
	return connector.Registry{
		inbox.NetworkEmail:     adapt(email.New),
		inbox.NetworkMastodon:  adapt(mastodon.New),
		inbox.NetworkBluesky:   adapt(bluesky.New),
		inbox.NetworkTelegram:  adapt(telegram.New),
		inbox.NetworkX:         adapt(x.New),
		inbox.NetworkFacebook:  adapt(facebook.New),
		inbox.NetworkInstagram: adapt(instagram.New),
		inbox.NetworkLinkedIn:  adapt(linkedin.New),
	}
}

// Specs describes, in plain words, how to connect each network that has a factory.
func Specs() []connector.Spec {
	f := Factories()
	var out []connector.Spec
	for _, s := range allSpecs {
		if f[s.Network] != nil {
			out = append(out, s)
		}
	}
	return out
}

var allSpecs = []connector.Spec{
	{
		Network: inbox.NetworkFacebook, Name: "Facebook Page", MaxLength: 8000,
		Needs:   "A Page access token (Graph API Explorer → your Meta app → Get Page Access Token, or a system-user token from Business Settings) with pages_messaging, pages_read_engagement, pages_manage_metadata, pages_read_user_content and pages_manage_engagement, and the page's ID. Messenger replies are possible for 24 hours after the customer's last message, then up to 7 days as a human agent. Or sign in with Facebook through your own Meta app: add the Facebook Login product, register http://127.0.0.1:<port>/callback under Facebook Login → Settings → Valid OAuth Redirect URIs (Facebook only redirects to registered addresses, so pick a fixed port), and enter the App ID and that port below. Without the app secret, which a desktop app cannot keep, the page token from that sign-in expires with it (about 1–2 hours) and the handle then asks to sign in again; for a lasting connection paste a long-lived Page token or a system-user token instead.",
		DocsURL: "https://developers.facebook.com/docs/pages-api/getting-started",
		Fields: []connector.Field{
			{Key: "page_id", Label: "Page ID", Placeholder: "1122334455", Help: "Page → About → Page transparency, or Meta Business Suite → Settings → Page info"},
			{Key: "page_token", Label: "Page access token", Secret: true, Placeholder: "EAAB…", Help: "'Test connection' names any missing permission; or use 'Sign in with Facebook' below"},
			{Key: "login_app_id", Label: "Meta App ID (for Sign in with Facebook)", Optional: true, Placeholder: "123456789012345", Help: "developers.facebook.com → My Apps → your app → App settings → Basic → App ID; not needed when you paste a token"},
			{Key: "callback_port", Label: "Callback port", Optional: true, Placeholder: "8976", Help: "The port of the redirect URI you registered, e.g. 8976 for http://127.0.0.1:8976/callback; empty picks any port, which Facebook refuses unless that exact address is registered"},
		},
	},
	{
		Network: inbox.NetworkInstagram, Name: "Instagram", MaxLength: 1000,
		Needs:   "An Instagram professional (business or creator) account linked to a Facebook Page, with 'Allow access to messages' on (Instagram → Settings → Messages → Connected tools). From your own Meta app (developers.facebook.com), a Page access token of that page (Graph API Explorer → Get Page Access Token, or a system-user token) with instagram_basic, instagram_manage_messages, instagram_manage_comments, pages_manage_metadata and pages_show_list. Direct messages can be answered for 24 hours after the customer's last message, then up to 7 days as a human agent. Or sign in with Facebook through your own Meta app: add the Facebook Login product, register http://127.0.0.1:<port>/callback under Facebook Login → Settings → Valid OAuth Redirect URIs (Facebook only redirects to registered addresses, so pick a fixed port), and enter the App ID and that port below. Without the app secret, which a desktop app cannot keep, the page token from that sign-in expires with it (about 1–2 hours) and the handle then asks to sign in again; for a lasting connection paste a long-lived Page token or a system-user token instead.",
		DocsURL: "https://developers.facebook.com/docs/instagram-platform/instagram-api-with-facebook-login/",
		Fields: []connector.Field{
			{Key: "page_id", Label: "Facebook Page ID", Placeholder: "1122334455", Help: "The page your Instagram account is linked to: Page → About → Page transparency, or Meta Business Suite → Settings → Page info"},
			{Key: "page_token", Label: "Page access token", Secret: true, Placeholder: "EAAB…", Help: "'Test connection' names any missing permission; or use 'Sign in with Facebook' below"},
			{Key: "ig_user_id", Label: "Instagram account ID", Optional: true, Placeholder: "17841400000000001", Help: "Leave empty: Care Inbox finds it through the page"},
			{Key: "login_app_id", Label: "Meta App ID (for Sign in with Facebook)", Optional: true, Placeholder: "123456789012345", Help: "developers.facebook.com → My Apps → your app → App settings → Basic → App ID; not needed when you paste a token"},
			{Key: "callback_port", Label: "Callback port", Optional: true, Placeholder: "8976", Help: "The port of the redirect URI you registered, e.g. 8976 for http://127.0.0.1:8976/callback; empty picks any port, which Facebook refuses unless that exact address is registered"},
		},
	},
	{
		Network: inbox.NetworkLinkedIn, Name: "LinkedIn page", MaxLength: 1250,
		Needs:   "Your own LinkedIn developer app (linkedin.com/developers) verified by the page, with the Community Management API product approved, and an access token created by a page administrator with r_organization_social, w_organization_social and rw_organization_admin (tokens last 60 days). LinkedIn pages have no private messaging API, so Care Inbox can only reply in public, as comments.",
		DocsURL: "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/community-management-overview",
		Fields: []connector.Field{
			{Key: "organization_id", Label: "Organization ID", Placeholder: "2414183", Help: "The number in your page's admin address: linkedin.com/company/<ID>/admin"},
			{Key: "access_token", Label: "Access token", Secret: true, Placeholder: "AQX…", Help: "Developer portal → your app → Auth → OAuth 2.0 tools → Create token, signed in as a page admin; 'Test connection' names any missing permission"},
			{Key: "version", Label: "API version", Optional: true, Placeholder: "202411", Help: "LinkedIn-Version (YYYYMM); leave empty unless LinkedIn retired it"},
		},
	},
	{
		Network: inbox.NetworkX, Name: "X (Twitter)", MaxLength: 280,
		Needs:   "Your own X developer app on a plan that includes mentions and DM lookups (X bills each read; the Free tier does not). In developer.x.com: create an app, set User authentication to 'Native App' with 'Read and write and Direct message', add the callback URL http://127.0.0.1:<port>/callback, then copy the OAuth 2.0 Client ID here and sign in in the browser.",
		DocsURL: "https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code",
		Fields: []connector.Field{
			{Key: "client_id", Label: "OAuth 2.0 Client ID", Placeholder: "M1M5R3BMVy13QmpScXkzTUt5OE46MTpjaQ", Help: "developer.x.com → your app → Keys and tokens → OAuth 2.0 Client ID and Client Secret (only the ID is needed)"},
			{Key: "callback_port", Label: "Callback port", Optional: true, Placeholder: "any", Help: "Only if your X app's callback URL names a fixed port, e.g. 8976 for http://127.0.0.1:8976/callback"},
			{Key: "access_token", Label: "Access token", Secret: true, Optional: true, Help: "Leave empty and use 'Sign in with X' below; the refresh token is then kept too"},
			{Key: "poll_minutes", Label: "Check every (minutes)", Optional: true, Placeholder: "5", Help: "Each check costs 2 billed reads: every 5 minutes ≈ 576 a day, every 15 ≈ 192, every 60 ≈ 48"},
		},
	},
	{
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
	},
	{
		Network: inbox.NetworkMastodon, Name: "Mastodon", MaxLength: 500,
		Needs:   "Your instance's address and an access token: in Mastodon, Preferences → Development → New application with the read, write and push scopes, then copy 'Your access token'.",
		DocsURL: "https://docs.joinmastodon.org/client/token/",
		Fields: []connector.Field{
			{Key: "instance", Label: "Instance", Placeholder: "https://mastodon.social"},
			{Key: "access_token", Label: "Access token", Secret: true, Optional: true, Help: "Or leave it empty and use Sign in with Mastodon below."},
		},
	},
	{
		Network: inbox.NetworkBluesky, Name: "Bluesky", MaxLength: 300,
		Needs:   "Your handle and an app password (Settings → Privacy and security → App passwords). To answer direct messages, tick 'Allow access to your direct messages' when you create it.",
		DocsURL: "https://bsky.app/settings/app-passwords",
		Fields: []connector.Field{
			{Key: "handle", Label: "Handle", Placeholder: "askyourshop.bsky.social"},
			{Key: "app_password", Label: "App password", Secret: true, Placeholder: "xxxx-xxxx-xxxx-xxxx"},
			{Key: "pds", Label: "PDS", Optional: true, Placeholder: "https://bsky.social"},
		},
	},
	{
		Network: inbox.NetworkTelegram, Name: "Telegram bot", MaxLength: 4096,
		Needs:   "A bot token from @BotFather (/newbot). For Telegram Business, connect the bot to your business account in Telegram's settings.",
		DocsURL: "https://core.telegram.org/bots/tutorial#obtain-your-bot-token",
		Fields: []connector.Field{
			{Key: "bot_token", Label: "Bot token", Secret: true, Placeholder: "123456:ABC-DEF…"},
		},
	},
}
