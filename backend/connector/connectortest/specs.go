package connectortest

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// The doubles of the X, Mastodon and Bluesky connectors are held to the
// networks' official contracts, kept beside the clone in ../shared/specs
// (too large, and not ours, to vendor). A plain clone has no ../shared, so
// there a double still runs every connector test, only without the
// contract check; CI sets RequireSpecsEnv so a missing contract fails
// instead of silently passing.
const (
	// RequireSpecsEnv, set to 1, turns a missing contract into a failure.
	RequireSpecsEnv = "CAREINBOX_REQUIRE_SPECS"
	// SpecsDirEnv points the lookup at another specs directory (tests of
	// this policy, or a copy kept elsewhere).
	SpecsDirEnv = "CAREINBOX_SPECS_DIR"
)

// SpecsDir returns the specs directory and how to name it in messages:
// $CAREINBOX_SPECS_DIR when set, else ../shared/specs beside the module
// root (found by walking up from the package directory to go.mod).
func SpecsDir() (dir, shown string, err error) {
	if d := os.Getenv(SpecsDirEnv); d != "" {
		return d, d, nil
	}
	root, err := moduleRoot()
	if err != nil {
		return "", "", err
	}
	return filepath.Join(root, "..", "shared", "specs"), "../shared/specs", nil
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("find module root: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("find module root: no go.mod above the package directory")
		}
		dir = parent
	}
}

// Contract locates the contract file or directory rel (slash-separated,
// e.g. "x/openapi.json") under the specs directory. When it is missing,
// ok is false and the test is told so once — or, with RequireSpecsEnv=1,
// fails. Doubles call it and skip their checks when ok is false.
func Contract(t testing.TB, rel string) (path string, ok bool) {
	t.Helper()
	path, msg := locate(rel)
	if msg == "" {
		return path, true
	}
	if os.Getenv(RequireSpecsEnv) == "1" {
		t.Fatalf("%s, and %s=1: every contract check must run", msg, RequireSpecsEnv)
	}
	t.Log("contract check skipped: " + msg)
	return "", false
}

// RequireContract is Contract for tests that check only the contract
// itself: without the file there is nothing to test, so they skip.
func RequireContract(t testing.TB, rel string) string {
	t.Helper()
	path, msg := locate(rel)
	if msg == "" {
		return path
	}
	if os.Getenv(RequireSpecsEnv) == "1" {
		t.Fatalf("%s, and %s=1: every contract check must run", msg, RequireSpecsEnv)
	}
	t.Skip("contract check skipped: " + msg)
	return ""
}

// locate returns rel's path, or a message naming the missing file.
func locate(rel string) (path, missing string) {
	dir, shown, err := SpecsDir()
	if err != nil {
		return "", err.Error()
	}
	path = filepath.Join(dir, filepath.FromSlash(rel))
	if _, err := os.Stat(path); err != nil {
		return "", fmt.Sprintf("%s/%s not found", shown, rel)
	}
	return path, ""
}
