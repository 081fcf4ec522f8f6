package connectortest

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// LengthCase is one shared case of how a network counts a reply's length.
type LengthCase struct {
	Network, Text string
	Count         int
}

// LengthCases reads the cases of network from frontend/src/lib/
// length-cases.json, which the composer's weights.test.ts reads too: a
// connector and the composer counting alike is what keeps the composer
// from accepting what the connector refuses for its length.
func LengthCases(t *testing.T, network string) []LengthCase {
	t.Helper()
	root, err := moduleRoot()
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(root, "frontend", "src", "lib", "length-cases.json"))
	if err != nil {
		t.Fatal(err)
	}
	var file struct{ Cases []LengthCase }
	if err := json.Unmarshal(raw, &file); err != nil {
		t.Fatal(err)
	}
	var out []LengthCase
	for _, c := range file.Cases {
		if c.Network == network {
			out = append(out, c)
		}
	}
	if len(out) == 0 {
		t.Fatalf("no %s cases in length-cases.json", network)
	}
	return out
}
