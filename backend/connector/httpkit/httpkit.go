// Package httpkit is the HTTP transport every REST connector shares: one
// request with a timeout, a budget gate that stops polling before the
// network has to refuse us, the rate-limit headers read after every answer,
// refusals classified into connector error kinds, and a cap on what an
// answer may weigh. A network's quirks (Graph's error codes and usage
// headers, Telegram's retry_after in JSON) plug in as small hooks.
package httpkit

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"careinbox/backend/connector"
)

// Defaults for a Client's zero fields.
const (
	DefaultTimeout = 60 * time.Second
	DefaultMaxBody = 16 << 20
	DefaultWindow  = time.Minute
)

// Client is one connector's transport. Set the fields before the first
// request; the gate state inside is safe for concurrent use.
type Client struct {
	// Network names the network in plain words ("X", "Mastodon").
	Network string
	HTTP    *http.Client
	Now     func() time.Time
	// Timeout bounds one request, answer included (0 = DefaultTimeout).
	Timeout time.Duration
	// MaxBody caps a successful answer (0 = DefaultMaxBody); a larger one
	// is an error rather than a silently truncated JSON document.
	MaxBody int64
	// Reserve: once an answer says this many requests or fewer are left,
	// the gate closes until the window resets, keeping a few for the
	// user's own actions.
	Reserve int
	// Window is how long the gate stays closed when the network does not
	// say when its window resets (0 = DefaultWindow).
	Window time.Duration
	// PollsOnly makes the gate hold back only GETs: replies may spend the
	// reserve, polling waits for the reset.
	PollsOnly bool
	// HoldOnLimit makes a refused rate limit (a 429, or what Refine calls
	// one) close the gate until its RetryAt, for networks that count
	// refused requests against the window or punish retries (X, Graph).
	HoldOnLimit bool
	// Secrets are replaced by <token> in transport errors, which quote the
	// URL (Telegram puts the bot token in it).
	Secrets []string

	// Budget, when set, replaces reading the usual rate-limit headers
	// (Graph's usage headers): spent closes the gate until until.
	Budget func(h http.Header, now time.Time) (until time.Time, spent bool)
	// Refine, when set, sharpens the classification of a refused answer to
	// r from its body; it returns the error to hand back (ce itself, changed
	// or not, or an error wrapping it).
	Refine func(ce *connector.Error, r Request, a *Answer) error

	mu     sync.Mutex
	closed map[string]time.Time // bucket → gate closed until
	// spare holds backfill requests back (connector.WithBackfill) once a
	// window is down to its last quarter, until it resets: the rest is
	// live sync's and the user's.
	spare map[string]time.Time
}

// Request is one call.
type Request struct {
	// Op names the call in errors ("x users/me").
	Op string
	// Bucket is the rate-limit window the call counts against; "" for
	// networks with one budget.
	Bucket string
	Method string
	URL    string
	Header http.Header
	Body   []byte // nil = none
	// Timeout overrides the client's (a long poll needs more).
	Timeout time.Duration
}

// Answer is what the network answered, its body read (up to the cap).
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// Decode reads the answer's JSON into out.
func (a *Answer) Decode(out any) error { return json.Unmarshal(a.Body, out) }

func (c *Client) now() time.Time {
	if c.Now == nil {
		return time.Now()
	}
	return c.Now()
}

// Do sends r. A refused answer (non-2xx) comes back with a classified
// error and the answer itself, for callers that look closer; a cancelled
// ctx comes back as an error wrapping ctx.Err().
func (c *Client) Do(ctx context.Context, r Request) (*Answer, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", r.Op, err)
	}
	if err := c.Gate(r); err != nil {
		return nil, err
	}
	if connector.IsBackfill(ctx) {
		c.mu.Lock()
		until := c.spare[r.Bucket]
		c.mu.Unlock()
		if c.now().Before(until) {
			return nil, connector.Limited(until, nil, "the rest of the %s request budget is kept for live sync until %s", c.Network, until.Local().Format("15:04"))
		}
	}
	timeout := orDefault(r.Timeout, orDefault(c.Timeout, DefaultTimeout))
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var body io.Reader
	if r.Body != nil {
		body = bytes.NewReader(r.Body)
	}
	req, err := http.NewRequestWithContext(rctx, orString(r.Method, http.MethodGet), r.URL, body)
	if err != nil {
		return nil, connector.Errorf(connector.Permanent, c.redact(err), "the %s address is not usable", c.Network)
	}
	for k, v := range r.Header {
		req.Header[k] = v
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		// The add-handle form shows this as it is: it says what to do, not only what failed.
		return nil, c.failed(ctx, rctx, r, err, "%s could not be reached; check the internet connection and try again")
	}
	defer resp.Body.Close()
	limit := orDefault(c.MaxBody, DefaultMaxBody)
	b, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, c.failed(ctx, rctx, r, err, "the answer from %s broke off; retrying")
	}
	a := &Answer{Status: resp.StatusCode, Header: resp.Header, Body: b}
	c.noteBudget(r.Bucket, resp.Header)
	if resp.StatusCode/100 != 2 {
		if int64(len(b)) > limit {
			a.Body = b[:limit] // an error page: its start is all anyone reads
		}
		return a, c.refused(r, resp, a)
	}
	if int64(len(b)) > limit {
		return nil, connector.Errorf(connector.Temporary, fmt.Errorf("%s: %w", r.Op, &TooLargeError{Limit: limit}),
			"%s sent an answer larger than we accept (%s); retrying", c.Network, size(limit))
	}
	return a, nil
}

// JSON sends in (when not nil) as JSON and decodes a successful answer
// into out (when not nil).
func (c *Client) JSON(ctx context.Context, r Request, in, out any) (*Answer, error) {
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return nil, fmt.Errorf("%s: encode: %w", r.Op, err)
		}
		r.Body = b
		r.Header = withHeader(r.Header, "Content-Type", "application/json")
	}
	a, err := c.Do(ctx, r)
	if err != nil || out == nil {
		return a, err
	}
	if err := a.Decode(out); err != nil {
		return a, c.Unreadable(r.Op, err)
	}
	return a, nil
}

// Unreadable is the error for an answer that is not what the API promises.
func (c *Client) Unreadable(op string, err error) error {
	return connector.Errorf(connector.Temporary, fmt.Errorf("%s: decode: %w", op, err),
		"%s sent an answer we could not read; retrying", c.Network)
}

// TooLargeError says an answer was over the client's MaxBody.
type TooLargeError struct{ Limit int64 }

func (e *TooLargeError) Error() string { return fmt.Sprintf("answer over %d bytes", e.Limit) }

func size(n int64) string {
	if n >= 1<<20 {
		return fmt.Sprintf("%d MB", n>>20)
	}
	return fmt.Sprintf("%d KB", max(n>>10, 1))
}

func withHeader(h http.Header, k, v string) http.Header {
	h = h.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set(k, v)
	return h
}

// failed classifies a transport failure: the caller's cancellation as is,
// our own timeout and everything else as temporary.
func (c *Client) failed(ctx, rctx context.Context, r Request, err error, format string) error {
	if ctx.Err() != nil {
		return fmt.Errorf("%s: %w", r.Op, ctx.Err())
	}
	if rctx.Err() != nil {
		return connector.Errorf(connector.Temporary, c.redact(err), "%s did not answer in time; retrying", c.Network)
	}
	return connector.Errorf(connector.Temporary, c.redact(err), format, c.Network)
}

// refused classifies a non-2xx answer and, with HoldOnLimit, closes the
// gate when it is a rate limit, so requests stop until the network's time.
func (c *Client) refused(r Request, resp *http.Response, a *Answer) error {
	ce := connector.FromHTTP(resp, c.now(), c.Network)
	ce.Err = fmt.Errorf("%s: %w", r.Op, ce.Err)
	var err error = ce
	if c.Refine != nil {
		err = c.Refine(ce, r, a)
	}
	var final *connector.Error
	if c.HoldOnLimit && errors.As(err, &final) && final.Kind == connector.RateLimited && !final.RetryAt.IsZero() {
		c.close(r.Bucket, final.RetryAt)
	}
	return err
}

// Gate refuses a request while its bucket's window is spent. Do checks it
// itself; callers check it first when the request costs something to
// prepare (a token refresh).
func (c *Client) Gate(r Request) error {
	if c.PollsOnly && r.Method != "" && r.Method != http.MethodGet {
		return nil
	}
	c.mu.Lock()
	until := c.closed[r.Bucket]
	c.mu.Unlock()
	if !c.now().Before(until) {
		return nil
	}
	what := c.Network + " request budget"
	if r.Bucket != "" {
		what += " for " + r.Bucket
	}
	return connector.Limited(until, nil, "%s used up until %s", what, until.Local().Format("15:04"))
}

// noteBudget closes the gate when the answer says the window is (nearly) spent.
func (c *Client) noteBudget(bucket string, h http.Header) {
	now := c.now()
	if c.Budget != nil {
		if until, spent := c.Budget(h, now); spent {
			c.close(bucket, until)
		}
		return
	}
	n, ok := connector.Budget(h)
	if !ok {
		return
	}
	reset := func() time.Time {
		at := connector.RetryAfter(h, now)
		if at.IsZero() {
			at = now.Add(orDefault(c.Window, DefaultWindow))
		}
		return at
	}
	if limit, ok := budgetLimit(h); ok && n <= limit/4 {
		c.mu.Lock()
		if c.spare == nil {
			c.spare = map[string]time.Time{}
		}
		c.spare[bucket] = reset()
		c.mu.Unlock()
	}
	if n > c.Reserve {
		return
	}
	c.close(bucket, reset())
}

// budgetLimit reads a window's size from the usual rate-limit headers.
func budgetLimit(h http.Header) (int, bool) {
	for _, k := range []string{"X-RateLimit-Limit", "RateLimit-Limit", "X-Rate-Limit-Limit"} {
		if v := h.Get(k); v != "" {
			if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n > 0 {
				return n, true
			}
		}
	}
	return 0, false
}

func (c *Client) close(bucket string, until time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed == nil {
		c.closed = map[string]time.Time{}
	}
	if until.After(c.closed[bucket]) {
		c.closed[bucket] = until
	}
}

// ClosedUntil reports until when bucket's gate is closed (zero: open).
func (c *Client) ClosedUntil(bucket string) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if t := c.closed[bucket]; c.now().Before(t) {
		return t
	}
	return time.Time{}
}

func (c *Client) redact(err error) error {
	s := err.Error()
	changed := false
	for _, t := range c.Secrets {
		if t != "" && strings.Contains(s, t) {
			s, changed = strings.ReplaceAll(s, t, "<token>"), true
		}
	}
	if !changed {
		return err
	}
	return errors.New(s)
}

func orDefault[T int64 | time.Duration](v, def T) T {
	if v > 0 {
		return v
	}
	return def
}

func orString(v, def string) string {
	if v != "" {
		return v
	}
	return def
}

// Clip is a network's own words made fit to show and log: one line, at
// most most bytes, cut on a rune boundary with "…". An error body may be
// megabytes; the user reads this and the log keeps it.
func Clip(s string, most int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= most {
		return s
	}
	cut := most
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
