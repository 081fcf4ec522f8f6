package x

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/oauth2"

	"careinbox/backend/connector"
	"careinbox/backend/connector/loopback"
)

// Scopes are the least the connector needs: read mentions and DMs, post
// replies and DMs, and a refresh token (offline.access) so the two-hour
// access token can be renewed without the browser.
const Scopes = "tweet.read tweet.write users.read dm.read dm.write offline.access"

// Default OAuth endpoints. The consent page lives on x.com, the token
// endpoint on the API host.
const (
	DefaultAuthURL  = "https://x.com/i/oauth2/authorize"
	DefaultTokenURL = "https://api.x.com/2/oauth2/token"
)

// SignIn describes one browser sign-in.
type SignIn struct {
	ClientID string // the user's own X app (public "native app" client)
	HTTP     *http.Client
	// OpenBrowser shows url to the user (the app passes the system browser;
	// tests pass an HTTP client that follows the redirects).
	OpenBrowser func(url string) error
	// Port is the loopback port; 0 picks a free one. X compares the
	// callback URL with the app's registered one, so users who registered
	// a fixed port set it here.
	Port     int
	AuthURL  string // default DefaultAuthURL
	TokenURL string // default DefaultTokenURL
}

var _ connector.Authorizer = (*Connector)(nil)

// Credentials are what a sign-in yields; Secrets() is what goes to the keychain.
type Credentials struct {
	AccessToken  string
	RefreshToken string
	Expiry       time.Time
	Scope        string
}

// Secrets returns the keychain entries New reads.
func (c Credentials) Secrets() map[string]string {
	return tokenSecrets(oauth2.Token{AccessToken: c.AccessToken, RefreshToken: c.RefreshToken, Expiry: c.Expiry}, c.Scope)
}

func oauthConfig(clientID, authURL, tokenURL, redirect string) *oauth2.Config {
	return &oauth2.Config{
		ClientID: clientID, RedirectURL: redirect, Scopes: strings.Fields(Scopes),
		// A public client has no secret: client_id goes in the form body.
		Endpoint: oauth2.Endpoint{AuthURL: authURL, TokenURL: tokenURL, AuthStyle: oauth2.AuthStyleInParams},
	}
}

// Authorize runs the OAuth 2.0 authorization-code flow with PKCE (S256) and
// a loopback redirect (RFC 8252): a one-shot listener on 127.0.0.1 receives
// the code, the state is checked, and the code is exchanged with the
// verifier. No client secret exists or is needed.
func Authorize(ctx context.Context, s SignIn) (Credentials, error) {
	if strings.TrimSpace(s.ClientID) == "" {
		return Credentials{}, connector.Errorf(connector.Permanent, nil, "enter the client ID of your X developer app first")
	}
	if s.OpenBrowser == nil {
		return Credentials{}, errors.New("x sign-in: no browser opener")
	}
	f, err := begin(s)
	if err != nil {
		return Credentials{}, err
	}
	defer f.Close()
	if err := s.OpenBrowser(f.url); err != nil {
		return Credentials{}, connector.Errorf(connector.Permanent, err, "could not open the browser for the X sign-in")
	}
	return f.credentials(ctx)
}

// flow is one sign-in between its consent page and the token exchange.
type flow struct {
	rcv      *loopback.Receiver
	conf     *oauth2.Config
	verifier string
	url      string
	http     *http.Client
	settings map[string]string // the form's, kept with the grant
}

// begin listens for the redirect and builds the consent page's address.
func begin(s SignIn) (*flow, error) {
	if strings.TrimSpace(s.ClientID) == "" {
		return nil, connector.Errorf(connector.Permanent, nil, "enter the client ID of your X developer app first")
	}
	httpc := s.HTTP
	if httpc == nil {
		httpc = http.DefaultClient
	}
	authURL, tokenURL := s.AuthURL, s.TokenURL
	if authURL == "" {
		authURL = DefaultAuthURL
	}
	if tokenURL == "" {
		tokenURL = DefaultTokenURL
	}
	rcv, err := loopback.Listen(s.Port)
	if err != nil {
		return nil, connector.Errorf(connector.Temporary, err, "could not prepare the sign-in (local port %d is busy)", s.Port)
	}
	conf := oauthConfig(strings.TrimSpace(s.ClientID), authURL, tokenURL, rcv.RedirectURL())
	verifier := oauth2.GenerateVerifier()
	return &flow{rcv: rcv, conf: conf, verifier: verifier, http: httpc,
		url: conf.AuthCodeURL(rcv.State(), oauth2.S256ChallengeOption(verifier))}, nil
}

// credentials waits for the redirect and exchanges its code.
func (f *flow) credentials(ctx context.Context) (Credentials, error) {
	code, err := f.rcv.Wait(ctx)
	var denied *loopback.DeniedError
	switch {
	case errors.As(err, &denied):
		return Credentials{}, connector.Errorf(connector.AuthNeeded, err, "the X sign-in was not approved")
	case err != nil:
		return Credentials{}, fmt.Errorf("x sign-in: %w", err)
	}
	tok, err := f.conf.Exchange(context.WithValue(ctx, oauth2.HTTPClient, f.http), code, oauth2.VerifierOption(f.verifier))
	if err != nil {
		if ctx.Err() != nil {
			return Credentials{}, fmt.Errorf("x sign-in: %w", ctx.Err())
		}
		return Credentials{}, connector.Errorf(connector.AuthNeeded, redact(err, code), "X did not accept the sign-in; check the client ID and that the app's callback URL is %s", f.conf.RedirectURL)
	}
	scope, _ := tok.Extra("scope").(string)
	return Credentials{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, Expiry: tok.Expiry, Scope: scope}, nil
}

// Close stops listening for the redirect.
func (f *flow) Close() error { return f.rcv.Close() }

// URL implements connector.Authorization.
func (f *flow) URL() string { return f.url }

// Complete implements connector.Authorization: one grant, the form's
// settings and the tokens.
func (f *flow) Complete(ctx context.Context) (connector.Consent, error) {
	creds, err := f.credentials(ctx)
	if err != nil {
		return connector.Consent{}, err
	}
	return connector.Consent{Provider: "X", Grants: []connector.Grant{{
		Settings: maps.Clone(f.settings), Secrets: creds.Secrets(), Expires: creds.Expiry,
	}}}, nil
}

// Begin implements connector.Authorizer for a connector built with
// Config.Authorizing: the settings client_id and callback_port (a fixed
// loopback port, for apps whose callback URL names one) and, for tests,
// auth_url and token_url.
func (c *Connector) Begin(ctx context.Context) (connector.Authorization, error) {
	st := c.signIn.Settings
	clientID := strings.TrimSpace(st["client_id"])
	if clientID == "" {
		return nil, connector.Errorf(connector.Permanent, nil, "enter your X app's client id (developer.x.com → your app → Keys and tokens → OAuth 2.0 Client ID)")
	}
	port, _ := strconv.Atoi(strings.TrimSpace(st["callback_port"]))
	f, err := begin(SignIn{ClientID: clientID, Port: port, HTTP: c.signIn.HTTP,
		AuthURL: strings.TrimSpace(st["auth_url"]), TokenURL: strings.TrimSpace(st["token_url"])})
	if err != nil {
		return nil, err
	}
	f.settings = st
	return f, nil
}
