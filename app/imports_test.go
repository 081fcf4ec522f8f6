package app

import (
	"os/exec"
	"strings"
	"testing"
)

// TestNoNetworkPackage checks the bound layer reaches networks only through
// the services it is given: nothing app/ builds on, directly or not, is a
// network package under backend/connector/.
func TestNoNetworkPackage(t *testing.T) {
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
			t.Errorf("app/ depends on %s: build the service that needs it in the composition root", p)
		}
	}
}
