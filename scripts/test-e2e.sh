#!/usr/bin/env bash
# End-to-end browser tests: Chromium, driven by playwright-core, against the
# real Go back end that `wails dev` serves (http://localhost:PORT, live Go
# bindings) on a private Xvfb display inside a private D-Bus session.
#
#   scripts/test-e2e.sh            (run from anywhere; `make test-e2e` calls it)
#
# Environment (all optional):
#   E2E_PORT=34115        port of the Wails dev server (default: a free port)
#   E2E_START_TIMEOUT=240 seconds to wait for `wails dev` (a cold build is slow)
#   E2E_KEEP=1            keep the temp dir (logs, data, screenshots) even on success
#
# Everything started here (D-Bus, gnome-keyring, Xvfb, wails dev, Vite, the
# app, Chromium) runs in one new session (setsid) and is killed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SELF=$ROOT/scripts/$(basename "${BASH_SOURCE[0]}")
WAILS=${WAILS:-$(go env GOPATH)/bin/wails}

PREFIX=e2e
# shellcheck source=lib/session.sh
. "$ROOT/scripts/lib/session.sh"

# Processes outside the session that carry our temp dir in their arguments:
# Playwright starts Chromium detached (a session of its own).
kill_tmp_users() {
  local pids
  pids=$(ps -eo pid=,args= | T="$1/" awk -v me=$$ 'index($0, ENVIRON["T"]) && $1 != me { print $1 }')
  [ -n "$pids" ] || return 0
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  sleep 1
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
}

free_port() {
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}

# ---------------------------------------------------------------------------
# Inner part: runs inside `setsid dbus-run-session`, so it has a private bus.
# ---------------------------------------------------------------------------
inner() {
  local tmp=$1 port=$2 log=$1/wails-dev.log
  exec 1>&4 2>&3 3>&- 4>&- # our stdout/stderr again (the bus and its services log to dbus.log)
  WPID="" XPID=""
  stop_children() {
    # SIGINT lets wails dev stop Vite and the app and delete its dev binary.
    if [ -n "$WPID" ] && kill -0 "$WPID" 2>/dev/null; then
      kill -INT "$WPID" 2>/dev/null || true
      for _ in $(seq 100); do kill -0 "$WPID" 2>/dev/null || break; sleep 0.1; done
    fi
    [ -z "$XPID" ] || { kill -TERM "$XPID" 2>/dev/null; wait "$XPID" 2>/dev/null; } || true
  }
  trap stop_children EXIT

  private_home "$tmp"
  start_xvfb "$tmp" || return 1
  # Services the bus starts on demand (notifications: dunst) need the display too.
  dbus-update-activation-environment DISPLAY XDG_DATA_HOME XDG_CACHE_HOME 2>/dev/null || true

  # What the back end says the inbox is (also generates the demo database,
  # which the app then reuses): the tests compare the UI with it.
  echo "e2e: reading the demo inbox through the CLI"
  go run . inbox --demo --data-dir "$tmp/data" --limit 10 >"$tmp/inbox.json" 2>"$tmp/inbox.err" ||
    { cat "$tmp/inbox.err" >&2; return 1; }

  start_dev "$port" "--demo --data-dir $tmp/data" || return 1
  E2E_URL="http://localhost:$port" E2E_INBOX="$tmp/inbox.json" E2E_ARTIFACTS="$tmp/artifacts" E2E_TMP="$tmp" \
    node frontend/e2e/run.mjs || return 1
  stop_dev

  # A newcomer's first run: an empty workspace of their own (no --demo).
  start_dev "$port" "--data-dir $tmp/fresh" || return 1
  E2E_URL="http://localhost:$port" E2E_SUITE=first-run E2E_ARTIFACTS="$tmp/artifacts" E2E_TMP="$tmp" \
    node frontend/e2e/run.mjs || return 1
  stop_dev

  # Restoring a backup (issue 15) on a workspace of one's own: staged and
  # quit from the UI, applied by the next start, checked after it.
  mkdir -p "$tmp/restore"
  go run ./tools/bgfixture -db "$tmp/restore/careinbox.db" -warn-in -48h >/dev/null || return 1
  start_dev "$port" "--data-dir $tmp/restore" || return 1
  E2E_URL="http://localhost:$port" E2E_SUITE=restore E2E_RESTORE_DIR="$tmp/restore" E2E_ARTIFACTS="$tmp/artifacts" E2E_TMP="$tmp" \
    node frontend/e2e/run.mjs || return 1
  stop_dev
  start_dev "$port" "--data-dir $tmp/restore" || return 1
  E2E_URL="http://localhost:$port" E2E_SUITE=restored E2E_RESTORE_DIR="$tmp/restore" E2E_ARTIFACTS="$tmp/artifacts" E2E_TMP="$tmp" \
    node frontend/e2e/run.mjs || return 1
  stop_dev

  # A workspace that cannot be opened: a damaged database file.
  mkdir -p "$tmp/broken"
  head -c 65536 /dev/urandom >"$tmp/broken/careinbox.db"
  start_dev "$port" "--data-dir $tmp/broken" || return 1
  E2E_URL="http://localhost:$port" E2E_SUITE=problem E2E_ARTIFACTS="$tmp/artifacts" E2E_TMP="$tmp" \
    node frontend/e2e/run.mjs
}

# start_dev PORT APPARGS runs `wails dev` and waits until it serves.
# -s: no `npm ci`/`npm run build` (Vite serves the sources), -m/-nosyncgomod:
# leave go.mod alone, -nogorebuild/-noreload: no restarts while other people
# edit the tree during a run.
start_dev() {
  local port=$1 args=$2
  echo "e2e: starting wails dev on localhost:$port with '$args' (log: $log)"
  "$WAILS" dev -s -m -nosyncgomod -nogorebuild -noreload -nocolour \
    -devserver "localhost:$port" -appargs "$args" >>"$log" 2>&1 </dev/null &
  WPID=$!
  local start=$SECONDS limit=${E2E_START_TIMEOUT:-240}
  until curl -fsS -o /dev/null --max-time 2 "http://localhost:$port/" 2>/dev/null; do
    if ! kill -0 "$WPID" 2>/dev/null; then
      echo "e2e: wails dev exited before serving http://localhost:$port" >&2
      return 1
    fi
    if [ $((SECONDS - start)) -ge "$limit" ]; then
      echo "e2e: http://localhost:$port did not answer within ${limit}s" >&2
      return 1
    fi
    sleep 1
  done
  echo "e2e: http://localhost:$port answers after $((SECONDS - start))s"
}

# stop_dev ends wails dev and waits until the port and the dev binary are free
# for the next start. SIGINT lets wails dev stop Vite and the app and delete
# its dev binary; anything of this run's that is left is then stopped by its
# temp dir in the arguments, never by name.
stop_dev() {
  local i pids
  kill -INT "$WPID" 2>/dev/null || true
  for i in $(seq 100); do kill -0 "$WPID" 2>/dev/null || break; sleep 0.1; done
  pids=$(ps -eo pid=,args= | T="$tmp/" awk 'index($0, ENVIRON["T"]) && /careinbox-dev|wails|vite/ { print $1 }')
  # shellcheck disable=SC2086
  [ -z "$pids" ] || kill -KILL $pids 2>/dev/null || true
  wait "$WPID" 2>/dev/null || true
  WPID=""
}

if [ "${1:-}" = __inner ]; then
  inner "$2" "$3"
  exit
fi

# ---------------------------------------------------------------------------
# Outer part: temp dir, the session, cleanup.
# ---------------------------------------------------------------------------
[ -x "$WAILS" ] || { echo "e2e: Wails CLI not found at $WAILS (run scripts/setup.sh)" >&2; exit 1; }
[ -d frontend/node_modules/playwright-core ] || { echo "e2e: frontend/node_modules missing (run scripts/setup.sh test)" >&2; exit 1; }
for tool in Xvfb dbus-run-session gnome-keyring-daemon curl /usr/bin/chromium; do
  command -v "$tool" >/dev/null || { echo "e2e: $tool not found (run scripts/setup.sh test)" >&2; exit 1; }
done

TMP=$(mktemp -d -t careinbox-e2e.XXXXXX)
SID=""
T0=$SECONDS
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -z "$SID" ] || kill_session "$SID"
  kill_tmp_users "$TMP"
  if [ "$rc" -ne 0 ]; then
    if [ -s "$TMP/dbus.log" ]; then
      echo "---- D-Bus session log, last 20 lines ($TMP/dbus.log) ----" >&2
      tail -n 20 "$TMP/dbus.log" >&2
    fi
    if [ -s "$TMP/wails-dev.log" ]; then
      echo "---- wails dev log, last 80 lines ($TMP/wails-dev.log) ----" >&2
      tail -n 80 "$TMP/wails-dev.log" >&2
      echo "----" >&2
    fi
    echo "e2e: FAILED (exit $rc) after $((SECONDS - T0))s; logs, data and screenshots kept in $TMP" >&2
  elif [ "${E2E_KEEP:-}" = 1 ]; then
    echo "e2e: kept $TMP"
  else
    rm -rf "$TMP"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

PORT=${E2E_PORT:-$(free_port)}
# A background job of a non-interactive shell is no group leader, so setsid
# makes it a session leader in place: its pid is the session id.
setsid dbus-run-session -- bash "$SELF" __inner "$TMP" "$PORT" 3>&2 4>&1 >"$TMP/dbus.log" 2>&1 &
SID=$!
wait "$SID"
echo "e2e: done in $((SECONDS - T0))s"
