// Package graph holds what the Facebook Page and Instagram connectors share
// of Meta's Graph API: authenticated JSON calls, error codes, the usage
// headers that throttle an app, Messenger-platform conversations and the
// 24-hour / 7-day reply windows.
package graph

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/httpkit"
)

// DefaultBase is the Graph API version the connectors are written against.
const DefaultBase = "https://graph.facebook.com/v21.0"

// TimeLayout is Graph's timestamp format ("2026-11-23T09:00:00+0000"),
// which is not RFC 3339 (no colon in the offset).
const TimeLayout = "2006-01-02T15:04:05-0700"

// ParseTime reads a Graph timestamp (or RFC 3339, which some fields use).
func ParseTime(s string) (time.Time, error) {
	if t, err := time.Parse(TimeLayout, s); err == nil {
		return t, nil
	}
	return time.Parse(time.RFC3339, s)
}

// Client calls the Graph API with one access token. Build it with
// NewClient, which hands HTTP, Now and Token to the shared transport;
// changing them afterwards does not reach it.
type Client struct {
	Base    string
	Token   string
	HTTP    *http.Client
	Log     *slog.Logger
	Now     func() time.Time
	Network string // "Facebook" or "Instagram", for messages
	// Self is the id the business's own messages come from when it is not
	// the page's: Instagram DMs are sent by the Instagram account (its
	// IG user id), yet listed and answered through the page. "" = the page.
	Self string

	// kit pauses every call while Meta's usage headers say a quota is hot.
	kit *httpkit.Client
}

// NewClient fills defaults; base "" means DefaultBase.
func NewClient(base, token, network string, cfg connector.Config) (*Client, error) {
	base = strings.TrimSuffix(strings.TrimSpace(base), "/")
	if base == "" {
		base = DefaultBase
	}
	if u, err := url.Parse(base); err != nil || u.Host == "" {
		return nil, connector.Errorf(connector.Permanent, err, "%q is not a Graph API address", base)
	}
	c := &Client{Base: base, Token: token, HTTP: cfg.HTTP, Log: cfg.Logger, Now: cfg.Now, Network: network}
	if c.HTTP == nil {
		c.HTTP = http.DefaultClient
	}
	if c.Log == nil {
		c.Log = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	c.kit = &httpkit.Client{Network: network, HTTP: c.HTTP, Now: c.Now, Secrets: []string{token},
		Budget: Throttle, HoldOnLimit: true, Refine: c.refine}
	return c, nil
}

// APIError is Graph's {"error": {...}} body.
type APIError struct {
	Message   string `json:"message"`
	Type      string `json:"type"`
	Code      int    `json:"code"`
	Subcode   int    `json:"error_subcode"`
	UserTitle string `json:"error_user_title"`
	UserMsg   string `json:"error_user_msg"`
	TraceID   string `json:"fbtrace_id"`
}

// Error carries the classified error and Graph's own code, for callers
// that refine the message (a closed reply window, a missing permission).
type Error struct {
	Classified *connector.Error
	API        APIError
}

func (e *Error) Error() string { return e.Classified.Error() }

// Unwrap exposes the classified error to connector.Classify.
func (e *Error) Unwrap() error { return e.Classified }

// APIErrorOf returns Graph's error body behind err, if any.
func APIErrorOf(err error) (APIError, bool) {
	var ge *Error
	if errors.As(err, &ge) {
		return ge.API, true
	}
	return APIError{}, false
}

// Get calls GET path with q; out receives the JSON answer.
func (c *Client) Get(ctx context.Context, path string, q url.Values, out any) error {
	return c.do(ctx, http.MethodGet, path, q, nil, out)
}

// Post calls POST path with a JSON body.
func (c *Client) Post(ctx context.Context, path string, in, out any) error {
	return c.do(ctx, http.MethodPost, path, nil, in, out)
}

func (c *Client) do(ctx context.Context, method, path string, q url.Values, in, out any) error {
	u := c.Base + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	// The token goes in a header, never the URL, so it cannot leak into logs.
	h := http.Header{"Authorization": {"Bearer " + c.Token}}
	_, err := c.kit.JSON(ctx, httpkit.Request{Op: "graph " + path, Method: method, URL: u, Header: h}, in, out)
	return err
}

// self is the business's own sender id in conversations.
func (c *Client) self(pageID string) string {
	if c.Self != "" {
		return c.Self
	}
	return pageID
}

// Rate-limit codes: 4 app, 17 user, 32 page, 613 custom, 80001–80014
// business use case (80001 pages, 80006 Messenger, 80002 Instagram …).
func throttleCode(code int) bool {
	return code == 4 || code == 17 || code == 32 || code == 613 || code >= 80001 && code <= 80014
}

// refine reads Graph's error codes, which say more than the HTTP status; a
// throttle code closes the kit's gate (HoldOnLimit) until Meta's time.
func (c *Client) refine(ce *connector.Error, _ httpkit.Request, a *httpkit.Answer) error {
	var body struct {
		Error APIError `json:"error"`
	}
	_ = a.Decode(&body)
	ae := body.Error
	ae.Message = httpkit.Clip(ae.Message, 300)
	ce.Err = fmt.Errorf("%w: code %d/%d %s", ce.Err, ae.Code, ae.Subcode, ae.Message)
	switch {
	case throttleCode(ae.Code):
		at, _ := Throttle(a.Header, c.Now())
		if !at.After(c.Now()) {
			at = c.Now().Add(15 * time.Minute)
		}
		ce.Kind, ce.RetryAt = connector.RateLimited, at
		ce.Message = fmt.Sprintf("%s asked us to slow down until %s", c.Network, at.Local().Format("15:04"))
	case ae.Code == 190 || ae.Code == 102 || ae.Code == 463 || ae.Code == 467:
		ce.Kind = connector.AuthNeeded
		ce.Message = fmt.Sprintf("%s no longer accepts the saved access token (expired, revoked or the password changed); paste a new one", c.Network)
	case ae.Code == 10 || ae.Code >= 200 && ae.Code <= 299:
		ce.Kind = connector.Permanent
		ce.Message = fmt.Sprintf("%s refused this for lack of a permission: %s", c.Network, ae.Message)
	case ae.Code == 1 || ae.Code == 2:
		ce.Kind = connector.Temporary
		ce.Message = fmt.Sprintf("%s is having trouble; retrying", c.Network)
	case ae.Code != 0 && ce.Kind == connector.Permanent:
		ce.Message = fmt.Sprintf("%s rejected the request: %s", c.Network, ae.Message)
	}
	return &Error{Classified: ce, API: ae}
}

// usage is one of the usage headers' objects (percentages of the quota).
type usage struct {
	CallCount    float64 `json:"call_count"`
	TotalCPUTime float64 `json:"total_cputime"`
	TotalTime    float64 `json:"total_time"`
	Regain       float64 `json:"estimated_time_to_regain_access"` // minutes
}

func (u usage) peak() float64 { return max(u.CallCount, u.TotalCPUTime, u.TotalTime) }

// Hot is the share of a quota above which the connectors pause: Meta
// throttles at 100 %, and a reply must still get through.
const Hot = 90

// maxRegain bounds Meta's estimated_time_to_regain_access.
const maxRegain = 24 * time.Hour

// Throttle reads X-App-Usage, X-Page-Usage and X-Business-Use-Case-Usage.
// hot is true when any quota is above Hot % or Meta names a time to regain
// access; at is then when to come back.
func Throttle(h http.Header, now time.Time) (at time.Time, hot bool) {
	var all []usage
	for _, k := range []string{"X-App-Usage", "X-Page-Usage", "X-Ad-Account-Usage"} {
		var u usage
		if v := h.Get(k); v != "" && json.Unmarshal([]byte(v), &u) == nil {
			all = append(all, u)
		}
	}
	if v := h.Get("X-Business-Use-Case-Usage"); v != "" {
		var buc map[string][]usage
		if json.Unmarshal([]byte(v), &buc) == nil {
			for _, us := range buc {
				all = append(all, us...)
			}
		}
	}
	for _, u := range all {
		if u.Regain > 0 {
			hot = true
			// Capped at a day: a huge value would overflow the duration
			// into the past and lift the throttle instead.
			regain := min(u.Regain, maxRegain.Minutes())
			if t := now.Add(time.Duration(regain * float64(time.Minute))); t.After(at) {
				at = t
			}
		} else if u.peak() >= Hot {
			hot = true
			// Usage is a rolling hour; a few minutes lets it fall back.
			if t := now.Add(10 * time.Minute); t.After(at) {
				at = t
			}
		}
	}
	return at, hot
}

// PageClient reads what every Page-based connector needs — the page id and
// the Page access token — and builds its client. pageHelp tells the user
// where to find the page id.
func PageClient(cfg connector.Config, network, pageHelp string) (*Client, string, error) {
	pageID := strings.TrimSpace(cfg.Settings["page_id"])
	if pageID == "" {
		return nil, "", connector.Errorf(connector.Permanent, nil, "%s", pageHelp)
	}
	token := strings.TrimSpace(cfg.Secrets["page_token"])
	if token == "" {
		return nil, "", connector.Errorf(connector.AuthNeeded, nil, "paste a Page access token for page %s", pageID)
	}
	g, err := NewClient(cfg.Settings["base"], token, network, cfg)
	if err != nil {
		return nil, "", err
	}
	return g, pageID, nil
}
