package mastodon

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"careinbox/backend/connector/connectortest"
)

// double is a minimal Mastodon server: the endpoints the connector uses,
// every request and answer checked against the swagger.
type double struct {
	t    *testing.T
	srv  *connectortest.Server
	spec *swagger // nil without ../shared/specs: no contract check

	mu        sync.Mutex
	now       time.Time
	nextID    int
	token     string
	scopes    string
	statuses  map[string]map[string]any
	notifs    []map[string]any // oldest first
	convs     map[string]map[string]any
	posted    []url.Values
	idem      map[string]string // Idempotency-Key → status id
	fault     *connectortest.Fault
	remaining int // X-RateLimit-Remaining of the next answer
	// postRemaining is the posting window's (300 statuses per 3 hours),
	// which Mastodon reports in its answers to POST /api/v1/statuses.
	postRemaining int
	apps          map[string]url.Values
	codes         map[string]url.Values // code → authorize query
	stream        chan string           // events pushed to open streaming connections
	// streamSilent keeps an upgraded stream open without a word, for as
	// long as the client stays.
	streamSilent bool
	// streamMoved answers the streaming upgrade with a redirect there.
	streamMoved string
	// instance is GET /api/v2/instance's configuration (nil: a server
	// without it answers 404).
	instance map[string]any
	// noSearch answers text searches with nothing, as a server without
	// full-text search does.
	noSearch bool
}

func newDouble(t *testing.T) *double {
	d := &double{
		t: t, spec: optionalSwagger(t), now: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC),
		nextID: 100000, token: "tok-1", scopes: Scopes, remaining: 300, postRemaining: 300,
		statuses: map[string]map[string]any{}, convs: map[string]map[string]any{},
		idem: map[string]string{}, apps: map[string]url.Values{}, codes: map[string]url.Values{},
		stream: make(chan string, 4),
		instance: map[string]any{
			"statuses": map[string]any{"max_characters": 500, "characters_reserved_per_url": 23},
		},
	}
	d.srv = connectortest.NewServer(t, http.HandlerFunc(d.serve))
	return d
}

var (
	own   = acct("1", "askbrand", "Ask Brand")
	alice = acct("2", "alice@example.org", "Alice")
	bob   = acct("3", "bob", "Bob ✨")
	carol = acct("4", "carol@social.example", "")
)

func acct(id, acct, name string) map[string]any {
	user, _, _ := strings.Cut(acct, "@")
	return map[string]any{
		"id": id, "username": user, "acct": acct, "display_name": name, "locked": false, "bot": false,
		"created_at": "2024-01-01T00:00:00.000Z", "note": "", "url": "https://example.org/@" + user,
		"avatar": "", "avatar_static": "", "header": "", "header_static": "",
		"followers_count": 1, "following_count": 1, "statuses_count": 1, "emojis": []any{}, "fields": []any{},
	}
}

// seed: a public question, our answer, the customer's follow-up in that
// thread, and a direct message from someone else.
func (d *double) seed() {
	s1 := d.addStatus(alice, "public", "", `<p><span class="h-card"><a href="https://example.org/@askbrand" class="u-url mention">@<span>askbrand</span></a></span> my order #42 hasn&#39;t arrived</p>`, true)
	s2 := d.addStatus(own, "public", s1, `<p>@alice sorry! checking now</p>`, false)
	d.addStatus(alice, "public", s2, `<p>@askbrand thanks &amp; still waiting</p><p>any news?</p>`, true)
	d.addStatus(bob, "direct", "", `<p>@askbrand hi, can I get a refund?<br>Order 7</p>`, true)
}

func (d *double) id() string { d.nextID++; return strconv.Itoa(d.nextID) }

// addStatus stores a status; notify adds the mention notification (and
// keeps the direct conversation current) as the server would.
func (d *double) addStatus(author map[string]any, vis, replyTo, content string, notify bool) string {
	id := d.id()
	d.now = d.now.Add(time.Minute)
	var replyAcct any
	var reply any
	if replyTo != "" {
		reply, replyAcct = replyTo, d.statuses[replyTo]["account"].(map[string]any)["id"]
	}
	s := map[string]any{
		"id": id, "created_at": d.now.Format("2006-01-02T15:04:05.000Z"), "in_reply_to_id": reply,
		"in_reply_to_account_id": replyAcct, "sensitive": false, "spoiler_text": "", "visibility": vis,
		"language": "en", "uri": "https://example.org/statuses/" + id, "url": "https://example.org/@x/" + id,
		"replies_count": 0, "reblogs_count": 0, "favourites_count": 0, "favourited": false,
		"reblogged": false, "muted": false, "bookmarked": false, "pinned": false, "content": content,
		"reblog": nil, "account": author, "media_attachments": []any{}, "mentions": []any{},
		"tags": []any{}, "emojis": []any{}, "card": nil, "poll": nil,
	}
	d.statuses[id] = s
	if notify {
		d.notifs = append(d.notifs, map[string]any{
			"id": d.id(), "type": "mention", "created_at": s["created_at"], "account": author, "status": s,
		})
	}
	if vis == "direct" {
		other := author
		if author["id"] == own["id"] {
			other = d.statuses[replyTo]["account"].(map[string]any)
		}
		d.convs[other["id"].(string)] = map[string]any{
			"id": "c" + other["id"].(string), "unread": author["id"] != own["id"],
			"accounts": []any{other}, "last_status": s,
		}
	}
	return id
}

// AddInbound implements connectortest.Double: new public mentions.
func (d *double) AddInbound(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for range n {
		d.addStatus(carol, "public", "", `<p>@askbrand is the shop open today?</p>`, true)
	}
}

// Fail implements connectortest.Double.
func (d *double) Fail(f connectortest.Fault) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.fault = &f
}

func (d *double) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api/v1/streaming" {
		d.serveStream(w, r) // long-lived: must not hold the lock
		return
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	var form url.Values
	if r.Method == http.MethodPost {
		if err := r.ParseForm(); err != nil {
			d.t.Errorf("double: %v", err)
		}
		form = r.PostForm
	}
	if strings.HasPrefix(r.URL.Path, "/oauth/") {
		d.serveOAuth(w, r, form)
		return
	}
	granted := ""
	if r.URL.Path != "/api/v1/apps" {
		if r.Header.Get("Authorization") != "Bearer "+d.token {
			writeJSON(w, 401, map[string]any{"error": "The access token is invalid"})
			return
		}
		granted = d.scopes
	}
	tmpl, err := d.check(r, form, granted)
	if err != nil {
		d.t.Errorf("request breaks the contract: %v", err)
		writeJSON(w, 400, map[string]any{"error": err.Error()})
		return
	}
	if d.fault != nil {
		f := *d.fault
		d.fault = nil
		d.serveFault(w, f)
		return
	}
	left, window := &d.remaining, 5*time.Minute
	if r.Method == http.MethodPost && r.URL.Path == "/api/v1/statuses" {
		left, window = &d.postRemaining, 3*time.Hour
	}
	*left--
	w.Header().Set("X-RateLimit-Limit", "300")
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(max(*left, 0)))
	w.Header().Set("X-RateLimit-Reset", time.Now().Add(window).UTC().Format("2006-01-02T15:04:05.000000Z"))
	if *left < 0 {
		writeJSON(w, 429, map[string]any{"error": "Too many requests"})
		return
	}
	status, body := d.route(r, tmpl, form)
	if items, ok := body.([]map[string]any); ok && status == 200 && len(items) > 0 {
		d.link(w, r, tmpl, items)
	}
	if status == 200 {
		b, _ := json.Marshal(body)
		if err := d.checkResponse(r.Method, tmpl, b); err != nil {
			d.t.Errorf("the double's answer breaks the contract: %v", err)
		}
	}
	writeJSON(w, status, body)
}

// implemented are the operations route answers. Without the swagger they
// stand in for its path templates.
var implemented = []string{
	"/api/v1/apps", "/api/v1/accounts/verify_credentials", "/api/v1/notifications", "/api/v1/conversations",
	"/api/v1/statuses", "/api/v1/statuses/{id}", "/api/v1/statuses/{id}/context", "/api/v1/accounts/{id}/statuses", "/api/v1/streaming",
	"/api/v1/timelines/tag/{tag_name}", "/api/{api_version}/search", "/api/v2/instance",
}

// check validates a request against the swagger and returns its path
// template; without the swagger it only finds the template.
func (d *double) check(r *http.Request, form url.Values, granted string) (string, error) {
	if d.spec != nil {
		return d.spec.checkRequest(r, form, granted)
	}
	tmpl, ok := matchTemplate(implemented, r.URL.Path)
	if !ok {
		return r.URL.Path, nil // route reports it as not implemented
	}
	return tmpl, nil
}

// checkResponse validates an answer against the swagger, when there is one.
func (d *double) checkResponse(method, tmpl string, body []byte) error {
	if d.spec == nil {
		return nil
	}
	return d.spec.checkResponse(method, tmpl, body)
}

func (d *double) serveFault(w http.ResponseWriter, f connectortest.Fault) {
	switch f {
	case connectortest.Unauthorized:
		writeJSON(w, 401, map[string]any{"error": "The access token was revoked"})
	case connectortest.RateLimited:
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", time.Now().Add(3*time.Minute).UTC().Format(time.RFC3339))
		writeJSON(w, 429, map[string]any{"error": "Too many requests"})
	case connectortest.ServerError:
		writeJSON(w, 503, map[string]any{"error": "Service unavailable"})
	case connectortest.Garbage:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(200)
		fmt.Fprint(w, "<html><body>Maintenance</body></html>")
	}
}

func (d *double) route(r *http.Request, tmpl string, form url.Values) (int, any) {
	q := r.URL.Query()
	switch r.Method + " " + tmpl {
	case "POST /api/v1/apps":
		id := d.id()
		d.apps["client-"+id] = form
		return 200, map[string]any{
			"id": id, "name": form.Get("client_name"), "website": form.Get("website"),
			"redirect_uri": form.Get("redirect_uris"), "client_id": "client-" + id, "client_secret": "secret-" + id,
		}
	case "GET /api/v1/accounts/verify_credentials":
		return 200, own
	case "GET /api/v1/notifications":
		items := d.notifs
		if ts := q["types[]"]; len(ts) > 0 {
			items = slices.DeleteFunc(slices.Clone(items), func(n map[string]any) bool { return !slices.Contains(ts, n["type"].(string)) })
		}
		return 200, window(items, q)
	case "GET /api/v1/conversations":
		var cs []map[string]any
		for _, c := range d.convs {
			cs = append(cs, c)
		}
		slices.SortFunc(cs, func(a, b map[string]any) int { return idCmp(lastID(a), lastID(b)) })
		return 200, windowBy(cs, q, lastID)
	case "GET /api/v1/statuses/{id}/context":
		id := strings.Split(r.URL.Path, "/")[4]
		s, ok := d.statuses[id]
		if !ok {
			return 404, map[string]any{"error": "Record not found"}
		}
		var anc []any
		for p := s["in_reply_to_id"]; p != nil; p = d.statuses[p.(string)]["in_reply_to_id"] {
			anc = append([]any{d.statuses[p.(string)]}, anc...)
		}
		return 200, map[string]any{"ancestors": anc, "descendants": []any{}}
	case "GET /api/v2/instance":
		if d.instance == nil {
			return 404, map[string]any{"error": "Not found"}
		}
		return 200, map[string]any{"domain": d.srv.Listener.Addr().String(), "title": "Ask Brand's server", "version": "4.3.0", "configuration": d.instance}
	case "GET /api/v1/statuses/{id}":
		s, ok := d.statuses[strings.Split(r.URL.Path, "/")[4]]
		if !ok {
			return 404, map[string]any{"error": "Record not found"}
		}
		return 200, s
	case "POST /api/v1/statuses":
		if k := r.Header.Get("Idempotency-Key"); k != "" && d.idem[k] != "" {
			return 200, d.statuses[d.idem[k]]
		}
		if p := form.Get("in_reply_to_id"); p != "" && d.statuses[p] == nil {
			return 404, map[string]any{"error": "Record not found"}
		}
		d.posted = append(d.posted, form)
		id := d.addStatus(own, form.Get("visibility"), form.Get("in_reply_to_id"), "<p>"+form.Get("status")+"</p>", false)
		if k := r.Header.Get("Idempotency-Key"); k != "" {
			d.idem[k] = id
		}
		return 200, d.statuses[id]
	case "GET /api/v1/timelines/tag/{tag_name}":
		tag := strings.ToLower(strings.Split(r.URL.Path, "/")[5])
		return 200, windowBy(d.matching(func(s map[string]any) bool {
			c := strings.ToLower(s["content"].(string))
			return strings.Contains(c, "#"+tag) || strings.Contains(c, "/tags/"+tag+`"`) // Mastodon links a tag to its page
		}), q, statusID)
	case "GET /api/{api_version}/search":
		if d.noSearch {
			return 200, map[string]any{"accounts": []any{}, "statuses": []any{}, "hashtags": []any{}}
		}
		term := strings.ToLower(q.Get("q"))
		return 200, map[string]any{"accounts": []any{}, "hashtags": []any{}, "statuses": windowBy(d.matching(func(s map[string]any) bool {
			return strings.Contains(strings.ToLower(s["content"].(string)), term)
		}), q, statusID)}
	case "GET /api/v1/accounts/{id}/statuses":
		var ss []map[string]any
		for _, s := range d.statuses {
			if s["account"].(map[string]any)["id"] == strings.Split(r.URL.Path, "/")[4] {
				ss = append(ss, s)
			}
		}
		slices.SortFunc(ss, func(a, b map[string]any) int { return idCmp(a["id"].(string), b["id"].(string)) })
		return 200, windowBy(ss, q, func(s map[string]any) string { return s["id"].(string) })
	}
	d.t.Errorf("double: %s %s is in the swagger but not implemented", r.Method, tmpl)
	return 404, map[string]any{"error": "not implemented"}
}

// link sets the Link header the server sends with a page of a list
// (see the swagger's examples): rel="next" pages older with max_id, rel="prev"
// newer with min_id; conversations page by their last status's id.
func (d *double) link(w http.ResponseWriter, r *http.Request, tmpl string, items []map[string]any) {
	key := func(m map[string]any) string { return m["id"].(string) }
	switch tmpl {
	case "/api/v1/notifications":
	case "/api/v1/conversations":
		key = lastID
	default:
		return
	}
	page := func(k, v string) string {
		q := url.Values{"limit": {r.URL.Query().Get("limit")}, k: {v}}
		return d.srv.URL + tmpl + "?" + q.Encode()
	}
	w.Header().Set("Link", fmt.Sprintf(`<%s>; rel="next", <%s>; rel="prev"`,
		page("max_id", key(items[len(items)-1])), page("min_id", key(items[0]))))
}

func lastID(c map[string]any) string { return c["last_status"].(map[string]any)["id"].(string) }

func idCmp(a, b string) int {
	if len(a) != len(b) {
		return len(a) - len(b)
	}
	return strings.Compare(a, b)
}

func window(items []map[string]any, q url.Values) []map[string]any {
	return windowBy(items, q, func(m map[string]any) string { return m["id"].(string) })
}

// windowBy applies Mastodon's paging to items sorted oldest first and
// answers newest first: max_id/since_id bound the range; min_id takes the
// page immediately newer than it.
func windowBy(items []map[string]any, q url.Values, id func(map[string]any) string) []map[string]any {
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 {
		limit = 20
	}
	var in []map[string]any
	for _, it := range items {
		i := id(it)
		if v := q.Get("max_id"); v != "" && idCmp(i, v) >= 0 {
			continue
		}
		if v := q.Get("since_id"); v != "" && idCmp(i, v) <= 0 {
			continue
		}
		if v := q.Get("min_id"); v != "" && idCmp(i, v) <= 0 {
			continue
		}
		in = append(in, it)
	}
	if q.Get("min_id") != "" && len(in) > limit {
		in = in[:limit]
	} else if len(in) > limit {
		in = in[len(in)-limit:]
	}
	out := slices.Clone(in)
	slices.Reverse(out)
	if out == nil {
		out = []map[string]any{}
	}
	return out
}

func statusID(s map[string]any) string { return s["id"].(string) }

// matching lists the public statuses that match, oldest first.
func (d *double) matching(match func(map[string]any) bool) []map[string]any {
	var out []map[string]any
	for _, s := range d.statuses {
		if s["visibility"] == "public" && match(s) {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b map[string]any) int { return idCmp(statusID(a), statusID(b)) })
	return out
}
