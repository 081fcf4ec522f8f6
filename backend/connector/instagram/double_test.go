package instagram

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"careinbox/backend/connector/connectortest"
)

// double is the Graph API v21.0 for one Facebook page with a linked
// Instagram professional account, following Meta's Instagram Platform
// reference ("Instagram API with Facebook Login"): Bearer token,
// {"error":{message,type,code,error_subcode,fbtrace_id}} bodies with HTTP
// 400, usage headers as JSON, "+0000" timestamps, cursor paging;
// conversations need platform=instagram; participants and senders carry
// username and IGSID; comments have text/timestamp/username/from and a
// replies edge; POST /{comment-id}/replies takes top-level comments only;
// POST /{page-id}/messages enforces the Messenger-platform windows.
type double struct {
	t   *testing.T
	srv *httptest.Server

	mu       sync.Mutex
	token    string
	scopes   []string
	linked   bool // the page has an Instagram account
	clock    time.Time
	seq      int
	convs    []*dconv // most recently updated first
	media    []map[string]any
	comments map[string][]*dcomment // per media, newest first
	sent     []map[string]any
	fault    *connectortest.Fault
	usage    string // X-Business-Use-Case-Usage to send
	requests []string
}

type dconv struct {
	id      string
	updated time.Time
	user    map[string]any
	msgs    []map[string]any // newest first
}

type dcomment struct {
	fields  map[string]any
	replies []map[string]any // oldest first, as Instagram lists them
}

const (
	pageID   = "1122334455"
	igUserID = "17841400000000001"
	igName   = "brand.shop"
)

var (
	ana   = map[string]any{"id": "6001001", "username": "ana.souza"}
	ben   = map[string]any{"id": "6001002", "username": "ben_okoro"}
	brand = map[string]any{"id": igUserID, "username": igName}
)

func gtime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05-0700") }

func newDouble(t *testing.T) *double {
	d := &double{t: t, token: "EAAB-page-token", linked: true, clock: time.Now().Add(-48 * time.Hour).Truncate(time.Second),
		scopes: []string{"instagram_basic", "instagram_manage_messages", "instagram_manage_comments",
			"pages_manage_metadata", "pages_show_list", "pages_read_engagement"},
		comments: map[string][]*dcomment{}}
	d.srv = httptest.NewServer(http.HandlerFunc(d.serve))
	t.Cleanup(d.srv.Close)
	return d
}

func (d *double) next() string { d.seq++; return strconv.Itoa(d.seq) }

// message adds a DM in user's conversation; IG ids are opaque base64.
func (d *double) message(from, user map[string]any, text string) {
	d.clock = d.clock.Add(time.Minute)
	var cv *dconv
	for i, c := range d.convs {
		if c.user["id"] == user["id"] {
			cv = c
			d.convs = append(d.convs[:i], d.convs[i+1:]...)
			break
		}
	}
	if cv == nil {
		cv = &dconv{id: "aWdfZAG06MTpJR01lc3NhZA2VUaHJlYWQ" + d.next(), user: user}
	}
	cv.updated = d.clock
	cv.msgs = append([]map[string]any{{"id": "aWdfZAG1faXRlbToxOklHTWVzc2FnZAU" + d.next(), "message": text,
		"from": from, "created_time": gtime(d.clock)}}, cv.msgs...)
	d.convs = append([]*dconv{cv}, d.convs...)
}

func (d *double) comment(mediaID string, from map[string]any, text, parent string) string {
	d.clock = d.clock.Add(time.Minute)
	id := "1790" + d.next()
	c := map[string]any{"id": id, "text": text, "timestamp": gtime(d.clock), "username": from["username"], "from": from}
	if parent != "" {
		for _, top := range d.comments[mediaID] {
			if top.fields["id"] == parent {
				c["parent_id"] = parent
				top.replies = append(top.replies, c)
				return id
			}
		}
		d.t.Fatalf("no top-level comment %s", parent)
	}
	d.comments[mediaID] = append([]*dcomment{{fields: c}}, d.comments[mediaID]...)
	return id
}

const mediaID = "17900000000000900"

func (d *double) seed() {
	d.media = []map[string]any{{"id": mediaID, "caption": "Our winter collection is here ❄️", "timestamp": gtime(d.clock),
		"permalink": "https://www.instagram.com/p/DAbCdEfGhIj/"}}
	d.message(ana, ana, "Hi, where is my order 42?")
	d.message(brand, ana, "Let me check!")
	top := d.comment(mediaID, ben, "Do you ship to Portugal?", "")
	d.comment(mediaID, brand, "@ben_okoro yes we do!", top)
}

// AddInbound implements connectortest.Double.
func (d *double) AddInbound(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := range n {
		if i%2 == 0 {
			d.message(ben, ben, fmt.Sprintf("hello %d", d.seq))
		} else {
			d.comment(mediaID, ana, fmt.Sprintf("any news? %d", d.seq), "")
		}
	}
}

// Fail implements connectortest.Double.
func (d *double) Fail(f connectortest.Fault) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.fault = &f
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

func graphErr(w http.ResponseWriter, status, code, sub int, typ, msg string) {
	e := map[string]any{"message": msg, "type": typ, "code": code, "fbtrace_id": "AbCdEf"}
	if sub != 0 {
		e["error_subcode"] = sub
	}
	writeJSON(w, status, map[string]any{"error": e})
}

func (d *double) serve(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.requests = append(d.requests, r.Method+" "+r.URL.Path)
	if !strings.HasPrefix(r.URL.Path, "/v21.0/") {
		graphErr(w, 400, 2500, 0, "OAuthException", "Unknown path components")
		return
	}
	if strings.Contains(r.URL.RawQuery, "access_token=") {
		d.t.Errorf("the token went into the URL: %s", r.URL.Path)
	}
	if f := d.fault; f != nil {
		d.fault = nil
		switch *f {
		case connectortest.Unauthorized:
			graphErr(w, 400, 190, 460, "OAuthException", "Error validating access token: The session has been invalidated because the user changed their password.")
		case connectortest.RateLimited:
			w.Header().Set("X-Business-Use-Case-Usage", `{"`+pageID+`":[{"type":"instagram","call_count":100,"total_cputime":30,"total_time":40,"estimated_time_to_regain_access":12}]}`)
			graphErr(w, 400, 80002, 0, "OAuthException", "(#80002) There have been too many calls to this Instagram account. Wait a bit and try again.")
		case connectortest.ServerError:
			graphErr(w, 500, 2, 0, "OAuthException", "An unexpected error has occurred. Please retry your request later.")
		case connectortest.Garbage:
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, "<html>Sorry, something went wrong.</html>")
		}
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+d.token {
		graphErr(w, 400, 190, 0, "OAuthException", "Invalid OAuth access token - Cannot parse access token")
		return
	}
	w.Header().Set("X-App-Usage", `{"call_count":3,"total_cputime":1,"total_time":2}`)
	if d.usage != "" {
		w.Header().Set("X-Business-Use-Case-Usage", d.usage)
	}
	path := strings.TrimPrefix(r.URL.Path, "/v21.0/")
	q := r.URL.Query()
	switch {
	case r.Method == "GET" && path == pageID:
		out := map[string]any{"id": pageID, "name": "Brand"}
		if d.linked && strings.Contains(q.Get("fields"), "instagram_business_account") {
			out["instagram_business_account"] = map[string]any{"id": igUserID, "username": igName, "name": "Brand Shop"}
		}
		writeJSON(w, 200, out)
	case r.Method == "GET" && path == "debug_token":
		writeJSON(w, 200, map[string]any{"data": map[string]any{"app_id": "555", "type": "PAGE", "is_valid": q.Get("input_token") == d.token,
			"scopes": d.scopes, "profile_id": pageID}})
	case r.Method == "GET" && path == pageID+"/conversations":
		d.conversations(w, r)
	case r.Method == "GET" && strings.HasPrefix(path, "aWdfZAG06"):
		for _, cv := range d.convs {
			if cv.id == path {
				writeJSON(w, 200, map[string]any{"id": cv.id, "messages": map[string]any{"data": cv.msgs[:min(25, len(cv.msgs))]}})
				return
			}
		}
		graphErr(w, 400, 100, 33, "GraphMethodException", "Unsupported get request.")
	case r.Method == "GET" && path == igUserID+"/media":
		writeJSON(w, 200, map[string]any{"data": d.media})
	case r.Method == "GET" && strings.HasSuffix(path, "/comments"):
		d.listComments(w, r, strings.TrimSuffix(path, "/comments"))
	case r.Method == "POST" && path == pageID+"/messages":
		d.send(w, r)
	case r.Method == "POST" && strings.HasSuffix(path, "/replies"):
		d.reply(w, r, strings.TrimSuffix(path, "/replies"))
	default:
		graphErr(w, 400, 100, 0, "GraphMethodException", "Unsupported "+r.Method+" request.")
	}
}

func (d *double) conversations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("platform") != "instagram" || !strings.Contains(q.Get("fields"), "messages") {
		graphErr(w, 400, 100, 0, "OAuthException", "(#100) platform must be messenger or instagram")
		return
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	off, _ := strconv.Atoi(strings.TrimPrefix(q.Get("after"), "QVFI"))
	end := min(off+limit, len(d.convs))
	var data []any
	for _, cv := range d.convs[min(off, end):end] {
		data = append(data, map[string]any{"id": cv.id, "updated_time": gtime(cv.updated),
			"participants": map[string]any{"data": []any{brand, cv.user}},
			"messages":     map[string]any{"data": cv.msgs[:min(25, len(cv.msgs))]}})
	}
	out := map[string]any{"data": data}
	if end < len(d.convs) {
		out["paging"] = map[string]any{"cursors": map[string]any{"before": "QVFI" + strconv.Itoa(off), "after": "QVFI" + strconv.Itoa(end)},
			"next": d.srv.URL + r.URL.Path + "?after=QVFI" + strconv.Itoa(end)}
	}
	writeJSON(w, 200, out)
}

// listComments answers /{media-id}/comments: top-level comments, newest
// first, with the replies edge when asked for, cursor-paged.
func (d *double) listComments(w http.ResponseWriter, r *http.Request, media string) {
	q := r.URL.Query()
	if q.Get("since") != "" {
		d.t.Errorf("the IG comments edge has no since filter: %s", r.URL.RawQuery)
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 {
		limit = 25
	}
	all := d.comments[media]
	off, _ := strconv.Atoi(strings.TrimPrefix(q.Get("after"), "QVFH"))
	end := min(off+limit, len(all))
	withReplies := strings.Contains(q.Get("fields"), "replies")
	data := []any{}
	for _, c := range all[min(off, end):end] {
		out := map[string]any{}
		for k, v := range c.fields {
			out[k] = v
		}
		if withReplies && len(c.replies) > 0 {
			out["replies"] = map[string]any{"data": c.replies}
		}
		data = append(data, out)
	}
	resp := map[string]any{"data": data}
	if end < len(all) {
		resp["paging"] = map[string]any{"cursors": map[string]any{"before": "QVFH" + strconv.Itoa(off), "after": "QVFH" + strconv.Itoa(end)},
			"next": d.srv.URL + r.URL.Path + "?after=QVFH" + strconv.Itoa(end)}
	}
	writeJSON(w, 200, resp)
}

func (d *double) reply(w http.ResponseWriter, r *http.Request, parent string) {
	var in struct {
		Message string `json:"message"`
	}
	_ = json.NewDecoder(r.Body).Decode(&in)
	if in.Message == "" {
		graphErr(w, 400, 100, 0, "OAuthException", "(#100) The parameter message is required")
		return
	}
	for media, tops := range d.comments {
		for _, top := range tops {
			if top.fields["id"] == parent {
				id := d.comment(media, brand, in.Message, parent)
				d.sent = append(d.sent, map[string]any{"reply_to": parent, "message": in.Message, "id": id})
				writeJSON(w, 200, map[string]any{"id": id})
				return
			}
		}
	}
	graphErr(w, 400, 100, 33, "GraphMethodException", "Unsupported post request. Object with ID '"+parent+"' does not exist, cannot be loaded due to missing permissions, or does not support this operation.")
}

func (d *double) send(w http.ResponseWriter, r *http.Request) {
	var in struct {
		Recipient     map[string]string `json:"recipient"`
		MessagingType string            `json:"messaging_type"`
		Tag           string            `json:"tag"`
		Message       struct {
			Text string `json:"text"`
		} `json:"message"`
	}
	_ = json.NewDecoder(r.Body).Decode(&in)
	if in.Recipient["comment_id"] == "" {
		// The platform's own window check, which the connector should never meet.
		var cv *dconv
		for _, c := range d.convs {
			if c.user["id"] == in.Recipient["id"] {
				cv = c
			}
		}
		if cv == nil {
			graphErr(w, 400, 100, 2534014, "IGApiException", "No matching user found")
			return
		}
		var last time.Time
		for _, m := range cv.msgs {
			if m["from"].(map[string]any)["id"] != igUserID {
				last, _ = time.Parse("2006-01-02T15:04:05-0700", m["created_time"].(string))
				break
			}
		}
		age := time.Since(last)
		ok := in.MessagingType == "RESPONSE" && age <= 24*time.Hour || in.MessagingType == "MESSAGE_TAG" && in.Tag == "HUMAN_AGENT" && age <= 7*24*time.Hour
		if !ok {
			graphErr(w, 400, 10, 2534022, "OAuthException", "(#10) This message is sent outside of allowed window.")
			return
		}
	}
	id := "aWdfZAG1faXRlbToxOklHTWVzc2FnZAU" + d.next()
	d.sent = append(d.sent, map[string]any{"recipient": in.Recipient, "messaging_type": in.MessagingType, "tag": in.Tag, "text": in.Message.Text, "id": id})
	writeJSON(w, 200, map[string]any{"recipient_id": in.Recipient["id"], "message_id": id})
}
