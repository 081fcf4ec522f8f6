package httpkit

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
)

var now = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

func server(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func client(srv *httptest.Server) *Client {
	return &Client{Network: "Net", HTTP: srv.Client(), Now: func() time.Time { return now }}
}

func TestClassification(t *testing.T) {
	tests := []struct {
		name    string
		status  int
		header  map[string]string
		want    connector.Kind
		retryAt time.Time
	}{ // (with HoldOnLimit)
		{"429 Retry-After seconds", 429, map[string]string{"Retry-After": "120"}, connector.RateLimited, now.Add(2 * time.Minute)},
		{"429 Retry-After HTTP date", 429, map[string]string{"Retry-After": now.Add(time.Hour).Format(http.TimeFormat)}, connector.RateLimited, now.Add(time.Hour)},
		{"429 x-rate-limit-reset epoch", 429, map[string]string{"X-Rate-Limit-Reset": "1795438800"}, connector.RateLimited, time.Unix(1795438800, 0)},
		{"429 RateLimit-Reset seconds", 429, map[string]string{"RateLimit-Reset": "30"}, connector.RateLimited, now.Add(30 * time.Second)},
		{"429 X-RateLimit-Reset ISO 8601", 429, map[string]string{"X-RateLimit-Reset": "2026-11-23T09:05:00Z"}, connector.RateLimited, now.Add(5 * time.Minute)},
		{"429 without a time", 429, nil, connector.RateLimited, now.Add(time.Minute)},
		{"500", 500, nil, connector.Temporary, time.Time{}},
		{"503", 503, nil, connector.Temporary, time.Time{}},
		{"401", 401, nil, connector.AuthNeeded, time.Time{}},
		{"403", 403, nil, connector.Permanent, time.Time{}},
		{"400", 400, nil, connector.Permanent, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := server(t, func(w http.ResponseWriter, r *http.Request) {
				for k, v := range tt.header {
					w.Header().Set(k, v)
				}
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(`{"error":"nope"}`))
			})
			c := client(srv)
			c.HoldOnLimit = true
			a, err := c.Do(context.Background(), Request{Op: "net test", URL: srv.URL})
			ce, ok := connector.Classify(err)
			if !ok {
				t.Fatalf("err = %v", err)
			}
			if ce.Kind != tt.want || !ce.RetryAt.Equal(tt.retryAt) {
				t.Errorf("kind %s retry %s, want %s %s (%v)", ce.Kind, ce.RetryAt, tt.want, tt.retryAt, err)
			}
			if a == nil || a.Status != tt.status || string(a.Body) != `{"error":"nope"}` {
				t.Errorf("answer = %+v, want the refused answer", a)
			}
			if !strings.Contains(ce.Error(), "net test") {
				t.Errorf("error %q does not name the call", ce.Error())
			}
			// A rate limit closes the gate until the network's time.
			_, again := c.Do(context.Background(), Request{Op: "net test", URL: srv.URL})
			ce2, _ := connector.Classify(again)
			if tt.want == connector.RateLimited {
				if ce2 == nil || ce2.Kind != connector.RateLimited || !ce2.RetryAt.Equal(tt.retryAt) {
					t.Errorf("after a 429 the next call got %v, want the gate closed until %s", again, tt.retryAt)
				}
			} else if ce2 == nil || ce2.Kind != tt.want {
				t.Errorf("second call got %v", again)
			}
		})
	}
}

func TestBudgetGate(t *testing.T) {
	reset := now.Add(10 * time.Minute)
	tests := []struct {
		name      string
		remaining string
		reset     string
		reserve   int
		pollsOnly bool
		method    string
		closed    bool
		until     time.Time
	}{
		{"plenty left", "50", "", 5, false, "GET", false, time.Time{}},
		{"at the reserve", "5", reset.Format(time.RFC3339), 5, false, "GET", true, reset},
		{"spent, no reset: the window", "0", "", 0, false, "GET", true, now.Add(15 * time.Minute)},
		{"spent, a reply may use the reserve", "2", reset.Format(time.RFC3339), 5, true, "POST", false, reset},
		{"spent, polls wait", "2", reset.Format(time.RFC3339), 5, true, "GET", true, reset},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var calls int
			srv := server(t, func(w http.ResponseWriter, r *http.Request) {
				calls++
				w.Header().Set("X-RateLimit-Remaining", tt.remaining)
				if tt.reset != "" {
					w.Header().Set("X-RateLimit-Reset", tt.reset)
				}
				_, _ = w.Write([]byte(`{}`))
			})
			c := client(srv)
			c.Reserve, c.PollsOnly, c.Window = tt.reserve, tt.pollsOnly, 15*time.Minute
			r := Request{Op: "net test", Method: tt.method, URL: srv.URL, Bucket: "b"}
			if _, err := c.Do(context.Background(), r); err != nil {
				t.Fatal(err)
			}
			_, err := c.Do(context.Background(), r)
			ce, _ := connector.Classify(err)
			if tt.closed != (err != nil) {
				t.Fatalf("second call: %v, want closed=%v", err, tt.closed)
			}
			if tt.closed && (ce.Kind != connector.RateLimited || !ce.RetryAt.Equal(tt.until) || calls != 1) {
				t.Errorf("gate: %v retry %s after %d calls, want until %s without calling", err, ce.RetryAt, calls, tt.until)
			}
			if !tt.until.IsZero() && !c.ClosedUntil("b").Equal(tt.until) {
				t.Errorf("ClosedUntil = %s, want %s", c.ClosedUntil("b"), tt.until)
			}
			if !c.ClosedUntil("other").IsZero() {
				t.Error("another bucket is closed too")
			}
		})
	}
}

func TestNoHoldWithoutHoldOnLimit(t *testing.T) {
	var calls int
	srv := server(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("Retry-After", "600")
		w.WriteHeader(429)
	})
	c := client(srv)
	for range 2 {
		if ce, _ := connector.Classify(func() error { _, err := c.Do(context.Background(), Request{Op: "net test", URL: srv.URL}); return err }()); ce == nil || ce.Kind != connector.RateLimited {
			t.Fatalf("429 classified %v", ce)
		}
	}
	if calls != 2 {
		t.Errorf("without HoldOnLimit the second call did not reach the network (%d calls)", calls)
	}
}

func TestBodyCap(t *testing.T) {
	tests := []struct {
		name   string
		status int
		size   int
		want   string // "" = no error
	}{
		{"under the cap", 200, 1000, ""},
		{"at the cap", 200, 1024, ""},
		{"over the cap", 200, 1025, "larger than we accept (1 KB)"},
		{"an error page over the cap is cut, not refused for its size", 500, 5000, "having trouble"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := server(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(strings.Repeat("a", tt.size)))
			})
			c := client(srv)
			c.MaxBody = 1024
			a, err := c.Do(context.Background(), Request{Op: "net test", URL: srv.URL})
			if tt.want == "" {
				if err != nil || len(a.Body) != tt.size {
					t.Fatalf("err %v, body %d bytes", err, len(a.Body))
				}
				return
			}
			ce, ok := connector.Classify(err)
			if !ok || ce.Kind != connector.Temporary || !strings.Contains(ce.Message, tt.want) {
				t.Fatalf("err = %v, want a temporary error saying %q", err, tt.want)
			}
			var tl *TooLargeError
			if tt.status == 200 && !errors.As(err, &tl) {
				t.Errorf("%v: no TooLargeError in the chain", err)
			}
			if tt.status != 200 && len(a.Body) != 1024 {
				t.Errorf("error body %d bytes, want cut to 1024", len(a.Body))
			}
		})
	}
}

func TestCancelAndTimeout(t *testing.T) {
	srv := connectortest.NewServer(t, http.NotFoundHandler())
	tests := []struct {
		name    string
		ctx     func() (context.Context, context.CancelFunc)
		timeout time.Duration
		check   func(error) bool
	}{
		{"cancelled before", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, 0, func(err error) bool { return errors.Is(err, context.Canceled) }},
		{"cancelled during the body", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 50*time.Millisecond)
		}, 0, func(err error) bool { return errors.Is(err, context.DeadlineExceeded) }},
		{"our own timeout is temporary", func() (context.Context, context.CancelFunc) {
			return context.WithCancel(context.Background())
		}, 50 * time.Millisecond, func(err error) bool {
			var ce *connector.Error
			return errors.As(err, &ce) && ce.Kind == connector.Temporary && strings.Contains(ce.Message, "in time")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := tt.ctx()
			defer cancel()
			srv.FailNext(connectortest.SlowBody(time.Minute, "{}"))
			c := &Client{Network: "Net", HTTP: srv.Client(), Now: func() time.Time { return now }, Timeout: tt.timeout}
			start := time.Now()
			_, err := c.Do(ctx, Request{Op: "net test", URL: srv.URL})
			if !tt.check(err) {
				t.Errorf("err = %v", err)
			}
			if time.Since(start) > 2*time.Second {
				t.Errorf("took %s", time.Since(start))
			}
		})
	}
}

func TestHooksAndJSON(t *testing.T) {
	srv := server(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Content-Type") != "application/json" {
			t.Errorf("content type %q", r.Header.Get("Content-Type"))
		}
		if strings.HasSuffix(r.URL.Path, "/bad") {
			w.Header().Set("X-Usage", "hot")
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"ok":false,"retry_after":30}`))
			return
		}
		_, _ = w.Write([]byte(`{"n":2}`))
	})
	c := client(srv)
	c.HoldOnLimit = true
	c.Budget = func(h http.Header, now time.Time) (time.Time, bool) {
		return now.Add(time.Hour), h.Get("X-Usage") == "hot"
	}
	c.Refine = func(ce *connector.Error, _ Request, a *Answer) error {
		var body struct {
			RetryAfter int `json:"retry_after"`
		}
		if a.Decode(&body) == nil && body.RetryAfter > 0 {
			ce.Kind, ce.RetryAt = connector.RateLimited, now.Add(time.Duration(body.RetryAfter)*time.Second)
		}
		return ce
	}
	var out struct{ N int }
	if _, err := c.JSON(context.Background(), Request{Op: "net ok", Method: "POST", URL: srv.URL + "/ok", Bucket: "a"}, map[string]int{"x": 1}, &out); err != nil || out.N != 2 {
		t.Fatalf("JSON: %v %+v", err, out)
	}
	_, err := c.JSON(context.Background(), Request{Op: "net bad", Method: "POST", URL: srv.URL + "/bad", Bucket: "a"}, map[string]int{"x": 1}, &out)
	ce, _ := connector.Classify(err)
	if ce == nil || ce.Kind != connector.RateLimited || !ce.RetryAt.Equal(now.Add(30*time.Second)) {
		t.Errorf("refined: %v", err)
	}
	// The Budget hook's hour wins over the shorter retry_after.
	if got := c.ClosedUntil("a"); !got.Equal(now.Add(time.Hour)) {
		t.Errorf("ClosedUntil = %s", got)
	}
	var bad struct{ N string }
	c2 := client(srv)
	_, err = c2.JSON(context.Background(), Request{Op: "net ok", Method: "POST", URL: srv.URL + "/ok"}, map[string]int{}, &bad)
	if ce, _ := connector.Classify(err); ce == nil || ce.Kind != connector.Temporary || !strings.Contains(ce.Message, "could not read") {
		t.Errorf("undecodable: %v", err)
	}
}

func TestSecretsRedacted(t *testing.T) {
	c := &Client{Network: "Net", Secrets: []string{"123:SECRET"}, HTTP: &http.Client{Timeout: time.Second}}
	_, err := c.Do(context.Background(), Request{Op: "net test", URL: "http://127.0.0.1:1/bot123:SECRET/getMe"})
	if err == nil || strings.Contains(err.Error(), "SECRET") || !strings.Contains(err.Error(), "<token>") {
		t.Errorf("err = %v", err)
	}
	ce, _ := connector.Classify(err)
	if ce == nil || ce.Kind != connector.Temporary {
		t.Fatalf("unreachable: %v", err)
	}
	// An owner reads this in the add-handle form: it says what to do next.
	if want := "Net could not be reached; check the internet connection and try again"; ce.Message != want {
		t.Errorf("message = %q, want %q", ce.Message, want)
	}
}

// A backfill's requests stop at the last quarter of a window; live sync's
// go on to the usual reserve.
func TestBackfillLeavesTheLastQuarterToLiveSync(t *testing.T) {
	remaining := "100"
	srv := server(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "300")
		w.Header().Set("X-RateLimit-Remaining", remaining)
		w.Header().Set("X-RateLimit-Reset", now.Add(5*time.Minute).Format(time.RFC3339))
		w.Write([]byte(`{}`))
	})
	c := client(srv)
	back := connector.WithBackfill(context.Background())
	for _, tc := range []struct {
		name      string
		ctx       context.Context
		remaining string
		limited   bool
	}{
		{"a backfill with 100 of 300 left", back, "75", false}, // this answer says 75 are left
		{"the backfill then waits", back, "75", true},
		{"live sync goes on", context.Background(), "74", false},
	} {
		remaining = tc.remaining
		_, err := c.Do(tc.ctx, Request{Op: "net poll", URL: srv.URL})
		ce, _ := connector.Classify(err)
		if got := ce != nil && ce.Kind == connector.RateLimited; got != tc.limited {
			t.Errorf("%s: limited %v (%v), want %v", tc.name, got, err, tc.limited)
		}
		if tc.limited && !ce.RetryAt.Equal(now.Add(5*time.Minute)) {
			t.Errorf("%s: retry at %v, want the window's reset", tc.name, ce.RetryAt)
		}
	}
}

func TestClip(t *testing.T) {
	tests := []struct {
		in   string
		most int
		want string
	}{
		{"  short  ", 10, "short"},
		{"two\nlines\r\n and  tabs\t", 100, "two lines and tabs"},
		{"abcdef", 3, "abc…"},
		{"aéb", 2, "a…"}, // é is two bytes: not cut in half
		{"", 5, ""},
	}
	for _, tt := range tests {
		if got := Clip(tt.in, tt.most); got != tt.want {
			t.Errorf("Clip(%q, %d) = %q, want %q", tt.in, tt.most, got, tt.want)
		}
	}
}
