package crashsuite

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"careinbox/backend/connector/connectortest"
	"careinbox/backend/inbox"
)

// killPoint is the step of a reply at which the engine's process dies.
type killPoint int

const (
	// beforeRequest: the reply request never reaches the network.
	beforeRequest killPoint = iota
	// afterAccept: the network recorded the reply; its answer never leaves.
	afterAccept
	// beforeCommit: the engine has the answer but dies before MarkSent.
	beforeCommit
	// duringReconcile: after a kill at afterAccept, the restarted engine
	// dies too, while it asks the network whether it has the reply (only
	// for networks that can be asked).
	duringReconcile
	// duringHold: the reply is held for undo (not before t0 + holdFor) and
	// the engine dies right after an outbox pass that found nothing due.
	duringHold
)

func (k killPoint) String() string {
	return [...]string{"before the request", "after the network accepted", "before the local commit", "while confirming after a restart", "during the undo window"}[k]
}

// posted is one reply the double's network has: what the recipient sees.
type posted struct {
	id   string
	text string
	to   string // what it answers (Mastodon: in_reply_to_id)
}

// double is a network's recorded state plus the kill switch a crash case
// arms. Its handlers call take at the reply request.
type double struct {
	mu      sync.Mutex
	replies []posted
	at      killPoint
	kill    func() // SIGKILLs the engine's process and waits for it; nil when unarmed
}

func (d *double) arm(at killPoint, kill func()) {
	d.mu.Lock()
	d.at, d.kill = at, kill
	d.mu.Unlock()
}

// take records a reply request unless the armed kill point says the process
// dies first. answer is false when the process was killed: the handler then
// writes nothing, so the answer never reaches the engine.
func (d *double) take(text, to string, id func(n int) string) (p posted, answer bool) {
	d.mu.Lock()
	at, kill := d.at, d.kill
	if at >= beforeCommit {
		// Not a kill at this request: beforeCommit dies in the engine's
		// own process, duringReconcile at the lookup.
		d.mu.Unlock()
		return d.record(text, to, id), true
	}
	d.kill = nil // a kill happens once
	if kill != nil && at == beforeRequest {
		d.mu.Unlock()
		kill()
		return posted{}, false
	}
	p = posted{id: id(len(d.replies) + 1), text: text, to: to}
	d.replies = append(d.replies, p)
	d.mu.Unlock()
	if kill != nil && at == afterAccept {
		kill()
		return p, false
	}
	return p, true
}

func (d *double) record(text, to string, id func(n int) string) posted {
	d.mu.Lock()
	defer d.mu.Unlock()
	p := posted{id: id(len(d.replies) + 1), text: text, to: to}
	d.replies = append(d.replies, p)
	return p
}

// lookup is called by a handler that answers FindSent's question; false
// means the engine's process was killed before the answer (duringReconcile).
func (d *double) lookup() (answer bool) {
	d.mu.Lock()
	kill := d.kill
	if d.at != duringReconcile {
		kill = nil
	}
	if kill != nil {
		d.kill = nil
	}
	d.mu.Unlock()
	if kill != nil {
		kill()
		return false
	}
	return true
}

func (d *double) posted() []posted {
	d.mu.Lock()
	defer d.mu.Unlock()
	return append([]posted(nil), d.replies...)
}

// network is one sending network as the suite drives it: how a handle of it
// is configured against a double at base, and the smallest double that lets
// it sync one customer's message and answer it (and, for the networks that
// can be asked, look the answer up).
type network struct {
	name       inbox.Network
	label      string // names the case when one network is driven two ways
	account    string
	settings   func(base string) map[string]string
	secrets    map[string]string
	visibility string
	findable   bool // the connector is a SentFinder
	handler    func(t *testing.T, d *double) http.Handler
}

// sent is when the customer wrote: shortly before the suite's clock starts,
// inside every network's window for answering.
var sent = t0.Add(-10 * time.Minute)

func networks() []network {
	return []network{
		{name: inbox.NetworkX, account: "99", findable: true,
			settings: func(base string) map[string]string {
				return map[string]string{"client_id": "suite-client", "api": base}
			},
			secrets:    map[string]string{"access_token": "x-access-SECRET-1", "refresh_token": "x-refresh-SECRET-2"},
			visibility: "private", handler: xDouble},
		{name: inbox.NetworkMastodon, account: "99", findable: true,
			settings:   func(base string) map[string]string { return map[string]string{"instance": base} },
			secrets:    map[string]string{"access_token": "masto-SECRET-3"},
			visibility: "private", handler: mastodonDouble},
		{name: inbox.NetworkBluesky, account: "did:plc:shop", findable: true,
			settings: func(base string) map[string]string {
				return map[string]string{"handle": "shop.example.com", "pds": base}
			},
			secrets:    map[string]string{"app_password": "bsky-SECRET-4"},
			visibility: "private", handler: blueskyDouble},
		{name: inbox.NetworkBluesky, label: "bluesky-post", account: "did:plc:shop", findable: true,
			settings: func(base string) map[string]string {
				return map[string]string{"handle": "shop.example.com", "pds": base}
			},
			secrets:    map[string]string{"app_password": "bsky-SECRET-4"},
			visibility: "public", handler: blueskyPostDouble},
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

func (n network) String() string {
	if n.label != "" {
		return n.label
	}
	return string(n.name)
}

func networkNamed(name string) (network, bool) {
	for _, n := range networks() {
		if n.String() == name {
			return n, true
		}
	}
	return network{}, false
}

func answer(w http.ResponseWriter, v any) { connectortest.JSON(w, http.StatusOK, v) }

func notFound(t *testing.T, w http.ResponseWriter, r *http.Request) {
	t.Errorf("the double has no %s %s", r.Method, r.URL.Path)
	http.NotFound(w, r)
}

// jsonBody decodes a JSON request body into v (best effort: a double).
func jsonBody(r *http.Request, v any) {
	body, _ := io.ReadAll(r.Body)
	_ = json.Unmarshal(body, v)
}

// formBody reads a form posted either form-encoded or as JSON.
func formBody(r *http.Request) url.Values {
	body, _ := io.ReadAll(r.Body)
	if strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") {
		var m map[string]any
		_ = json.Unmarshal(body, &m)
		out := url.Values{}
		for k, v := range m {
			out.Set(k, fmt.Sprint(v))
		}
		return out
	}
	out, _ := url.ParseQuery(string(body))
	return out
}

func xDouble(t *testing.T, d *double) http.Handler {
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
		case r.Method == http.MethodGet && p == "/2/dm_conversations/with/42/dm_events":
			// The conversation as X shows it, newest first: our replies,
			// then the customer's message they answer.
			if !d.lookup() {
				return
			}
			events := []any{}
			ps := d.posted()
			for i := len(ps) - 1; i >= 0; i-- {
				events = append(events, map[string]any{"id": ps[i].id, "event_type": "MessageCreate", "text": ps[i].text,
					"sender_id": "99", "dm_conversation_id": "42-99", "created_at": sent.Format(time.RFC3339)})
			}
			events = append(events, map[string]any{"id": "1700000000000000001", "event_type": "MessageCreate", "text": "where is my order?",
				"sender_id": "42", "dm_conversation_id": "42-99", "created_at": sent.Format(time.RFC3339)})
			answer(w, map[string]any{"data": events, "meta": map[string]any{"result_count": len(events)}})
		case r.Method == http.MethodPost && strings.HasPrefix(p, "/2/dm_conversations/with/"):
			var in struct {
				Text string `json:"text"`
			}
			jsonBody(r, &in)
			got, ok := d.take(in.Text, "", func(n int) string { return fmt.Sprintf("17000000000000009%02d", n) })
			if ok {
				connectortest.JSON(w, http.StatusCreated, map[string]any{"data": map[string]any{"dm_event_id": got.id}})
			}
		default:
			notFound(t, w, r)
		}
	})
}

var mastoAna = map[string]any{"id": "42", "username": "ana", "acct": "ana@example.org", "display_name": "Ana", "url": "https://example.org/@ana"}

// mastodonDouble ignores the Idempotency-Key header, as GoToSocial-based
// servers do: only FindSent stands between a crash and a second copy.
func mastodonDouble(t *testing.T, d *double) http.Handler {
	status := func(id, text, to string) map[string]any {
		s := map[string]any{"id": id, "created_at": sent.Format(time.RFC3339), "content": "<p>" + text + "</p>",
			"visibility": "direct", "account": mastoAna}
		if to != "" {
			s["in_reply_to_id"] = to
		}
		return s
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
				"account": mastoAna, "status": status("100", "@brand where is my order?", "")}})
		case p == "/api/v1/conversations":
			answer(w, []any{})
		case r.Method == http.MethodGet && p == "/api/v1/accounts/99/statuses":
			if !d.lookup() {
				return
			}
			out := []any{}
			ps := d.posted()
			for i := len(ps) - 1; i >= 0; i-- { // newest first
				out = append(out, status(ps[i].id, ps[i].text, ps[i].to))
			}
			answer(w, out)
		case r.Method == http.MethodPost && p == "/api/v1/statuses":
			form := formBody(r)
			got, ok := d.take(form.Get("status"), form.Get("in_reply_to_id"), func(n int) string { return fmt.Sprint(200 + n) })
			if ok {
				answer(w, status(got.id, got.text, got.to))
			}
		default:
			notFound(t, w, r)
		}
	})
}

func telegramDouble(t *testing.T, d *double) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, method, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/bot"), "/")
		var in struct {
			Offset  int64  `json:"offset"`
			Timeout int    `json:"timeout"`
			Text    string `json:"text"`
		}
		jsonBody(r, &in)
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
			got, answered := d.take(in.Text, "", func(n int) string { return fmt.Sprint(6000 + n) })
			if answered {
				var id int
				_, _ = fmt.Sscan(got.id, &id)
				ok(map[string]any{"message_id": id, "chat": map[string]any{"id": 42, "type": "private"}, "date": t0.Unix(), "text": got.text})
			}
		default:
			notFound(t, w, r)
		}
	})
}

func linkedinDouble(t *testing.T, d *double) http.Handler {
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
			var in struct {
				Message struct {
					Text string `json:"text"`
				} `json:"message"`
			}
			jsonBody(r, &in)
			got, ok := d.take(in.Message.Text, comment, func(n int) string { return fmt.Sprintf("urn:li:comment:(urn:li:activity:1,%d)", 300+n) })
			if ok {
				w.Header().Set("X-Restli-Id", got.id)
				connectortest.JSON(w, http.StatusCreated, map[string]any{"$URN": got.id})
			}
		default:
			notFound(t, w, r)
		}
	})
}

// graphDouble serves Facebook's and Instagram's Graph API: one private
// conversation in which self (the page, or the Instagram account) is asked.
func graphDouble(self string) func(t *testing.T, d *double) http.Handler {
	return func(t *testing.T, d *double) http.Handler {
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
				var in struct {
					Message struct {
						Text string `json:"text"`
					} `json:"message"`
				}
				jsonBody(r, &in)
				got, ok := d.take(in.Message.Text, "", func(n int) string { return fmt.Sprintf("m_reply_%d", n) })
				if ok {
					answer(w, map[string]any{"recipient_id": "42", "message_id": got.id})
				}
			default:
				notFound(t, w, r)
			}
		})
	}
}
