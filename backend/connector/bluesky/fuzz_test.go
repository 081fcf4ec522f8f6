package bluesky

import (
	"context"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
)

// FuzzFetch: any answer to the notifications or chat log request (status
// and body) gives a bounded page or a classified error of readable size with
// a sane retry time, never a panic.
func FuzzFetch(f *testing.F) {
	for _, s := range []struct {
		chat   bool
		status int
		body   string
	}{
		{false, 200, `{"cursor":"c1","notifications":[{"uri":"at://did:plc:ana/app.bsky.feed.post/3k1","cid":"bafy1","author":{"did":"did:plc:ana","handle":"ana.bsky.social","displayName":"Ana"},"reason":"mention","record":{"$type":"app.bsky.feed.post","text":"@shop.example.com where is my order?","createdAt":"2026-11-23T09:00:00.000Z","reply":{"root":{"uri":"at://did:plc:ana/app.bsky.feed.post/3k0","cid":"bafy0"},"parent":{"uri":"at://did:plc:ana/app.bsky.feed.post/3k0","cid":"bafy0"}}},"isRead":false,"indexedAt":"2026-11-23T09:00:01.000Z"}]}`},
		{false, 200, `{"notifications":[{"uri":"","reason":"reply","record":{"text":"x","createdAt":"not a time"},"indexedAt":""}]}`},
		{false, 200, `{"notifications":[]}`},
		{true, 200, `{"cursor":"l2","logs":[{"$type":"chat.bsky.convo.defs#logCreateMessage","convoId":"c1","rev":"r1","message":{"$type":"chat.bsky.convo.defs#messageView","id":"m1","rev":"r1","text":"refund please","sender":{"did":"did:plc:ana"},"sentAt":"2026-11-23T09:00:00.000Z"}}]}`},
		{true, 400, `{"error":"InvalidToken","message":"Bad token method"}`},
		{false, 400, `{"error":"ExpiredToken","message":"Token has expired"}`},
		{false, 401, `{"error":"AuthenticationRequired","message":"Authentication Required"}`},
		{false, 429, `{"error":"RateLimitExceeded","message":"Rate Limit Exceeded"}`},
		{false, 500, `{"error":"InternalServerError","message":"` + strings.Repeat("ü", 700) + `"}`},
		{false, 502, `<html>bad gateway</html>`},
	} {
		f.Add(s.chat, s.status, []byte(s.body))
	}
	f.Fuzz(func(t *testing.T, chat bool, status int, body []byte) {
		canned := connectortest.Canned{Status: status, Body: body, Fixed: map[string]string{
			"/xrpc/com.atproto.server.createSession":  `{"did":"did:plc:shop","handle":"shop.example.com","accessJwt":"a1","refreshJwt":"r1"}`,
			"/xrpc/com.atproto.server.refreshSession": `{"did":"did:plc:shop","handle":"shop.example.com","accessJwt":"a2","refreshJwt":"r2"}`,
		}}
		now := time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)
		c, err := New(connector.Config{Settings: map[string]string{"handle": "shop.example.com", "pds": "https://pds.example.com"},
			AccountID: "did:plc:shop", Secrets: map[string]string{"app_password": "abcd-efgh-ijkl-mnop"}, HTTP: canned.Client(),
			Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		stream := StreamNotifications
		if chat {
			stream = StreamChat
		}
		p, err := c.Fetch(context.Background(), stream, "")
		if err != nil {
			connectortest.CheckError(t, err, now)
			return
		}
		connectortest.CheckPage(t, p, canned.InputSize())
	})
}
