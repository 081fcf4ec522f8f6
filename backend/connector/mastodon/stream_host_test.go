package mastodon

import (
	"context"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
)

// TestStreamingHost: the stream is opened where the instance says its
// streaming API lives (configuration.urls.streaming), unless that address
// would carry the token unencrypted off this computer or is not a
// WebSocket address.
func TestStreamingHost(t *testing.T) {
	tests := []struct {
		name      string
		streaming func(other string) string // "" = the instance does not say
		onOther   bool
	}{
		{"instance does not say", func(string) string { return "" }, false},
		{"another host", func(other string) string { return "ws://" + other }, true},
		{"another host, trailing slash", func(other string) string { return "ws://" + other + "/" }, true},
		{"plain ws off this computer is refused", func(string) string { return "ws://streaming.example" }, false},
		{"not a websocket address", func(other string) string { return "javascript://" + other }, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, d := setup(t)
			other := newDouble(t)
			other.token = d.token
			if s := tt.streaming(other.srv.Listener.Addr().String()); s != "" {
				d.instance["urls"] = map[string]any{"streaming": s}
			}
			want := d
			if tt.onOther {
				want = other
			}
			want.stream <- `{"event":"notification","payload":"{}"}`
			done := make(chan error, 1)
			go func() { done <- c.Wait(context.Background()) }()
			select {
			case err := <-done:
				if err != nil {
					t.Fatalf("Wait = %v", err)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("Wait did not wake")
			}
			for _, r := range want.srv.Requests() {
				if r.Path == "/api/v1/streaming" {
					return
				}
			}
			t.Errorf("the stream was not opened on the expected host")
		})
	}
}

// TestStreamFrameCapped: one endless frame ends the wait as a temporary
// failure instead of being buffered whole.
func TestStreamFrameCapped(t *testing.T) {
	c, d := setup(t)
	d.stream <- `{"event":"notification","payload":"` + strings.Repeat("x", 2*maxFrame) + `"}`
	err := c.Wait(context.Background())
	if ce, ok := connector.Classify(err); !ok || ce.Kind != connector.Temporary {
		t.Fatalf("a %d-byte frame gave %v; want a temporary failure", 2*maxFrame, err)
	}
}

// TestStreamRedirectIsTemporary: a streaming endpoint that redirects (it
// moved to a streaming host) is tried again later, not given up on.
func TestStreamRedirectIsTemporary(t *testing.T) {
	c, d := setup(t)
	d.streamMoved = "https://streaming.example/api/v1/streaming"
	err := c.Wait(context.Background())
	ce, ok := connector.Classify(err)
	if !ok || ce.Kind != connector.Temporary || strings.Contains(err.Error(), d.token) {
		t.Fatalf("redirected stream = %v", err)
	}
}
