package facebook

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

// double is a Graph API v21.0 for one page, following the Graph reference:
// Bearer token, {"error":{message,type,code,error_subcode,fbtrace_id}}
// bodies with HTTP 400, usage headers as JSON, timestamps as +0000, cursor
// paging with paging.cursors.after and paging.next.
type double struct {
	t   *testing.T
	srv *httptest.Server

	mu       sync.Mutex
	token    string
	scopes   []string
	clock    time.Time // "now" on the network
	seq      int
	convs    []*dconv // most recently updated first
	posts    []map[string]any
	comments map[string][]map[string]any // per post, newest first
	sent     []map[string]any
	fault    *connectortest.Fault
	usage    string // X-Page-Usage to send
}

type dconv struct {
	id      string
	updated time.Time
	user    map[string]any
	msgs    []map[string]any // newest first
}

const pageID = "1122334455"

var (
	ana  = map[string]any{"id": "7001", "name": "Ana Souza"}
	ben  = map[string]any{"id": "7002", "name": "Ben Okoro"}
	page = map[string]any{"id": pageID, "name": "Brand"}
)

func gtime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05-0700") }

func newDouble(t *testing.T) *double {
	d := &double{t: t, token: "EAAB-page-token", clock: time.Now().Add(-48 * time.Hour).Truncate(time.Second),
		scopes:   []string{"pages_messaging", "pages_read_engagement", "pages_manage_metadata", "pages_read_user_content", "pages_manage_engagement", "pages_show_list"},
		comments: map[string][]map[string]any{}}
	d.srv = httptest.NewServer(http.HandlerFunc(d.serve))
	t.Cleanup(d.srv.Close)
	return d
}

func (d *double) next() string { d.seq++; return strconv.Itoa(d.seq) }

func (d *double) message(from map[string]any, user map[string]any, text string) {
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
		cv = &dconv{id: "t_" + d.next(), user: user}
	}
	cv.updated = d.clock
	cv.msgs = append([]map[string]any{{"id": "m_" + d.next(), "message": text, "from": from, "created_time": gtime(d.clock)}}, cv.msgs...)
	d.convs = append([]*dconv{cv}, d.convs...)
}

func (d *double) comment(post string, from map[string]any, text, parent string) string {
	d.clock = d.clock.Add(time.Minute)
	id := post + "_" + d.next()
	c := map[string]any{"id": id, "message": text, "from": from, "created_time": gtime(d.clock)}
	if parent != "" {
		c["parent"] = map[string]any{"id": parent}
	}
	d.comments[post] = append([]map[string]any{c}, d.comments[post]...)
	return id
}

func (d *double) seed() {
	d.posts = []map[string]any{{"id": pageID + "_900", "message": "Our winter sale starts today!", "created_time": gtime(d.clock)}}
	d.message(ana, ana, "Hi, where is my order 42?")
	d.message(page, ana, "Let me check!")
	top := d.comment(pageID+"_900", ben, "Does the sale include boots?", "")
	d.comment(pageID+"_900", page, "Yes, all boots!", top)
}

// AddInbound implements connectortest.Double.
func (d *double) AddInbound(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := range n {
		if i%2 == 0 {
			d.message(ben, ben, fmt.Sprintf("hello %d", d.seq))
		} else {
			d.comment(pageID+"_900", ana, fmt.Sprintf("any news? %d", d.seq), "")
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
			w.Header().Set("X-Page-Usage", `{"call_count":100,"total_cputime":40,"total_time":60,"estimated_time_to_regain_access":12}`)
			graphErr(w, 400, 32, 0, "OAuthException", "Page request limit reached")
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
		writeJSON(w, 200, page)
	case r.Method == "GET" && path == "debug_token":
		writeJSON(w, 200, map[string]any{"data": map[string]any{"app_id": "555", "type": "PAGE", "is_valid": q.Get("input_token") == d.token,
			"scopes": d.scopes, "profile_id": pageID}})
	case r.Method == "GET" && path == pageID+"/conversations":
		d.conversations(w, r)
	case r.Method == "GET" && strings.HasPrefix(path, "t_"):
		for _, cv := range d.convs {
			if cv.id == path {
				writeJSON(w, 200, map[string]any{"id": cv.id, "messages": map[string]any{"data": cv.msgs}})
				return
			}
		}
		graphErr(w, 400, 100, 33, "GraphMethodException", "Unsupported get request.")
	case r.Method == "GET" && path == pageID+"/published_posts":
		writeJSON(w, 200, map[string]any{"data": d.posts})
	case r.Method == "GET" && strings.HasSuffix(path, "/comments"):
		d.listComments(w, r, strings.TrimSuffix(path, "/comments"))
	case r.Method == "POST" && path == pageID+"/messages":
		d.send(w, r)
	case r.Method == "POST" && strings.HasSuffix(path, "/comments"):
		var in struct {
			Message string `json:"message"`
		}
		_ = json.NewDecoder(r.Body).Decode(&in)
		id := strings.TrimSuffix(path, "/comments") + "_" + d.next()
		d.sent = append(d.sent, map[string]any{"comment_on": strings.TrimSuffix(path, "/comments"), "message": in.Message, "id": id})
		writeJSON(w, 200, map[string]any{"id": id})
	default:
		graphErr(w, 400, 100, 0, "GraphMethodException", "Unsupported "+r.Method+" request.")
	}
}

func (d *double) conversations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("platform") != "messenger" || !strings.Contains(q.Get("fields"), "messages") {
		graphErr(w, 400, 100, 0, "OAuthException", "(#100) platform must be messenger or instagram")
		return
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	off, _ := strconv.Atoi(strings.TrimPrefix(q.Get("after"), "QVFI"))
	end := min(off+limit, len(d.convs))
	var data []any
	for _, cv := range d.convs[min(off, end):end] {
		data = append(data, map[string]any{"id": cv.id, "updated_time": gtime(cv.updated),
			"participants": map[string]any{"data": []any{cv.user, page}},
			"messages":     map[string]any{"data": cv.msgs[:min(25, len(cv.msgs))]}})
	}
	out := map[string]any{"data": data}
	if end < len(d.convs) {
		out["paging"] = map[string]any{"cursors": map[string]any{"before": "QVFI" + strconv.Itoa(off), "after": "QVFI" + strconv.Itoa(end)},
			"next": d.srv.URL + r.URL.Path + "?after=QVFI" + strconv.Itoa(end)}
	}
	writeJSON(w, 200, out)
}

func (d *double) listComments(w http.ResponseWriter, r *http.Request, post string) {
	q := r.URL.Query()
	if q.Get("filter") != "stream" || q.Get("order") != "reverse_chronological" {
		d.t.Errorf("comments asked without filter=stream&order=reverse_chronological: %s", r.URL.RawQuery)
	}
	since, _ := strconv.ParseInt(q.Get("since"), 10, 64)
	var data []any
	for _, c := range d.comments[post] {
		t, _ := time.Parse("2006-01-02T15:04:05-0700", c["created_time"].(string))
		if since == 0 || t.Unix() >= since {
			data = append(data, c)
		}
	}
	writeJSON(w, 200, map[string]any{"data": data})
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
			graphErr(w, 400, 100, 2018001, "OAuthException", "(#100) No matching user found")
			return
		}
		age := time.Since(cv.updated)
		ok := in.MessagingType == "RESPONSE" && age <= 24*time.Hour || in.MessagingType == "MESSAGE_TAG" && in.Tag == "HUMAN_AGENT" && age <= 7*24*time.Hour
		if !ok {
			graphErr(w, 400, 10, 2018278, "OAuthException", "(#10) This message is sent outside of allowed window.")
			return
		}
	}
	id := "m_" + d.next()
	d.sent = append(d.sent, map[string]any{"recipient": in.Recipient, "messaging_type": in.MessagingType, "tag": in.Tag, "text": in.Message.Text, "id": id})
	writeJSON(w, 200, map[string]any{"recipient_id": in.Recipient["id"], "message_id": id})
}
