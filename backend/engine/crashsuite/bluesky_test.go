package crashsuite

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector/connectortest"
)

// blueskyDouble serves a chat conversation answered by a chat message,
// which FindSent looks up among the conversation's newest messages.
func blueskyDouble(t *testing.T, d *double) http.Handler {
	message := func(id, text, from string, at time.Time) map[string]any {
		return map[string]any{"$type": "chat.bsky.convo.defs#messageView", "id": id, "text": text,
			"sender": map[string]any{"did": from}, "sentAt": at.Format(time.RFC3339)}
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch strings.TrimPrefix(r.URL.Path, "/xrpc/") {
		case "com.atproto.server.createSession", "com.atproto.server.refreshSession":
			answer(w, map[string]any{"accessJwt": "bsky-access", "refreshJwt": "bsky-refresh", "handle": "shop.example.com", "did": "did:plc:shop"})
		case "app.bsky.notification.listNotifications":
			answer(w, map[string]any{"notifications": []any{}})
		case "chat.bsky.convo.getLog":
			answer(w, map[string]any{"cursor": "log-1", "logs": []any{map[string]any{
				"$type": "chat.bsky.convo.defs#logCreateMessage", "convoId": "cv1", "rev": "r1",
				"message": message("m1", "where is my order?", "did:plc:ana", sent),
				"relatedProfiles": []any{map[string]any{"did": "did:plc:ana", "handle": "ana.example.com", "displayName": "Ana"},
					map[string]any{"did": "did:plc:shop", "handle": "shop.example.com"}}}}})
		case "chat.bsky.convo.getMessages":
			if !d.lookup() {
				return
			}
			out := []any{}
			ps := d.posted()
			for i := len(ps) - 1; i >= 0; i-- { // newest first
				out = append(out, message(ps[i].id, ps[i].text, "did:plc:shop", t0))
			}
			out = append(out, message("m1", "where is my order?", "did:plc:ana", sent))
			answer(w, map[string]any{"messages": out})
		case "chat.bsky.convo.sendMessage":
			var in struct {
				ConvoID string `json:"convoId"`
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			}
			jsonBody(r, &in)
			got, ok := d.take(in.Message.Text, in.ConvoID, func(n int) string { return fmt.Sprintf("m-reply-%d", n) })
			if ok {
				answer(w, message(got.id, got.text, "did:plc:shop", t0))
			}
		default:
			notFound(t, w, r)
		}
	})
}

// blueskyPostDouble serves a public mention answered by a reply post. Like
// a real PDS it refuses a second record under a taken record key (with a
// 500, as the reference PDS does) and reads a record back by its key.
func blueskyPostDouble(t *testing.T, d *double) http.Handler {
	const mention = "at://did:plc:ana/app.bsky.feed.post/p1"
	ana := map[string]any{"did": "did:plc:ana", "handle": "ana.example.com", "displayName": "Ana"}
	question := map[string]any{"$type": "app.bsky.feed.post", "text": "@shop.example.com where is my order?", "createdAt": sent.Format(time.RFC3339)}
	ownPost := func(rkey string) string { return "at://did:plc:shop/app.bsky.feed.post/" + rkey }
	record := func(p posted) map[string]any {
		parent := map[string]any{"uri": p.to, "cid": "c1"}
		return map[string]any{"$type": "app.bsky.feed.post", "text": p.text, "createdAt": t0.Format(time.RFC3339),
			"reply": map[string]any{"root": parent, "parent": parent}}
	}
	find := func(uri string) (posted, bool) {
		for _, p := range d.posted() {
			if p.id == uri {
				return p, true
			}
		}
		return posted{}, false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch strings.TrimPrefix(r.URL.Path, "/xrpc/") {
		case "com.atproto.server.createSession", "com.atproto.server.refreshSession":
			answer(w, map[string]any{"accessJwt": "bsky-access", "refreshJwt": "bsky-refresh", "handle": "shop.example.com", "did": "did:plc:shop"})
		case "app.bsky.notification.listNotifications":
			answer(w, map[string]any{"notifications": []any{map[string]any{"uri": mention, "cid": "c1", "author": ana,
				"reason": "mention", "record": question, "indexedAt": sent.Format(time.RFC3339)}}})
		case "chat.bsky.convo.getLog":
			answer(w, map[string]any{"cursor": "log-0", "logs": []any{}})
		case "app.bsky.feed.getPosts":
			answer(w, map[string]any{"posts": []any{map[string]any{"uri": mention, "cid": "c1", "author": ana, "record": question}}})
		case "com.atproto.repo.getRecord":
			if !d.lookup() {
				return
			}
			q := r.URL.Query()
			p, ok := find(ownPost(q.Get("rkey")))
			if q.Get("repo") != "did:plc:shop" || !ok {
				connectortest.JSON(w, http.StatusBadRequest, map[string]any{"error": "RecordNotFound", "message": "Could not locate record"})
				return
			}
			answer(w, map[string]any{"uri": p.id, "cid": "c-" + q.Get("rkey"), "value": record(p)})
		case "com.atproto.repo.createRecord":
			var in struct {
				RKey   string `json:"rkey"`
				Record struct {
					Text  string `json:"text"`
					Reply struct {
						Parent struct {
							URI string `json:"uri"`
						} `json:"parent"`
					} `json:"reply"`
				} `json:"record"`
			}
			jsonBody(r, &in)
			if in.RKey == "" {
				t.Errorf("a reply post without a record key cannot be confirmed after a crash")
				in.RKey = fmt.Sprintf("auto%d", time.Now().UnixNano())
			}
			if _, taken := find(ownPost(in.RKey)); taken {
				connectortest.JSON(w, http.StatusInternalServerError, map[string]any{"error": "InternalServerError", "message": "Internal Server Error"})
				return
			}
			got, ok := d.take(in.Record.Text, in.Record.Reply.Parent.URI, func(int) string { return ownPost(in.RKey) })
			if ok {
				answer(w, map[string]any{"uri": got.id, "cid": "c-" + in.RKey})
			}
		default:
			notFound(t, w, r)
		}
	})
}
