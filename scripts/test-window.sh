#!/usr/bin/env bash
# The built app in a real window: starts build/bin/careinbox --demo on a
# private Xvfb display inside a private D-Bus session, waits for its window,
# screenshots the screen and fails if the window stays blank or the app dies.
#
#   scripts/test-window.sh         (run from anywhere; `make test-window` calls it)
#
# Builds first (`make build`, inside the private D-Bus session) when
# build/bin/careinbox is missing or older than a source file. Environment (all optional):
#   WINDOW_BUILD=always|never   force or skip the build
#   WINDOW_TIMEOUT=60           seconds to wait for the window, then for it to render
#   WINDOW_MIN_COLOURS=64       fewer unique colours than this = blank
#   WINDOW_SHOT=build/screenshots/window.png   where the screenshot goes
#   WINDOW_BIN=/usr/bin/careinbox  another program to open (an installed package's); never builds
# Everything started here (D-Bus, gnome-keyring, Xvfb, the app, WebKit) runs
# in one new session (setsid) and is killed on exit.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SELF=$ROOT/scripts/$(basename "${BASH_SOURCE[0]}")
BIN=${WINDOW_BIN:-build/bin/careinbox}
SHOT=${WINDOW_SHOT:-build/screenshots/window.png}
MIN_COLOURS=${WINDOW_MIN_COLOURS:-64}
LIMIT=${WINDOW_TIMEOUT:-60}

PREFIX=window
# shellcheck source=lib/session.sh
. "$ROOT/scripts/lib/session.sh"

# "<unique colours> <standard deviation 0..1>" of an image.
image_stats() { identify -format '%k %[fx:standard_deviation]\n' "$1" 2>/dev/null || echo "0 0"; }

# ---------------------------------------------------------------------------
# Inner part: runs inside `setsid dbus-run-session`, so it has a private bus.
# ---------------------------------------------------------------------------
inner() {
  local tmp=$1 build=$2 wid="" t0 colours stddev
  exec 1>&4 2>&3 3>&- 4>&- # our stdout/stderr again (the bus and its services log to dbus.log)
  APID="" XPID=""
  stop_children() {
    if [ -n "$APID" ] && kill -0 "$APID" 2>/dev/null; then
      kill -TERM "$APID" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$APID" 2>/dev/null || break; sleep 0.1; done
    fi
    [ -z "$XPID" ] || { kill -TERM "$XPID" 2>/dev/null; wait "$XPID" 2>/dev/null; } || true
  }
  trap stop_children EXIT

  private_home "$tmp"

  # Built here, inside the private session: generating the bindings runs the
  # app, whose keychain probe would otherwise start a D-Bus session and a
  # gnome-keyring of its own that outlive the build.
  if [ "$build" = 1 ]; then
    make --no-print-directory build
  fi
  # The policy the build ships must not allow inline or eval'd scripts.
  local csp
  csp=$(grep -io '<meta[^>]*Content-Security-Policy[^>]*>' frontend/dist/index.html || true)
  if [ -z "$csp" ] || ! grep -q "script-src 'self'" <<<"$csp" || grep -Eq "script-src[^;]*'unsafe-(inline|eval)'" <<<"$csp"; then
    echo "window: FAIL frontend/dist/index.html needs a Content-Security-Policy with script-src 'self'" \
      "and no 'unsafe-inline'/'unsafe-eval': ${csp:-none}" >&2
    return 1
  fi

  start_xvfb "$tmp" || return 1
  dbus-update-activation-environment DISPLAY XDG_DATA_HOME XDG_CACHE_HOME 2>/dev/null || true

  t0=$EPOCHREALTIME
  "$BIN" --demo --data-dir "$tmp/data" >"$tmp/app.log" 2>&1 </dev/null &
  APID=$!
  echo "window: started $BIN --demo (pid $APID)"

  # The window (title "Care Inbox — Demo workspace …").
  wid=$(wait_window "Care Inbox" "$LIMIT") || true
  if [ -z "$wid" ]; then
    kill -0 "$APID" 2>/dev/null && echo "window: no 'Care Inbox' window within ${LIMIT}s" >&2 ||
      echo "window: the app exited before opening a window" >&2
    return 1
  fi
  echo "window: window $wid \"$(xdotool getwindowname "$wid")\" after $(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')s," \
    "$(xdotool getwindowgeometry "$wid" | awk '/Geometry/ { print $2 }')"

  # The page's part of the window: below the application menu (40 px), left of
  # where notification popups appear (the right 400 px), so neither the menu's
  # text nor a popup can pass for a painted inbox.
  local x y w h crop
  eval "$(xdotool getwindowgeometry --shell "$wid")"
  x=$X y=$((Y + 40)) w=$((WIDTH - 400)) h=$((HEIGHT - 40))
  crop="${w}x${h}+${x}+${y}"
  content_stats() { convert "$1" -crop "$crop" +repage "$tmp/content.png" 2>/dev/null && image_stats "$tmp/content.png" || echo "0 0"; }

  # Wait until the page shows more than a background, then let it settle.
  local start=$SECONDS
  while :; do
    import -display "$DISPLAY" -window root "$tmp/poll.png" 2>/dev/null || true
    read -r colours stddev < <(content_stats "$tmp/poll.png")
    [ "$colours" -ge "$MIN_COLOURS" ] && break
    kill -0 "$APID" 2>/dev/null || { echo "window: the app exited while rendering" >&2; return 1; }
    [ $((SECONDS - start)) -lt "$LIMIT" ] || break
    sleep 1
  done
  sleep 3
  import -display "$DISPLAY" -window root "$tmp/window.png"
  read -r colours stddev < <(content_stats "$tmp/window.png")
  echo "window: the page ($crop of the screen) has $colours colours, standard deviation $stddev"

  local ok=1
  if ! kill -0 "$APID" 2>/dev/null; then
    echo "window: FAIL the app is no longer running" >&2
    ok=0
  fi
  if [ "$colours" -lt "$MIN_COLOURS" ] || awk -v s="$stddev" 'BEGIN { exit !(s < 0.02) }'; then
    echo "window: FAIL the window looks blank ($colours colours < $MIN_COLOURS or standard deviation < 0.02)" >&2
    ok=0
  fi
  # OnStartup ran (the window) and so did the workspace's background loops.
  for line in 'msg="window started"' 'msg="workspace running"'; do
    if ! grep -q "$line" "$tmp/app.log"; then
      echo "window: FAIL the app log has no '$line' line" >&2
      ok=0
    fi
  done
  # Close it the way a user would: the window hides and the app keeps
  # watching (scripts/test-background.sh checks that at length); then quit it
  # as a logout does (SIGTERM), so shutdown is exercised too.
  wm_close "$tmp" "$wid" || true
  for _ in $(seq 50); do window_ids "Care Inbox" >/dev/null || break; sleep 0.1; done
  kill -TERM "$APID" 2>/dev/null || true
  for _ in $(seq 100); do kill -0 "$APID" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$APID" 2>/dev/null; then
    echo "window: note: the app did not exit within 10 s of SIGTERM" >&2
  fi
  [ "$ok" = 1 ]
}

if [ "${1:-}" = __inner ]; then
  inner "$2" "$3"
  exit
fi

# ---------------------------------------------------------------------------
# Outer part: build if needed, temp dir, the session, cleanup.
# ---------------------------------------------------------------------------
for tool in Xvfb xdpyinfo xdotool import identify dbus-run-session gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "window: $tool not found (run scripts/setup.sh test)" >&2; exit 1; }
done

stale() {
  [ -x "$BIN" ] || return 0
  [ -n "$(find main.go commands.go app backend frontend/src frontend/index.html frontend/package-lock.json \
    frontend/vite.config.ts go.mod go.sum wails.json -newer "$BIN" -type f -print -quit 2>/dev/null)" ]
}
[[ "$BIN" = /* ]] || BIN=./$BIN
[ -z "${WINDOW_BIN:-}" ] || WINDOW_BUILD=never
case "${WINDOW_BUILD:-auto}" in
  always) BUILD=1 ;;
  never) BUILD=0; [ -x "$BIN" ] || { echo "window: $BIN missing" >&2; exit 1; } ;;
  *) if stale; then BUILD=1; else BUILD=0; echo "window: $BIN is up to date"; fi ;;
esac

TMP=$(mktemp -d -t careinbox-window.XXXXXX)
SID=""
T0=$SECONDS
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -z "$SID" ] || kill_session "$SID"
  if [ -s "$TMP/window.png" ]; then
    mkdir -p "$(dirname "$SHOT")"
    cp "$TMP/window.png" "$SHOT"
    echo "window: screenshot: $ROOT/$SHOT"
  fi
  if [ "$rc" -ne 0 ]; then
    for f in app.log dbus.log; do
      [ -s "$TMP/$f" ] || continue
      echo "---- $f, last 40 lines ($TMP/$f) ----" >&2
      tail -n 40 "$TMP/$f" >&2
    done
    echo "window: FAILED (exit $rc) after $((SECONDS - T0))s; logs kept in $TMP" >&2
  else
    rm -rf "$TMP"
    echo "window: passed in $((SECONDS - T0))s"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

setsid dbus-run-session -- bash "$SELF" __inner "$TMP" "$BUILD" 3>&2 4>&1 >"$TMP/dbus.log" 2>&1 &
SID=$!
wait "$SID"
