package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/gorilla/websocket"

	"careinbox/backend/connector"
	"careinbox/backend/connector/httpkit"
)

var _ connector.Waker = (*Connector)(nil)

// handshakeTimeout bounds connecting and the WebSocket upgrade: a server
// that accepts the connection and never answers must not hold the handle.
const handshakeTimeout = 30 * time.Second

// maxFrame caps one streaming message. An event is a status or a
// notification of a few kilobytes; without a cap a hostile or broken
// server could make the client buffer one endless frame.
const maxFrame = 1 << 20

// Wait implements connector.Waker with the streaming API: it returns when a
// notification event arrives (a mention or a direct message). The stream
// only wakes the engine, which then polls; nothing is read from the event,
// so a dropped connection costs latency, never a message.
//
// The contract documents streaming as a WebSocket at /api/v1/streaming with
// the token and stream type as query parameters. Wait returns promptly when
// ctx ends, whether the server is still to answer the upgrade or the stream
// is open and silent.
func (c *Connector) Wait(ctx context.Context) error {
	u := c.streamURL(ctx)
	u.Path = strings.TrimSuffix(u.Path, "/") + "/api/v1/streaming"
	u.RawQuery = url.Values{"stream": {"user"}, "access_token": {c.token}}.Encode()
	conn, resp, err := c.dial(ctx, u.String())
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if resp != nil {
			return c.streamRefused(resp)
		}
		// The dial error quotes the URL, token included: say it without.
		return connector.Errorf(connector.Temporary, errors.New(scrubToken(err.Error(), c.token)), "could not open the Mastodon stream")
	}
	defer conn.Close()
	conn.SetReadLimit(maxFrame)
	stop := context.AfterFunc(ctx, func() { _ = conn.Close() })
	defer stop()
	for {
		var ev struct {
			Event string `json:"event"`
		}
		_, msg, err := conn.ReadMessage()
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return connector.Errorf(connector.Temporary, fmt.Errorf("read stream: %w", errors.New(scrubToken(err.Error(), c.token))), "the Mastodon stream closed")
		}
		if json.Unmarshal(msg, &ev) == nil && ev.Event == "notification" {
			return nil
		}
	}
}

// streamURL is where the streaming API lives: Mastodon may serve it on
// another host (configuration.urls.streaming in GET /api/v2/instance,
// e.g. wss://streaming.example.social); the instance itself otherwise. The
// token travels in the query, so an address that is not wss (or ws to
// this computer) is not used. When the instance cannot be read now (the
// polling budget, a blip) the instance itself is tried.
func (c *Connector) streamURL(ctx context.Context) url.URL {
	u := *c.base
	u.Scheme = map[string]string{"https": "wss", "http": "ws"}[c.base.Scheme]
	// Asking is bounded like the handshake: a server that never answers
	// must not hold the wait longer than a dial would.
	ictx, cancel := context.WithTimeout(ctx, c.handshakeTimeout())
	defer cancel()
	info, err := c.instance(ictx, c.kit)
	if err != nil || info.streaming == "" {
		return u
	}
	s, err := url.Parse(info.streaming)
	if err != nil || s.Host == "" || s.User != nil || !(s.Scheme == "wss" || s.Scheme == "ws" && isLoopback(s.Hostname())) {
		c.log.Warn("mastodon: ignoring the instance's streaming address", "streaming", httpkit.Clip(info.streaming, 200))
		return u
	}
	s.RawQuery, s.Fragment = "", ""
	return *s
}

// dial opens the WebSocket. gorilla's dialer honours ctx while connecting
// but, once connected, only a deadline while it waits for the upgrade
// answer; so the connection is closed when ctx ends, which ends that wait.
func (c *Connector) dial(ctx context.Context, target string) (*websocket.Conn, *http.Response, error) {
	var (
		mu  sync.Mutex
		raw net.Conn
	)
	stop := context.AfterFunc(ctx, func() {
		mu.Lock()
		defer mu.Unlock()
		if raw != nil {
			_ = raw.Close()
		}
	})
	defer stop()
	timeout := c.handshakeTimeout()
	nd := &net.Dialer{Timeout: timeout}
	dialer := websocket.Dialer{
		Proxy:            http.ProxyFromEnvironment,
		HandshakeTimeout: timeout,
		NetDialContext: func(dctx context.Context, network, addr string) (net.Conn, error) {
			conn, err := nd.DialContext(dctx, network, addr)
			if err != nil {
				return nil, err
			}
			mu.Lock()
			defer mu.Unlock()
			if ctx.Err() != nil { // ended between connecting and here
				_ = conn.Close()
				return nil, ctx.Err()
			}
			raw = conn
			return conn, nil
		},
	}
	return dialer.DialContext(ctx, target, nil)
}

func (c *Connector) handshakeTimeout() time.Duration {
	if c.handshake > 0 {
		return c.handshake
	}
	return handshakeTimeout
}

// streamRefused classifies a refused upgrade with the server's own words
// for the log. A 403 is a token the server will not stream to (GoToSocial
// wants the plain "read" scope): permanent, so the engine says so once and
// stops redialling, while polling goes on.
func (c *Connector) streamRefused(resp *http.Response) error {
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 1024)) // gorilla kept the first 1 KB
	ce := connector.FromHTTP(resp, c.now(), networkName)
	ce.Err = fmt.Errorf("mastodon streaming: %w", ce.Err)
	_ = refine(ce, httpkit.Request{}, &httpkit.Answer{Status: resp.StatusCode, Header: resp.Header, Body: body})
	if ce.Err != nil {
		ce.Err = errors.New(scrubToken(ce.Err.Error(), c.token))
	}
	if resp.StatusCode/100 == 3 {
		// The streaming API moved (Mastodon once redirected to its
		// streaming host): forget what the instance said, so the next
		// dial asks again, and try later rather than giving up.
		c.mu.Lock()
		c.inst = nil
		c.mu.Unlock()
		ce.Kind = connector.Temporary
		ce.Message = fmt.Sprintf("the Mastodon stream moved (%d); reconnecting later", resp.StatusCode)
	}
	if resp.StatusCode == http.StatusForbidden {
		ce.Kind = connector.Permanent
		ce.Message = "Mastodon refused live updates for this sign-in (403); new mentions are still checked every minute — sign in again to turn live updates on"
	}
	return ce
}

func scrubToken(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, url.QueryEscape(token), "…"), token, "…")
}
