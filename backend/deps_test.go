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
	"inbox": {},
	// events is the bus that carries id-only deltas after commit.
	"events": {},
	// store persists the inbox's and the deadline feature's types.
	"store": {"inbox", "deadline", "events", "sentiment", "publicclose", "csat"},
	// sentiment scores messages and reads conversations (pure rules over VADER).
	"sentiment": {},
	// publicclose is the pure state machine of finishing in public.
	"publicclose": {},
	// deadline (with its service, deadline/tracker) declares the narrow
	// store and announcer interfaces it needs, so it imports no store and no
	// notifier: the composition root wires those in.
	"deadline": {"inbox", "events", "wakeup"},
	"secrets":  {},
	// notify's deadline policy (Announcer) reads the deadline feature's
	// recorded events: notify → deadline, never the other way round.
	"notify":   {"deadline", "inbox"},
	"platform": {},
	"demo":     {"inbox", "store", "connector", "deadline"},
	"engine":   {"store", "connector", "deadline", "notify", "secrets", "inbox"},
	// snooze wakes snoozed conversations.
	"snooze": {"inbox", "events", "wakeup"},
	// wakeup sleeps a background loop until a time or a change (a delta).
	"wakeup": {"events"},
	// autodiscover finds e-mail servers (presets, DNS SRV, autoconfig) with the
	// resolver and HTTP client it is given: it needs none of our packages.
	"autodiscover": {},
	// handles connects handles through connectors and the engine it is given.
	"handles": {"inbox", "connector", "engine", "secrets"},
	// core is the composition root of a workspace: it may wire anything but cli.
	"core": {"inbox", "events", "store", "deadline", "secrets", "notify", "platform", "demo", "engine", "snooze", "connector", "handles", "report", "insights", "sentiment", "csat", "backup", "archive", "listen", "logfile"},
	// cli prints a workspace opened by core.
	"cli": {"core", "demo", "store", "inbox", "report", "clientreport", "export", "archive", "listen"},
	// export writes conversations out (CSV, JSON, HTML) from the store's export reads.
	"export": {"store"},
	// backup copies, schedules and restores the database; secrets: the
	// sign-in check after a restore reads the keychain's not-found error.
	"backup": {"store", "wakeup", "secrets"},
	// archive imports official archives through the store's ingest; its
	// format readers map them with the connectors' own rules (connector/email).
	"archive": {"inbox", "connector", "store"},
	// report computes service-level reports from the stored deadlines and
	// their events, with the deadline engine's calendar arithmetic.
	"report": {"inbox", "deadline"},
	// clientreport lays a report out as an HTML page and a PDF to send.
	"clientreport": {"inbox", "deadline", "report"},
	// insights reads customers' words over a report's scope and period.
	"insights": {"inbox", "report"},
	// guard detects personal data in text (pure rules).
	"guard": {"inbox"},
	// voice holds the pure tone-of-voice rules (avoided words, sign-off).
	"voice": {"inbox"},
	// csat holds the satisfaction survey's rules and runs due surveys through a store it is given.
	"csat": {"inbox", "deadline", "events", "wakeup"},
	// listen runs listening searches through the connectors it is given and
	// keeps results in the store, scored and summarised like messages.
	"listen": {"inbox", "connector", "store", "sentiment", "notify", "insights"},
	// logfile writes the size-rotated log; autostart the start-at-login entry.
	"logfile":   {},
	"autostart": {},
	// tray is the panel icon (fyne.io/systray on the session bus); app/
	// hands it plain callbacks and the queue's numbers.
	"tray": {},
	// diagnostics reports handle states and scrubbed log lines (issue 17).
	"diagnostics": {"inbox"},
}

// testAllowed adds, for _test.go files only, what a package's tests may
// wire in to check a whole flow on real parts: the deadline service's tests
// run it over a real SQLite store with the real notification policy (a
// deadline from policy to a notification). Production code never may.
var testAllowed = map[string][]string{
	"deadline": {"store", "notify"},
	"snooze":   {"store"},
	"handles":  {"store"},
	"report":   {"store", "csat"}, // csat: survey settings of a real-store fixture
	// clientreport's builder runs over a real SQLite store.
	"clientreport": {"store"},
	"insights":     {"store", "demo"},
	// engine's ingest benchmark wires the bus between the store and the
	// deadline service, as core does.
	"engine": {"events"},
	"export": {"inbox"},
	"backup": {"inbox"},
	// listen runs its searches through the real engine in its tests.
	"listen": {"events", "engine", "secrets"},
	// diagnostics is checked over a real store and a real rotated log.
	"diagnostics": {"store", "logfile"},
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
			if strings.HasSuffix(path, "_test.go") {
				rule = append(rule[:len(rule):len(rule)], testAllowed[top]...)
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
