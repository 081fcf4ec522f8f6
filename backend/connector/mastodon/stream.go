package mastodon

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/gorilla/websocket"

	"careinbox/backend/connector"
)

var _ connector.Waker = (*Connector)(nil)

// Wait implements connector.Waker with the streaming API: it returns when a
// notification event arrives (a mention or a direct message). The stream
// only wakes the engine, which then polls; nothing is read from the event,
// so a dropped connection costs latency, never a message.
//
// The contract documents streaming as a WebSocket at /api/v1/streaming with
// the token and stream type as query parameters.
func (c *Connector) Wait(ctx context.Context) error {
	u := *c.base
	u.Scheme = map[string]string{"https": "wss", "http": "ws"}[c.base.Scheme]
	u.Path = strings.TrimSuffix(u.Path, "/") + "/api/v1/streaming"
	u.RawQuery = url.Values{"stream": {"user"}, "access_token": {c.token}}.Encode()
	dialer := websocket.Dialer{Proxy: http.ProxyFromEnvironment, HandshakeTimeout: 0}
	conn, resp, err := dialer.DialContext(ctx, u.String(), nil)
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if resp != nil {
			return connector.FromHTTP(resp, c.now(), "Mastodon")
		}
		// The dial error quotes the URL, token included: say it without.
		return connector.Errorf(connector.Temporary, errors.New(scrubToken(err.Error(), c.token)), "could not open the Mastodon stream")
	}
	defer conn.Close()
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

func scrubToken(s, token string) string {
	if token == "" {
		return s
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, url.QueryEscape(token), "…"), token, "…")
}
