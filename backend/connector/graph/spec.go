package graph

import "careinbox/backend/connector"

// SignInNeeds ends the Needs of both Page connectors' forms: how to sign in
// with Facebook instead of pasting a token, and what that costs.
const SignInNeeds = " Or sign in with Facebook through your own Meta app: add the Facebook Login product, register http://127.0.0.1:<port>/callback under Facebook Login → Settings → Valid OAuth Redirect URIs (Facebook only redirects to registered addresses, so pick a fixed port), and enter the App ID and that port below. Without the app secret, which a desktop app cannot keep, the page token from that sign-in expires with it (about 1–2 hours) and the handle then asks to sign in again; for a lasting connection paste a long-lived Page token or a system-user token instead."

// SignInFields are the form fields of Sign in with Facebook, shared by the
// Facebook and Instagram forms.
func SignInFields() []connector.Field {
	return []connector.Field{
		{Key: "login_app_id", Label: "Meta App ID (for Sign in with Facebook)", Optional: true, Placeholder: "123456789012345", Help: "developers.facebook.com → My Apps → your app → App settings → Basic → App ID; not needed when you paste a token"},
		{Key: "callback_port", Label: "Callback port", Optional: true, Placeholder: "8976", Help: "The port of the redirect URI you registered, e.g. 8976 for http://127.0.0.1:8976/callback; empty picks any port, which Facebook refuses unless that exact address is registered"},
	}
}
