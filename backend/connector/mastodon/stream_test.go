package mastodon

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
)

// streamingSetup is a server whose token may stream: the app's own scopes
// include the plain "read" GoToSocial's streaming endpoint wants.
func streamingSetup(t *testing.T) (*Connector, *double) {
	return setup(t)
}

func TestStreamWakesOnNotification(t *testing.T) {
	c, d := streamingSetup(t)
	done := make(chan error, 1)
	go func() { done <- c.Wait(context.Background()) }()
	// Timeline updates do not wake; a notification does.
	d.stream <- `{"event":"update","payload":"{}"}`
	d.stream <- `{"event":"notification","payload":"{}"}`
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Wait = %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("a notification did not wake Wait")
	}
}

func TestStreamRefusedIsPermanent(t *testing.T) {
	c, d := setup(t)
	// The granular scopes the app asked for before: GoToSocial refuses to
	// stream to them.
	d.mu.Lock()
	d.scopes = "read:accounts read:notifications read:statuses write:statuses"
	d.mu.Unlock()
	err := c.Wait(context.Background())
	ce, ok := connector.Classify(err)
	if !ok || ce.Kind != connector.Permanent {
		t.Fatalf("refused stream = %v", ce)
	}
	// The server's words reach the log (the engine logs the error) ...
	if !strings.Contains(err.Error(), "token has insufficient scope permission") || !strings.Contains(err.Error(), "403") {
		t.Errorf("the server's words were lost: %v", err)
	}
	// ... and the user reads plain words.
	if !strings.Contains(ce.Message, "live updates") || strings.Contains(ce.Message, "scope") {
		t.Errorf("message = %q", ce.Message)
	}
}

// TestStreamAfterOwnSignIn signs in the way the app does and streams with
// the token that yields: the scopes requested must be ones the streaming
// endpoint accepts.
func TestStreamAfterOwnSignIn(t *testing.T) {
	d := newDouble(t)
	d.seed()
	d.token = ""
	ctx := context.Background()
	a, err := New(connector.Config{Settings: map[string]string{"instance": d.srv.URL}, HTTP: d.srv.Client(), Authorizing: true})
	if err != nil {
		t.Fatal(err)
	}
	auth, err := a.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer auth.Close()
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(auth.URL())
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	consent, err := auth.Complete(ctx)
	if err != nil {
		t.Fatal(err)
	}
	g := consent.Grants[0]
	c, err := New(connector.Config{Settings: g.Settings, Secrets: g.Secrets, HTTP: d.srv.Client()})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- c.Wait(ctx) }()
	d.stream <- `{"event":"notification","payload":"{}"}`
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("streaming after the app's own sign-in: %v", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("no wake-up after the app's own sign-in")
	}
	// Polling works with the same token.
	if _, err := c.Fetch(ctx, StreamNotifications, ""); err != nil {
		t.Errorf("fetch after sign-in: %v", err)
	}
}

// TestScopesMeetEachServer checks the requested scopes against what each
// server asks of the calls the connector makes.
func TestScopesMeetEachServer(t *testing.T) {
	for _, tt := range []struct {
		server, call string
		ok           func(scopes string) bool
	}{
		{"GoToSocial", "streaming", func(s string) bool { return strings.Contains(" "+s+" ", " read ") }},
		{"Mastodon", "streaming user", func(s string) bool {
			return scopeGranted(s, "read:statuses") && scopeGranted(s, "read:notifications")
		}},
		{"both", "verify_credentials", func(s string) bool { return scopeGranted(s, "read:accounts") }},
		{"both", "notifications", func(s string) bool { return scopeGranted(s, "read:notifications") }},
		{"both", "conversations, context, account statuses", func(s string) bool { return scopeGranted(s, "read:statuses") }},
		{"both", "post a reply", func(s string) bool { return scopeGranted(s, "write:statuses") }},
		{"least privilege", "no other writes", func(s string) bool { return !scopeGranted(s, "write:accounts") && !scopeGranted(s, "write:follows") }},
	} {
		if !tt.ok(Scopes) {
			t.Errorf("%s %s: scopes %q do not do", tt.server, tt.call, Scopes)
		}
	}
}

// TestStreamHandshakeNeverAnswered: a server that accepts the connection
// and never answers the upgrade must not hold Wait once ctx ends.
func TestStreamHandshakeNeverAnswered(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	accepted := make(chan net.Conn, 4)
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- conn // read nothing, answer nothing
		}
	}()
	t.Cleanup(func() {
		for {
			select {
			case conn := <-accepted:
				conn.Close()
			default:
				return
			}
		}
	})
	c, err := New(connector.Config{Settings: map[string]string{"instance": "http://" + ln.Addr().String()},
		Secrets: map[string]string{"access_token": "tok-1"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, when := range []string{"before the connection", "while the upgrade waits"} {
		t.Run(when, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if when == "before the connection" {
				cancel()
			}
			done := make(chan error, 1)
			go func() { done <- c.Wait(ctx) }()
			if when != "before the connection" {
				select {
				case conn := <-accepted:
					accepted <- conn
				case <-time.After(5 * time.Second):
					t.Fatal("Wait never connected")
				}
				time.Sleep(50 * time.Millisecond) // the upgrade request is on its way
				cancel()
			}
			expectCancelled(t, done)
		})
	}
}

// TestStreamHandshakeTimesOut: with nobody cancelling, an upgrade that is
// never answered still ends, as a temporary failure the engine retries.
func TestStreamHandshakeTimesOut(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			defer conn.Close() // read nothing, answer nothing
		}
	}()
	c, err := New(connector.Config{Settings: map[string]string{"instance": "http://" + ln.Addr().String()},
		Secrets: map[string]string{"access_token": "tok-1"}})
	if err != nil {
		t.Fatal(err)
	}
	c.handshake = 200 * time.Millisecond
	done := make(chan error, 1)
	go func() { done <- c.Wait(context.Background()) }()
	select {
	case err := <-done:
		ce, ok := connector.Classify(err)
		if !ok || ce.Kind != connector.Temporary || strings.Contains(err.Error(), "tok-1") {
			t.Errorf("handshake timeout = %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("an unanswered upgrade held Wait past its handshake timeout")
	}
}

// TestStreamSilentAfterUpgrade: an open stream that never says a word
// ends when ctx does.
func TestStreamSilentAfterUpgrade(t *testing.T) {
	c, d := streamingSetup(t)
	d.mu.Lock()
	d.streamSilent = true
	d.mu.Unlock()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Wait(ctx) }()
	deadline := time.Now().Add(5 * time.Second)
	for !upgraded(d) && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if !upgraded(d) {
		t.Fatal("the stream never opened")
	}
	cancel()
	expectCancelled(t, done)
}

// upgraded reports whether the double received a streaming request.
func upgraded(d *double) bool {
	for _, call := range d.srv.Calls() {
		if call == "GET /api/v1/streaming" {
			return true
		}
	}
	return false
}

// expectCancelled waits for Wait to give up. The bound is generous: the
// assertion is that it returns at all.
func expectCancelled(t *testing.T, done <-chan error) {
	t.Helper()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled Wait = %v, want context.Canceled", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("Wait did not return after its context was cancelled")
	}
}

func TestStreamCancelAndRevokedToken(t *testing.T) {
	c, d := streamingSetup(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- c.Wait(ctx) }()
	time.Sleep(100 * time.Millisecond)
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled Wait = %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Fatal("Wait ignored cancellation")
	}
	d.mu.Lock()
	d.token = "rotated"
	d.mu.Unlock()
	err := c.Wait(context.Background())
	ce, ok := connector.Classify(err)
	if !ok || ce.Kind != connector.AuthNeeded {
		t.Errorf("revoked token: %v", err)
	}
	if strings.Contains(err.Error(), "tok-1") {
		t.Errorf("the token leaked into an error: %v", err)
	}
}
