// Package mastodon connects a Mastodon (or GoToSocial, or any server with
// the Mastodon client API) account: mentions, public and direct, become
// conversations; replies go back in the thread or as a direct message.
//
// HTTP is plain net/http so every response's rate-limit headers can be read
// and every failure classified; go-mastodon supplies the JSON types and the
// app registration call. go-mastodon's own request helper retries 429s
// internally for up to an hour, which would hide rate limits from the engine.
package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	gomasto "github.com/mattn/go-mastodon"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// Stream names.
const (
	StreamNotifications = "notifications"
	StreamConversations = "conversations"
)

const (
	networkName = "Mastodon"
	// pageLimit is what one request asks for; Mastodon caps notifications
	// at 80 and conversations at 40 by default, GoToSocial at 80.
	pageLimit = 40
	// fetchReserve keeps a few requests of the budget for replies: polling
	// stops here so the outbox can still send when the queue is busy.
	fetchReserve = 5
)

// Connector is one Mastodon account.
type Connector struct {
	base      *url.URL
	token     string
	accountID string
	publicVis string // "public" or "unlisted" for public replies
	http      *http.Client
	log       *slog.Logger
	now       func() time.Time

	mu           sync.Mutex
	limitedUntil time.Time         // from the last response's budget
	roots        map[string]string // status id → thread root id, learned this session

	signIn connector.Config // set when built to sign in (Config.Authorizing)
}

var (
	_ connector.Connector  = (*Connector)(nil)
	_ connector.Verifier   = (*Connector)(nil)
	_ connector.Replier    = (*Connector)(nil)
	_ connector.SentFinder = (*Connector)(nil)
)

// New builds a connector. Settings: instance (base URL), optionally
// public_visibility ("public" or "unlisted"). Secrets: access_token
// (client_id and client_secret are kept for a later re-authorization).
func New(cfg connector.Config) (*Connector, error) {
	if cfg.Authorizing {
		return &Connector{signIn: cfg}, nil // only Begin is called on it
	}
	base, err := InstanceURL(cfg.Settings["instance"])
	if err != nil {
		return nil, err
	}
	token := cfg.Secrets["access_token"]
	if token == "" {
		return nil, connector.Errorf(connector.AuthNeeded, nil, "Mastodon is not signed in yet; sign in to %s", base.Host)
	}
	vis := cfg.Settings["public_visibility"]
	switch vis {
	case "":
		vis = "public"
	case "public", "unlisted":
	default:
		return nil, connector.Errorf(connector.Permanent, nil, "public replies can be \"public\" or \"unlisted\", not %q", vis)
	}
	c := &Connector{
		base: base, token: token, accountID: cfg.AccountID, publicVis: vis,
		http: cfg.HTTP, log: cfg.Logger, now: cfg.Now, roots: map[string]string{},
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
	return c, nil
}

// InstanceURL normalizes what a user types ("mastodon.social",
// "https://mastodon.social/") into a base URL.
func InstanceURL(s string) (*url.URL, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, connector.Errorf(connector.Permanent, nil, "enter the address of your Mastodon server, e.g. mastodon.social")
	}
	if !strings.Contains(s, "://") {
		s = "https://" + s
	}
	u, err := url.Parse(s)
	if err != nil || u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return nil, connector.Errorf(connector.Permanent, err, "%q is not a server address", s)
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// Network implements connector.Connector.
func (c *Connector) Network() inbox.Network { return inbox.NetworkMastodon }

// Streams implements connector.Connector.
func (c *Connector) Streams() []string { return []string{StreamNotifications, StreamConversations} }

// PollInterval implements connector.Connector. Mastodon allows 300
// requests per 5 minutes; two streams a minute is far below that.
func (c *Connector) PollInterval() time.Duration { return time.Minute }

// Verify implements connector.Verifier.
func (c *Connector) Verify(ctx context.Context) (connector.Account, error) {
	var acct gomasto.Account
	if _, err := c.get(ctx, "/api/v1/accounts/verify_credentials", nil, &acct); err != nil {
		return connector.Account{}, err
	}
	c.mu.Lock()
	c.accountID = string(acct.ID)
	c.mu.Unlock()
	return connector.Account{
		RemoteID:    string(acct.ID),
		Username:    acct.Acct + "@" + c.base.Host,
		DisplayName: acct.DisplayName,
	}, nil
}

// ownID returns the signed-in account's id, asking the server once.
func (c *Connector) ownID(ctx context.Context) (string, error) {
	c.mu.Lock()
	id := c.accountID
	c.mu.Unlock()
	if id != "" {
		return id, nil
	}
	a, err := c.Verify(ctx)
	return a.RemoteID, err
}

// get does a GET and decodes the JSON body into out.
func (c *Connector) get(ctx context.Context, path string, q url.Values, out any) (http.Header, error) {
	return c.do(ctx, http.MethodGet, path, q, nil, nil, out)
}

// do sends one request, classifies failures and records the rate-limit
// budget. form, when not nil, is sent url-encoded.
func (c *Connector) do(ctx context.Context, method, path string, q, form url.Values, hdr http.Header, out any) (http.Header, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("mastodon %s: %w", path, err)
	}
	c.mu.Lock()
	until := c.limitedUntil
	c.mu.Unlock()
	// Replies (POST) may use the reserve; polling waits for the reset.
	if method == http.MethodGet && c.now().Before(until) {
		return nil, connector.Limited(until, nil, "%s request budget used up until %s", networkName, until.Local().Format("15:04"))
	}
	u := *c.base
	u.Path += path
	u.RawQuery = q.Encode()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), body)
	if err != nil {
		return nil, connector.Errorf(connector.Permanent, err, "the Mastodon server address is not usable")
	}
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Accept", "application/json")
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	resp, err := c.http.Do(req)
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("mastodon %s: %w", path, ctx.Err())
		}
		return nil, connector.Errorf(connector.Temporary, err, "%s could not be reached", c.base.Host)
	}
	defer resp.Body.Close()
	c.noteBudget(resp.Header)
	if resp.StatusCode/100 != 2 {
		return resp.Header, classify(resp, c.now())
	}
	if out == nil {
		return resp.Header, nil
	}
	if err := json.NewDecoder(io.LimitReader(resp.Body, 16<<20)).Decode(out); err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("mastodon %s: %w", path, ctx.Err())
		}
		return nil, connector.Errorf(connector.Temporary, fmt.Errorf("decode %s: %w", path, err),
			"%s sent an answer we could not read; retrying", networkName)
	}
	return resp.Header, nil
}

// noteBudget remembers when polling must pause: once fewer than
// fetchReserve requests are left, until the reset time.
func (c *Connector) noteBudget(h http.Header) {
	n, ok := connector.Budget(h)
	if !ok || n > fetchReserve {
		return
	}
	at := connector.RetryAfter(h, c.now())
	if at.IsZero() {
		at = c.now().Add(time.Minute)
	}
	c.mu.Lock()
	c.limitedUntil = at
	c.mu.Unlock()
}

// classify maps an error response to a connector error; Mastodon's JSON
// error text is kept for the log, never shown raw to the user.
func classify(resp *http.Response, now time.Time) error {
	ce := connector.FromHTTP(resp, now, networkName)
	var e struct {
		Error string `json:"error"`
	}
	if json.NewDecoder(io.LimitReader(resp.Body, 4096)).Decode(&e) == nil && e.Error != "" {
		ce.Err = fmt.Errorf("%w: %s", ce.Err, e.Error)
	}
	switch {
	case resp.StatusCode == http.StatusUnauthorized:
		ce.Message = "Mastodon no longer accepts the saved sign-in (the access was revoked or expired); sign in again"
	case resp.StatusCode == http.StatusUnprocessableEntity:
		ce.Message = "Mastodon refused the message (422): it may be too long or the post it answers was deleted"
	case resp.StatusCode == http.StatusNotFound:
		ce.Message = "Mastodon could not find that post or account (404); it may have been deleted"
	}
	return ce
}

// isNotFound reports whether err is a classified 404.
func isNotFound(err error) bool {
	var ce *connector.Error
	return errors.As(err, &ce) && ce.Kind == connector.Permanent && strings.Contains(ce.Error(), "404")
}
