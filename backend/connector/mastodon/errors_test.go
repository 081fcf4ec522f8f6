package mastodon

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
	"careinbox/backend/inbox"
)

// refusingServer answers every request with status, headers and body.
func refusingServer(t *testing.T, status int, hdr map[string]string, body map[string]any) *Connector {
	t.Helper()
	srv := connectortest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for k, v := range hdr {
			w.Header().Set(k, v)
		}
		connectortest.JSON(w, status, body)
	}))
	c, err := New(connector.Config{Settings: map[string]string{"instance": srv.URL}, Secrets: map[string]string{"access_token": "tok"},
		HTTP: srv.Client(), AccountID: "1"})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestRefusalClassified: refusals are told apart by the HTTP status that
// travels in the error, not by the words of the answer or the URL.
func TestRefusalClassified(t *testing.T) {
	reset := time.Now().Add(7 * time.Minute).UTC().Truncate(time.Second)
	tests := []struct {
		name     string
		status   int
		hdr      map[string]string
		words    string
		notFound bool
		kind     connector.Kind
		message  string // in the plain-words message
		retryAt  time.Time
	}{
		{"404", 404, nil, "Record not found", true, connector.Permanent, "may have been deleted", time.Time{}},
		{"410", 410, nil, "Gone", true, connector.Permanent, "may have been deleted", time.Time{}},
		{"words that say 404 are not a 404", 403, nil, "error 404: you may not", false, connector.Permanent, "forbidden", time.Time{}},
		{"422 keeps the server's words", 422, nil, "Validation failed: Text character limit of 500 exceeded", false, connector.Permanent,
			"Mastodon refused the message: Validation failed: Text character limit of 500 exceeded", time.Time{}},
		{"429 ISO 8601 reset", 429, map[string]string{"X-RateLimit-Reset": reset.Format("2006-01-02T15:04:05.000000Z")}, "Too many requests",
			false, connector.RateLimited, "slow down", reset},
		{"429 Retry-After", 429, map[string]string{"Retry-After": "90"}, "Too many requests", false, connector.RateLimited, "slow down", time.Now().Add(90 * time.Second)},
		{"503", 503, nil, "", false, connector.Temporary, "trouble", time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := refusingServer(t, tt.status, tt.hdr, map[string]any{"error": tt.words})
			// A status id with "404" in it must not make any refusal a 404.
			_, err := c.get(context.Background(), "/api/v1/statuses/1404404/context", nil, nil)
			ce, ok := connector.Classify(err)
			if !ok || ce.Kind != tt.kind || !strings.Contains(ce.Message, tt.message) {
				t.Fatalf("got %v (%v); want %v with %q", err, ce.Kind, tt.kind, tt.message)
			}
			if got := isNotFound(err); got != tt.notFound {
				t.Errorf("isNotFound = %v, want %v", got, tt.notFound)
			}
			if statusOf(err) != tt.status {
				t.Errorf("statusOf = %d, want %d", statusOf(err), tt.status)
			}
			if !tt.retryAt.IsZero() && (ce.RetryAt.Before(tt.retryAt.Add(-2*time.Second)) || ce.RetryAt.After(tt.retryAt.Add(2*time.Second))) {
				t.Errorf("retry at %v, want %v", ce.RetryAt, tt.retryAt)
			}
		})
	}
}

// TestReplyToDeletedPost: a reply whose parent is gone says so in plain words.
func TestReplyToDeletedPost(t *testing.T) {
	for _, status := range []int{404, 410} {
		c := refusingServer(t, status, nil, map[string]any{"error": "Record not found"})
		_, err := c.Reply(context.Background(), connector.Reply{ConversationRemoteID: "9", Kind: inbox.KindPublic, Visibility: connector.Public,
			InReplyTo: "9", Customer: inbox.Participant{Username: "alice"}, Text: "hi"})
		var ce *connector.Error
		if !errors.As(err, &ce) || ce.Kind != connector.Permanent || !strings.Contains(ce.Message, "the post you are answering was deleted") {
			t.Errorf("%d: got %v", status, err)
		}
	}
}
