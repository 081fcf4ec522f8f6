package x

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"careinbox/backend/connector"
)

// follow is the "system browser": it follows the consent page's redirect
// to the loopback callback.
func follow(t *testing.T, u string) {
	t.Helper()
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(u)
	if err != nil {
		t.Fatalf("browser: %v", err)
	}
	resp.Body.Close()
	if resp.Request.URL.Path != "/callback" {
		t.Errorf("browser ended at %s", resp.Request.URL)
	}
}

func TestAuthorizer(t *testing.T) {
	d := newDouble(t)
	ctx := context.Background()
	form := map[string]string{"client_id": " " + d.clientID + " ", "poll_minutes": "15",
		"auth_url": d.srv.URL + "/oauth2/authorize", "token_url": d.srv.URL + "/2/oauth2/token"}
	c, err := New(connector.Config{Settings: form, HTTP: d.srv.Client(), Authorizing: true})
	if err != nil {
		t.Fatal(err)
	}
	var az connector.Authorizer = c
	auth, err := az.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer auth.Close()
	if u := auth.URL(); !strings.Contains(u, "code_challenge_method=S256") || !strings.Contains(u, "client_id="+d.clientID+"&") {
		t.Errorf("consent page = %s", u)
	}
	follow(t, auth.URL())
	consent, err := auth.Complete(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if consent.Choose || len(consent.Grants) != 1 || consent.Provider != "X" {
		t.Fatalf("consent = %+v", consent)
	}
	g := consent.Grants[0]
	if !d.access[g.Secrets["access_token"]] || !d.refresh[g.Secrets["refresh_token"]] || g.Settings["poll_minutes"] != "15" {
		t.Errorf("grant = %+v", g)
	}
	// The grant connects: the usual connector is built from it.
	if _, err := New(connector.Config{Settings: g.Settings, Secrets: g.Secrets, HTTP: d.srv.Client()}); err != nil {
		t.Errorf("the grant does not build a connector: %v", err)
	}
}

func TestAuthorizerRefusals(t *testing.T) {
	c, err := New(connector.Config{Settings: map[string]string{}, Authorizing: true})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Begin(context.Background())
	if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.Permanent || !strings.Contains(ce.Message, "client id") {
		t.Errorf("no client id: %v", err)
	}
	// Without Authorizing, a connector still needs its tokens.
	if _, err := New(connector.Config{Settings: map[string]string{"client_id": "abc"}}); err == nil {
		t.Error("a connector without tokens was built")
	}
}

// A refused or throttled token refresh is classified: a dead grant asks
// for a new sign-in, a 429 or 5xx waits, keeping the refresh token.
func TestRefreshRefusals(t *testing.T) {
	for _, tc := range []struct {
		name  string
		token answer
		kind  connector.Kind
		words string
	}{
		{"spent or revoked (X's words)", answer{400, nil, `{"error":"invalid_request","error_description":"Value passed for the token was invalid."}`}, connector.AuthNeeded, "sign in again"},
		{"invalid_grant", answer{400, nil, `{"error":"invalid_grant","error_description":"Invalid refresh token"}`}, connector.AuthNeeded, "sign in again"},
		{"unknown client", answer{401, nil, `{"error":"invalid_client","error_description":"Missing valid authorization header"}`}, connector.AuthNeeded, "sign in again"},
		{"throttled", answer{429, map[string]string{"x-rate-limit-reset": epoch(4 * time.Minute)}, `{"errors":[{"code":88,"message":"Rate limit exceeded"}]}`}, connector.RateLimited, "slow down"},
		{"X in trouble", answer{503, nil, `{"errors":[{"code":130,"message":"Over capacity"}]}`}, connector.Temporary, "retrying"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := newRoutes(map[string]answer{"POST /2/oauth2/token": tc.token, mentionsRoute: {200, nil, `{"meta":{"result_count":0}}`}})
			c := routed(t, r)
			c.tok.Expiry = testNow.Add(-time.Hour)
			err := fetchMentions(c)
			ce, ok := connector.Classify(err)
			if !ok || ce.Kind != tc.kind || !strings.Contains(ce.Message, tc.words) || strings.Contains(err.Error(), "rt-0") {
				t.Fatalf("got %v (kind %v), want %v with %q", err, kindOf(ce), tc.kind, tc.words)
			}
			if tc.kind == connector.RateLimited && !ce.RetryAt.Equal(testNow.Add(4*time.Minute)) {
				t.Errorf("retry at %s", ce.RetryAt)
			}
			if c.Tokens()["refresh_token"] != "rt-0" {
				t.Errorf("the refresh token was lost: %v", c.Tokens())
			}
		})
	}
}

// rotating is a token endpoint that rotates refresh tokens as X does (a
// spent one is refused) and answers slowly, so concurrent refreshes overlap.
type rotating struct {
	mu     sync.Mutex
	valid  map[string]bool
	n      int
	trades int
}

func (rt *rotating) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.URL.Path != "/2/oauth2/token" {
		return newRoutes(map[string]answer{mentionsRoute: {200, nil, `{"meta":{"result_count":0}}`}, dmsRoute: {200, nil, `{"meta":{"result_count":0}}`}}).RoundTrip(req)
	}
	_ = req.ParseForm()
	time.Sleep(50 * time.Millisecond)
	rt.mu.Lock()
	defer rt.mu.Unlock()
	rt.trades++
	old := req.PostForm.Get("refresh_token")
	body := `{"error":"invalid_request","error_description":"Value passed for the token was invalid."}`
	status := 400
	if rt.valid[old] {
		delete(rt.valid, old)
		rt.n++
		next := fmt.Sprintf("rt-%d", rt.n)
		rt.valid[next] = true
		status, body = 200, fmt.Sprintf(`{"access_token":"at-%d","refresh_token":"%s","token_type":"bearer","expires_in":7200}`, rt.n, next)
	}
	return &http.Response{StatusCode: status, Status: http.StatusText(status), Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(body)), Request: req}, nil
}

// A sync and a reply renewing an expired token at once trade the refresh
// token once; the second takes the first's new pair instead of spending
// the old refresh token again (which X refuses, signing the handle out).
func TestConcurrentRefreshTradesOnce(t *testing.T) {
	tr := &rotating{valid: map[string]bool{"rt-0": true}}
	c, err := New(connector.Config{Settings: map[string]string{"client_id": "client"}, AccountID: "11",
		Secrets: map[string]string{"access_token": "at-0", "refresh_token": "rt-0", "token_expiry": testNow.Add(-time.Hour).Format(time.RFC3339)},
		HTTP:    &http.Client{Transport: tr}, Now: func() time.Time { return testNow }})
	if err != nil {
		t.Fatal(err)
	}
	var saved []string
	var mu sync.Mutex
	c.SetTokenSaver(func(m map[string]string) error {
		mu.Lock()
		saved = append(saved, m["refresh_token"])
		mu.Unlock()
		return nil
	})
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, f := range []func(*Connector) error{fetchMentions, fetchDMs} {
		wg.Add(1)
		go func() { defer wg.Done(); errs[i] = f(c) }()
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil || tr.trades != 1 || len(saved) != 1 || c.Tokens()["refresh_token"] != "rt-1" {
		t.Fatalf("errors %v, %d trades, saved %v, tokens %v", errs, tr.trades, saved, c.Tokens())
	}
}
