package mastodon

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"careinbox/backend/connector"
	"careinbox/backend/connector/connectortest"
)

// TestRegistrationAnswerCapped: go-mastodon reads the app registration's
// answer itself; a huge one (a success or an error page) is refused
// rather than read whole.
func TestRegistrationAnswerCapped(t *testing.T) {
	pad := strings.Repeat("x", 2*signInMaxBody)
	tests := []struct {
		name    string
		status  int
		body    map[string]any
		refused bool
	}{
		{"small answer", 200, map[string]any{"id": "1", "client_id": "c", "client_secret": "s", "redirect_uri": "x"}, false},
		{"huge success", 200, map[string]any{"id": "1", "client_id": "c", "client_secret": "s", "name": pad}, true},
		// go-mastodon drops what it cannot decode: the refusal stays, its words go.
		{"huge error", 422, map[string]any{"error": pad}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := connectortest.NewServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				connectortest.JSON(w, tt.status, tt.body)
			}))
			c, err := New(connector.Config{Settings: map[string]string{"instance": srv.URL}, HTTP: srv.Client(), Authorizing: true})
			if err != nil {
				t.Fatal(err)
			}
			auth, err := c.Begin(context.Background())
			if err == nil {
				defer auth.Close()
			}
			if tt.refused {
				if err == nil || len(err.Error()) > 1000 {
					t.Fatalf("a %d-byte answer gave an error of %d bytes; want a short refusal", len(pad), len(fmt.Sprint(err)))
				}
				if ce, ok := connector.Classify(err); tt.status == 200 && (!ok || !strings.Contains(ce.Message, "larger than we accept")) {
					t.Errorf("huge registration = %.300v", err)
				}
			} else if err != nil {
				t.Fatalf("small answer refused: %v", err)
			}
		})
	}
}
