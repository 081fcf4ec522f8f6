package x

import (
	"context"
	"errors"
	"fmt"
	"net/http"
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
		return Credentials{}, connector.Errorf(connector.Temporary, err, "could not prepare the sign-in (local port %d is busy)", s.Port)
	}
	defer rcv.Close()
	redirect := rcv.RedirectURL()
	conf := oauthConfig(strings.TrimSpace(s.ClientID), authURL, tokenURL, redirect)

	verifier := oauth2.GenerateVerifier()
	if err := s.OpenBrowser(conf.AuthCodeURL(rcv.State(), oauth2.S256ChallengeOption(verifier))); err != nil {
		return Credentials{}, connector.Errorf(connector.Permanent, err, "could not open the browser for the X sign-in")
	}
	code, err := rcv.Wait(ctx)
	var denied *loopback.DeniedError
	switch {
	case errors.As(err, &denied):
		return Credentials{}, connector.Errorf(connector.AuthNeeded, err, "the X sign-in was not approved")
	case err != nil:
		return Credentials{}, fmt.Errorf("x sign-in: %w", err)
	}
	tok, err := conf.Exchange(context.WithValue(ctx, oauth2.HTTPClient, httpc), code, oauth2.VerifierOption(verifier))
	if err != nil {
		if ctx.Err() != nil {
			return Credentials{}, fmt.Errorf("x sign-in: %w", ctx.Err())
		}
		return Credentials{}, connector.Errorf(connector.AuthNeeded, redact(err, code), "X did not accept the sign-in; check the client ID and that the app's callback URL is %s", redirect)
	}
	scope, _ := tok.Extra("scope").(string)
	return Credentials{AccessToken: tok.AccessToken, RefreshToken: tok.RefreshToken, Expiry: tok.Expiry, Scope: scope}, nil
}
