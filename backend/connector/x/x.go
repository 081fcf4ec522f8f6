// Package x connects an X (Twitter) account through API v2 with an OAuth 2.0
// user token: mentions become public conversations, direct messages
// private ones; replies go back as posts in the thread or as DMs.
//
// It speaks plain JSON over net/http: the usual Go clients for X are refused
// by the module proxy here, and owning the transport lets every answer's
// x-rate-limit-* headers be read. The OpenAPI contract in
// shared/specs/x/openapi.json is what the tests hold the double to.
package x

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/oauth2"

	"careinbox/backend/connector"
	"careinbox/backend/connector/httpkit"
	"careinbox/backend/inbox"
)

// Stream names.
const (
	StreamMentions = "mentions"
	StreamDMs      = "dms"
)

const (
	defaultAPI   = "https://api.x.com"
	defaultPoll  = 5 * time.Minute
	minPoll      = time.Minute // DM lookups allow 15 requests per 15 minutes
	mentionsPage = 100
	dmPage       = 100
	// reserve keeps a request or two of each window for the user's own
	// actions (a reply, "Test connection") instead of spending them on polls.
	reserve = 1
)

// Connector is one X account.
type Connector struct {
	api      string
	clientID string
	tokenURL string
	userID   string
	poll     time.Duration
	http     *http.Client
	log      *slog.Logger
	now      func() time.Time

	// kit gates each endpoint's window (X counts them apart) and keeps
	// reserve requests of it for the user's own actions.
	kit *httpkit.Client

	mu    sync.Mutex
	tok   oauth2.Token
	scope string
	saver func(map[string]string) error
	// renewing holds the one token refresh in flight (see refresh).
	renewing chan struct{}
	// capped: the app's usage cap is spent until then (every endpoint);
	// daily: a bucket's 24-hour limit is spent until then.
	capped time.Time
	daily  map[string]time.Time

	signIn connector.Config // set when built to sign in (Config.Authorizing)
}

var (
	_ connector.Connector = (*Connector)(nil)
	_ connector.Verifier  = (*Connector)(nil)
	_ connector.Replier   = (*Connector)(nil)
)

// New builds a connector.
//
// Settings: client_id (the user's own X developer app, a public "native
// app" client), poll_minutes (default 5; X bills every read), api (default
// https://api.x.com), token_url (default https://api.x.com/2/oauth2/token).
// Secrets: access_token, refresh_token, token_expiry (RFC 3339), scope — as
// written by Authorize and by token rotation (see SetTokenSaver).
func New(cfg connector.Config) (*Connector, error) {
	if cfg.Authorizing {
		return &Connector{signIn: cfg}, nil // only Begin is called on it
	}
	clientID := strings.TrimSpace(cfg.Settings["client_id"])
	if clientID == "" {
		return nil, connector.Errorf(connector.Permanent, nil, "enter the client ID of your X developer app (developer.x.com → your app → Keys and tokens → OAuth 2.0 Client ID)")
	}
	s := cfg.Secrets
	if s["access_token"] == "" && s["refresh_token"] == "" {
		return nil, connector.Errorf(connector.AuthNeeded, nil, "sign in to X to connect this account")
	}
	api := strings.TrimSuffix(strings.TrimSpace(cfg.Settings["api"]), "/")
	if api == "" {
		api = defaultAPI
	}
	if u, err := url.Parse(api); err != nil || u.Host == "" {
		return nil, connector.Errorf(connector.Permanent, err, "%q is not a server address", api)
	}
	tokenURL := strings.TrimSpace(cfg.Settings["token_url"])
	if tokenURL == "" {
		tokenURL = api + "/2/oauth2/token"
	}
	poll := defaultPoll
	if v := strings.TrimSpace(cfg.Settings["poll_minutes"]); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return nil, connector.Errorf(connector.Permanent, err, "the poll interval must be a whole number of minutes, 1 or more")
		}
		poll = time.Duration(n) * time.Minute
	}
	c := &Connector{api: api, clientID: clientID, tokenURL: tokenURL, userID: cfg.AccountID, poll: max(poll, minPoll),
		http: cfg.HTTP, log: cfg.Logger, now: cfg.Now, scope: s["scope"]}
	if c.userID == "" {
		c.userID = cfg.Settings["user_id"]
	}
	c.renewing = make(chan struct{}, 1)
	c.tok = oauth2.Token{AccessToken: s["access_token"], RefreshToken: s["refresh_token"], TokenType: "Bearer"}
	if v := s["token_expiry"]; v != "" {
		if t, err := time.Parse(time.RFC3339, v); err == nil {
			c.tok.Expiry = t
		}
	}
	if c.http == nil {
		c.http = http.DefaultClient
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	// X's windows are 15 minutes.
	c.kit = &httpkit.Client{Network: "X", HTTP: c.http, Now: c.now, Reserve: reserve, Window: 15 * time.Minute, HoldOnLimit: true, Refine: c.refine}
	return c, nil
}

// SetTokenSaver registers save, called with the new secrets every time the
// access token is refreshed. X rotates refresh tokens: the old one stops
// working the moment a new one is issued, so the caller must write these to
// the keychain at once or the next start needs a new sign-in.
func (c *Connector) SetTokenSaver(save func(map[string]string) error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.saver = save
}

// Tokens returns the current secrets (same keys as Config.Secrets).
func (c *Connector) Tokens() map[string]string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return tokenSecrets(c.tok, c.scope)
}

func tokenSecrets(t oauth2.Token, scope string) map[string]string {
	m := map[string]string{"access_token": t.AccessToken, "refresh_token": t.RefreshToken, "scope": scope}
	if !t.Expiry.IsZero() {
		m["token_expiry"] = t.Expiry.UTC().Format(time.RFC3339)
	}
	return m
}

// Network implements connector.Connector.
func (c *Connector) Network() inbox.Network { return inbox.NetworkX }

// Streams implements connector.Connector.
func (c *Connector) Streams() []string { return []string{StreamMentions, StreamDMs} }

// PollInterval implements connector.Connector.
func (c *Connector) PollInterval() time.Duration { return c.poll }

// RequestsPerDay estimates the billed reads of an idle handle polled every
// poll: one mentions and one DM lookup per poll (more pages only when busy).
func RequestsPerDay(poll time.Duration) int {
	if poll < minPoll {
		poll = minPoll
	}
	return int(2 * (24 * time.Hour / poll))
}

// Verify implements connector.Verifier: it reads the signed-in account and
// names scopes the token lacks.
func (c *Connector) Verify(ctx context.Context) (connector.Account, error) {
	var out struct {
		Data user `json:"data"`
	}
	q := url.Values{"user.fields": {"username,name"}}
	if _, err := c.call(ctx, "users/me", http.MethodGet, "/2/users/me", q, nil, &out); err != nil {
		return connector.Account{}, err
	}
	c.mu.Lock()
	c.userID = out.Data.ID
	scope := c.scope
	c.mu.Unlock()
	a := connector.Account{RemoteID: out.Data.ID, Username: "@" + out.Data.Username, DisplayName: out.Data.Name}
	if scope != "" {
		granted := strings.Fields(scope)
		for _, need := range strings.Fields(Scopes) {
			if !contains(granted, need) {
				a.Notes = append(a.Notes, fmt.Sprintf("the sign-in lacks the %s permission; sign in again and approve it", need))
			}
		}
	}
	a.Notes = append(a.Notes, fmt.Sprintf("polling every %s costs about %d API reads a day", c.poll, RequestsPerDay(c.poll)))
	return a, nil
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// me returns the account's user id, looking it up once when not configured.
func (c *Connector) me(ctx context.Context) (string, error) {
	c.mu.Lock()
	id := c.userID
	c.mu.Unlock()
	if id != "" {
		return id, nil
	}
	a, err := c.Verify(ctx)
	return a.RemoteID, err
}

// call does one request to endpoint (a rate-limit bucket name), refreshing
// the token when it has expired or was refused once. It returns the answer's
// error body for callers that look closer at a refusal.
func (c *Connector) call(ctx context.Context, bucket, method, path string, q url.Values, in, out any) (apiError, error) {
	if err := ctx.Err(); err != nil {
		return apiError{}, fmt.Errorf("x %s: %w", bucket, err)
	}
	// A spent window is refused before a token refresh is spent on it.
	if err := c.held(bucket); err != nil {
		return apiError{}, err
	}
	if err := c.kit.Gate(httpkit.Request{Bucket: bucket, Method: method}); err != nil {
		return apiError{}, err
	}
	c.mu.Lock()
	token := c.tok.AccessToken
	expired := !c.tok.Expiry.IsZero() && c.now().After(c.tok.Expiry.Add(-time.Minute)) || token == ""
	c.mu.Unlock()
	if expired {
		if err := c.refresh(ctx, token); err != nil {
			return apiError{}, err
		}
	}
	for attempt := 0; ; attempt++ {
		c.mu.Lock()
		token = c.tok.AccessToken
		c.mu.Unlock()
		a, err := c.send(ctx, token, bucket, method, path, q, in, out)
		var ae apiError
		if err != nil && a != nil {
			_ = a.Decode(&ae)
			ae.status = a.Status
		}
		if err == nil && a != nil {
			c.noteDaily(bucket, a.Header)
		}
		if attempt == 0 && a != nil && a.Status == http.StatusUnauthorized {
			if rerr := c.refresh(ctx, token); rerr != nil {
				return ae, rerr
			}
			continue
		}
		return ae, err
	}
}

func (c *Connector) send(ctx context.Context, token, bucket, method, path string, q url.Values, in, out any) (*httpkit.Answer, error) {
	u := c.api + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	auth := http.Header{"Authorization": {"Bearer " + token}}
	return c.kit.JSON(ctx, httpkit.Request{Op: "x " + bucket, Bucket: bucket, Method: method, URL: u, Header: auth}, in, out)
}

// refresh trades the refresh token for a new pair and hands the pair to the
// saver before anything else uses it. stale is the access token the caller
// found expired or refused. One refresh runs at a time, and a caller whose
// token another call renewed meanwhile takes the new one: X rotates refresh
// tokens, so a second trade of the same one is refused and would sign the
// handle out while a sync and a reply both renew.
func (c *Connector) refresh(ctx context.Context, stale string) error {
	select {
	case c.renewing <- struct{}{}:
		defer func() { <-c.renewing }()
	case <-ctx.Done():
		return fmt.Errorf("x token refresh: %w", ctx.Err())
	}
	c.mu.Lock()
	rt, current := c.tok.RefreshToken, c.tok.AccessToken
	c.mu.Unlock()
	if current != "" && current != stale {
		return nil
	}
	if rt == "" {
		return connector.Errorf(connector.AuthNeeded, nil, "X no longer accepts the saved sign-in; sign in again")
	}
	conf := oauthConfig(c.clientID, "", c.tokenURL, "")
	tok, err := conf.TokenSource(context.WithValue(ctx, oauth2.HTTPClient, c.http), &oauth2.Token{RefreshToken: rt}).Token()
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("x token refresh: %w", ctx.Err())
		}
		var re *oauth2.RetrieveError
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode == http.StatusTooManyRequests {
			// Slowed down, not refused: the refresh token is still good.
			at := connector.RetryAfter(re.Response.Header, c.now())
			if at.IsZero() {
				at = c.now().Add(time.Minute)
			}
			return connector.Limited(at, redact(err, rt), "X asked us to slow down renewing the sign-in; trying again at %s", at.Local().Format("15:04"))
		}
		if errors.As(err, &re) && re.Response != nil && re.Response.StatusCode < 500 {
			// invalid_grant (X says invalid_request): revoked, or spent by a rotation.
			return connector.Errorf(connector.AuthNeeded, redact(err, rt), "X no longer accepts the saved sign-in (it may have been revoked); sign in again")
		}
		return connector.Errorf(connector.Temporary, redact(err, rt), "X could not renew the sign-in; retrying")
	}
	scope, _ := tok.Extra("scope").(string)
	c.mu.Lock()
	if tok.RefreshToken == "" {
		tok.RefreshToken = rt // X always rotates, but keep the old one if it did not
	}
	c.tok = *tok
	if scope != "" {
		c.scope = scope
	}
	save, secrets := c.saver, tokenSecrets(c.tok, c.scope)
	c.mu.Unlock()
	if save != nil {
		if err := save(secrets); err != nil {
			// The fetch can go on with the new token; only the next start suffers.
			c.log.Warn("x: could not save the renewed sign-in", "err", err)
		}
	}
	return nil
}

// redact removes a token from an error text (oauth2 errors quote the body).
func redact(err error, secrets ...string) error {
	s := err.Error()
	for _, t := range secrets {
		if t != "" {
			s = strings.ReplaceAll(s, t, "<token>")
		}
	}
	return errors.New(s)
}
