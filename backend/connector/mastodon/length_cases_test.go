package mastodon

import (
	"encoding/json"
	"os"
	"testing"
)

// The composer counts a reply as this connector does
// (frontend/src/lib/weights.ts); both are held to the same cases, so the
// composer never accepts what the connector refuses for its length.
func TestLengthCasesSharedWithTheComposer(t *testing.T) {
	raw, err := os.ReadFile("../../../frontend/src/lib/length-cases.json")
	if err != nil {
		t.Fatal(err)
	}
	var file struct {
		Cases []struct {
			Network, Text string
			Count         int
		}
	}
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, tc := range file.Cases {
		if tc.Network != "mastodon" {
			continue
		}
		n++
		if got := statusLength(tc.Text, 23); got != tc.Count {
			t.Errorf("%q counts %d, the shared case says %d", tc.Text, got, tc.Count)
		}
	}
	if n == 0 {
		t.Fatal("no mastodon cases in length-cases.json")
	}
}
