package telegram

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"careinbox/backend/connector/connectortest"
)

// double is a minimal Bot API server. It accepts only the methods and
// parameters of the Bot API reference (core.telegram.org/bots/api) that
// it knows, so a connector calling anything else fails the test.
type double struct {
	t     *testing.T
	srv   *connectortest.Server
	token string

	mu      sync.Mutex
	updates []map[string]any // unconfirmed, oldest first
	nextUpd int64
	nextMsg int64
	date    int64
	sent    []map[string]any
	fault   *connectortest.Fault
	calls   []string
}

const botID = 999000

// oldGroup is a basic group that became the supergroup -100500.
const oldGroup = -500

// params lists each method's parameters per the Bot API reference
// (true = required).
var params = map[string]map[string]bool{
	"getMe":      {},
	"getUpdates": {"offset": false, "limit": false, "timeout": false, "allowed_updates": false},
	"sendMessage": {"business_connection_id": false, "chat_id": true, "message_thread_id": false,
		"direct_messages_topic_id": false, "text": true, "parse_mode": false, "entities": false,
		"link_preview_options": false, "disable_notification": false, "protect_content": false,
		"allow_paid_broadcast": false, "message_effect_id": false, "suggested_post_parameters": false,
		"reply_parameters": false, "reply_markup": false},
}

var replyParams = map[string]bool{"message_id": true, "chat_id": false, "allow_sending_without_reply": false,
	"quote": false, "quote_parse_mode": false, "quote_entities": false, "quote_position": false, "checklist_task_id": false}

var updateTypes = []string{"message", "edited_message", "channel_post", "edited_channel_post", "business_connection",
	"business_message", "edited_business_message", "deleted_business_messages", "message_reaction",
	"message_reaction_count", "inline_query", "chosen_inline_result", "callback_query", "shipping_query",
	"pre_checkout_query", "purchased_paid_media", "poll", "poll_answer", "my_chat_member", "chat_member",
	"chat_join_request", "chat_boost", "removed_chat_boost"}

func newDouble(t *testing.T) *double {
	d := &double{t: t, token: "999000:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", nextUpd: 500, date: 1795424400}
	d.srv = connectortest.NewServer(t, http.HandlerFunc(d.serve))
	return d
}

func u(id int64, first, username string) map[string]any {
	m := map[string]any{"id": id, "is_bot": false, "first_name": first}
	if username != "" {
		m["username"] = username
	}
	return m
}

var (
	ana   = u(111, "Ana", "ana_k")
	ben   = u(222, "Ben", "")
	owner = u(777, "Shop", "shop_owner")
	carl  = u(333, "Carl", "carl")
	group = map[string]any{"id": -100500, "type": "supergroup", "title": "Shop fans"}
)

func private(from map[string]any) map[string]any {
	return map[string]any{"id": from["id"], "type": "private", "first_name": from["first_name"]}
}

// msg builds a message and queues it as an update of kind.
func (d *double) msg(kind string, from, chat map[string]any, text string, extra map[string]any) map[string]any {
	d.nextMsg++
	d.date += 60
	m := map[string]any{"message_id": d.nextMsg, "from": from, "chat": chat, "date": d.date, "text": text}
	for k, v := range extra {
		m[k] = v
	}
	d.push(kind, m)
	return m
}

func (d *double) push(kind string, v any) {
	d.nextUpd++
	d.updates = append(d.updates, map[string]any{"update_id": d.nextUpd, kind: v})
}

func (d *double) seed() {
	first := d.msg("message", ana, private(ana), "Hi, where is my order?", nil)
	// Telegram counts entity offsets in UTF-16: "🙂 " is 3 units.
	d.msg("message", carl, group, "🙂 @CareBot is the shop open?", map[string]any{
		"entities": []any{map[string]any{"type": "mention", "offset": 3, "length": 8}}})
	d.msg("message", carl, group, "unrelated group chatter", nil)
	d.push("business_connection", map[string]any{"id": "bc1", "user": owner, "user_chat_id": 777, "date": d.date,
		"can_reply": true, "is_enabled": true})
	d.msg("business_message", ben, private(ben), "Do you ship to Oslo?", map[string]any{"business_connection_id": "bc1"})
	d.msg("business_message", owner, private(ben), "Yes we do!", map[string]any{"business_connection_id": "bc1"})
	edited := map[string]any{}
	for k, v := range first {
		edited[k] = v
	}
	edited["text"], edited["edit_date"] = "Hi, where is my order #42?", d.date+5
	d.push("edited_message", edited)
}

// AddInbound implements connectortest.Double.
func (d *double) AddInbound(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for range n {
		d.msg("message", carl, private(carl), "Hello?", nil)
	}
}

// Fail implements connectortest.Double.
func (d *double) Fail(f connectortest.Fault) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.fault = &f
}

func reply(w http.ResponseWriter, status int, v map[string]any) { connectortest.JSON(w, status, v) }

func fail(w http.ResponseWriter, code int, desc string, extra map[string]any) {
	v := map[string]any{"ok": false, "error_code": code, "description": desc}
	for k, x := range extra {
		v[k] = x
	}
	reply(w, code, v)
}

func (d *double) serve(w http.ResponseWriter, r *http.Request) {
	tokenAndMethod, ok := strings.CutPrefix(r.URL.Path, "/bot")
	token, method, _ := strings.Cut(tokenAndMethod, "/")
	d.mu.Lock()
	d.calls = append(d.calls, method)
	if !ok || token != d.token {
		d.mu.Unlock()
		fail(w, 401, "Unauthorized", nil)
		return
	}
	if d.fault != nil {
		f := *d.fault
		d.fault = nil
		d.mu.Unlock()
		switch f {
		case connectortest.Unauthorized:
			fail(w, 401, "Unauthorized", nil)
		case connectortest.RateLimited:
			fail(w, 429, "Too Many Requests: retry after 30", map[string]any{"parameters": map[string]any{"retry_after": 30}})
		case connectortest.ServerError:
			w.WriteHeader(502)
			fmt.Fprint(w, "<html><h1>502 Bad Gateway</h1></html>")
		case connectortest.Garbage:
			fmt.Fprint(w, "{\"ok\":true,\"result\":")
		}
		return
	}
	d.mu.Unlock()
	var body map[string]json.RawMessage
	if r.ContentLength != 0 {
		if r.Header.Get("Content-Type") != "application/json" || json.NewDecoder(r.Body).Decode(&body) != nil {
			d.t.Errorf("%s: body is not JSON", method)
		}
	}
	spec, known := params[method]
	if !known {
		d.t.Errorf("double: Bot API method %q is not implemented", method)
		fail(w, 404, "Not Found", nil)
		return
	}
	for k := range body {
		if _, ok := spec[k]; !ok {
			d.t.Errorf("%s: parameter %q is not in the Bot API", method, k)
		}
	}
	for k, req := range spec {
		if _, ok := body[k]; req && !ok {
			d.t.Errorf("%s: required parameter %q missing", method, k)
			fail(w, 400, "Bad Request: "+k+" is empty", nil)
			return
		}
	}
	switch method {
	case "getMe":
		reply(w, 200, map[string]any{"ok": true, "result": map[string]any{"id": botID, "is_bot": true, "first_name": "Care",
			"username": "CareBot", "can_join_groups": true, "can_read_all_group_messages": false,
			"supports_inline_queries": false, "can_connect_to_business": true}})
	case "getUpdates":
		d.getUpdates(w, r, body)
	case "sendMessage":
		d.sendMessage(w, body)
	}
}

func (d *double) getUpdates(w http.ResponseWriter, r *http.Request, body map[string]json.RawMessage) {
	var q struct {
		Offset         int64    `json:"offset"`
		Limit          int      `json:"limit"`
		Timeout        int      `json:"timeout"`
		AllowedUpdates []string `json:"allowed_updates"`
	}
	b, _ := json.Marshal(body)
	if err := json.Unmarshal(b, &q); err != nil {
		d.t.Errorf("getUpdates: %v", err)
	}
	for _, a := range q.AllowedUpdates {
		if !slices.Contains(updateTypes, a) {
			d.t.Errorf("getUpdates: %q is not an update type", a)
		}
	}
	if q.Limit <= 0 || q.Limit > 100 {
		q.Limit = 100
	}
	deadline := time.Now().Add(time.Duration(q.Timeout) * time.Second)
	for {
		d.mu.Lock()
		if q.Offset != 0 { // confirms every update before offset
			d.updates = slices.DeleteFunc(d.updates, func(u map[string]any) bool { return u["update_id"].(int64) < q.Offset })
		}
		var out []map[string]any
		for _, u := range d.updates {
			if q.AllowedUpdates == nil || slices.ContainsFunc(q.AllowedUpdates, func(k string) bool { _, ok := u[k]; return ok }) {
				out = append(out, u)
			}
		}
		d.mu.Unlock()
		if len(out) > q.Limit {
			out = out[:q.Limit]
		}
		if len(out) > 0 || time.Now().After(deadline) || r.Context().Err() != nil {
			if out == nil {
				out = []map[string]any{}
			}
			reply(w, 200, map[string]any{"ok": true, "result": out})
			return
		}
		time.Sleep(10 * time.Millisecond) // a long poll
	}
}

func (d *double) sendMessage(w http.ResponseWriter, body map[string]json.RawMessage) {
	var rp map[string]json.RawMessage
	if raw, ok := body["reply_parameters"]; ok {
		if err := json.Unmarshal(raw, &rp); err != nil {
			d.t.Errorf("reply_parameters: %v", err)
		}
		for k := range rp {
			if _, ok := replyParams[k]; !ok {
				d.t.Errorf("reply_parameters.%s is not in the Bot API", k)
			}
		}
		if _, ok := rp["message_id"]; !ok {
			d.t.Error("reply_parameters without message_id")
		}
	}
	var p struct {
		ChatID int64  `json:"chat_id"`
		Text   string `json:"text"`
	}
	b, _ := json.Marshal(body)
	_ = json.Unmarshal(b, &p)
	if p.ChatID == 403 {
		fail(w, 403, "Forbidden: bot was blocked by the user", nil)
		return
	}
	if p.ChatID == oldGroup { // a group Telegram upgraded to a supergroup
		fail(w, 400, "Bad Request: group chat was upgraded to a supergroup chat",
			map[string]any{"parameters": map[string]any{"migrate_to_chat_id": -100500}})
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	var sent map[string]any
	_ = json.Unmarshal(b, &sent)
	d.sent = append(d.sent, sent)
	d.nextMsg++
	d.date += 60
	reply(w, 200, map[string]any{"ok": true, "result": map[string]any{"message_id": d.nextMsg,
		"from": map[string]any{"id": botID, "is_bot": true, "first_name": "Care", "username": "CareBot"},
		"chat": map[string]any{"id": p.ChatID, "type": "private"}, "date": d.date, "text": p.Text}})
}
