package mastodon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	gomasto "github.com/mattn/go-mastodon"
	"golang.org/x/oauth2"

	"careinbox/backend/connector"
	"careinbox/backend/connector/loopback"
)

// Scopes are what the connector asks for: reading (the profile, mentions,
// direct conversations, the streaming API) and posting replies.
//
// Reading is the plain "read" scope, not its granular parts, because of
// streaming: GoToSocial's streaming endpoint accepts only a token with
// plain "read" (it answers 403 "token has insufficient scope permission"
// to read:accounts+read:notifications+read:statuses, and read:streaming,
// which its swagger names, is not a scope it lets an app request), while
// Mastodon's user stream wants read:statuses and read:notifications, which
// "read" covers. Writing stays granular: only posts.
const Scopes = "read write:statuses"

var _ connector.Authorizer = (*Connector)(nil)

// Credentials are what a sign-in yields; all but Instance go to the keychain.
type Credentials struct {
	Instance     string // setting "instance"
	ClientID     string // secret "client_id"
	ClientSecret string // secret "client_secret"
	AccessToken  string // secret "access_token"
}

// SignIn describes one browser sign-in.
type SignIn struct {
	Instance string
	HTTP     *http.Client
	// OpenBrowser shows url to the user (the app passes the system
	// browser; tests pass an HTTP client that follows the redirects).
	OpenBrowser func(url string) error
	AppName     string // shown by the server on its consent page
	Website     string
}

// Authorize registers an app on the instance and runs the OAuth 2.0
// authorization-code flow with PKCE and a loopback redirect (RFC 8252): a
// one-shot listener on 127.0.0.1 with a random port receives the code.
// The app is registered per sign-in because its redirect URI carries that
// port, and Mastodon matches redirect URIs exactly.
func Authorize(ctx context.Context, s SignIn) (Credentials, error) {
	if _, err := InstanceURL(s.Instance); err != nil {
		return Credentials{}, err
	}
	if s.OpenBrowser == nil {
		return Credentials{}, errors.New("mastodon sign-in: no browser opener")
	}
	f, err := begin(ctx, s)
	if err != nil {
		return Credentials{}, err
	}
	defer f.Close()
	if err := s.OpenBrowser(f.url); err != nil {
		return Credentials{}, connector.Errorf(connector.Permanent, err, "could not open the browser for the Mastodon sign-in")
	}
	return f.credentials(ctx)
}

// flow is one sign-in between its consent page and the token exchange.
type flow struct {
	rcv      *loopback.Receiver
	conf     *oauth2.Config
	verifier string
	url      string
	base     *url.URL
	http     *http.Client
}

// begin listens for the redirect, registers the app with that redirect URI
// and builds the consent page's address.
func begin(ctx context.Context, s SignIn) (*flow, error) {
	base, err := InstanceURL(s.Instance)
	if err != nil {
		return nil, err
	}
	httpc := capBodies(guardRedirects(s.HTTP), signInMaxBody)
	rcv, err := loopback.Listen(0)
	if err != nil {
		return nil, connector.Errorf(connector.Temporary, err, "could not prepare the sign-in (no local port)")
	}
	redirect := rcv.RedirectURL()

	name := s.AppName
	if name == "" {
		name = "Care Inbox"
	}
	app, err := gomasto.RegisterApp(ctx, &gomasto.AppConfig{
		Client: *httpc, Server: base.String(), ClientName: name,
		RedirectURIs: redirect, Scopes: Scopes, Website: s.Website,
	})
	if err != nil {
		_ = rcv.Close()
		return nil, registerError(ctx, base.Host, err)
	}
	conf := &oauth2.Config{
		ClientID: app.ClientID, ClientSecret: app.ClientSecret, RedirectURL: redirect,
		Scopes: strings.Fields(Scopes),
		Endpoint: oauth2.Endpoint{
			AuthURL: base.String() + "/oauth/authorize", TokenURL: base.String() + "/oauth/token",
			AuthStyle: oauth2.AuthStyleInParams,
		},
	}
	verifier := oauth2.GenerateVerifier()
	return &flow{rcv: rcv, conf: conf, verifier: verifier, base: base, http: httpc,
		url: conf.AuthCodeURL(rcv.State(), oauth2.S256ChallengeOption(verifier))}, nil
}

// credentials waits for the redirect and exchanges its code.
func (f *flow) credentials(ctx context.Context) (Credentials, error) {
	code, err := f.rcv.Wait(ctx)
	var denied *loopback.DeniedError
	switch {
	case errors.As(err, &denied):
		return Credentials{}, connector.Errorf(connector.AuthNeeded, err, "the Mastodon sign-in was not approved")
	case err != nil:
		return Credentials{}, fmt.Errorf("mastodon sign-in: %w", err)
	}
	tok, err := f.conf.Exchange(context.WithValue(ctx, oauth2.HTTPClient, f.http), code, oauth2.VerifierOption(f.verifier))
	if err != nil {
		if ctx.Err() != nil {
			return Credentials{}, fmt.Errorf("mastodon sign-in: %w", ctx.Err())
		}
		return Credentials{}, connector.Errorf(connector.AuthNeeded, err, "%s did not accept the sign-in; try again", f.base.Host)
	}
	return Credentials{
		Instance: f.base.String(), ClientID: f.conf.ClientID, ClientSecret: f.conf.ClientSecret, AccessToken: tok.AccessToken,
	}, nil
}

// Close stops listening for the redirect.
func (f *flow) Close() error { return f.rcv.Close() }

// URL implements connector.Authorization.
func (f *flow) URL() string { return f.url }

// Complete implements connector.Authorization: one grant, the instance and
// the app's and user's tokens.
func (f *flow) Complete(ctx context.Context) (connector.Consent, error) {
	creds, err := f.credentials(ctx)
	if err != nil {
		return connector.Consent{}, err
	}
	return connector.Consent{Provider: "Mastodon", Grants: []connector.Grant{{
		Settings: map[string]string{"instance": creds.Instance},
		Secrets:  map[string]string{"client_id": creds.ClientID, "client_secret": creds.ClientSecret, "access_token": creds.AccessToken},
	}}}, nil
}

// Begin implements connector.Authorizer for a connector built with
// Config.Authorizing: the sign-in of its "instance" setting.
func (c *Connector) Begin(ctx context.Context) (connector.Authorization, error) {
	f, err := begin(ctx, SignIn{Instance: c.signIn.Settings["instance"], HTTP: c.signIn.HTTP, AppName: "Care Inbox"})
	if err != nil {
		return nil, err
	}
	return f, nil
}

func registerError(ctx context.Context, host string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("mastodon app registration: %w", ctx.Err())
	}
	if errors.Is(err, errTooLarge) {
		return connector.Errorf(connector.Temporary, err, "%s sent an answer larger than we accept while registering Care Inbox; try again later", host)
	}
	var api *gomasto.APIError
	if errors.As(err, &api) {
		switch {
		case api.StatusCode == http.StatusTooManyRequests:
			return connector.Limited(time.Now().Add(5*time.Minute), err, "%s asked us to slow down; try the sign-in again in a few minutes", host)
		case api.StatusCode >= 500:
			return connector.Errorf(connector.Temporary, err, "%s is having trouble; try again later", host)
		default:
			return connector.Errorf(connector.Permanent, err, "%s refused to register Care Inbox (%d); it may not allow new apps", host, api.StatusCode)
		}
	}
	return connector.Errorf(connector.Temporary, err, "%s could not be reached; check the address", host)
}
