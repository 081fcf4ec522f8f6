package handles

import (
	"os/exec"
	"strings"
	"testing"
)

// TestKnowsNoNetwork checks the service gets its networks only through
// Config: it builds on no network package and not on the registry, which
// the composition root hands in.
func TestKnowsNoNetwork(t *testing.T) {
	gobin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list the dependencies with")
	}
	out, err := exec.Command(gobin, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, p := range strings.Fields(string(out)) {
		if strings.HasPrefix(p, "careinbox/backend/connector/") {
			t.Errorf("the handles service depends on %s: take it through Config instead", p)
		}
	}
}
