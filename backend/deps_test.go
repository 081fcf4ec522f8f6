// Package backend_test checks the dependency rule of DESIGN.md: nothing under
// backend/ imports Wails, and our packages only import what the design allows.
package backend_test

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// allowed lists, per package under backend/, which of our packages it may import.
var allowed = map[string][]string{
	"inbox":    {},
	"events":   {},
	"store":    {"inbox", "events"},
	"deadline": {"inbox"},
	"secrets":  {},
	"notify":   {},
	"platform": {},
	"demo":     {"inbox", "store", "connector", "deadline"},
	"engine":   {"store", "connector", "deadline", "notify", "secrets", "inbox"},
	// sla keeps stored deadlines current and raises notifications.
	"sla": {"inbox", "store", "deadline", "notify", "events"},
	// snooze wakes snoozed conversations (its test runs a real store).
	"snooze": {"store", "inbox"},
	// handles connects handles through connectors and the engine it is
	// given; only its tests open a real store (and the connector registry).
	"handles": {"inbox", "connector", "engine", "secrets", "store"},
	// core is the composition root of a workspace: it may wire anything but cli.
	"core": {"inbox", "events", "store", "deadline", "secrets", "notify", "platform", "demo", "engine", "sla", "snooze", "connector", "handles"},
	// cli prints a workspace opened by core.
	"cli": {"core", "demo", "store", "inbox"},
	// guard detects personal data in text (pure rules).
	"guard": {"inbox"},
}

func TestDependencyRule(t *testing.T) {
	fset := token.NewFileSet()
	err := filepath.WalkDir(".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") {
			return err
		}
		f, err := parser.ParseFile(fset, path, nil, parser.ImportsOnly)
		if err != nil {
			return err
		}
		top := strings.Split(filepath.ToSlash(path), "/")[0]
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if strings.HasPrefix(p, "github.com/wailsapp/") {
				t.Errorf("%s imports %s: only app/ may import Wails", path, p)
			}
			ours, ok := strings.CutPrefix(p, "careinbox/")
			if !ok {
				continue
			}
			if !strings.HasPrefix(ours, "backend/") {
				t.Errorf("%s imports %s: backend/ must not import outside backend/", path, p)
				continue
			}
			target := strings.Split(strings.TrimPrefix(ours, "backend/"), "/")[0]
			if target == top {
				continue // within one package tree (e.g. notify/notifytest → notify)
			}
			if top == "connector" && target == "inbox" {
				continue
			}
			rule, known := allowed[top]
			if !known && top != "connector" {
				t.Errorf("%s: package %s has no entry in the dependency rule", path, top)
				continue
			}
			ok = false
			for _, a := range rule {
				ok = ok || a == target
			}
			if !ok {
				t.Errorf("%s imports %s, which the dependency rule forbids for %s", path, p, top)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
