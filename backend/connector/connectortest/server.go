package connectortest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"careinbox/backend/connector"
)

// Server is the base of every connector's test double: a local HTTP server
// that records each request and can answer the next ones with a plain HTTP
// fault (a 429 with Retry-After, a 5xx, a slow body) before the double's own
// handler sees them. The double keeps what is the network's own: its
// endpoints, its error bodies, its throttling signals.
type Server struct {
	*httptest.Server

	mu       sync.Mutex
	requests []Request
	faults   []HTTPFault
}

// Request is a recorded request.
type Request struct {
	Method   string
	Path     string
	RawQuery string
	Header   http.Header
	Body     []byte
}

// String is "METHOD /path", the form the doubles' tests compare.
func (r Request) String() string { return r.Method + " " + r.Path }

// HTTPFault is a plain HTTP failure answered instead of the double.
type HTTPFault struct {
	Status int
	Header http.Header
	Body   string
	// SlowBody sends the status and headers at once and the body only
	// after this long, or when the client gives up.
	SlowBody time.Duration
}

// TooManyRequests is a 429 asking to come back after wait.
func TooManyRequests(wait time.Duration) HTTPFault {
	return HTTPFault{Status: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {strconv.Itoa(int(wait / time.Second))}}}
}

// Unavailable is a 503, a network having trouble.
func Unavailable() HTTPFault { return HTTPFault{Status: http.StatusServiceUnavailable} }

// SlowBody is a 200 whose body takes d to arrive.
func SlowBody(d time.Duration, body string) HTTPFault {
	return HTTPFault{Status: http.StatusOK, Body: body, SlowBody: d}
}

// NewServer starts a server for h, closed when the test ends.
func NewServer(t testing.TB, h http.Handler) *Server {
	s := &Server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		s.mu.Lock()
		s.requests = append(s.requests, Request{Method: r.Method, Path: r.URL.Path, RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), Body: body})
		var f *HTTPFault
		if len(s.faults) > 0 {
			f = &s.faults[0]
			s.faults = s.faults[1:]
		}
		s.mu.Unlock()
		if f != nil {
			serveFault(w, r, *f)
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(s.Close)
	return s
}

// FailNext answers the next requests with faults, one each, in order.
func (s *Server) FailNext(faults ...HTTPFault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, faults...)
}

// Requests returns every request so far.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

// Calls returns every request so far as "METHOD /path".
func (s *Server) Calls() []string {
	var out []string
	for _, r := range s.Requests() {
		out = append(out, r.String())
	}
	return out
}

func serveFault(w http.ResponseWriter, r *http.Request, f HTTPFault) {
	for k, v := range f.Header {
		w.Header()[k] = v
	}
	w.WriteHeader(f.Status)
	if f.SlowBody > 0 {
		w.(http.Flusher).Flush()
		select {
		case <-time.After(f.SlowBody):
		case <-r.Context().Done():
			return
		}
	}
	_, _ = io.WriteString(w, f.Body)
}

// JSON answers v as JSON with status; a Content-Type the double set
// before (Graph's "; charset=UTF-8") is kept.
func JSON(w http.ResponseWriter, status int, v any) {
	var b bytes.Buffer
	_ = json.NewEncoder(&b).Encode(v)
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	_, _ = w.Write(b.Bytes())
}

// HTTPSetup builds a connector against a fresh double whose Server answers
// plain HTTP faults.
type HTTPSetup func(t *testing.T) (connector.Connector, *Server)

// RunHTTP checks what every HTTP connector owes the engine whatever the
// network: a 429 with Retry-After (from the network or a proxy in front of
// it) is a rate limit until then, a 503 is temporary, and a body that
// never arrives gives way to the caller's deadline.
func RunHTTP(t *testing.T, setup HTTPSetup) {
	tests := []struct {
		name  string
		fault HTTPFault
		check func(t *testing.T, err error, took time.Duration)
	}{
		{"429 with Retry-After", TooManyRequests(90 * time.Second), func(t *testing.T, err error, _ time.Duration) {
			ce, ok := connector.Classify(err)
			if !ok || ce.Kind != connector.RateLimited {
				t.Fatalf("429 gave %v, want rate limited", err)
			}
			if want := time.Now().Add(90 * time.Second); ce.RetryAt.Before(want.Add(-5*time.Second)) || ce.RetryAt.After(want.Add(5*time.Second)) {
				t.Errorf("429 with Retry-After: 90 retries at %s, want about %s", ce.RetryAt, want)
			}
		}},
		{"503", Unavailable(), func(t *testing.T, err error, _ time.Duration) {
			if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.Temporary {
				t.Errorf("503 gave %v, want temporary", err)
			}
		}},
		{"slow body", SlowBody(time.Minute, "{}"), func(t *testing.T, err error, took time.Duration) {
			if !errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("a body slower than the deadline gave %v, want context.DeadlineExceeded in the chain", err)
			}
			if took > 5*time.Second {
				t.Errorf("the slow body held the fetch for %s", took)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, s := setup(t)
			// Fail every request of the fetch the same way, so whichever
			// request comes first (a sign-in, a lookup) meets the fault.
			for range 8 {
				s.FailNext(tt.fault)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			start := time.Now()
			_, err := c.Fetch(ctx, c.Streams()[0], "")
			tt.check(t, err, time.Since(start))
		})
	}
}
