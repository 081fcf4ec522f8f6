# Care Inbox. The two commands a newcomer needs:
#   make run               build and open the app (ARGS=--demo for the sample workspace)
#   make test              every test: Go, front end, keychain, notifications, mail, Bluesky, browser, window, installers
#   make dist              the installers: Windows .exe + NSIS setup, Linux .deb, .rpm and .tar.gz, into dist/
# Both install what they need first (scripts/setup.sh, idempotent).

SHELL := /bin/bash
GOBIN := $(shell go env GOPATH)/bin
WAILS := $(GOBIN)/wails
# A release tag (v1.2.3) gives the version; without one the source default
# (main.version) stands. The commit is shown beside it: "0.2.0-dev (abc1234)".
VERSION ?= $(shell git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null | sed 's/^v//')
COMMIT ?= $(shell git rev-parse --short HEAD 2>/dev/null)
LDFLAGS := $(if $(VERSION),-X main.version=$(VERSION)) $(if $(COMMIT),-X main.commit=$(COMMIT))
BIN := build/bin/careinbox
ARGS ?=

.PHONY: run build setup setup-test setup-dist dist test-dist test-background test test-go test-race test-faults test-crash test-bindings test-frontend test-dbus test-mail test-bluesky test-e2e test-window fuzz bench clean

setup:
	@scripts/setup.sh run

setup-test:
	@scripts/setup.sh test

setup-dist:
	@scripts/setup.sh dist

# Installers and packages into dist/ (git-ignored), version from the git tag (scripts/version.sh).
dist: setup-dist
	scripts/dist.sh

build: setup
	$(WAILS) build -ldflags "$(LDFLAGS)"

run: build
	./$(BIN) $(ARGS)

test: setup-test
	@$(MAKE) --no-print-directory test-bindings test-frontend test-go test-race test-faults test-crash test-dbus test-mail test-bluesky test-e2e test-window test-background test-dist
	@echo "make test: all suites passed"

# Go unit and integration tests against real SQLite files; no display needed.
test-go: frontend/dist/index.html
	go vet ./...
	go run honnef.co/go/tools/cmd/staticcheck@v0.8.2 ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt needed"; exit 1; }
	@[ -d ../shared/specs ] || echo "test-go: ../shared/specs not found: the doubles run without their contract checks here (CI runs them)"
	CAREINBOX_REQUIRE_POPPLER=1 go test -count=1 ./...
	@git ls-files -z | xargs -0 stat -c '%s %n' 2>/dev/null | awk '$$1 > 2097152 { print "over 2 MB in git: " $$2; bad = 1 } END { exit bad }'

# The same Go tests under the race detector: the engine, the deadline
# service, listening and the notifier run goroutines over one store, and a
# data race there is a bug even when no test happens to fail on it.
test-race: frontend/dist/index.html
	go test -race -count=1 ./...

# Every HTTP connector behind a fault-injecting proxy, one fault class at a time, with a
# healthy handle beside the faulty one, through the real engine over SQLite (issue 10).
test-faults:
	CAREINBOX_FAULTS=1 go test -count=1 ./backend/engine/faultsuite/

# The crash suite: an engine process killed (SIGKILL) at each step of a reply
# on every HTTP network, restarted on the same database.
test-crash:
	CAREINBOX_CRASH=1 go test -count=1 ./backend/engine/crashsuite/

frontend/dist/index.html:
	cd frontend && npm run build

# The committed bindings (frontend/wailsjs) must be what `wails generate module` writes now.
test-bindings: frontend/dist/index.html
	scripts/check-bindings.sh

test-frontend:
	cd frontend && npx tsc --noEmit && npx vitest run
	cd frontend && npm run build

# A real Secret Service (gnome-keyring) and a real notification bus, each in its own D-Bus session.
test-dbus:
	scripts/test-dbus.sh

# The e-mail connector and the sync engine against real dovecot + postfix on loopback.
test-mail:
	scripts/test-mail.sh

# The Bluesky connector and the engine against a real AT Protocol network
# (@atproto/dev-env on Node 22, private PostgreSQL + Redis) on loopback;
# the npm install is cached in ~/.cache/careinbox/atproto.
test-bluesky:
	scripts/test-bluesky.sh

# Chromium (Playwright) against the real Go back end served by `wails dev` under Xvfb.
test-e2e:
	scripts/test-e2e.sh

# The built binary in a real window under Xvfb; fails on a blank window.
test-window:
	scripts/test-window.sh

# Closing the window keeps the app watching: a deadline notification arrives on the D-Bus
# session bus afterwards; a second launch brings the first window back (one process remains).
test-background:
	scripts/test-background.sh

# make dist, then the installers checked: the Windows setup is a PE32+ GUI program with an NSIS
# header and a version resource; the .deb/.rpm metadata; the .deb unpacked (or installed, as
# root) and its program opened on the demo workspace under Xvfb (a non-blank window), then removed.
test-dist:
	scripts/test-dist.sh

# Every Go fuzz target (func FuzzXxx in backend/) for FUZZTIME each, one after another: go test
# fuzzes one target per run. Their seed corpora (f.Add, testdata/fuzz) already run in test-go.
# A failing input is written to the package's testdata/fuzz/; commit it with the fix.
# Minimizing a new input may take go's default 60 s, the whole budget of a short run: cap it.
FUZZTIME ?= 30s
FUZZFLAGS ?= -fuzzminimizetime=5s
fuzz:
	@failed=""; \
	for f in $$(grep -rl --include='*_test.go' '^func Fuzz' backend | sort); do \
	  dir=./$$(dirname $$f); \
	  for name in $$(grep -o '^func Fuzz[A-Za-z0-9_]*' $$f | cut -d' ' -f2); do \
	    echo "== $$dir $$name ($(FUZZTIME))"; \
	    go test -run='^$$' -fuzz="^$$name\$$" -fuzztime=$(FUZZTIME) $(FUZZFLAGS) $$dir || failed="$$failed $$dir:$$name"; \
	  done; \
	done; \
	if [ -n "$$failed" ]; then echo "make fuzz: failed:$$failed"; exit 1; fi; \
	echo "make fuzz: every target ran $(FUZZTIME) without a failure"

# Issue 5 speed: p50/p95 on a generated 1 M-message archive (cached in build/bench/).
bench: setup
	scripts/bench.sh

clean:
	rm -rf build/bin frontend/dist/assets frontend/dist/index.html
