package faultsuite

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"careinbox/backend/connector/connectortest"
	"careinbox/backend/inbox"
)

// network is one HTTP network as the suite drives it: how a handle of it is
// configured against a server at base, and the smallest double that lets
// that handle sync one customer's message and answer it. The doubles speak
// only the endpoints the connector calls on that path; each connector's
// own double (in its package) is the one held to the network's contract.
type network struct {
	name     inbox.Network
	account  string // the handle's remote account id
	settings func(base string) map[string]string
	secrets  map[string]string
	// visibility of the healthy handle's reply to its synced conversation.
	visibility string
	handler    func(t *testing.T) http.Handler
}

// sent is when the customer wrote: shortly before the suite's clock starts,
// inside every network's window for answering.
var sent = t0.Add(-10 * time.Minute)

func networks() []network {
	return []network{
		{name: inbox.NetworkX, account: "99",
			settings: func(base string) map[string]string {
				return map[string]string{"client_id": "suite-client", "api": base}
			},
			secrets:    map[string]string{"access_token": "x-access-SECRET-1", "refresh_token": "x-refresh-SECRET-2"},
			visibility: "private", handler: xDouble},
		{name: inbox.NetworkMastodon, account: "99",
			settings:   func(base string) map[string]string { return map[string]string{"instance": base} },
			secrets:    map[string]string{"access_token": "masto-SECRET-3"},
			visibility: "private", handler: mastodonDouble},
		{name: inbox.NetworkBluesky, account: "did:plc:shop",
			settings: func(base string) map[string]string {
				return map[string]string{"handle": "shop.example.com", "pds": base}
			},
			secrets:    map[string]string{"app_password": "bsky-SECRET-4"},
			visibility: "private", handler: blueskyDouble},
		{name: inbox.NetworkTelegram, account: "99",
			settings:   func(base string) map[string]string { return map[string]string{"api_base": base} },
			secrets:    map[string]string{"bot_token": "123456:tg-SECRET-5"},
			visibility: "private", handler: telegramDouble},
		{name: inbox.NetworkLinkedIn, account: "urn:li:organization:5",
			settings:   func(base string) map[string]string { return map[string]string{"organization_id": "5", "base": base} },
			secrets:    map[string]string{"access_token": "li-SECRET-6"},
			visibility: "public", handler: linkedinDouble},
		{name: inbox.NetworkFacebook, account: "500",
			settings:   func(base string) map[string]string { return map[string]string{"page_id": "500", "base": base} },
			secrets:    map[string]string{"page_token": "fb-SECRET-7"},
			visibility: "private", handler: graphDouble("500")},
		{name: inbox.NetworkInstagram, account: "700",
			settings: func(base string) map[string]string {
				return map[string]string{"page_id": "500", "ig_user_id": "700", "base": base}
			},
			secrets:    map[string]string{"page_token": "ig-SECRET-8"},
			visibility: "private", handler: graphDouble("700")},
	}
}

func answer(w http.ResponseWriter, v any) { connectortest.JSON(w, http.StatusOK, v) }

func notFound(t *testing.T, w http.ResponseWriter, r *http.Request) {
	t.Errorf("the double has no %s %s", r.Method, r.URL.Path)
	http.NotFound(w, r)
}

func xDouble(t *testing.T) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case r.Method == http.MethodGet && strings.HasSuffix(p, "/mentions"):
			answer(w, map[string]any{"data": []any{}, "meta": map[string]any{"result_count": 0}})
		case r.Method == http.MethodGet && p == "/2/dm_events":
			answer(w, map[string]any{
				"data": []any{map[string]any{"id": "1700000000000000001", "event_type": "MessageCreate", "text": "where is my order?",
					"sender_id": "42", "dm_conversation_id": "42-99", "created_at": sent.Format(time.RFC3339), "participant_ids": []string{"42", "99"}}},
				"includes": map[string]any{"users": []any{map[string]any{"id": "42", "username": "ana", "name": "Ana"}}},
				"meta":     map[string]any{"result_count": 1}})
		case r.Method == http.MethodPost && strings.HasPrefix(p, "/2/dm_conversations/with/"):
			connectortest.JSON(w, http.StatusCreated, map[string]any{"data": map[string]any{"dm_event_id": "1700000000000000002"}})
		default:
			notFound(t, w, r)
		}
	})
}

var mastoAna = map[string]any{"id": "42", "username": "ana", "acct": "ana@example.org", "display_name": "Ana", "url": "https://example.org/@ana"}

func mastodonDouble(t *testing.T) http.Handler {
	status := func(id, text string) map[string]any {
		return map[string]any{"id": id, "created_at": sent.Format(time.RFC3339), "content": "<p>" + text + "</p>",
			"visibility": "direct", "account": mastoAna}
	}
	up := websocket.Upgrader{}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case p == "/api/v1/streaming":
			// An open stream with no news: held until the client leaves.
			conn, err := up.Upgrade(w, r, nil)
			if err != nil {
				return
			}
			defer conn.Close()
			for {
				if _, _, err := conn.ReadMessage(); err != nil {
					return
				}
			}
		case p == "/api/v1/accounts/verify_credentials":
			answer(w, map[string]any{"id": "99", "username": "brand", "acct": "brand", "display_name": "Brand"})
		case p == "/api/v2/instance":
			answer(w, map[string]any{"domain": "example.org", "configuration": map[string]any{
				"statuses": map[string]any{"max_characters": 500, "characters_reserved_per_url": 23}}})
		case p == "/api/v1/notifications":
			answer(w, []any{map[string]any{"id": "10", "type": "mention", "created_at": sent.Format(time.RFC3339),
				"account": mastoAna, "status": status("100", "@brand where is my order?")}})
		case p == "/api/v1/conversations":
			answer(w, []any{})
		case r.Method == http.MethodPost && p == "/api/v1/statuses":
			answer(w, status("200", "on its way"))
		default:
			notFound(t, w, r)
		}
	})
}

func blueskyDouble(t *testing.T) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch strings.TrimPrefix(r.URL.Path, "/xrpc/") {
		case "com.atproto.server.createSession":
			answer(w, map[string]any{"accessJwt": "bsky-access", "refreshJwt": "bsky-refresh", "handle": "shop.example.com", "did": "did:plc:shop"})
		case "app.bsky.notification.listNotifications":
			answer(w, map[string]any{"notifications": []any{}})
		case "chat.bsky.convo.getLog":
			answer(w, map[string]any{"cursor": "log-1", "logs": []any{map[string]any{
				"$type": "chat.bsky.convo.defs#logCreateMessage", "convoId": "cv1", "rev": "r1",
				"message": map[string]any{"$type": "chat.bsky.convo.defs#messageView", "id": "m1", "text": "where is my order?",
					"sender": map[string]any{"did": "did:plc:ana"}, "sentAt": sent.Format(time.RFC3339)},
				"relatedProfiles": []any{map[string]any{"did": "did:plc:ana", "handle": "ana.example.com", "displayName": "Ana"},
					map[string]any{"did": "did:plc:shop", "handle": "shop.example.com"}}}}})
		case "chat.bsky.convo.sendMessage":
			answer(w, map[string]any{"$type": "chat.bsky.convo.defs#messageView", "id": "m2", "text": "on its way",
				"sender": map[string]any{"did": "did:plc:shop"}, "sentAt": t0.Format(time.RFC3339)})
		default:
			notFound(t, w, r)
		}
	})
}

func telegramDouble(t *testing.T) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, method, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
		var in struct {
			Offset  int64 `json:"offset"`
			Timeout int   `json:"timeout"`
		}
		body, _ := io.ReadAll(r.Body)
		_ = json.Unmarshal(body, &in)
		ok := func(result any) { answer(w, map[string]any{"ok": true, "result": result}) }
		switch method {
		case "getMe":
			ok(map[string]any{"id": 99, "is_bot": true, "first_name": "Shop", "username": "shop_bot"})
		case "getUpdates":
			if in.Timeout > 0 { // Wait's long poll: no news until the client leaves
				<-r.Context().Done()
				return
			}
			if in.Offset > 1 {
				ok([]any{})
				return
			}
			ok([]any{map[string]any{"update_id": 1, "message": map[string]any{"message_id": 5,
				"from": map[string]any{"id": 42, "is_bot": false, "first_name": "Ana"},
				"chat": map[string]any{"id": 42, "type": "private"}, "date": sent.Unix(), "text": "where is my order?"}}})
		case "sendMessage":
			ok(map[string]any{"message_id": 6, "chat": map[string]any{"id": 42, "type": "private"}, "date": t0.Unix(), "text": "on its way"})
		default:
			notFound(t, w, r)
		}
	})
}

func linkedinDouble(t *testing.T) http.Handler {
	const post, comment = "urn:li:share:1", "urn:li:comment:(urn:li:activity:1,2)"
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch p := r.URL.Path; {
		case r.Method == http.MethodGet && p == "/rest/organizationalEntityNotifications":
			answer(w, map[string]any{"elements": []any{map[string]any{"action": "COMMENT", "lastModifiedAt": sent.UnixMilli(),
				"sourcePost": post, "generatedActivity": comment}}, "paging": map[string]any{"start": 0, "count": 50, "total": 1}})
		case r.Method == http.MethodGet && p == "/rest/socialActions/"+post+"/comments":
			answer(w, map[string]any{"elements": []any{map[string]any{"$URN": comment, "actor": "urn:li:person:42",
				"object": "urn:li:activity:1", "created": map[string]any{"time": sent.UnixMilli()},
				"message": map[string]any{"text": "where is my order?"}}}})
		case r.Method == http.MethodPost && p == "/rest/socialActions/"+comment+"/comments":
			w.Header().Set("X-Restli-Id", "urn:li:comment:(urn:li:activity:1,3)")
			connectortest.JSON(w, http.StatusCreated, map[string]any{"$URN": "urn:li:comment:(urn:li:activity:1,3)"})
		default:
			notFound(t, w, r)
		}
	})
}

// graphDouble serves Facebook's and Instagram's Graph API: one private
// conversation in which self (the page, or the Instagram account) is asked.
func graphDouble(self string) func(t *testing.T) http.Handler {
	return func(t *testing.T) http.Handler {
		at := sent.Format("2006-01-02T15:04:05-0700")
		msg := map[string]any{"id": "m_1", "message": "where is my order?", "from": map[string]any{"id": "42", "name": "Ana"}, "created_time": at}
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			switch p := r.URL.Path; {
			case r.Method == http.MethodGet && strings.HasSuffix(p, "/conversations"):
				answer(w, map[string]any{"data": []any{map[string]any{"id": "t_1", "updated_time": at,
					"participants": map[string]any{"data": []any{map[string]any{"id": self, "name": "Brand"}, map[string]any{"id": "42", "name": "Ana"}}},
					"messages":     map[string]any{"data": []any{msg}}}}, "paging": map[string]any{}})
			case r.Method == http.MethodGet && (strings.HasSuffix(p, "/published_posts") || strings.HasSuffix(p, "/media")):
				answer(w, map[string]any{"data": []any{}})
			case r.Method == http.MethodGet && p == "/t_1":
				answer(w, map[string]any{"messages": map[string]any{"data": []any{msg}}})
			case r.Method == http.MethodPost && strings.HasSuffix(p, "/messages"):
				answer(w, map[string]any{"recipient_id": "42", "message_id": "m_2"})
			default:
				notFound(t, w, r)
			}
		})
	}
}

// secretValues are the strings no message to the user may contain.
func (n network) secretValues() []string {
	var out []string
	for _, v := range n.secrets {
		out = append(out, v)
		if _, after, ok := strings.Cut(v, ":"); ok {
			out = append(out, after) // a bot token's secret half
		}
	}
	return out
}

func (n network) String() string { return fmt.Sprint(n.name) }
