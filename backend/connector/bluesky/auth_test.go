package bluesky

import (
	"context"
	"strings"
	"testing"

	"careinbox/backend/connector"
)

// An account taken down or deactivated is not fixed by a new app password:
// the error says what is wrong in plain words.
func TestAccountStatusInPlainWords(t *testing.T) {
	tests := []struct {
		status, want string
		signedIn     bool // the refusal comes on a call after sign-in
	}{
		{"AccountTakedown", "taken down", false},
		{"AccountTakedown", "taken down", true},
		{"AccountDeactivated", "deactivated", true},
	}
	for _, tt := range tests {
		t.Run(tt.status, func(t *testing.T) {
			c, d := setup(t)
			if tt.signedIn {
				if _, err := c.Verify(context.Background()); err != nil {
					t.Fatal(err)
				}
			}
			d.accountStatus = tt.status
			_, err := c.Fetch(context.Background(), StreamNotifications, "")
			ce, ok := connector.Classify(err)
			if !ok || ce.Kind != connector.AuthNeeded || !strings.Contains(ce.Message, tt.want) || strings.Contains(ce.Message, "new app password") {
				t.Errorf("error = %v; want AuthNeeded saying %q, not asking for a new app password", err, tt.want)
			}
		})
	}
}
