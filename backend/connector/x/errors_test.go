package x

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/inbox"
)

// answer is one canned answer of routes.
type answer struct {
	status int
	header map[string]string
	body   string
}

// routes is an in-memory X: each "METHOD /path-prefix" has its answer
// (the longest matching prefix wins), and requests are counted per route.
// It lets a test give X's real refusals, some of which (usage-capped,
// duplicate content) the OpenAPI contract does not list.
type routes struct {
	mu    sync.Mutex
	m     map[string]answer
	count map[string]int
}

func newRoutes(m map[string]answer) *routes {
	base := map[string]answer{
		"GET /2/users/me":      {200, nil, `{"data":{"id":"11","username":"brand","name":"Brand"}}`},
		"POST /2/oauth2/token": {200, nil, `{"access_token":"at-1","refresh_token":"rt-1","token_type":"bearer","expires_in":7200}`},
	}
	for k, v := range m {
		base[k] = v
	}
	return &routes{m: base, count: map[string]int{}}
}

func (r *routes) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil {
		_, _ = io.Copy(io.Discard, req.Body)
		_ = req.Body.Close()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	key, best := "", -1
	for k := range r.m {
		method, prefix, _ := strings.Cut(k, " ")
		if method == req.Method && strings.HasPrefix(req.URL.Path, prefix) && len(prefix) > best {
			key, best = k, len(prefix)
		}
	}
	a, ok := r.m[key]
	if !ok {
		a = answer{404, nil, `{"title":"Not Found Error","detail":"no route","type":"https://api.x.com/2/problems/resource-not-found"}`}
	}
	r.count[key]++
	h := http.Header{"Content-Type": {"application/json"}}
	for k, v := range a.header {
		h.Set(k, v)
	}
	return &http.Response{StatusCode: a.status, Status: strconv.Itoa(a.status) + " " + http.StatusText(a.status), Header: h,
		Body: io.NopCloser(bytes.NewReader([]byte(a.body))), Request: req}, nil
}

func (r *routes) requests(key string) int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.count[key]
}

var testNow = time.Date(2026, 11, 23, 10, 0, 0, 0, time.UTC)

func routed(t *testing.T, r *routes) *Connector {
	t.Helper()
	c, err := New(connector.Config{Settings: map[string]string{"client_id": "client"}, AccountID: "11",
		Secrets: map[string]string{"access_token": "at-0", "refresh_token": "rt-0"}, HTTP: &http.Client{Transport: r},
		Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func epoch(d time.Duration) string { return strconv.FormatInt(testNow.Add(d).Unix(), 10) }

const (
	mentionsRoute = "GET /2/users/11/mentions"
	dmsRoute      = "GET /2/dm_events"
	postRoute     = "POST /2/tweets"
	dmSendRoute   = "POST /2/dm_conversations/with/"
)

var (
	publicReply  = connector.Reply{Visibility: connector.Public, InReplyTo: "1900000000000000001", Text: "So sorry, it ships today."}
	privateReply = connector.Reply{Visibility: connector.Private, Customer: inbox.Participant{RemoteID: "22"}, Text: "Here is the code."}
)

// X's refusals, as it sends them, become errors of the right kind in plain
// words (not "X rejected the request (403)").
func TestRefusals(t *testing.T) {
	window := map[string]string{"x-rate-limit-limit": "100", "x-rate-limit-remaining": "97", "x-rate-limit-reset": epoch(15 * time.Minute)}
	for _, tc := range []struct {
		name   string
		route  string
		answer answer
		call   func(*Connector) error
		kind   connector.Kind
		words  string        // in the message
		retry  time.Duration // RetryAt - now, for RateLimited
		notIn  string        // must not be in the message
	}{
		{name: "usage cap", route: mentionsRoute,
			answer: answer{429, window, `{"account_id":"1","product_name":"standard-basic","title":"UsageCapExceeded","period":"Monthly","scope":"Product","detail":"Usage cap exceeded: Monthly product cap","type":"https://api.twitter.com/2/problems/usage-capped"}`},
			call:   fetchMentions, kind: connector.RateLimited, words: "usage cap", retry: usageCapWait},
		{name: "app outside a project", route: mentionsRoute,
			answer: answer{403, nil, `{"client_id":"123","detail":"When authenticating requests to the Twitter API v2 endpoints, you must use keys and tokens from a Twitter developer App that is attached to a Project. You can create a project via the developer portal.","registration_url":"https://developer.twitter.com/en/docs/projects/overview","title":"Client Forbidden","required_enrollment":"Appropriate Level of API Access","reason":"client-not-enrolled","type":"https://api.twitter.com/2/problems/client-forbidden"}`},
			call:   fetchMentions, kind: connector.Permanent, words: "attach the app to a Project"},
		{name: "rate limit, v1.1 body", route: mentionsRoute,
			answer: answer{429, map[string]string{"x-rate-limit-remaining": "0", "x-rate-limit-reset": epoch(7 * time.Minute)}, `{"errors":[{"code":88,"message":"Rate limit exceeded"}]}`},
			call:   fetchMentions, kind: connector.RateLimited, words: "slow down", retry: 7 * time.Minute},
		{name: "daily post limit", route: postRoute,
			answer: answer{429, map[string]string{"x-rate-limit-remaining": "96", "x-rate-limit-reset": epoch(15 * time.Minute),
				"x-user-limit-24hour-limit": "100", "x-user-limit-24hour-remaining": "0", "x-user-limit-24hour-reset": epoch(10 * time.Hour)},
				`{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}`},
			call: reply(publicReply), kind: connector.RateLimited, words: "daily limit", retry: 10 * time.Hour},
		{name: "daily app limit for DMs", route: dmSendRoute,
			answer: answer{429, map[string]string{"x-rate-limit-remaining": "10", "x-rate-limit-reset": epoch(15 * time.Minute),
				"x-app-limit-24hour-remaining": "0", "x-app-limit-24hour-reset": epoch(3 * time.Hour)},
				`{"title":"Too Many Requests","detail":"Too Many Requests","type":"about:blank","status":429}`},
			call: reply(privateReply), kind: connector.RateLimited, words: "daily limit", retry: 3 * time.Hour},
		{name: "duplicate post", route: postRoute,
			answer: answer{403, window, `{"detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","title":"Forbidden","status":403}`},
			call:   reply(publicReply), kind: connector.Permanent, words: "duplicate"},
		{name: "reply settings exclude us", route: postRoute,
			answer: answer{403, window, `{"detail":"Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.","type":"about:blank","title":"Forbidden","status":403}`},
			call:   reply(publicReply), kind: connector.Permanent, words: "limits who can reply"},
		{name: "answered post deleted", route: postRoute,
			answer: answer{403, window, `{"detail":"You attempted to reply to a Tweet that is deleted or not visible to you.","type":"about:blank","title":"Forbidden","status":403}`},
			call:   reply(publicReply), kind: connector.Permanent, words: "deleted"},
		{name: "DM refused by the customer", route: dmSendRoute,
			answer: answer{403, nil, `{"detail":"You cannot send messages to this user.","type":"about:blank","title":"Forbidden","status":403}`},
			call:   reply(privateReply), kind: connector.Permanent, words: "may not accept direct messages"},
		{name: "duplicate DM is not the customer's refusal", route: dmSendRoute,
			answer: answer{403, nil, `{"detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","title":"Forbidden","status":403}`},
			call:   reply(privateReply), kind: connector.Permanent, words: "duplicate", notIn: "may not accept"},
		{name: "DM app outside a project is not the customer's refusal", route: dmSendRoute,
			answer: answer{403, nil, `{"title":"Client Forbidden","reason":"client-not-enrolled","detail":"…","type":"https://api.x.com/2/problems/client-forbidden"}`},
			call:   reply(privateReply), kind: connector.Permanent, words: "Project", notIn: "may not accept"},
		{name: "DM bad request is not the customer's refusal", route: dmSendRoute,
			answer: answer{400, nil, `{"errors":[{"parameters":{"text":["x"]},"message":"The text field is too long"}],"title":"Invalid Request","detail":"One or more parameters to your request was invalid.","type":"https://api.x.com/2/problems/invalid-request"}`},
			call:   reply(privateReply), kind: connector.Permanent, notIn: "may not accept"},
		{name: "protected or blocked", route: mentionsRoute,
			answer: answer{403, nil, `{"title":"Authorization Error","detail":"Sorry, you are not authorized to see the user with id: [11].","type":"https://api.x.com/2/problems/not-authorized-for-resource","resource_type":"user"}`},
			call:   fetchMentions, kind: connector.Permanent, words: "does not let this account"},
		{name: "200 with only errors", route: mentionsRoute,
			answer: answer{200, window, `{"errors":[{"title":"Forbidden","detail":"User has been suspended: [11].","type":"https://api.x.com/2/problems/resource-unavailable","section":"data","resource_type":"user"}],"meta":{"result_count":0}}`},
			call:   fetchMentions, kind: connector.Permanent, words: "suspended"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRoutes(map[string]answer{tc.route: tc.answer})
			err := tc.call(routed(t, r))
			ce, ok := connector.Classify(err)
			if !ok || ce.Kind != tc.kind || !strings.Contains(ce.Message, tc.words) || tc.notIn != "" && strings.Contains(ce.Message, tc.notIn) {
				t.Fatalf("%s: got %v (kind %v), want %v with %q", tc.name, err, kindOf(ce), tc.kind, tc.words)
			}
			if tc.kind == connector.RateLimited {
				if got := ce.RetryAt.Sub(testNow); got != tc.retry {
					t.Errorf("retry in %s, want %s", got, tc.retry)
				}
			}
		})
	}
}

func kindOf(ce *connector.Error) any {
	if ce == nil {
		return nil
	}
	return ce.Kind
}

func fetchMentions(c *Connector) error {
	_, err := c.Fetch(context.Background(), StreamMentions, "1800000000000000000")
	return err
}

func fetchDMs(c *Connector) error {
	_, err := c.Fetch(context.Background(), StreamDMs, "1800000000000000000")
	return err
}

func reply(r connector.Reply) func(*Connector) error {
	return func(c *Connector) error {
		_, err := c.Reply(context.Background(), r)
		return err
	}
}

// A partial error about includes (a referenced post deleted since) costs
// only that detail: the mention still arrives.
func TestPartialErrorsKeepThePage(t *testing.T) {
	r := newRoutes(map[string]answer{mentionsRoute: {200, nil, `{"data":[{"id":"1900000000000000002","text":"@brand hi","author_id":"22","created_at":"2026-11-23T09:00:00Z","referenced_posts":[{"type":"quoted","id":"1700000000000000000"}]}],` +
		`"errors":[{"value":"1700000000000000000","detail":"Could not find tweet with referenced_tweets.id: [1700000000000000000].","title":"Not Found Error","resource_type":"tweet","parameter":"referenced_tweets.id","resource_id":"1700000000000000000","type":"https://api.twitter.com/2/problems/resource-not-found","section":"includes"}],"meta":{"result_count":1}}`}})
	p, err := routed(t, r).Fetch(context.Background(), StreamMentions, "1800000000000000000")
	if err != nil || len(p.Conversations) != 1 || p.Cursor != "1900000000000000002" {
		t.Fatalf("page %+v, %v", p, err)
	}
}

// Spent limits hold only what they limit: a usage cap every endpoint, a
// 429 or a spent daily limit on posting only posting, never the reads.
func TestLimitsHoldTheirOwnBucket(t *testing.T) {
	okMentions := answer{200, nil, `{"meta":{"result_count":0}}`}
	okDMs := answer{200, nil, `{"meta":{"result_count":0}}`}
	posted := `{"data":{"id":"1900000000000000009","text":"x","edit_history_post_ids":["1900000000000000009"]}}`
	for _, tc := range []struct {
		name    string
		post    answer
		postErr bool // the post itself fails
	}{
		{"429 on posting", answer{429, map[string]string{"x-rate-limit-remaining": "0", "x-rate-limit-reset": epoch(15 * time.Minute)}, `{"title":"Too Many Requests","type":"about:blank","status":429,"detail":"Too Many Requests"}`}, true},
		{"daily limit spent by this post", answer{201, map[string]string{"x-rate-limit-remaining": "90", "x-rate-limit-reset": epoch(15 * time.Minute),
			"x-user-limit-24hour-remaining": "0", "x-user-limit-24hour-reset": epoch(5 * time.Hour)}, posted}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRoutes(map[string]answer{postRoute: tc.post, mentionsRoute: okMentions, dmsRoute: okDMs})
			c := routed(t, r)
			if _, err := c.Reply(context.Background(), publicReply); (err != nil) != tc.postErr {
				t.Fatalf("first post: %v", err)
			}
			_, err := c.Reply(context.Background(), publicReply)
			if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.RateLimited || r.requests(postRoute) != 1 {
				t.Errorf("second post: %v after %d requests", err, r.requests(postRoute))
			}
			if err := fetchMentions(c); err != nil {
				t.Errorf("mentions stalled by posting's limit: %v", err)
			}
			if err := fetchDMs(c); err != nil {
				t.Errorf("DMs stalled by posting's limit: %v", err)
			}
		})
	}
	r := newRoutes(map[string]answer{dmsRoute: {429, nil, `{"title":"UsageCapExceeded","detail":"Usage cap exceeded: Monthly product cap","type":"https://api.twitter.com/2/problems/usage-capped"}`},
		mentionsRoute: okMentions})
	c := routed(t, r)
	_ = fetchDMs(c)
	err := fetchMentions(c)
	if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.RateLimited || r.requests(mentionsRoute) != 0 {
		t.Errorf("after the usage cap, mentions: %v after %d requests", err, r.requests(mentionsRoute))
	}
}
