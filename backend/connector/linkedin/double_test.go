package linkedin

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"careinbox/backend/connector/connectortest"
)

// double is LinkedIn's versioned REST API (/rest) for one organization,
// following the Community Management API docs: every request must carry
// LinkedIn-Version (YYYYMM) and X-Restli-Protocol-Version: 2.0.0, URNs in
// paths and query values are percent-encoded, List(…) and (start:…,end:…)
// are Rest.li syntax; errors are {"status","serviceErrorCode","code",
// "message"}; 401 for a revoked token, 403 for a missing permission, 429
// for the daily limit (no Retry-After); notifications are kept 60 days;
// collections are {"elements":[…],"paging":{"start","count","total"}};
// created comments come back as 201 with the entity and x-restli-id.
type double struct {
	t   *testing.T
	srv *connectortest.Server

	mu       sync.Mutex
	token    string
	scopes   []string
	admin    bool
	seq      int
	notes    []map[string]any          // organizationalEntityNotifications
	posts    map[string]map[string]any // by URN
	comments map[string][]map[string]any
	sent     []map[string]any
	fault    *connectortest.Fault
	requests []string
}

const (
	orgID  = "2414183"
	orgURN = "urn:li:organization:" + orgID
	post1  = "urn:li:share:7001"
	act1   = "urn:li:activity:7001"
	ana    = "urn:li:person:A1b2C3"
	ben    = "urn:li:person:D4e5F6"
)

func newDouble(t *testing.T) *double {
	d := &double{t: t, token: "AQX-linkedin-token", admin: true,
		scopes:   []string{"rw_organization_admin", "r_organization_social", "w_organization_social"},
		posts:    map[string]map[string]any{},
		comments: map[string][]map[string]any{}}
	d.srv = connectortest.NewServer(t, http.HandlerFunc(d.serve))
	return d
}

func (d *double) next() int { d.seq++; return 8000 + d.seq }

// comment adds a comment by actor on post (parent "" = top level) at t and,
// when someone else wrote it, the COMMENT notification LinkedIn generates.
func (d *double) comment(post, actor, text, parent string, t time.Time) string {
	id := strconv.Itoa(d.next())
	activity := strings.Replace(post, "urn:li:share:", "urn:li:activity:", 1)
	urn := "urn:li:comment:(" + activity + "," + id + ")"
	c := map[string]any{"actor": actor, "agent": actor, "commentUrn": urn, "$URN": urn, "id": id, "object": activity,
		"created": map[string]any{"actor": actor, "time": t.UnixMilli()}, "lastModified": map[string]any{"actor": actor, "time": t.UnixMilli()},
		"message": map[string]any{"text": text, "attributes": []any{}}, "commentsSummary": map[string]any{"aggregatedTotalComments": 0}}
	target := post
	if parent != "" {
		c["parentComment"] = parent
		target = parent
		for _, top := range d.comments[post] {
			if top["commentUrn"] == parent {
				s := top["commentsSummary"].(map[string]any)
				s["aggregatedTotalComments"] = s["aggregatedTotalComments"].(int) + 1
			}
		}
	}
	d.comments[target] = append(d.comments[target], c)
	if actor != orgURN {
		d.notes = append(d.notes, map[string]any{"lastModifiedAt": t.UnixMilli(), "action": "COMMENT", "organizationalEntity": orgURN,
			"sourcePost": post, "generatedActivity": urn, "decoratedSourcePost": map[string]any{"owner": orgURN, "entity": post}})
	}
	return urn
}

func (d *double) mention(actor, text string, t time.Time) string {
	urn := "urn:li:share:" + strconv.Itoa(d.next())
	d.posts[urn] = map[string]any{"id": urn, "author": actor, "commentary": text, "createdAt": t.UnixMilli(),
		"lastModifiedAt": t.UnixMilli(), "visibility": "PUBLIC", "lifecycleState": "PUBLISHED"}
	d.notes = append(d.notes, map[string]any{"lastModifiedAt": t.UnixMilli(), "action": "SHARE_MENTION", "organizationalEntity": orgURN,
		"sourcePost": urn, "generatedActivity": urn})
	return urn
}

func (d *double) seed() {
	now := time.Now()
	d.posts[post1] = map[string]any{"id": post1, "author": orgURN, "commentary": "We are hiring!", "createdAt": now.Add(-5 * 24 * time.Hour).UnixMilli()}
	// Older than LinkedIn's 60 days: gone from notifications.
	d.comment(post1, ben, "Very old question", "", now.Add(-70*24*time.Hour))
	top := d.comment(post1, ana, "Is the role remote-friendly?", "", now.Add(-3*24*time.Hour))
	d.comment(post1, orgURN, "Yes, fully remote in the EU.", top, now.Add(-3*24*time.Hour+time.Hour))
	d.mention(ben, "Great onboarding from @Brand today", now.Add(-2*24*time.Hour))
}

// AddInbound implements connectortest.Double.
func (d *double) AddInbound(n int) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for i := range n {
		if i%2 == 0 {
			d.comment(post1, ben, fmt.Sprintf("any news? %d", d.seq), "", time.Now())
		} else {
			d.mention(ana, fmt.Sprintf("thanks @Brand %d", d.seq), time.Now())
		}
	}
}

// Fail implements connectortest.Double.
func (d *double) Fail(f connectortest.Fault) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.fault = &f
}

func writeJSON(w http.ResponseWriter, status int, v any) { connectortest.JSON(w, status, v) }

func liErr(w http.ResponseWriter, status, service int, code, msg string) {
	writeJSON(w, status, map[string]any{"status": status, "serviceErrorCode": service, "code": code, "message": msg})
}

var (
	versionRe   = regexp.MustCompile(`^20[0-9]{2}(0[1-9]|1[0-2])$`)
	timeRangeRe = regexp.MustCompile(`^\(start:([0-9]+),end:([0-9]+)\)$`)
)

func (d *double) need(w http.ResponseWriter, scope string) bool {
	if slices.Contains(d.scopes, scope) {
		return true
	}
	liErr(w, 403, 100, "ACCESS_DENIED", "Not enough permissions to access: "+scope)
	return false
}

func (d *double) serve(w http.ResponseWriter, r *http.Request) {
	d.mu.Lock()
	defer d.mu.Unlock()
	raw := r.URL.EscapedPath()
	d.requests = append(d.requests, r.Method+" "+raw+"?"+r.URL.RawQuery)
	if v := r.Header.Get("LinkedIn-Version"); !versionRe.MatchString(v) {
		d.t.Errorf("%s %s without a valid LinkedIn-Version header: %q", r.Method, raw, v)
		liErr(w, 400, 0, "VERSION_MISSING", "A version must be present. Please specify a version by adding the LinkedIn-Version header.")
		return
	}
	if v := r.Header.Get("X-Restli-Protocol-Version"); v != "2.0.0" {
		d.t.Errorf("%s %s without X-Restli-Protocol-Version: 2.0.0: %q", r.Method, raw, v)
		liErr(w, 400, 0, "ILLEGAL_ARGUMENT", "Invalid Rest.li protocol version")
		return
	}
	if strings.Contains(r.URL.RawQuery, "oauth2_access_token") {
		d.t.Errorf("the token went into the URL")
	}
	if strings.Contains(raw, "urn:li:") {
		d.t.Errorf("URN not percent-encoded in the path: %s", raw)
	}
	if f := d.fault; f != nil {
		d.fault = nil
		switch *f {
		case connectortest.Unauthorized:
			liErr(w, 401, 65601, "REVOKED_ACCESS_TOKEN", "The token used in the request has been revoked by the user")
		case connectortest.RateLimited:
			liErr(w, 429, 0, "", "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.")
		case connectortest.ServerError:
			liErr(w, 500, 0, "", "Internal Server Error")
		case connectortest.Garbage:
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, "<html><body>LinkedIn is temporarily unavailable</body></html>")
		}
		return
	}
	if r.Header.Get("Authorization") != "Bearer "+d.token {
		liErr(w, 401, 65600, "INVALID_ACCESS_TOKEN", "Invalid access token")
		return
	}
	q := r.URL.Query()
	switch {
	case r.Method == "GET" && raw == "/rest/organizations/"+orgID:
		if d.need(w, "rw_organization_admin") {
			writeJSON(w, 200, map[string]any{"id": 2414183, "localizedName": "Brand Inc.", "vanityName": "brand-inc"})
		}
	case r.Method == "GET" && raw == "/rest/organizationAcls":
		if q.Get("q") != "roleAssignee" {
			liErr(w, 400, 0, "ILLEGAL_ARGUMENT", "unknown finder")
			return
		}
		if d.need(w, "rw_organization_admin") {
			var el []any
			if d.admin {
				el = append(el, map[string]any{"organization": orgURN, "role": "ADMINISTRATOR", "state": "APPROVED", "roleAssignee": "urn:li:person:me"})
			}
			writeJSON(w, 200, map[string]any{"elements": el, "paging": map[string]any{"start": 0, "count": 100, "total": len(el)}})
		}
	case r.Method == "GET" && raw == "/rest/posts":
		if q.Get("q") != "author" || q.Get("author") != orgURN {
			liErr(w, 400, 0, "ILLEGAL_ARGUMENT", "author finder needs author")
			return
		}
		if d.need(w, "r_organization_social") {
			writeJSON(w, 200, map[string]any{"elements": []any{d.posts[post1]}, "paging": map[string]any{"start": 0, "count": 1}})
		}
	case r.Method == "GET" && strings.HasPrefix(raw, "/rest/posts/"):
		if !d.need(w, "r_organization_social") {
			return
		}
		urn, _ := url.PathUnescape(strings.TrimPrefix(raw, "/rest/posts/"))
		if p, ok := d.posts[urn]; ok {
			writeJSON(w, 200, p)
			return
		}
		liErr(w, 404, 0, "NOT_FOUND", "Post not found")
	case r.Method == "GET" && raw == "/rest/organizationalEntityNotifications":
		if d.need(w, "rw_organization_admin") {
			d.notifications(w, r)
		}
	case strings.HasPrefix(raw, "/rest/socialActions/") && strings.HasSuffix(raw, "/comments"):
		target, err := url.PathUnescape(strings.TrimSuffix(strings.TrimPrefix(raw, "/rest/socialActions/"), "/comments"))
		if err != nil {
			liErr(w, 400, 0, "ILLEGAL_ARGUMENT", "bad urn")
			return
		}
		if r.Method == "GET" && d.need(w, "r_organization_social") {
			el := d.comments[target]
			writeJSON(w, 200, map[string]any{"elements": el, "paging": map[string]any{"start": 0, "count": 100, "total": len(el)}})
		} else if r.Method == "POST" && d.need(w, "w_organization_social") {
			d.create(w, r, target)
		}
	default:
		liErr(w, 404, 0, "NOT_FOUND", "No virtual resource found")
	}
}

func (d *double) notifications(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	m := timeRangeRe.FindStringSubmatch(q.Get("timeRange"))
	if q.Get("q") != "criteria" || q.Get("organizationalEntity") != orgURN || q.Get("actions") != "List(COMMENT,SHARE_MENTION)" || m == nil {
		d.t.Errorf("bad notifications query: %s", r.URL.RawQuery)
		liErr(w, 400, 0, "ILLEGAL_ARGUMENT", "bad criteria")
		return
	}
	if strings.Contains(r.URL.RawQuery, "List%28") || !strings.Contains(r.URL.RawQuery, "organizationalEntity=urn%3Ali%3Aorganization%3A") {
		d.t.Errorf("Rest.li 2.0 encoding wrong: %s", r.URL.RawQuery)
	}
	start, _ := strconv.ParseInt(m[1], 10, 64)
	end, _ := strconv.ParseInt(m[2], 10, 64)
	if start >= end {
		liErr(w, 400, 0, "ILLEGAL_ARGUMENT", "timeRange start must be before end")
		return
	}
	oldest := time.Now().Add(-60 * 24 * time.Hour).UnixMilli()
	var hits []map[string]any
	for _, n := range d.notes {
		t := n["lastModifiedAt"].(int64)
		if t >= start && t < end && t >= oldest {
			hits = append(hits, n)
		}
	}
	sort.SliceStable(hits, func(i, j int) bool { return hits[i]["lastModifiedAt"].(int64) > hits[j]["lastModifiedAt"].(int64) })
	from, _ := strconv.Atoi(q.Get("start"))
	count, _ := strconv.Atoi(q.Get("count"))
	if count <= 0 {
		count = 10
	}
	to := min(from+count, len(hits))
	el := []any{}
	for _, n := range hits[min(from, to):to] {
		el = append(el, n)
	}
	writeJSON(w, 200, map[string]any{"elements": el, "paging": map[string]any{"start": from, "count": count, "total": len(hits)}})
}

// create answers POST /rest/socialActions/{target}/comments as LinkedIn
// does: the actor must be the organization the token administers, the
// object the activity, and a nested comment names its top-level parent.
func (d *double) create(w http.ResponseWriter, r *http.Request, target string) {
	var in struct {
		Actor   string `json:"actor"`
		Object  string `json:"object"`
		Parent  string `json:"parentComment"`
		Message struct {
			Text string `json:"text"`
		} `json:"message"`
	}
	if err := json.NewDecoder(r.Body).Decode(&in); err != nil || in.Message.Text == "" || in.Actor != orgURN {
		liErr(w, 422, 0, "UNPROCESSABLE_ENTITY", "actor, object and message are required")
		return
	}
	post := target
	if strings.HasPrefix(target, "urn:li:comment:") {
		if in.Parent != target {
			liErr(w, 422, 0, "UNPROCESSABLE_ENTITY", "parentComment must match the comment URN in the path")
			return
		}
		post = ""
		for p, list := range d.comments {
			for _, c := range list {
				if c["commentUrn"] == target && c["parentComment"] == nil {
					post = p
				}
			}
		}
		if post == "" {
			liErr(w, 422, 0, "UNPROCESSABLE_ENTITY", "nested comments can only reply to a top-level comment")
			return
		}
	}
	if want := strings.Replace(post, "urn:li:share:", "urn:li:activity:", 1); in.Object != want && in.Object != post {
		liErr(w, 422, 0, "UNPROCESSABLE_ENTITY", "object "+in.Object+" does not match "+want)
		return
	}
	var urn string
	if _, ok := d.posts[post]; ok {
		urn = d.comment(post, orgURN, in.Message.Text, in.Parent, time.Now())
	} else {
		liErr(w, 404, 0, "NOT_FOUND", "target not found")
		return
	}
	d.sent = append(d.sent, map[string]any{"target": target, "parent": in.Parent, "object": in.Object, "text": in.Message.Text, "urn": urn})
	var created map[string]any
	for _, c := range d.comments[target] {
		if c["commentUrn"] == urn {
			created = c
		}
	}
	w.Header().Set("X-RestLi-Id", urn)
	writeJSON(w, 201, created)
}
