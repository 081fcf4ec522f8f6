package connectortest

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// ProxyFault is one class of failure a FaultProxy answers every request
// with, whatever the network: what a flaky network, a proxy or a CDN in
// front of it does to a client.
type ProxyFault int

// The fault classes, one at a time.
const (
	PassThrough       ProxyFault = iota // forward to the upstream double
	TooManyRetryAfter                   // 429 with Retry-After: seconds
	TooManyReset                        // 429 with X-RateLimit-Reset: epoch seconds
	ServerTrouble                       // 503
	HangBeforeHeaders                   // no status line until the client gives up
	HangAfterHeaders                    // 200 and headers, then a body that never comes
	TruncatedJSON                       // a 200 whose (complete) body is JSON cut short
	WrongShape                          // a 200 with valid JSON of the wrong types
	Oversized                           // a 200 whose body is larger than any client accepts
	Revoked                             // 401: the token was revoked
)

var faultNames = map[ProxyFault]string{
	PassThrough: "pass through", TooManyRetryAfter: "429 Retry-After", TooManyReset: "429 reset header",
	ServerTrouble: "503", HangBeforeHeaders: "hang before headers", HangAfterHeaders: "hang after headers",
	TruncatedJSON: "truncated JSON", WrongShape: "wrong shape", Oversized: "oversized body", Revoked: "401 revoked",
}

// String names the fault in test names.
func (f ProxyFault) String() string { return faultNames[f] }

// ProxyFaults lists every fault class (not PassThrough).
func ProxyFaults() []ProxyFault {
	return []ProxyFault{TooManyRetryAfter, TooManyReset, ServerTrouble, HangBeforeHeaders, HangAfterHeaders,
		TruncatedJSON, WrongShape, Oversized, Revoked}
}

// wrongShape is valid JSON in which every field a connector reads has the
// wrong type: lists, envelopes and ids are strings or objects.
const wrongShape = `{"data":"unavailable","result":"unavailable","ok":"yes","elements":"unavailable",` +
	`"notifications":"unavailable","logs":"unavailable","id":{"unexpected":true},"accessJwt":7}`

// OversizedBytes is what an Oversized answer weighs: more than the largest
// cap of any connector (Telegram's 32 MB).
const OversizedBytes = 40 << 20

// FaultProxy is a reverse proxy in front of a double (or any server) that
// answers every request with one fault class, counts the requests, and can
// hold them: while held, a request waits at the proxy (after the headers
// for HangAfterHeaders) until Release, which makes any fault "still open"
// for as long as a test needs. WebSocket handshakes are never held, only
// faulted: a held handshake would be a hang, which is its own class.
type FaultProxy struct {
	*httptest.Server
	upstream *httputil.ReverseProxy
	// Now dates reset headers (default time.Now): set it to the engine's clock.
	Now func() time.Time
	// RetryIn is the wait a 429 asks for (default 90 s).
	RetryIn time.Duration

	mu       sync.Mutex
	fault    ProxyFault
	requests int
	held     int
	hold     chan struct{} // closed on Release; nil when not holding
	change   chan struct{}
	stop     chan struct{}
}

// NewFaultProxy starts a proxy forwarding to upstream, closed when the test ends.
func NewFaultProxy(t testing.TB, upstream string) *FaultProxy {
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatalf("fault proxy upstream %q: %v", upstream, err)
	}
	p := &FaultProxy{upstream: httputil.NewSingleHostReverseProxy(u), change: make(chan struct{}, 1), stop: make(chan struct{})}
	p.Server = httptest.NewServer(http.HandlerFunc(p.serve))
	t.Cleanup(func() {
		close(p.stop) // hanging answers end, so Close does not wait for them
		p.Server.Close()
	})
	return p
}

// Set makes every later request meet f.
func (p *FaultProxy) Set(f ProxyFault) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.fault = f
}

// Hold makes faulty answers wait at the proxy until Release.
func (p *FaultProxy) Hold() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.hold == nil {
		p.hold = make(chan struct{})
	}
}

// Release lets held answers (and later ones) go on.
func (p *FaultProxy) Release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.hold != nil {
		close(p.hold)
		p.hold = nil
	}
}

// Requests counts the requests the proxy received since the last ResetCount.
func (p *FaultProxy) Requests() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.requests
}

// ResetCount starts counting requests again from zero.
func (p *FaultProxy) ResetCount() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.requests = 0
}

// Held reports how many requests are waiting at the proxy now.
func (p *FaultProxy) Held() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.held
}

// Changed is signalled when a request arrives or a held one leaves.
func (p *FaultProxy) Changed() <-chan struct{} { return p.change }

func (p *FaultProxy) notify() {
	select {
	case p.change <- struct{}{}:
	default:
	}
}

// RetryAt is when the proxy's 429s ask to come back, seen from now.
func (p *FaultProxy) RetryAt(now time.Time) time.Time {
	return now.Add(p.retryIn())
}

func (p *FaultProxy) retryIn() time.Duration {
	if p.RetryIn > 0 {
		return p.RetryIn
	}
	return 90 * time.Second
}

func (p *FaultProxy) now() time.Time {
	if p.Now != nil {
		return p.Now()
	}
	return time.Now()
}

func (p *FaultProxy) serve(w http.ResponseWriter, r *http.Request) {
	p.mu.Lock()
	p.requests++
	f, hold := p.fault, p.hold
	p.mu.Unlock()
	p.notify()
	if f == PassThrough {
		p.upstream.ServeHTTP(w, r)
		return
	}
	upgrade := strings.EqualFold(r.Header.Get("Upgrade"), "websocket")
	wait := func() bool { // false: the client gave up or the test ended
		if hold == nil || upgrade {
			return true
		}
		p.mu.Lock()
		p.held++
		p.mu.Unlock()
		p.notify()
		defer func() {
			p.mu.Lock()
			p.held--
			p.mu.Unlock()
			p.notify()
		}()
		select {
		case <-hold:
			return true
		case <-r.Context().Done():
		case <-p.stop:
		}
		return false
	}
	hang := func() {
		select {
		case <-r.Context().Done():
		case <-p.stop:
		}
	}
	if f == HangAfterHeaders {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		if wait() {
			hang()
		}
		return
	}
	if !wait() {
		return
	}
	switch f {
	case TooManyRetryAfter:
		w.Header().Set("Retry-After", strconv.Itoa(int(p.retryIn()/time.Second)))
		http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
	case TooManyReset:
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(p.RetryAt(p.now()).Unix(), 10))
		http.Error(w, "Too Many Requests", http.StatusTooManyRequests)
	case ServerTrouble:
		http.Error(w, "Service Unavailable", http.StatusServiceUnavailable)
	case HangBeforeHeaders:
		hang()
	case TruncatedJSON:
		JSONBody(w, `{"data":[{"id":"1","text":"where is my ord`)
	case WrongShape:
		JSONBody(w, wrongShape)
	case Oversized:
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(OversizedBytes))
		w.WriteHeader(http.StatusOK)
		chunk := bytes.Repeat([]byte(" "), 64<<10)
		for sent := 0; sent < OversizedBytes; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return // the client stopped reading at its cap
			}
		}
	case Revoked:
		w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token"`)
		http.Error(w, "Unauthorized", http.StatusUnauthorized)
	}
}

// JSONBody answers a 200 with body as JSON, its length declared.
func JSONBody(w http.ResponseWriter, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write([]byte(body))
}
