package facebook

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"careinbox/backend/connector"
	"careinbox/backend/connector/graph"
	"careinbox/backend/connector/loopback"
)

// LoginScopes are asked for in one Facebook Login: everything the Facebook
// Page connector and the Instagram connector need, so one sign-in serves both.
const LoginScopes = "pages_show_list,pages_messaging,pages_read_engagement,pages_manage_metadata,pages_read_user_content,pages_manage_engagement,instagram_basic,instagram_manage_messages,instagram_manage_comments"

// DefaultDialogURL is Facebook Login's consent page, same version as the Graph API.
const DefaultDialogURL = "https://www.facebook.com/v21.0/dialog/oauth"

// LoginConfig describes one Facebook Login in the system browser.
type LoginConfig struct {
	AppID string // the user's own Meta app (public desktop client: no secret)
	// Port is the loopback port. Facebook compares redirect_uri exactly with
	// the app's "Valid OAuth Redirect URIs", so users register a fixed one,
	// e.g. http://127.0.0.1:8976/callback; 0 picks a free port.
	Port int
	// OpenBrowser shows url to the user (the app passes the system browser;
	// tests pass an HTTP client that follows the redirects).
	OpenBrowser func(url string) error
	HTTP        *http.Client
	DialogURL   string // default DefaultDialogURL
	GraphURL    string // default graph.DefaultBase
	// Require lists the permissions the sign-in must have granted, each
	// with what it is for (facebook.Permissions or instagram.Permissions);
	// nil requires pages_show_list only.
	Require []struct{ Name, For string }
}

// PageChoice is one page the signed-in user manages, with its Page token.
// Token is a secret: it goes to the keychain and never to the front end.
type PageChoice struct {
	ID   string
	Name string
	// InstagramID is the linked Instagram professional account, "" if none.
	InstagramID string
	Token       string
	// Expires is when the token stops working: a page token derived from a
	// short-lived user token lives as long as that (about 1–2 hours). Zero
	// when Facebook gave no expiry.
	Expires time.Time
}

// Login runs Facebook Login ("manually build a login flow") with PKCE (S256)
// and a loopback redirect (RFC 8252, backend/connector/loopback): a
// one-shot listener on 127.0.0.1 receives the code, the state is checked,
// the code is exchanged with the verifier at GET /oauth/access_token (no
// app secret: a desktop app cannot keep one), /me/permissions must show
// cfg.Require granted, and /me/accounts lists the pages the user manages
// with their page tokens.
//
// Without the app secret the user token cannot be made long-lived, so the
// page tokens expire with it; a lasting connection needs a pasted
// long-lived Page token or a system-user token.
func Login(ctx context.Context, cfg LoginConfig) ([]PageChoice, error) {
	if strings.TrimSpace(cfg.AppID) == "" {
		return nil, errNoAppID
	}
	if cfg.OpenBrowser == nil {
		return nil, errors.New("facebook sign-in: no browser opener")
	}
	f, err := BeginLogin(cfg)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if err := cfg.OpenBrowser(f.URL()); err != nil {
		return nil, connector.Errorf(connector.Permanent, err, "could not open the browser for the Facebook sign-in")
	}
	return f.Pages(ctx)
}

var errNoAppID = connector.Errorf(connector.Permanent, nil, "enter the App ID of your Meta app first (developers.facebook.com → My Apps → your app → App settings → Basic)")

// LoginFlow is one Facebook Login between its consent page and the pages
// it lists: BeginLogin, open URL in the browser, then Pages.
type LoginFlow struct {
	rcv      *loopback.Receiver
	login    *login
	appID    string
	redirect string
	verifier string
	url      string
	require  []struct{ Name, For string }
}

// BeginLogin listens for the redirect and builds the consent page's address
// (cfg.OpenBrowser is not used: the caller opens URL).
func BeginLogin(cfg LoginConfig) (*LoginFlow, error) {
	appID := strings.TrimSpace(cfg.AppID)
	if appID == "" {
		return nil, errNoAppID
	}
	httpc := cfg.HTTP
	if httpc == nil {
		httpc = http.DefaultClient
	}
	dialog, base := cfg.DialogURL, strings.TrimSuffix(cfg.GraphURL, "/")
	if dialog == "" {
		dialog = DefaultDialogURL
	}
	if base == "" {
		base = graph.DefaultBase
	}
	rcv, err := loopback.Listen(cfg.Port)
	if err != nil {
		return nil, connector.Errorf(connector.Temporary, err, "could not prepare the sign-in (local port %d is busy)", cfg.Port)
	}
	f := &LoginFlow{rcv: rcv, login: &login{http: httpc, base: base}, appID: appID,
		redirect: rcv.RedirectURL(), verifier: oauth2.GenerateVerifier(), require: cfg.Require}
	if f.require == nil {
		f.require = []struct{ Name, For string }{{"pages_show_list", "list the pages you manage"}}
	}
	q := url.Values{
		"client_id":             {appID},
		"redirect_uri":          {f.redirect},
		"response_type":         {"code"},
		"state":                 {rcv.State()},
		"scope":                 {LoginScopes},
		"code_challenge":        {oauth2.S256ChallengeFromVerifier(f.verifier)},
		"code_challenge_method": {"S256"},
	}
	sep := "?"
	if strings.Contains(dialog, "?") {
		sep = "&"
	}
	f.url = dialog + sep + q.Encode()
	return f, nil
}

// URL is the consent page to open in the system browser.
func (f *LoginFlow) URL() string { return f.url }

// Close stops listening for the redirect.
func (f *LoginFlow) Close() error { return f.rcv.Close() }

// Pages waits for the redirect, exchanges its code, checks the required
// permissions were granted and lists the pages the user manages.
func (f *LoginFlow) Pages(ctx context.Context) ([]PageChoice, error) {
	code, err := f.rcv.Wait(ctx)
	var denied *loopback.DeniedError
	switch {
	case errors.As(err, &denied) && denied.Code == "access_denied":
		return nil, connector.Errorf(connector.AuthNeeded, err, "Facebook sign-in was cancelled")
	case errors.As(err, &denied):
		desc := denied.Description
		if desc == "" {
			desc = denied.Code
		}
		return nil, connector.Errorf(connector.AuthNeeded, err, "Facebook refused the sign-in: %s", desc)
	case err != nil:
		return nil, fmt.Errorf("facebook sign-in: %w", err)
	}

	l := f.login
	userToken, expires, err := l.exchange(ctx, f.appID, f.redirect, code, f.verifier)
	if err != nil {
		return nil, err
	}
	l.token = userToken
	if err := l.checkGranted(ctx, f.require); err != nil {
		return nil, err
	}
	pages, err := l.pages(ctx, expires)
	if err != nil {
		return nil, err
	}
	if len(pages) == 0 {
		return nil, connector.Errorf(connector.Permanent, nil, "Facebook lists no page for this sign-in: choose your page under 'Edit access' when you sign in, and make sure you have full control of it")
	}
	return pages, nil
}

// login holds the Graph calls of one sign-in.
type login struct {
	http  *http.Client
	base  string
	token string // the user access token, once exchanged
}

// get calls GET base+path. The user token, once known, goes in the
// Authorization header; errors never carry the code or a token.
func (l *login) get(ctx context.Context, path string, q url.Values, out any, secrets ...string) (apiErr *graph.APIError, err error) {
	u := l.base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	scrub := func(err error) error {
		s := err.Error()
		for _, v := range append(secrets, l.token) {
			if v != "" {
				s = strings.ReplaceAll(s, v, "<redacted>")
				s = strings.ReplaceAll(s, url.QueryEscape(v), "<redacted>")
			}
		}
		return errors.New(s)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, connector.Errorf(connector.Permanent, scrub(err), "the Graph API address is not usable")
	}
	if l.token != "" {
		req.Header.Set("Authorization", "Bearer "+l.token)
	}
	resp, err := l.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("facebook sign-in: %w", ctx.Err())
		}
		return nil, connector.Errorf(connector.Temporary, scrub(err), "Facebook could not be reached; try the sign-in again")
	}
	defer resp.Body.Close()
	if resp.StatusCode/100 != 2 {
		var body struct {
			Error graph.APIError `json:"error"`
		}
		_ = json.NewDecoder(io.LimitReader(resp.Body, 16384)).Decode(&body)
		return &body.Error, fmt.Errorf("facebook sign-in %s: HTTP %d: code %d/%d %s", path, resp.StatusCode, body.Error.Code, body.Error.Subcode, body.Error.Message)
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 4<<20)).Decode(out); err != nil {
		return nil, connector.Errorf(connector.Temporary, fmt.Errorf("facebook sign-in %s: decode: %w", path, err), "Facebook sent an answer we could not read; try the sign-in again")
	}
	return nil, nil
}

// exchange trades the code for a user access token.
func (l *login) exchange(ctx context.Context, appID, redirect, code, verifier string) (string, time.Time, error) {
	var tok struct {
		AccessToken string `json:"access_token"`
		TokenType   string `json:"token_type"`
		ExpiresIn   int64  `json:"expires_in"`
	}
	q := url.Values{"client_id": {appID}, "redirect_uri": {redirect}, "code": {code}, "code_verifier": {verifier}}
	ae, err := l.get(ctx, "/oauth/access_token", q, &tok, code, verifier)
	if ae != nil {
		msg := ae.Message
		if msg == "" {
			msg = "no reason given"
		}
		return "", time.Time{}, connector.Errorf(connector.AuthNeeded, err,
			"Facebook did not accept the sign-in (%s); check the App ID, that %s is in your app's Facebook Login → Settings → Valid OAuth Redirect URIs, and sign in again", msg, redirect)
	}
	if err != nil {
		return "", time.Time{}, err
	}
	if tok.AccessToken == "" {
		return "", time.Time{}, connector.Errorf(connector.Temporary, nil, "Facebook sent no access token; try the sign-in again")
	}
	var expires time.Time
	if tok.ExpiresIn > 0 {
		expires = time.Now().Add(time.Duration(tok.ExpiresIn) * time.Second)
	}
	return tok.AccessToken, expires, nil
}

// checkGranted names each required permission the user did not grant
// (they can untick permissions in the dialog's "Edit access").
func (l *login) checkGranted(ctx context.Context, require []struct{ Name, For string }) error {
	var perms struct {
		Data []struct {
			Permission string `json:"permission"`
			Status     string `json:"status"`
		} `json:"data"`
	}
	if ae, err := l.get(ctx, "/me/permissions", nil, &perms); ae != nil || err != nil {
		return l.graphFailure(ae, err)
	}
	var granted []string
	for _, p := range perms.Data {
		if p.Status == "granted" {
			granted = append(granted, p.Permission)
		}
	}
	var missing []string
	for _, p := range require {
		if !slices.Contains(granted, p.Name) {
			missing = append(missing, fmt.Sprintf("%s (to %s)", p.Name, p.For))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	word := "permission"
	if len(missing) > 1 {
		word = "permissions"
	}
	return connector.Errorf(connector.Permanent, nil, "the Facebook sign-in did not grant the %s %s; sign in again and leave them ticked under 'Edit access' (and check your Meta app has them)", word, strings.Join(missing, ", "))
}

// pages lists the pages the user manages, following the cursor.
func (l *login) pages(ctx context.Context, expires time.Time) ([]PageChoice, error) {
	var out []PageChoice
	after := ""
	for range 20 { // 2,000 pages is more than any small business manages
		q := url.Values{"fields": {"id,name,access_token,instagram_business_account"}, "limit": {"100"}}
		if after != "" {
			q.Set("after", after)
		}
		var body struct {
			Data []struct {
				ID          string `json:"id"`
				Name        string `json:"name"`
				AccessToken string `json:"access_token"`
				Instagram   *struct {
					ID string `json:"id"`
				} `json:"instagram_business_account"`
			} `json:"data"`
			Paging struct {
				Cursors struct {
					After string `json:"after"`
				} `json:"cursors"`
				Next string `json:"next"`
			} `json:"paging"`
		}
		if ae, err := l.get(ctx, "/me/accounts", q, &body); ae != nil || err != nil {
			return nil, l.graphFailure(ae, err)
		}
		for _, p := range body.Data {
			if p.ID == "" || p.AccessToken == "" {
				continue // a page the user cannot act for (no task granting a token)
			}
			c := PageChoice{ID: p.ID, Name: p.Name, Token: p.AccessToken, Expires: expires}
			if p.Instagram != nil {
				c.InstagramID = p.Instagram.ID
			}
			out = append(out, c)
		}
		if body.Paging.Next == "" || body.Paging.Cursors.After == "" {
			break
		}
		after = body.Paging.Cursors.After
	}
	return out, nil
}

// graphFailure turns a Graph error met after the exchange into plain words.
func (l *login) graphFailure(ae *graph.APIError, err error) error {
	if ae == nil {
		return err
	}
	switch {
	case ae.Code == 190 || ae.Code == 102 || ae.Code == 463 || ae.Code == 467:
		return connector.Errorf(connector.AuthNeeded, err, "Facebook no longer accepts this sign-in; sign in again")
	case ae.Code == 10 || ae.Code >= 200 && ae.Code <= 299:
		return connector.Errorf(connector.Permanent, err, "Facebook refused for lack of a permission: %s", ae.Message)
	case ae.Code == 4 || ae.Code == 17 || ae.Code == 32 || ae.Code == 613:
		return connector.Limited(time.Now().Add(5*time.Minute), err, "Facebook asked us to slow down; try the sign-in again in a few minutes")
	default:
		return connector.Errorf(connector.Temporary, err, "Facebook could not list your pages (%s); try the sign-in again", ae.Message)
	}
}

var _ connector.Authorizer = (*Connector)(nil)

// PageSignIn is a Facebook Login begun from a page handle's form, as a
// connector.Authorization. The Facebook and Instagram connectors share it;
// each turns the pages into its own grants.
type PageSignIn struct {
	flow   *LoginFlow
	port   int
	base   string
	finish func(*PageSignIn, []PageChoice) (connector.Consent, error)
}

// BeginPageSignIn starts a Facebook Login from the settings of cfg (a
// connector built with Config.Authorizing): login_app_id, callback_port
// and, for tests, base (the Graph API) and login_dialog. require lists the
// permissions the sign-in must grant; finish turns the pages into grants.
func BeginPageSignIn(cfg connector.Config, require []struct{ Name, For string }, finish func(*PageSignIn, []PageChoice) (connector.Consent, error)) (*PageSignIn, error) {
	st := cfg.Settings
	appID := strings.TrimSpace(st["login_app_id"])
	if appID == "" {
		return nil, connector.Errorf(connector.Permanent, nil, "enter your Meta app's App ID (developers.facebook.com → My Apps → your app → App settings → Basic)")
	}
	port, _ := strconv.Atoi(strings.TrimSpace(st["callback_port"]))
	if port < 0 || port > 65535 {
		return nil, connector.Errorf(connector.Permanent, nil, "the callback port must be a number between 1 and 65535")
	}
	base := strings.TrimSpace(st["base"])
	f, err := BeginLogin(LoginConfig{AppID: appID, Port: port, HTTP: cfg.HTTP, Require: require,
		DialogURL: strings.TrimSpace(st["login_dialog"]), GraphURL: base})
	if err != nil {
		return nil, err
	}
	return &PageSignIn{flow: f, port: port, base: base, finish: finish}, nil
}

// URL implements connector.Authorization.
func (s *PageSignIn) URL() string { return s.flow.URL() }

// Close implements connector.Authorization.
func (s *PageSignIn) Close() error { return s.flow.Close() }

// Complete implements connector.Authorization.
func (s *PageSignIn) Complete(ctx context.Context) (connector.Consent, error) {
	pages, err := s.flow.Pages(ctx)
	if err != nil {
		return connector.Consent{}, err
	}
	return s.finish(s, pages)
}

// Settings are those of a handle connected to page p by this sign-in: the
// page, and what signing it in again needs (the app id and port).
func (s *PageSignIn) Settings(p PageChoice) map[string]string {
	out := map[string]string{"page_id": p.ID, "login_app_id": s.flow.appID}
	if s.port != 0 {
		out["callback_port"] = strconv.Itoa(s.port)
	}
	if s.base != "" {
		out["base"] = s.base
	}
	return out
}

// Begin implements connector.Authorizer for a connector built with
// Config.Authorizing: Facebook Login, then the user picks one of the pages
// they manage; its page token is the handle's credential.
func (c *Connector) Begin(ctx context.Context) (connector.Authorization, error) {
	require := append([]struct{ Name, For string }{{"pages_show_list", "list the pages you manage"}}, Permissions...)
	s, err := BeginPageSignIn(c.signIn, require, func(s *PageSignIn, pages []PageChoice) (connector.Consent, error) {
		out := connector.Consent{Provider: "Facebook", Choose: true}
		for _, p := range pages {
			detail := "page " + p.ID
			if p.InstagramID != "" {
				detail += " · Instagram account " + p.InstagramID
			}
			out.Grants = append(out.Grants, connector.Grant{Settings: s.Settings(p),
				Secrets:   map[string]string{"page_token": p.Token},
				AccountID: p.ID, Name: p.Name, Detail: detail, Expires: p.Expires})
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}
