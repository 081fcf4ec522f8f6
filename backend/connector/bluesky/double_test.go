package bluesky

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
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

// double is a minimal PDS with the chat proxy: the XRPC endpoints the
// connector uses, each request and answer checked against the lexicons.
type double struct {
	t   *testing.T
	srv *connectortest.Server
	lex *lexicons // nil without ../shared/specs: no contract check

	mu       sync.Mutex
	password string
	access   string
	refresh  string
	chatOK   bool // the app password has the DM privilege
	// chatRefusal is the status of the refusal without it: 400 "Bad
	// token method" as a real PDS answers, else 401 "Bad token scope".
	chatRefusal int
	chatRefused int // chat calls refused
	clock       time.Time
	seq         int
	notifs      []map[string]any // newest first
	posts       map[string]map[string]any
	logs        []map[string]any // oldest first
	created     []map[string]any
	sentChat    []map[string]any
	fault       *connectortest.Fault
	sessions    int
	// records are our repo's posts by record key (uri, cid, value).
	records map[string]map[string]any
	// convos maps a member's DID to our 1-1 conversation with them.
	convos map[string]string
	// loseAnswer commits the next createRecord or sendMessage, then
	// answers 502 as if the connection broke before the answer arrived.
	loseAnswer bool
	// takenStatus is the status createRecord answers for a taken record
	// key: 500 as a real PDS does, else 400.
	takenStatus int
	// staleToken is how an access token that is not the current one is
	// refused: "" as an expired one (400 ExpiredToken), "InvalidToken" as
	// one the PDS cannot verify (400 too, as the PDS answers "Token could
	// not be verified", e.g. after its signing key changed).
	staleToken string
	// accountStatus, when set ("AccountTakedown", "AccountDeactivated"),
	// is the 401 every authenticated call and createSession answer.
	accountStatus string
}

const ownDID = "did:plc:shop"

var (
	ana = map[string]any{"did": "did:plc:ana", "handle": "ana.bsky.social", "displayName": "Ana 🌷"}
	ben = map[string]any{"did": "did:plc:ben", "handle": "ben.example.com"}
)

func newDouble(t *testing.T) *double {
	d := &double{t: t, lex: optionalLexicons(t), password: "abcd-efgh-ijkl-mnop", chatOK: true, clock: time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC),
		posts: map[string]map[string]any{}, records: map[string]map[string]any{}, convos: map[string]string{"did:plc:ben": "convo-ben"}}
	d.srv = connectortest.NewServer(t, http.HandlerFunc(d.serve))
	return d
}

func (d *double) next() string { d.seq++; return strconv.Itoa(d.seq) }

// post stores a post by author and, when it concerns us, a notification.
func (d *double) post(author map[string]any, text string, parent string, reason string) string {
	d.clock = d.clock.Add(time.Minute)
	return d.postAt(author, text, parent, reason, d.clock)
}

// postAt is post with the author's clock saying createdAt. Like the
// AppView, the notification's indexedAt (and its place in the list) is the
// earlier of createdAt and the time it was indexed (d.clock).
func (d *double) postAt(author map[string]any, text string, parent string, reason string, createdAt time.Time) string {
	indexedAt := d.clock
	if createdAt.Before(indexedAt) {
		indexedAt = createdAt
	}
	uri := fmt.Sprintf("at://%s/app.bsky.feed.post/3k%s", author["did"], d.next())
	cid := "bafyrei" + d.next()
	rec := map[string]any{"$type": "app.bsky.feed.post", "text": text, "createdAt": createdAt.Format(time.RFC3339)}
	if parent != "" {
		p := d.posts[parent]
		root := map[string]any{"uri": p["uri"], "cid": p["cid"]}
		if pr, ok := p["record"].(map[string]any)["reply"].(map[string]any); ok {
			root = pr["root"].(map[string]any)
		}
		rec["reply"] = map[string]any{"root": root, "parent": map[string]any{"uri": p["uri"], "cid": p["cid"]}}
	}
	d.posts[uri] = map[string]any{"uri": uri, "cid": cid, "author": author, "record": rec,
		"indexedAt": indexedAt.Format(time.RFC3339Nano)}
	if reason != "" {
		n := map[string]any{"uri": uri, "cid": cid, "author": author, "reason": reason,
			"record": rec, "isRead": false, "indexedAt": indexedAt.Format(time.RFC3339Nano)}
		i := 0 // newest first, by indexedAt
		for i < len(d.notifs) && d.notifs[i]["indexedAt"].(string) > n["indexedAt"].(string) {
			i++
		}
		d.notifs = slices.Insert(d.notifs, i, n)
	}
	return uri
}

func (d *double) chat(from map[string]any, text string) {
	d.chatIn("convo-ben", from["did"].(string), text)
}

// chatIn adds a message to a conversation's log and returns its view.
func (d *double) chatIn(convo, sender, text string) map[string]any {
	d.clock = d.clock.Add(time.Minute)
	rev := fmt.Sprintf("22%06d", d.seq+1)
	id := "msg" + d.next()
	msg := map[string]any{"$type": "chat.bsky.convo.defs#messageView", "id": id, "rev": rev, "text": text,
		"sender": map[string]any{"did": sender}, "sentAt": d.clock.Format(time.RFC3339Nano)}
	d.logs = append(d.logs, map[string]any{"$type": "chat.bsky.convo.defs#logCreateMessage", "rev": rev, "convoId": convo,
		"message": msg, "relatedProfiles": []any{ben, map[string]any{"did": ownDID, "handle": "shop.bsky.social"}}})
	return msg
}

func (d *double) convoView(id, member string) map[string]any {
	m := map[string]any{"did": member, "handle": "someone.bsky.social"}
	for _, p := range []map[string]any{ana, ben} {
		if p["did"] == member {
			m = p
		}
	}
	return map[string]any{"id": id, "rev": "1", "members": []any{m, map[string]any{"did": ownDID, "handle": "shop.bsky.social"}},
		"muted": false, "unreadCount": 0}
}

// lose reports (and clears) loseAnswer, answering 502 when set.
func (d *double) lose(w http.ResponseWriter) bool {
	if !d.loseAnswer {
		return false
	}
	d.loseAnswer = false
	xerr(w, 502, "UpstreamFailure", "connection reset")
	return true
}

func (d *double) seed() {
	root := d.post(ana, "@shop.bsky.social my parcel is late", "", "mention")
	ours := d.post(map[string]any{"did": ownDID, "handle": "shop.bsky.social"}, "Sorry! Checking.", root, "")
	d.post(ana, "still nothing 😕", ours, "reply")
	d.post(ben, "look at this shop", "", "quote")
	d.post(ben, "nice", "", "like") // not for the inbox
	d.chat(ben, "Hi, is the blue one in stock?")
	d.chat(map[string]any{"did": ownDID}, "Yes!")
}

// AddInbound implements connectortest.Double.
func (d *double) AddInbound(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for range n {
		d.post(ben, "@shop.bsky.social hello?", "", "mention")
	}
}

// Fail implements connectortest.Double.
func (d *double) Fail(f connectortest.Fault) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.fault = &f
}

func xerr(w http.ResponseWriter, status int, name, msg string) {
	connectortest.JSON(w, status, map[string]string{"error": name, "message": msg})
}

func (d *double) serve(w http.ResponseWriter, r *http.Request) {
	nsid, ok := strings.CutPrefix(r.URL.Path, "/xrpc/")
	if !ok {
		d.t.Errorf("double: %s is not XRPC", r.URL.Path)
		http.NotFound(w, r)
		return
	}
	body, _ := io.ReadAll(r.Body)
	var err error
	switch {
	case d.lex == nil:
	case r.Method == http.MethodGet:
		err = d.lex.checkParams(nsid, r.URL.Query())
	default:
		err = d.lex.checkInput(nsid, body)
	}
	if err != nil {
		d.t.Errorf("request breaks the lexicon: %v", err)
		xerr(w, 400, "InvalidRequest", err.Error())
		return
	}
	if strings.HasPrefix(nsid, "chat.bsky.") != (r.Header.Get("atproto-proxy") == chatProxy) {
		d.t.Errorf("%s: atproto-proxy header %q", nsid, r.Header.Get("atproto-proxy"))
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	auth := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
	switch nsid {
	case "com.atproto.server.createSession":
		var in map[string]string
		_ = json.Unmarshal(body, &in)
		if d.accountStatus == "AccountTakedown" {
			xerr(w, 401, d.accountStatus, "Account has been taken down")
			return
		}
		if in["password"] != d.password {
			xerr(w, 401, "AuthenticationRequired", "Invalid identifier or password")
			return
		}
		d.sessions++
		d.answer(w, nsid, d.newSession())
		return
	case "com.atproto.server.refreshSession":
		if auth == "" || auth != d.refresh {
			xerr(w, 400, "ExpiredToken", "Token has expired")
			return
		}
		d.answer(w, nsid, d.newSession())
		return
	}
	if auth == "" || auth != d.access {
		if d.staleToken == "InvalidToken" && auth != "" {
			xerr(w, 400, "InvalidToken", "Token could not be verified")
			return
		}
		xerr(w, 400, "ExpiredToken", "Token has expired")
		return
	}
	if d.accountStatus != "" {
		xerr(w, 401, d.accountStatus, "Account is not active")
		return
	}
	if d.fault != nil {
		f := *d.fault
		d.fault = nil
		switch f {
		case connectortest.Unauthorized:
			xerr(w, 401, "AuthenticationRequired", "Authentication Required")
		case connectortest.RateLimited:
			w.Header().Set("ratelimit-remaining", "0")
			w.Header().Set("ratelimit-reset", strconv.FormatInt(time.Now().Add(2*time.Minute).Unix(), 10))
			xerr(w, 429, "RateLimitExceeded", "Rate Limit Exceeded")
		case connectortest.ServerError:
			xerr(w, 502, "UpstreamFailure", "upstream failed")
		case connectortest.Garbage:
			fmt.Fprint(w, "<html>cloudflare</html>")
		}
		return
	}
	if strings.HasPrefix(nsid, "chat.bsky.") && !d.chatOK {
		d.chatRefused++
		if d.chatRefusal == 400 { // what a real PDS answers
			xerr(w, 400, "InvalidToken", "Bad token method")
		} else {
			xerr(w, 401, "InvalidToken", "Bad token scope")
		}
		return
	}
	w.Header().Set("ratelimit-limit", "3000")
	w.Header().Set("ratelimit-remaining", "2999")
	w.Header().Set("ratelimit-reset", strconv.FormatInt(time.Now().Add(5*time.Minute).Unix(), 10))
	q := r.URL.Query()
	switch nsid {
	case "app.bsky.notification.listNotifications":
		var items []any
		for _, n := range d.notifs {
			if strings.Contains(","+strings.Join(q["reasons"], ",")+",", ","+n["reason"].(string)+",") || len(q["reasons"]) == 0 {
				items = append(items, n)
			}
		}
		start, _ := strconv.Atoi(q.Get("cursor"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		end := min(start+limit, len(items))
		out := map[string]any{"notifications": append([]any{}, items[min(start, end):end]...)}
		if end < len(items) {
			out["cursor"] = strconv.Itoa(end)
		}
		d.answer(w, nsid, out)
	case "chat.bsky.convo.getLog":
		var logs []any
		cur := q.Get("cursor")
		for _, l := range d.logs {
			if l["rev"].(string) > cur {
				logs = append(logs, l)
				cur = l["rev"].(string)
			}
		}
		out := map[string]any{"logs": append([]any{}, logs...)}
		if cur != "" {
			out["cursor"] = cur
		}
		d.answer(w, nsid, out)
	case "app.bsky.feed.searchPosts":
		d.answer(w, nsid, map[string]any{"posts": d.search(q)})
	case "chat.bsky.convo.listConvos":
		d.answer(w, nsid, map[string]any{"convos": []any{}})
	case "app.bsky.feed.getPosts":
		var posts []any
		for _, u := range q["uris"] {
			if p, ok := d.posts[u]; ok {
				v := map[string]any{"uri": p["uri"], "cid": p["cid"], "author": p["author"],
					"record": p["record"], "indexedAt": p["indexedAt"]}
				if gated, _ := p["gated"].(bool); gated { // the thread's gate leaves us out
					v["viewer"] = map[string]any{"replyDisabled": true}
				}
				posts = append(posts, v)
			}
		}
		d.answer(w, nsid, map[string]any{"posts": append([]any{}, posts...)})
	case "com.atproto.repo.createRecord":
		var in map[string]any
		_ = json.Unmarshal(body, &in)
		if d.lex != nil {
			if err := d.lex.validate("app.bsky.feed.post", mustMain(d.t, d.lex, "app.bsky.feed.post"), in["record"], "record"); err != nil {
				d.t.Errorf("post record breaks the lexicon: %v", err)
			}
		}
		if in["repo"] != ownDID || in["collection"] != "app.bsky.feed.post" {
			xerr(w, 400, "InvalidRequest", "not this account's post collection")
			return
		}
		rkey, _ := in["rkey"].(string)
		if rkey == "" {
			rkey = fmt.Sprintf("3kout%08d", d.seq+1) // the server picks a key
			d.next()
		} else if err := d.checkRecordKey("app.bsky.feed.post", rkey); err != nil {
			d.t.Errorf("createRecord: %v", err)
			xerr(w, 400, "InvalidRequest", err.Error())
			return
		}
		if _, taken := d.records[rkey]; taken {
			// The PDS never overwrites on create; a real one answers 500
			// (its repository write fails), older doubles 400.
			if d.takenStatus == 500 {
				xerr(w, 500, "InternalServerError", "Internal Server Error")
			} else {
				xerr(w, 400, "InvalidRequest", "Record already exists at this rkey")
			}
			return
		}
		d.created = append(d.created, in)
		uri := fmt.Sprintf("at://%s/app.bsky.feed.post/%s", ownDID, rkey)
		cid := "bafyout" + d.next()
		d.records[rkey] = map[string]any{"uri": uri, "cid": cid, "value": in["record"]}
		d.posts[uri] = map[string]any{"uri": uri, "cid": cid, "author": map[string]any{"did": ownDID, "handle": "shop.bsky.social"},
			"record": in["record"], "indexedAt": d.clock.Format(time.RFC3339Nano)}
		if d.lose(w) {
			return
		}
		d.answer(w, nsid, map[string]any{"uri": uri, "cid": cid})
	case "com.atproto.repo.getRecord":
		rkey := q.Get("rkey")
		if err := d.checkRecordKey(q.Get("collection"), rkey); err != nil {
			d.t.Errorf("getRecord: %v", err)
		}
		rec, ok := d.records[rkey]
		if q.Get("repo") != ownDID || q.Get("collection") != "app.bsky.feed.post" || !ok {
			xerr(w, 400, "RecordNotFound", "Could not locate record: at://"+q.Get("repo")+"/"+q.Get("collection")+"/"+rkey)
			return
		}
		d.answer(w, nsid, rec)
	case "chat.bsky.convo.getConvoForMembers":
		member := q.Get("members")
		id, ok := d.convos[member]
		if !ok {
			id = "convo-" + d.next()
			d.convos[member] = id
		}
		d.answer(w, nsid, map[string]any{"convo": d.convoView(id, member)})
	case "chat.bsky.convo.getConvoAvailability":
		member := q.Get("members")
		out := map[string]any{"canChat": true}
		if id, ok := d.convos[member]; ok {
			out["convo"] = d.convoView(id, member)
		}
		d.answer(w, nsid, out)
	case "chat.bsky.convo.getMessages":
		limit := 50
		if q.Has("limit") {
			limit, _ = strconv.Atoi(q.Get("limit"))
		}
		msgs := []any{}
		for i := len(d.logs) - 1; i >= 0 && len(msgs) < limit; i-- { // newest first
			if d.logs[i]["convoId"] == q.Get("convoId") {
				msgs = append(msgs, d.logs[i]["message"])
			}
		}
		d.answer(w, nsid, map[string]any{"messages": msgs})
	case "chat.bsky.convo.sendMessage":
		var in map[string]any
		_ = json.Unmarshal(body, &in)
		d.sentChat = append(d.sentChat, in)
		msg := d.chatIn(in["convoId"].(string), ownDID, in["message"].(map[string]any)["text"].(string))
		if d.lose(w) {
			return
		}
		out := maps.Clone(msg)
		delete(out, "$type")
		d.answer(w, nsid, out)
	default:
		d.t.Errorf("double: %s is not implemented", nsid)
		xerr(w, 501, "MethodNotImplemented", nsid)
	}
}

func (d *double) newSession() map[string]any {
	d.access, d.refresh = "acc-"+d.next(), "ref-"+d.next()
	return map[string]any{"accessJwt": d.access, "refreshJwt": d.refresh, "handle": "shop.bsky.social", "did": ownDID, "active": true}
}

// checkRecordKey checks a record key against the lexicons, when there are any.
func (d *double) checkRecordKey(collection, rkey string) error {
	if d.lex == nil {
		return nil
	}
	return d.lex.checkRecordKey(collection, rkey)
}

// answer writes out after checking it against the lexicon's output.
func (d *double) answer(w http.ResponseWriter, nsid string, out any) {
	b, _ := json.Marshal(out)
	if d.lex != nil {
		if err := d.lex.checkOutput(nsid, b); err != nil {
			d.t.Errorf("the double's answer breaks the lexicon: %v", err)
		}
	}
	w.Header().Set("Content-Type", "application/json")
	_, _ = w.Write(b)
}

// search answers searchPosts like the AppView: posts whose text contains
// q (case-insensitive; "#tag" matches the tag), newest first, since
// inclusive, lang on the record's langs.
func (d *double) search(q url.Values) []any {
	term := strings.ToLower(strings.TrimPrefix(q.Get("q"), "#"))
	var found []map[string]any
	for _, p := range d.posts {
		rec := p["record"].(map[string]any)
		if !strings.Contains(strings.ToLower(rec["text"].(string)), term) {
			continue
		}
		if s := q.Get("since"); s != "" && p["indexedAt"].(string) < s {
			continue
		}
		if l := q.Get("lang"); l != "" {
			langs, _ := rec["langs"].([]any)
			if !slices.Contains(langs, any(l)) {
				continue
			}
		}
		found = append(found, p)
	}
	slices.SortFunc(found, func(a, b map[string]any) int {
		return strings.Compare(b["indexedAt"].(string), a["indexedAt"].(string))
	})
	out := []any{}
	for _, p := range found {
		v := maps.Clone(p)
		v["likeCount"], v["repostCount"] = 2, 1
		out = append(out, v)
	}
	return out
}
