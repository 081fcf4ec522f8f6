package mastodon

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	gomasto "github.com/mattn/go-mastodon"
	"golang.org/x/oauth2"

	"careinbox/backend/connector"
	"careinbox/backend/connector/loopback"
)

// Scopes are the least the connector needs: read the profile, mentions and
// direct conversations, and post replies.
const Scopes = "read:accounts read:notifications read:statuses write:statuses"

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
	base, err := InstanceURL(s.Instance)
	if err != nil {
		return Credentials{}, err
	}
	if s.OpenBrowser == nil {
		return Credentials{}, errors.New("mastodon sign-in: no browser opener")
	}
	httpc := s.HTTP
	if httpc == nil {
		httpc = http.DefaultClient
	}
	rcv, err := loopback.Listen(0)
	if err != nil {
		return Credentials{}, connector.Errorf(connector.Temporary, err, "could not prepare the sign-in (no local port)")
	}
	defer rcv.Close()
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
		return Credentials{}, registerError(ctx, base.Host, err)
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
	if err := s.OpenBrowser(conf.AuthCodeURL(rcv.State(), oauth2.S256ChallengeOption(verifier))); err != nil {
		return Credentials{}, connector.Errorf(connector.Permanent, err, "could not open the browser for the Mastodon sign-in")
	}
	code, err := rcv.Wait(ctx)
	var denied *loopback.DeniedError
	switch {
	case errors.As(err, &denied):
		return Credentials{}, connector.Errorf(connector.AuthNeeded, err, "the Mastodon sign-in was not approved")
	case err != nil:
		return Credentials{}, fmt.Errorf("mastodon sign-in: %w", err)
	}
	tok, err := conf.Exchange(context.WithValue(ctx, oauth2.HTTPClient, httpc), code, oauth2.VerifierOption(verifier))
	if err != nil {
		if ctx.Err() != nil {
			return Credentials{}, fmt.Errorf("mastodon sign-in: %w", ctx.Err())
		}
		return Credentials{}, connector.Errorf(connector.AuthNeeded, err, "%s did not accept the sign-in; try again", base.Host)
	}
	return Credentials{
		Instance: base.String(), ClientID: app.ClientID, ClientSecret: app.ClientSecret, AccessToken: tok.AccessToken,
	}, nil
}

func registerError(ctx context.Context, host string, err error) error {
	if ctx.Err() != nil {
		return fmt.Errorf("mastodon app registration: %w", ctx.Err())
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
