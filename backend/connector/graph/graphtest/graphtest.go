// Package graphtest is the one Graph API v21.0 test double the Facebook and
// Instagram connector tests share: a Facebook page, optionally with a linked
// Instagram professional account, following Meta's Graph and Instagram
// Platform references — Bearer token, {"error":{message,type,code,
// error_subcode,fbtrace_id}} bodies with HTTP 400, usage headers as JSON,
// "+0000" timestamps, cursor paging with paging.cursors.after and
// paging.next; conversations need platform=messenger or instagram; page
// posts have flat comments (filter=stream), Instagram media top-level
// comments with a replies edge; POST /{page-id}/messages enforces the
// Messenger-platform reply windows.
//
// It is a plain package rather than a _test.go file so both connectors'
// tests can import it.
package graphtest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"careinbox/backend/connector/connectortest"
)

// The page and its Instagram account.
const (
	PageID   = "1122334455"
	IGUserID = "17841400000000001"
	IGName   = "brand.shop"
)

// Platform is what differs between Messenger and Instagram conversations.
type Platform struct {
	Name string // the platform= of /{page-id}/conversations
	// Self is the business in conversations; SelfFirst lists it first
	// among the participants, as Instagram does.
	Self      map[string]any
	SelfFirst bool
	// Ana and Ben are two customers, as the platform names people.
	Ana, Ben map[string]any
	// ConvPrefix and MsgPrefix start conversation and message ids.
	ConvPrefix, MsgPrefix string
	// The answer to connectortest.RateLimited: a usage header and an error code.
	LimitHeader, LimitUsage string
	LimitCode               int
	LimitMessage            string
	// The errors of POST /{page-id}/messages for an unknown user and a
	// closed window.
	NoUserSub          int
	NoUserType, NoUser string
	WindowSub          int
}

// Messenger is a Facebook page's inbox.
var Messenger = Platform{
	Name: "messenger", Self: map[string]any{"id": PageID, "name": "Brand"},
	Ana: map[string]any{"id": "7001", "name": "Ana Souza"}, Ben: map[string]any{"id": "7002", "name": "Ben Okoro"},
	ConvPrefix: "t_", MsgPrefix: "m_",
	LimitHeader: "X-Page-Usage", LimitUsage: `{"call_count":100,"total_cputime":40,"total_time":60,"estimated_time_to_regain_access":12}`,
	LimitCode: 32, LimitMessage: "Page request limit reached",
	NoUserSub: 2018001, NoUserType: "OAuthException", NoUser: "(#100) No matching user found", WindowSub: 2018278,
}

// Instagram is the inbox of the page's Instagram account.
var Instagram = Platform{
	Name: "instagram", Self: map[string]any{"id": IGUserID, "username": IGName}, SelfFirst: true,
	Ana: map[string]any{"id": "6001001", "username": "ana.souza"}, Ben: map[string]any{"id": "6001002", "username": "ben_okoro"},
	// IG ids are opaque base64.
	ConvPrefix: "aWdfZAG06MTpJR01lc3NhZA2VUaHJlYWQ", MsgPrefix: "aWdfZAG1faXRlbToxOklHTWVzc2FnZAU",
	LimitHeader: "X-Business-Use-Case-Usage",
	LimitUsage:  `{"` + PageID + `":[{"type":"instagram","call_count":100,"total_cputime":30,"total_time":40,"estimated_time_to_regain_access":12}]}`,
	LimitCode:   80002, LimitMessage: "(#80002) There have been too many calls to this Instagram account. Wait a bit and try again.",
	NoUserSub: 2534014, NoUserType: "IGApiException", NoUser: "No matching user found", WindowSub: 2534022,
}

// Server is the double. Tests set and read its fields between calls.
type Server struct {
	*connectortest.Server
	T        testing.TB
	Platform Platform

	mu     sync.Mutex
	Token  string
	Scopes []string
	Linked bool      // the page has an Instagram account
	Clock  time.Time // "now" on the network
	Seq    int
	Convs  []*Conv          // most recently updated first
	Posts  []map[string]any // the page's posts
	Media  []map[string]any // the Instagram account's media
	// Comments are per post or media, in the order they were made.
	Comments map[string][]*Comment
	Sent     []map[string]any
	Fault    *connectortest.Fault
	Usage    string // X-Business-Use-Case-Usage to send
}

// Conv is a conversation.
type Conv struct {
	ID      string
	Updated time.Time
	User    map[string]any
	Msgs    []map[string]any // newest first
}

// Comment is a comment under a post or media.
type Comment struct {
	ID, Text string
	From     map[string]any
	Time     time.Time
	Parent   string // "" for a top-level comment
	seq      int
}

// New starts a double for platform's inbox.
func New(t testing.TB, p Platform) *Server {
	d := &Server{T: t, Platform: p, Token: "EAAB-page-token", Linked: p.Name == Instagram.Name,
		Clock: time.Now().Add(-48 * time.Hour).Truncate(time.Second), Comments: map[string][]*Comment{}}
	if p.Name == Instagram.Name {
		d.Scopes = []string{"instagram_basic", "instagram_manage_messages", "instagram_manage_comments",
			"pages_manage_metadata", "pages_show_list", "pages_read_engagement"}
	} else {
		d.Scopes = []string{"pages_messaging", "pages_read_engagement", "pages_manage_metadata", "pages_read_user_content", "pages_manage_engagement", "pages_show_list"}
	}
	d.Server = connectortest.NewServer(t, http.HandlerFunc(d.serve))
	return d
}

// Time formats t as Graph does ("2026-11-23T09:00:00+0000").
func Time(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05-0700") }

// JSON answers v with Graph's content type.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json; charset=UTF-8")
	connectortest.JSON(w, status, v)
}

// Error answers a Graph error body.
func Error(w http.ResponseWriter, status, code, sub int, typ, msg string) {
	e := map[string]any{"message": msg, "type": typ, "code": code, "fbtrace_id": "AbCdEf"}
	if sub != 0 {
		e["error_subcode"] = sub
	}
	JSON(w, status, map[string]any{"error": e})
}

func (d *Server) next() string { d.Seq++; return strconv.Itoa(d.Seq) }

// Message adds a message from from in user's conversation, which moves to the top.
func (d *Server) Message(from, user map[string]any, text string) {
	d.Clock = d.Clock.Add(time.Minute)
	var cv *Conv
	for i, c := range d.Convs {
		if c.User["id"] == user["id"] {
			cv = c
			d.Convs = append(d.Convs[:i], d.Convs[i+1:]...)
			break
		}
	}
	if cv == nil {
		cv = &Conv{ID: d.Platform.ConvPrefix + d.next(), User: user}
	}
	cv.Updated = d.Clock
	cv.Msgs = append([]map[string]any{{"id": d.Platform.MsgPrefix + d.next(), "message": text, "from": from, "created_time": Time(d.Clock)}}, cv.Msgs...)
	d.Convs = append([]*Conv{cv}, d.Convs...)
}

// Comment adds a comment under object (a post or media id); parent names
// the top-level comment it answers. It returns the new comment's id.
func (d *Server) Comment(object string, from map[string]any, text, parent string) string {
	d.Clock = d.Clock.Add(time.Minute)
	id := object + "_" + d.next()
	if d.isMedia(object) {
		id = "1790" + strconv.Itoa(d.Seq)
		if parent != "" && !slices.ContainsFunc(d.Comments[object], func(c *Comment) bool { return c.ID == parent && c.Parent == "" }) {
			d.T.Fatalf("no top-level comment %s", parent)
		}
	}
	d.Comments[object] = append(d.Comments[object], &Comment{ID: id, Text: text, From: from, Time: d.Clock, Parent: parent, seq: d.Seq})
	return id
}

func (d *Server) isMedia(id string) bool {
	return slices.ContainsFunc(d.Media, func(m map[string]any) bool { return m["id"] == id })
}

// AddInbound implements connectortest.Double: new customer messages and
// comments under the first post or media.
func (d *Server) AddInbound(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	object := ""
	if len(d.Media) > 0 {
		object, _ = d.Media[0]["id"].(string)
	} else if len(d.Posts) > 0 {
		object, _ = d.Posts[0]["id"].(string)
	}
	for i := range n {
		if i%2 == 0 {
			d.Message(d.Platform.Ben, d.Platform.Ben, fmt.Sprintf("hello %d", d.Seq))
		} else {
			d.Comment(object, d.Platform.Ana, fmt.Sprintf("any news? %d", d.Seq), "")
		}
	}
}

// Fail implements connectortest.Double.
func (d *Server) Fail(f connectortest.Fault) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.Fault = &f
}

func (d *Server) serve(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if !strings.HasPrefix(r.URL.Path, "/v21.0/") {
		Error(w, 400, 2500, 0, "OAuthException", "Unknown path components")
		return
	}
	if strings.Contains(r.URL.RawQuery, "access_token=") {
		d.T.Errorf("the token went into the URL: %s", r.URL.Path)
	}
	if f := d.Fault; f != nil {
		d.Fault = nil
		d.serveFault(w, *f)
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+d.Token {
		Error(w, 400, 190, 0, "OAuthException", "Invalid OAuth access token - Cannot parse access token")
		return
	}
	w.Header().Set("X-App-Usage", `{"call_count":3,"total_cputime":1,"total_time":2}`)
	if d.Usage != "" {
		w.Header().Set("X-Business-Use-Case-Usage", d.Usage)
	}
	path := strings.TrimPrefix(r.URL.Path, "/v21.0/")
	q := r.URL.Query()
	switch {
	case r.Method == "GET" && path == PageID:
		out := map[string]any{"id": PageID, "name": "Brand"}
		if d.Linked && strings.Contains(q.Get("fields"), "instagram_business_account") {
			out["instagram_business_account"] = map[string]any{"id": IGUserID, "username": IGName, "name": "Brand Shop"}
		}
		JSON(w, 200, out)
	case r.Method == "GET" && path == "debug_token":
		JSON(w, 200, map[string]any{"data": map[string]any{"app_id": "555", "type": "PAGE", "is_valid": q.Get("input_token") == d.Token,
			"scopes": d.Scopes, "profile_id": PageID}})
	case r.Method == "GET" && path == PageID+"/conversations":
		d.conversations(w, r)
	case r.Method == "GET" && strings.HasPrefix(path, d.Platform.ConvPrefix):
		for _, cv := range d.Convs {
			if cv.ID == path {
				JSON(w, 200, map[string]any{"id": cv.ID, "messages": map[string]any{"data": cv.Msgs[:min(25, len(cv.Msgs))]}})
				return
			}
		}
		Error(w, 400, 100, 33, "GraphMethodException", "Unsupported get request.")
	case r.Method == "GET" && path == PageID+"/published_posts":
		JSON(w, 200, map[string]any{"data": d.Posts})
	case r.Method == "GET" && path == IGUserID+"/media":
		JSON(w, 200, map[string]any{"data": d.Media})
	case r.Method == "GET" && strings.HasSuffix(path, "/comments"):
		if object := strings.TrimSuffix(path, "/comments"); d.isMedia(object) {
			d.mediaComments(w, r, object)
		} else {
			d.postComments(w, r, object)
		}
	case r.Method == "POST" && path == PageID+"/messages":
		d.send(w, r)
	case r.Method == "POST" && strings.HasSuffix(path, "/comments"):
		var in struct {
			Message string `json:"message"`
		}
		_ = json.NewDecoder(r.Body).Decode(&in)
		id := strings.TrimSuffix(path, "/comments") + "_" + d.next()
		d.Sent = append(d.Sent, map[string]any{"comment_on": strings.TrimSuffix(path, "/comments"), "message": in.Message, "id": id})
		JSON(w, 200, map[string]any{"id": id})
	case r.Method == "POST" && strings.HasSuffix(path, "/replies"):
		d.reply(w, r, strings.TrimSuffix(path, "/replies"))
	default:
		Error(w, 400, 100, 0, "GraphMethodException", "Unsupported "+r.Method+" request.")
	}
}

func (d *Server) serveFault(w http.ResponseWriter, f connectortest.Fault) {
	switch f {
	case connectortest.Unauthorized:
		Error(w, 400, 190, 460, "OAuthException", "Error validating access token: The session has been invalidated because the user changed their password.")
	case connectortest.RateLimited:
		w.Header().Set(d.Platform.LimitHeader, d.Platform.LimitUsage)
		Error(w, 400, d.Platform.LimitCode, 0, "OAuthException", d.Platform.LimitMessage)
	case connectortest.ServerError:
		Error(w, 500, 2, 0, "OAuthException", "An unexpected error has occurred. Please retry your request later.")
	case connectortest.Garbage:
		w.Header().Set("Content-Type", "text/html")
		_, _ = io.WriteString(w, "<html>Sorry, something went wrong.</html>")
	}
}

func (d *Server) conversations(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if q.Get("platform") != d.Platform.Name || !strings.Contains(q.Get("fields"), "messages") {
		Error(w, 400, 100, 0, "OAuthException", "(#100) platform must be messenger or instagram")
		return
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	off, _ := strconv.Atoi(strings.TrimPrefix(q.Get("after"), "QVFI"))
	end := min(off+limit, len(d.Convs))
	var data []any
	for _, cv := range d.Convs[min(off, end):end] {
		people := []any{cv.User, d.Platform.Self}
		if d.Platform.SelfFirst {
			people = []any{d.Platform.Self, cv.User}
		}
		data = append(data, map[string]any{"id": cv.ID, "updated_time": Time(cv.Updated),
			"participants": map[string]any{"data": people},
			"messages":     map[string]any{"data": cv.Msgs[:min(25, len(cv.Msgs))]}})
	}
	out := map[string]any{"data": data}
	if end < len(d.Convs) {
		out["paging"] = map[string]any{"cursors": map[string]any{"before": "QVFI" + strconv.Itoa(off), "after": "QVFI" + strconv.Itoa(end)},
			"next": d.URL + r.URL.Path + "?after=QVFI" + strconv.Itoa(end)}
	}
	JSON(w, 200, out)
}

// postComments answers /{post-id}/comments as the page's posts have them:
// every comment, replies included, newest first, since a Unix time.
func (d *Server) postComments(w http.ResponseWriter, r *http.Request, post string) {
	q := r.URL.Query()
	if q.Get("filter") != "stream" || q.Get("order") != "reverse_chronological" {
		d.T.Errorf("comments asked without filter=stream&order=reverse_chronological: %s", r.URL.RawQuery)
	}
	since, _ := strconv.ParseInt(q.Get("since"), 10, 64)
	all := slices.Clone(d.Comments[post])
	slices.SortFunc(all, func(a, b *Comment) int { return b.seq - a.seq })
	var data []any
	for _, c := range all {
		if since == 0 || c.Time.Unix() >= since {
			m := map[string]any{"id": c.ID, "message": c.Text, "from": c.From, "created_time": Time(c.Time)}
			if c.Parent != "" {
				m["parent"] = map[string]any{"id": c.Parent}
			}
			data = append(data, m)
		}
	}
	JSON(w, 200, map[string]any{"data": data})
}

func igComment(c *Comment) map[string]any {
	m := map[string]any{"id": c.ID, "text": c.Text, "timestamp": Time(c.Time), "username": c.From["username"], "from": c.From}
	if c.Parent != "" {
		m["parent_id"] = c.Parent
	}
	return m
}

// mediaComments answers /{media-id}/comments: top-level comments, newest
// first, with the replies edge (oldest first) when asked for, cursor-paged.
func (d *Server) mediaComments(w http.ResponseWriter, r *http.Request, media string) {
	q := r.URL.Query()
	if q.Get("since") != "" {
		d.T.Errorf("the IG comments edge has no since filter: %s", r.URL.RawQuery)
	}
	limit, _ := strconv.Atoi(q.Get("limit"))
	if limit <= 0 {
		limit = 25
	}
	var tops []*Comment
	replies := map[string][]any{}
	for _, c := range d.Comments[media] {
		if c.Parent == "" {
			tops = append([]*Comment{c}, tops...)
		} else {
			replies[c.Parent] = append(replies[c.Parent], igComment(c))
		}
	}
	off, _ := strconv.Atoi(strings.TrimPrefix(q.Get("after"), "QVFH"))
	end := min(off+limit, len(tops))
	withReplies := strings.Contains(q.Get("fields"), "replies")
	data := []any{}
	for _, c := range tops[min(off, end):end] {
		out := igComment(c)
		if withReplies && len(replies[c.ID]) > 0 {
			out["replies"] = map[string]any{"data": replies[c.ID]}
		}
		data = append(data, out)
	}
	resp := map[string]any{"data": data}
	if end < len(tops) {
		resp["paging"] = map[string]any{"cursors": map[string]any{"before": "QVFH" + strconv.Itoa(off), "after": "QVFH" + strconv.Itoa(end)},
			"next": d.URL + r.URL.Path + "?after=QVFH" + strconv.Itoa(end)}
	}
	JSON(w, 200, resp)
}

// reply answers POST /{comment-id}/replies, which takes top-level comments only.
func (d *Server) reply(w http.ResponseWriter, r *http.Request, parent string) {
	var in struct {
		Message string `json:"message"`
	}
	_ = json.NewDecoder(r.Body).Decode(&in)
	if in.Message == "" {
		Error(w, 400, 100, 0, "OAuthException", "(#100) The parameter message is required")
		return
	}
	for media, cs := range d.Comments {
		for _, top := range cs {
			if top.ID == parent && top.Parent == "" && d.isMedia(media) {
				id := d.Comment(media, d.Platform.Self, in.Message, parent)
				d.Sent = append(d.Sent, map[string]any{"reply_to": parent, "message": in.Message, "id": id})
				JSON(w, 200, map[string]any{"id": id})
				return
			}
		}
	}
	Error(w, 400, 100, 33, "GraphMethodException", "Unsupported post request. Object with ID '"+parent+"' does not exist, cannot be loaded due to missing permissions, or does not support this operation.")
}

// send answers POST /{page-id}/messages, with the platform's own window
// check, which the connector should never meet: 24 hours after the
// customer's last message for RESPONSE, 7 days with the HUMAN_AGENT tag.
func (d *Server) send(w http.ResponseWriter, r *http.Request) {
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
		var cv *Conv
		for _, c := range d.Convs {
			if c.User["id"] == in.Recipient["id"] {
				cv = c
			}
		}
		if cv == nil {
			Error(w, 400, 100, d.Platform.NoUserSub, d.Platform.NoUserType, d.Platform.NoUser)
			return
		}
		var last time.Time
		for _, m := range cv.Msgs {
			if m["from"].(map[string]any)["id"] != d.Platform.Self["id"] {
				last, _ = time.Parse("2006-01-02T15:04:05-0700", m["created_time"].(string))
				break
			}
		}
		age := time.Since(last)
		ok := in.MessagingType == "RESPONSE" && age <= 24*time.Hour || in.MessagingType == "MESSAGE_TAG" && in.Tag == "HUMAN_AGENT" && age <= 7*24*time.Hour
		if !ok {
			Error(w, 400, 10, d.Platform.WindowSub, "OAuthException", "(#10) This message is sent outside of allowed window.")
			return
		}
	}
	id := d.Platform.MsgPrefix + d.next()
	d.Sent = append(d.Sent, map[string]any{"recipient": in.Recipient, "messaging_type": in.MessagingType, "tag": in.Tag, "text": in.Message.Text, "id": id})
	JSON(w, 200, map[string]any{"recipient_id": in.Recipient["id"], "message_id": id})
}

// AddConversations opens n conversations, each with a new customer.
func (d *Server) AddConversations(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := range n {
		u := map[string]any{"id": strconv.Itoa(7_000_000 + d.Seq), "name": fmt.Sprintf("Customer %d", i)}
		if d.Platform.Name == "instagram" {
			u = map[string]any{"id": strconv.Itoa(7_000_000 + d.Seq), "username": fmt.Sprintf("customer%d", i)}
		}
		d.Message(u, u, fmt.Sprintf("an old question %d", i))
	}
}

// Listed is how many messages the conversation list shows in all (each
// conversation's newest 25).
func (d *Server) Listed() int {
	d.mu.Lock()
	defer d.mu.Unlock()
	n := 0
	for _, cv := range d.Convs {
		n += min(25, len(cv.Msgs))
	}
	return n
}
