package connectortest

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestServerFaultsAndRecording(t *testing.T) {
	s := NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		JSON(w, 200, map[string]string{"ok": "yes"})
	}))
	s.FailNext(TooManyRequests(30*time.Second), Unavailable(), SlowBody(50*time.Millisecond, "late"))
	tests := []struct {
		status int
		header string // Retry-After
		body   string
		slow   bool
	}{
		{429, "30", "", false},
		{503, "", "", false},
		{200, "", "late", true},
		{200, "", `{"ok":"yes"}` + "\n", false}, // faults used up: the double answers
	}
	for i, tt := range tests {
		start := time.Now()
		resp, err := s.Client().Post(s.URL+"/p", "text/plain", strings.NewReader("body"))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != tt.status || resp.Header.Get("Retry-After") != tt.header || string(b) != tt.body {
			t.Errorf("%d: %d %q %q", i, resp.StatusCode, resp.Header.Get("Retry-After"), b)
		}
		if tt.slow != (time.Since(start) >= 50*time.Millisecond) {
			t.Errorf("%d: took %s", i, time.Since(start))
		}
	}
	reqs := s.Requests()
	if len(reqs) != 4 || reqs[0].String() != "POST /p" || string(reqs[3].Body) != "body" || len(s.Calls()) != 4 {
		t.Errorf("recorded %v", reqs)
	}
}
