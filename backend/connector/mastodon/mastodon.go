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
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	gomasto "github.com/mattn/go-mastodon"

	"careinbox/backend/connector"
	"careinbox/backend/connector/httpkit"
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

	// kit stops polling fetchReserve requests before the budget is spent;
	// replies (POST) may use the reserve.
	kit *httpkit.Client
	// sendKit carries what a reply needs: the post itself, in its own
	// bucket, and the reads a reply makes (its parent, FindSent). Mastodon
	// limits posting apart from reading (300 statuses per 3 hours against
	// 300 requests per 5 minutes) and its answer to a post reports the
	// posting window, so a spent posting budget must not stall syncing,
	// and a low reading budget (kit's reserve) must not hold a reply back.
	sendKit *httpkit.Client

	mu    sync.Mutex
	roots map[string]string // status id → thread root id, learned this session
	vis   map[string]string // status id → visibility, learned this session (a reply's is narrowed to it)
	inst  *instanceInfo     // the server's limits and streaming address, read once

	signIn connector.Config // set when built to sign in (Config.Authorizing)

	handshake time.Duration // the stream's handshake timeout; 0 = handshakeTimeout (tests shorten it)
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
		http: cfg.HTTP, log: cfg.Logger, now: cfg.Now, roots: map[string]string{}, vis: map[string]string{},
	}
	c.http = guardRedirects(c.http)
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.now == nil {
		c.now = time.Now
	}
	c.kit = &httpkit.Client{Network: networkName, HTTP: c.http, Now: c.now, Reserve: fetchReserve, PollsOnly: true, Refine: refine}
	// A refused post closes the posting bucket until the server's reset:
	// asking again before then only earns another 429.
	c.sendKit = &httpkit.Client{Network: networkName, HTTP: c.http, Now: c.now, HoldOnLimit: true, Refine: refine}
	return c, nil
}

// InstanceURL normalizes what a user types ("mastodon.social",
// "https://mastodon.social/") into a base URL. Plain http is refused except
// to this computer: every request carries the bearer token, which would
// otherwise cross the network in clear text.
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
	if err := checkScheme(u); err != nil {
		return nil, err
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// checkScheme refuses an unencrypted address unless it is on this computer
// (tests, a local development server), with the e-mail connector's words.
func checkScheme(u *url.URL) error {
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return connector.Errorf(connector.Permanent, nil,
			"the Mastodon server %s must use https: unencrypted connections are only allowed to this computer", u.Host)
	}
	return nil
}

// plainRedirect is a refused redirect to plain http; net/http wraps it in
// its own error, which do unwraps to keep the refusal permanent.
type plainRedirect struct{ err error }

func (e *plainRedirect) Error() string { return "redirect refused: " + e.err.Error() }
func (e *plainRedirect) Unwrap() error { return e.err }

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(strings.Trim(host, "[]"))
	return ip != nil && ip.IsLoopback()
}

// guardRedirects returns a copy of hc that refuses to follow a redirect to
// plain http off this computer: net/http keeps the Authorization header on
// a redirect to the same host, so an https server answering "go to
// http://…" would otherwise get the token sent in clear text.
func guardRedirects(hc *http.Client) *http.Client {
	if hc == nil {
		hc = http.DefaultClient
	}
	g := *hc
	next := hc.CheckRedirect
	g.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if err := checkScheme(req.URL); err != nil {
			return &plainRedirect{err}
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return &g
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

// postBucket is the posting window's bucket in sendKit.
const postBucket = "statuses"

// get does a GET for syncing and decodes the JSON body into out.
func (c *Connector) get(ctx context.Context, path string, q url.Values, out any) (http.Header, error) {
	return c.do(ctx, c.kit, "", http.MethodGet, path, q, nil, nil, out)
}

// replyGet does a GET on behalf of a reply (see sendKit).
func (c *Connector) replyGet(ctx context.Context, path string, q url.Values, out any) (http.Header, error) {
	return c.do(ctx, c.sendKit, "", http.MethodGet, path, q, nil, nil, out)
}

// do sends one request through kit, counted against bucket, classifies
// failures and records the rate-limit budget. form, when not nil, is sent
// url-encoded.
func (c *Connector) do(ctx context.Context, kit *httpkit.Client, bucket, method, path string, q, form url.Values, hdr http.Header, out any) (http.Header, error) {
	u := *c.base
	u.Path += path
	u.RawQuery = q.Encode()
	r := httpkit.Request{Op: "mastodon " + path, Bucket: bucket, Method: method, URL: u.String(), Header: hdr.Clone()}
	if r.Header == nil {
		r.Header = http.Header{}
	}
	r.Header.Set("Authorization", "Bearer "+c.token)
	r.Header.Set("Accept", "application/json")
	if form != nil {
		r.Body = []byte(form.Encode())
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	a, err := kit.JSON(ctx, r, nil, out)
	var pr *plainRedirect
	if errors.As(err, &pr) {
		return nil, pr.err // the refusal itself, not "could not be reached"
	}
	if err != nil {
		return nil, err
	}
	return a.Header, nil
}

// refine keeps Mastodon's JSON error text for the log and puts the HTTP
// status into the error chain (apiError), so callers decide by the code
// rather than by searching the words; it says in plain words what the
// usual refusals mean.
func refine(ce *connector.Error, _ httpkit.Request, a *httpkit.Answer) error {
	var e struct {
		Error string `json:"error"`
	}
	ae := &apiError{Status: a.Status, Err: ce.Err}
	if a.Decode(&e) == nil {
		ae.Words = httpkit.Clip(e.Error, 300)
	}
	ce.Err = ae
	switch a.Status {
	case http.StatusUnauthorized:
		ce.Message = "Mastodon no longer accepts the saved sign-in (the access was revoked or expired); sign in again"
	case http.StatusUnprocessableEntity:
		// A validation failure: the server's own words say which rule
		// (too long, a deleted post, a blocked account) better than we can.
		ce.Message = "Mastodon refused the message (422)"
		if ae.Words != "" {
			ce.Message = "Mastodon refused the message: " + httpkit.Clip(ae.Words, 150)
		}
	case http.StatusNotFound, http.StatusGone:
		ce.Message = fmt.Sprintf("Mastodon could not find that post or account (%d); it may have been deleted", a.Status)
	}
	return ce
}

// apiError is a refused answer's HTTP status and the server's own words
// ("error" in its JSON), kept in the classified error's chain.
type apiError struct {
	Status int
	Words  string
	Err    error
}

func (e *apiError) Error() string {
	if e.Words == "" {
		return e.Err.Error()
	}
	return e.Err.Error() + ": " + e.Words
}

func (e *apiError) Unwrap() error { return e.Err }

// statusOf is the HTTP status of a refused answer in err's chain, 0 when
// err is no such refusal (a transport failure, a local limit).
func statusOf(err error) int {
	var ae *apiError
	if errors.As(err, &ae) {
		return ae.Status
	}
	return 0
}

// isNotFound reports whether err is the server saying the post or account
// is not there (404) or gone for good (410).
func isNotFound(err error) bool {
	s := statusOf(err)
	return s == http.StatusNotFound || s == http.StatusGone
}
