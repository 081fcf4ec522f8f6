package x

import (
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"

	"careinbox/backend/connector/connectortest"
)

// double is a minimal X API v2 with its OAuth 2.0 endpoints. Every API
// request and answer goes through the OpenAPI contract (openapi_test.go);
// a violation fails the test and is answered 400 so the connector fails too.
type double struct {
	t   *testing.T
	srv *connectortest.Server
	ct  *contract

	mu       sync.Mutex
	clientID string
	scope    string
	access   map[string]bool
	refresh  map[string]bool
	codes    map[string]grant
	seq      int
	clock    time.Time
	mentions []map[string]any // newest first
	dms      []map[string]any // newest first
	posted   []map[string]any
	timeline []map[string]any // the account's own posts as X shows them, newest first
	sentDMs  []map[string]any
	// lose makes the next post or DM go out but its answer fail (a 503),
	// as when the connection breaks after X acted.
	lose      bool
	requests  map[string]int // per bucket
	remaining map[string]int // per bucket; absent = plenty
	restrict  map[string]bool
	fault     *connectortest.Fault
}

type grant struct{ challenge, redirect string }

const ownID = "1000000000000000001"

var (
	ana = map[string]any{"id": "2001", "username": "ana_k", "name": "Ana 🌷"}
	ben = map[string]any{"id": "2002", "username": "benbuys", "name": "Ben"}
	own = map[string]any{"id": ownID, "username": "AskBrand", "name": "Brand Support"}
)

func newDouble(t *testing.T) *double {
	d := &double{t: t, ct: optionalContract(t), clientID: "client-123", scope: Scopes,
		access: map[string]bool{"at-0": true}, refresh: map[string]bool{"rt-0": true}, codes: map[string]grant{},
		clock: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC), requests: map[string]int{}, remaining: map[string]int{},
		restrict: map[string]bool{}}
	d.srv = connectortest.NewServer(t, http.HandlerFunc(d.serve))
	return d
}

func (d *double) id(base int64) string { d.seq++; return strconv.FormatInt(base+int64(d.seq), 10) }

func (d *double) mention(author map[string]any, text, replyTo, conv string) string {
	d.clock = d.clock.Add(time.Minute)
	id := d.id(1860000000000000000)
	if conv == "" {
		conv = id
	}
	p := map[string]any{"id": id, "text": text, "author_id": author["id"], "conversation_id": conv,
		"created_at": d.clock.Format(time.RFC3339), "edit_history_post_ids": []any{id}}
	if replyTo != "" {
		p["referenced_posts"] = []any{map[string]any{"type": "replied_to", "id": replyTo}}
	}
	d.mentions = append([]map[string]any{p}, d.mentions...)
	return id
}

func (d *double) dm(from, to map[string]any, text string) string {
	id := d.id(1870000000000000000)
	d.dmEvent(id, from, to, text)
	return id
}

func (d *double) dmEvent(id string, from, to map[string]any, text string) {
	d.clock = d.clock.Add(time.Minute)
	a, b := from["id"].(string), to["id"].(string)
	if len(a) > len(b) || len(a) == len(b) && a > b {
		a, b = b, a
	}
	d.dms = append([]map[string]any{{"id": id, "event_type": "MessageCreate", "text": text,
		"sender_id": from["id"], "dm_conversation_id": a + "-" + b, "created_at": d.clock.Format(time.RFC3339),
		"participant_ids": []any{from["id"], to["id"]}}}, d.dms...)
}

func (d *double) seed() {
	root := d.mention(ana, "@AskBrand my parcel is late", "", "")
	d.mention(ana, "@AskBrand still nothing 😕", root, root)
	d.mention(ben, "@AskBrand do you ship to Iceland?", "", "")
	d.dm(ben, own, "Hi, order 7 arrived broken")
	d.dm(own, ben, "Sorry! Sending a new one.")
}

// AddInbound implements connectortest.Double.
func (d *double) AddInbound(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := range n {
		if i%2 == 0 {
			d.mention(ben, fmt.Sprintf("@AskBrand hello? %d", d.seq), "", "")
		} else {
			d.dm(ana, own, fmt.Sprintf("are you there? %d", d.seq))
		}
	}
}

// Fail implements connectortest.Double. Unauthorized revokes the whole
// grant, as a user removing the app does: the refresh token dies too.
func (d *double) Fail(f connectortest.Fault) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.fault = &f
	if f == connectortest.Unauthorized {
		d.access, d.refresh = map[string]bool{}, map[string]bool{}
	}
}

func (d *double) serve(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	defer d.mu.Unlock()
	switch r.URL.Path {
	case "/oauth2/authorize":
		d.authorize(w, r)
		return
	case "/2/oauth2/token":
		d.token(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	var in *openapi3filter.RequestValidationInput
	if d.ct != nil {
		var err error
		if in, err = d.ct.checkRequest(r, body, d.scope); err != nil {
			d.t.Errorf("request breaks the contract: %v", err)
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
	}
	rec := httptest.NewRecorder()
	garbage := d.api(rec, r, body)
	if !garbage && d.ct != nil {
		if err := d.ct.checkResponse(in, rec.Code, rec.Header(), rec.Body.Bytes()); err != nil {
			d.t.Errorf("the double's answer breaks the contract: %v", err)
		}
	}
	for k, v := range rec.Header() {
		w.Header()[k] = v
	}
	w.WriteHeader(rec.Code)
	_, _ = w.Write(rec.Body.Bytes())
}

func writeJSON(w http.ResponseWriter, status int, v any) { connectortest.JSON(w, status, v) }

// api answers one validated request; it reports an injected garbage answer,
// which is off-contract on purpose.
func (d *double) api(w http.ResponseWriter, r *http.Request, body []byte) (garbage bool) {
	bucket := bucketOf(r)
	d.requests[bucket]++
	if f := d.fault; f != nil {
		d.fault = nil
		switch *f {
		case connectortest.Unauthorized:
			writeJSON(w, 401, map[string]any{"code": 89, "message": "Invalid or expired token."})
		case connectortest.RateLimited:
			w.Header().Set("x-rate-limit-remaining", "0")
			w.Header().Set("x-rate-limit-reset", strconv.FormatInt(time.Now().Add(10*time.Minute).Unix(), 10))
			writeJSON(w, 429, map[string]any{"code": 88, "message": "Rate limit exceeded"})
		case connectortest.ServerError:
			writeJSON(w, 503, map[string]any{"code": 130, "message": "Over capacity"})
		case connectortest.Garbage:
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`<html>maintenance</html>`))
			return true
		}
		return false
	}
	if !d.access[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")] {
		writeJSON(w, 401, map[string]any{"code": 89, "message": "Invalid or expired token."})
		return false
	}
	limit := 300
	if bucket == "dm_events" || bucket == "dm_lookup" {
		limit = 15
	}
	rem, ok := d.remaining[bucket]
	if !ok {
		rem = limit
	}
	if rem <= 0 {
		writeJSON(w, 429, map[string]any{"code": 88, "message": "Rate limit exceeded"})
		return false
	}
	d.remaining[bucket] = rem - 1
	w.Header().Set("x-rate-limit-limit", strconv.Itoa(limit))
	w.Header().Set("x-rate-limit-remaining", strconv.Itoa(rem-1))
	w.Header().Set("x-rate-limit-reset", strconv.FormatInt(time.Now().Add(15*time.Minute).Unix(), 10))
	q := r.URL.Query()
	switch {
	case r.URL.Path == "/2/users/me":
		writeJSON(w, 200, map[string]any{"data": own})
	case strings.HasSuffix(r.URL.Path, "/mentions"):
		d.listMentions(w, q)
	case r.URL.Path == "/2/tweets/search/recent":
		d.searchRecent(w, q)
	case r.URL.Path == "/2/dm_events":
		d.listDMs(w, q)
	case bucket == "timeline":
		d.listOwnPosts(w, q)
	case bucket == "dm_lookup":
		d.listConversation(w, q, strings.Split(r.URL.Path, "/")[4])
	case r.URL.Path == "/2/tweets":
		var in struct {
			Text  string `json:"text"`
			Reply struct {
				To string `json:"in_reply_to_tweet_id"`
			} `json:"reply"`
		}
		_ = json.Unmarshal(body, &in)
		if d.restrict[in.Reply.To] {
			w.Header().Set("Content-Type", "application/problem+json")
			w.WriteHeader(403)
			_ = json.NewEncoder(w).Encode(map[string]any{"type": "https://api.x.com/2/problems/disallowed-resource", "title": "Forbidden", "status": 403,
				"detail": "Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to."})
			return false
		}
		id := d.id(1860000000000000000)
		d.posted = append(d.posted, map[string]any{"id": id, "text": in.Text, "in_reply_to": in.Reply.To})
		d.ownPost(id, in.Text, in.Reply.To)
		if d.lost(w) {
			return false
		}
		writeJSON(w, 201, map[string]any{"data": map[string]any{"id": id, "text": in.Text, "edit_history_post_ids": []any{id}}})
	case strings.HasPrefix(r.URL.Path, "/2/dm_conversations/with/"):
		var in struct {
			Text string `json:"text"`
		}
		_ = json.Unmarshal(body, &in)
		to := strings.Split(r.URL.Path, "/")[4]
		id := d.id(1870000000000000000)
		d.sentDMs = append(d.sentDMs, map[string]any{"to": to, "text": in.Text, "id": id})
		d.dmEvent(id, own, map[string]any{"id": to}, asX(in.Text, ""))
		if d.lost(w) {
			return false
		}
		writeJSON(w, 201, map[string]any{"data": map[string]any{"dm_conversation_id": to + "-" + ownID, "dm_event_id": id}})
	default:
		writeJSON(w, 404, map[string]any{"code": 34, "message": "Sorry, that page does not exist."})
	}
	return false
}

func bucketOf(r *http.Request) string {
	switch {
	case strings.HasSuffix(r.URL.Path, "/mentions"):
		return "mentions"
	case r.URL.Path == "/2/dm_events":
		return "dm_events"
	case strings.HasPrefix(r.URL.Path, "/2/users/") && strings.HasSuffix(r.URL.Path, "/tweets"):
		return "timeline"
	case strings.HasPrefix(r.URL.Path, "/2/dm_conversations/") && strings.HasSuffix(r.URL.Path, "/dm_events"):
		return "dm_lookup"
	case strings.HasPrefix(r.URL.Path, "/2/dm_conversations/"):
		return "dm_send"
	}
	return strings.TrimPrefix(r.URL.Path, "/2/")
}

// page cuts a newest-first list after offset (from the token).
func page(list []map[string]any, q url.Values, def int) (out []map[string]any, next string) {
	n := def
	if v := q.Get("max_results"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	off := 0
	if tok := q.Get("pagination_token"); tok != "" {
		off, _ = strconv.Atoi(strings.TrimLeft(strings.TrimPrefix(tok, "next"), "0"))
	}
	end := min(off+n, len(list))
	if off < len(list) {
		out = list[off:end]
	}
	if end < len(list) {
		next = fmt.Sprintf("next%016d", end)
	}
	return out, next
}

func (d *double) includeUsers(ids ...any) []any {
	var users []any
	seen := map[any]bool{}
	for _, id := range ids {
		for _, u := range []map[string]any{ana, ben, own} {
			if u["id"] == id && !seen[id] {
				seen[id] = true
				users = append(users, u)
			}
		}
	}
	return users
}

func (d *double) listMentions(w http.ResponseWriter, q url.Values) {
	var list []map[string]any
	for _, m := range d.mentions {
		if s := q.Get("since_id"); s == "" || newer(m["id"].(string), s) {
			list = append(list, m)
		}
	}
	// "Up to 800 of the most recent mentions" is all the timeline keeps.
	list = list[:min(len(list), mentionsWindow)]
	data, next := page(requested(list, q), q, 10)
	out := map[string]any{"meta": map[string]any{"result_count": len(data)}}
	if len(data) > 0 {
		var authors []any
		for _, m := range data {
			authors = append(authors, m["author_id"])
		}
		out["data"] = data
		out["includes"] = map[string]any{"users": d.includeUsers(authors...)}
		out["meta"].(map[string]any)["newest_id"] = data[0]["id"]
		out["meta"].(map[string]any)["oldest_id"] = data[len(data)-1]["id"]
	}
	if next != "" {
		out["meta"].(map[string]any)["next_token"] = next
	}
	writeJSON(w, 200, out)
}

// mentionsWindow is how many mentions X's timeline reaches back.
const mentionsWindow = 800

func (d *double) listDMs(w http.ResponseWriter, q url.Values) {
	data, next := page(d.dms, q, 100)
	if !slices.Contains(strings.Split(q.Get("dm_event.fields"), ","), "entities") {
		// X sends entities only when asked for.
		for i := range data {
			data[i] = maps.Clone(data[i])
			delete(data[i], "entities")
		}
	}
	out := map[string]any{"meta": map[string]any{"result_count": len(data)}}
	if len(data) > 0 {
		var ids []any
		for _, e := range data {
			ids = append(ids, e["participant_ids"].([]any)...)
		}
		out["data"] = data
		out["includes"] = map[string]any{"users": d.includeUsers(ids...)}
	}
	if next != "" {
		out["meta"].(map[string]any)["next_token"] = next
	}
	writeJSON(w, 200, out)
}

// authorize is the consent page: it checks the PKCE request and redirects
// straight to the loopback callback with a code, as X does after "Authorize app".
func (d *double) authorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	ru, err := url.Parse(q.Get("redirect_uri"))
	switch {
	case q.Get("response_type") != "code" || q.Get("client_id") != d.clientID:
		http.Error(w, "unknown client", 400)
	case err != nil || ru.Hostname() != "127.0.0.1" || ru.Scheme != "http":
		http.Error(w, "redirect must be a loopback address", 400)
	case q.Get("code_challenge_method") != "S256" || len(q.Get("code_challenge")) != 43:
		http.Error(w, "PKCE S256 required", 400)
	case q.Get("scope") != Scopes:
		http.Error(w, "unexpected scopes "+q.Get("scope"), 400)
	default:
		code := "code-" + d.id(0)
		d.codes[code] = grant{challenge: q.Get("code_challenge"), redirect: q.Get("redirect_uri")}
		http.Redirect(w, r, q.Get("redirect_uri")+"?"+url.Values{"code": {code}, "state": {q.Get("state")}}.Encode(), http.StatusFound)
	}
}

func (d *double) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.PostForm.Get("client_id") != d.clientID {
		writeJSON(w, 400, map[string]any{"error": "invalid_client"})
		return
	}
	f := r.PostForm
	switch f.Get("grant_type") {
	case "authorization_code":
		g, ok := d.codes[f.Get("code")]
		delete(d.codes, f.Get("code"))
		sum := sha256.Sum256([]byte(f.Get("code_verifier")))
		if !ok || g.redirect != f.Get("redirect_uri") || base64.RawURLEncoding.EncodeToString(sum[:]) != g.challenge {
			writeJSON(w, 400, map[string]any{"error": "invalid_request", "error_description": "Value passed for the authorization code was invalid."})
			return
		}
	case "refresh_token":
		if !d.refresh[f.Get("refresh_token")] {
			writeJSON(w, 400, map[string]any{"error": "invalid_request", "error_description": "Value passed for the token was invalid."})
			return
		}
		delete(d.refresh, f.Get("refresh_token")) // rotation: the old one is spent
	default:
		writeJSON(w, 400, map[string]any{"error": "unsupported_grant_type"})
		return
	}
	n := d.id(0)
	d.access["at-"+n], d.refresh["rt-"+n] = true, true
	writeJSON(w, 200, map[string]any{"token_type": "bearer", "expires_in": 7200, "access_token": "at-" + n,
		"scope": d.scope, "refresh_token": "rt-" + n})
}

// searchRecent answers recent search over the mentions (all public here):
// the quoted phrase or #tag of the query, case-insensitively, newest first.
func (d *double) searchRecent(w http.ResponseWriter, q url.Values) {
	query := q.Get("query")
	term := strings.ToLower(strings.Trim(strings.Fields(strings.ReplaceAll(query, " -is:retweet", ""))[0], `"`))
	if strings.HasPrefix(query, `"`) {
		term = strings.ToLower(query[1 : strings.Index(query[1:], `"`)+1])
	}
	var list []map[string]any
	for _, m := range d.mentions {
		if !strings.Contains(strings.ToLower(m["text"].(string)), term) {
			continue
		}
		if s := q.Get("since_id"); s == "" || newer(m["id"].(string), s) {
			v := maps.Clone(m)
			v["lang"] = "en"
			v["public_metrics"] = map[string]any{"repost_count": 1, "reply_count": 0, "like_count": 2, "quote_count": 0,
				"bookmark_count": 0, "impression_count": 40}
			list = append(list, v)
		}
	}
	max, _ := strconv.Atoi(q.Get("max_results"))
	if max == 0 {
		max = 10
	}
	list = requested(list[:min(len(list), max)], q)
	out := map[string]any{"meta": map[string]any{"result_count": len(list)}}
	if len(list) > 0 {
		var authors []any
		for _, m := range list {
			authors = append(authors, m["author_id"])
		}
		out["data"] = list
		out["includes"] = map[string]any{"users": d.includeUsers(authors...)}
		out["meta"].(map[string]any)["newest_id"] = list[0]["id"]
	}
	writeJSON(w, 200, out)
}
