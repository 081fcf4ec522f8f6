#!/usr/bin/env bash
# `make test-background`: the app keeps watch with its window closed, and a
# second launch brings the first forward. On a private Xvfb display inside a
# private D-Bus session (with dunst serving notifications and dbus-monitor
# recording every Notify call):
#   1. a workspace whose one deadline warning falls due WARN_IN from now (tools/bgfixture)
#   2. build/bin/careinbox opens it; its window is closed the way a user does (WM_DELETE_WINDOW)
#   3. the window is gone but the process lives, and says once that it keeps watching
#   4. the deadline notification ("Reply due in …") arrives on the session bus afterwards
#   5. a second launch with --open-conversation ends at once, the first window is shown
#      again, and one Care Inbox process remains
#   6. the tray (a StatusNotifierWatcher of our own, tools/traywatcher, is the panel):
#      the item registered with the app's icon and menu; the first notice pointed to it;
#      a click on the icon brings the closed window back; "Quit Care Inbox" in its menu
#      quits cleanly (the workspace stops before the database closes) and the item goes
#   7. without a panel (GNOME without the AppIndicator extension), on a fresh workspace:
#      the app says so once, the first notice says to launch it again, and SIGTERM quits
#      it cleanly
# Environment: BACKGROUND_BUILD=always|never (as WINDOW_BUILD), BACKGROUND_WARN_IN=40s.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SELF=$ROOT/scripts/$(basename "${BASH_SOURCE[0]}")
BIN=build/bin/careinbox
WARN_IN=${BACKGROUND_WARN_IN:-40s}
LIMIT=90

PREFIX=background
# shellcheck source=lib/session.sh
. "$ROOT/scripts/lib/session.sh"

# wait_for SECONDS COMMAND…: runs COMMAND every 0.2 s until it succeeds.
wait_for() {
  local limit=$1 start=$SECONDS
  shift
  until "$@"; do
    [ $((SECONDS - start)) -lt "$limit" ] || return 1
    sleep 0.2
  done
}
visible() { window_ids "^Care Inbox" >/dev/null; }
hidden() {
  local rc=0
  window_ids "^Care Inbox" >/dev/null || rc=$?
  [ "$rc" = 1 ] # no such window; not a search that kept failing
}
notified() { grep -qF "$1" "$TMPD/notify.log"; }
alive() { kill -0 "$APID" 2>/dev/null; }
gone() { ! kill -0 "$APID" 2>/dev/null; }
tray_registered() { grep -q '^registered ' "$TMPD/tray.log"; }

inner() {
  local tmp=$1 build=$2 wid conv closed_at second rc=0
  TMPD=$tmp
  exec 1>&4 2>&3 3>&- 4>&-
  APID="" XPID="" DPID="" MPID="" TPID=""
  stop_children() {
    for p in "$APID" "$TPID" "$MPID" "$DPID"; do
      [ -z "$p" ] || kill -TERM "$p" 2>/dev/null || true
    done
    [ -z "$XPID" ] || { kill -TERM "$XPID" 2>/dev/null; wait "$XPID" 2>/dev/null; } || true
  }
  trap stop_children EXIT

  private_home "$tmp"
  if [ "$build" = 1 ]; then make --no-print-directory build; fi
  start_xvfb "$tmp" || return 1
  dbus-update-activation-environment DISPLAY XDG_DATA_HOME XDG_CACHE_HOME 2>/dev/null || true

  # A notification server, and a record of every Notify call on the bus.
  dunst >"$tmp/dunst.log" 2>&1 &
  DPID=$!
  dbus-monitor --session "interface='org.freedesktop.Notifications',member='Notify'" >"$tmp/notify.log" 2>&1 &
  MPID=$!
  wait_for 10 dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
    org.freedesktop.DBus.NameHasOwner string:org.freedesktop.Notifications >/dev/null 2>&1 ||
    { echo "background: dunst did not take the notification bus name" >&2; return 1; }
  wait_for 10 grep -q . "$tmp/notify.log" || true # dbus-monitor prints its own signal first

  # The panel: a StatusNotifierWatcher the app's tray item registers with.
  go build -o "$tmp/traywatcher" ./tools/traywatcher
  "$tmp/traywatcher" serve >"$tmp/tray.log" 2>&1 &
  TPID=$!
  wait_for 10 grep -q '^watcher ready' "$tmp/tray.log" || { echo "background: the test panel did not start" >&2; return 1; }

  mkdir -p "$tmp/data"
  go build -o "$tmp/bgfixture" ./tools/bgfixture
  conv=$("$tmp/bgfixture" -db "$tmp/data/careinbox.db" -warn-in "$WARN_IN")
  echo "background: workspace with conversation $conv; its deadline warning falls due in $WARN_IN"

  "$BIN" --data-dir "$tmp/data" >"$tmp/app.log" 2>&1 </dev/null &
  APID=$!
  wid=$(wait_window "^Care Inbox" 60) || true
  [ -n "$wid" ] || { echo "background: FAIL no window within 60 s" >&2; return 1; }
  echo "background: window $wid up"
  wait_for 30 grep -q 'msg="window started"' "$tmp/app.log" || { echo "background: FAIL no 'window started' in the log" >&2; return 1; }

  if notified "Reply due"; then
    echo "background: FAIL the deadline notification came before the window was closed (a slow start? raise BACKGROUND_WARN_IN)" >&2
    return 1
  fi
  # The tray item beside the window: registered, with the icon and the menu.
  if wait_for 20 tray_registered; then
    "$tmp/traywatcher" show >"$tmp/tray-show.txt" 2>&1 || { echo "background: FAIL reading the tray item:" >&2; cat "$tmp/tray-show.txt" >&2; rc=1; }
    local want
    for want in '^icon 64x64 ok=true$' '^item-is-menu false$' '^title Care Inbox$' '^menu Open Care Inbox$' \
      '^menu \((Nothing due within the hour|[0-9]+ due within the hour|[0-9]+ overdue)' '^menu Pause notifications for 1 hour$' '^menu Quit Care Inbox$'; do
      grep -Eq "$want" "$tmp/tray-show.txt" || { echo "background: FAIL the tray item lacks $want:" >&2; cat "$tmp/tray-show.txt" >&2; rc=1; }
    done
    grep -q 'msg="tray icon shown"' "$tmp/app.log" || { echo "background: FAIL no 'tray icon shown' in the log" >&2; rc=1; }
    echo "background: tray item $(grep '^registered' "$tmp/tray.log" | head -n1 | cut -d' ' -f2) with menu:" \
      "$(grep '^menu' "$tmp/tray-show.txt" | cut -c6- | paste -sd'|' -)"
  else
    echo "background: FAIL the app's tray item did not register with the panel" >&2
    rc=1
  fi
  wm_close "$tmp" "$wid" || return 1
  closed_at=$SECONDS
  wait_for 10 hidden || { echo "background: FAIL the window is still visible after closing it" >&2; rc=1; }
  alive || { echo "background: FAIL the app exited when its window was closed" >&2; return 1; }
  echo "background: window closed; the app keeps running (pid $APID)"
  wait_for 20 notified "Care Inbox is still watching" ||
    { echo "background: FAIL no 'still watching' notice on the first close" >&2; rc=1; }
  notified "Click the Care Inbox icon in the panel" ||
    { echo "background: FAIL the notice does not point to the tray icon" >&2; rc=1; }

  if wait_for "$LIMIT" notified "Reply due"; then
    echo "background: deadline notification on the bus $((SECONDS - closed_at)) s after the close:" \
      "$(grep -A4 'member=Notify' "$tmp/notify.log" | grep -F 'Reply due' | head -n1 | sed 's/^ *//')"
  else
    echo "background: FAIL no deadline notification within ${LIMIT} s of closing the window" >&2
    rc=1
  fi
  alive || { echo "background: FAIL the app died while hidden" >&2; return 1; }
  hidden || { echo "background: FAIL the window came back by itself" >&2; rc=1; }
  # The deadline the tracker computed once the loops ran reached the tray's queue line.
  tray_line() { "$tmp/traywatcher" show 2>/dev/null | grep -qx 'menu (1 due within the hour)'; }
  if wait_for 10 tray_line; then
    echo "background: the tray's queue line reads: 1 due within the hour"
  else
    echo "background: FAIL the tray's queue line does not show the conversation due:" \
      "$("$tmp/traywatcher" show 2>&1 | grep '^menu (' || true)" >&2
    rc=1
  fi

  # A second launch: hands over to the first and exits; the first shows itself.
  if timeout 30 "$BIN" --data-dir "$tmp/data" --open-conversation "$conv" >"$tmp/second.log" 2>&1 </dev/null; then
    second=0
  else
    second=$?
  fi
  # Wails' single-instance lock ends a second launch with os.Exit(1) once it
  # has handed its arguments over; what counts is that it ended (124: timeout).
  [ "$second" != 124 ] || { echo "background: FAIL the second launch was still running after 30 s" >&2; rc=1; }
  wait_for 20 visible || { echo "background: FAIL the second launch did not bring the window back" >&2; rc=1; }
  local count
  count=$(pgrep -fc -- "^$BIN --data-dir $tmp/data" || true)
  [ "$count" = 1 ] || { echo "background: FAIL $count Care Inbox processes, want 1" >&2; rc=1; }
  grep -q "second launch: window brought forward" "$tmp/app.log" ||
    { echo "background: FAIL the first instance did not log the second launch" >&2; rc=1; }
  echo "background: second launch exited $second; window shown again; $count process"

  # The tray: a click on the icon brings the closed window back, its Quit quits.
  wid=$(window_ids "^Care Inbox" | head -n1) || true
  wm_close "$tmp" "$wid" || return 1
  wait_for 10 hidden || { echo "background: FAIL the window is still visible after closing it again" >&2; rc=1; }
  "$tmp/traywatcher" activate || { echo "background: FAIL clicking the tray icon" >&2; rc=1; }
  wait_for 20 visible || { echo "background: FAIL a click on the tray icon did not bring the window back" >&2; rc=1; }
  echo "background: a click on the tray icon brought the window back"
  "$tmp/traywatcher" click "Quit Care Inbox" || { echo "background: FAIL clicking Quit in the tray menu" >&2; rc=1; }
  if wait_for 15 gone; then
    grep -q 'msg="workspace stopped"' "$tmp/app.log" || { echo "background: FAIL the tray's Quit did not stop the workspace cleanly" >&2; rc=1; }
    "$tmp/traywatcher" wait-gone || { echo "background: FAIL the tray item stayed registered after Quit" >&2; rc=1; }
    echo "background: the tray's Quit quit the app; its item left the panel"
  else
    echo "background: FAIL the app did not quit within 15 s of the tray's Quit" >&2
    rc=1
  fi
  APID=""

  # No panel (GNOME without the AppIndicator extension), on a fresh workspace
  # so the first-close notice is shown again.
  kill -TERM "$TPID"
  wait "$TPID" 2>/dev/null || true
  TPID=""
  mkdir -p "$tmp/data2"
  "$tmp/bgfixture" -db "$tmp/data2/careinbox.db" -warn-in 1h >/dev/null
  "$BIN" --data-dir "$tmp/data2" >"$tmp/app2.log" 2>&1 </dev/null &
  APID=$!
  wid=$(wait_window "^Care Inbox" 60) || true
  [ -n "$wid" ] || { echo "background: FAIL no window within 60 s (no panel)" >&2; return 1; }
  wait_for 30 grep -q 'msg="no tray icon' "$tmp/app2.log" ||
    { echo "background: FAIL without a panel the app did not say there is no tray icon" >&2; rc=1; }
  [ "$(grep -c 'no tray icon' "$tmp/app2.log")" -le 1 ] || { echo "background: FAIL 'no tray icon' logged more than once" >&2; rc=1; }
  wm_close "$tmp" "$wid" || return 1
  wait_for 10 hidden || { echo "background: FAIL the window is still visible after closing it (no panel)" >&2; rc=1; }
  alive || { echo "background: FAIL the app exited when its window was closed (no panel)" >&2; return 1; }
  wait_for 20 notified "Launch Care Inbox again to bring the window back" ||
    { echo "background: FAIL without a panel the notice does not say to launch Care Inbox again" >&2; rc=1; }
  echo "background: without a panel: logged once, window hidden, the notice says to launch it again"

  # SIGTERM once the loops run (they start with the window's first rows, or 2 s after it).
  wait_for 30 grep -q 'msg="workspace running"' "$tmp/app2.log" || { echo "background: FAIL the workspace never ran (no panel)" >&2; rc=1; }
  kill -TERM "$APID"
  if wait_for 15 gone; then
    grep -q 'msg="workspace stopped"' "$tmp/app2.log" || { echo "background: FAIL SIGTERM did not stop the workspace cleanly" >&2; rc=1; }
    echo "background: SIGTERM quit the app"
  else
    echo "background: FAIL the app did not quit within 15 s of SIGTERM" >&2
    rc=1
  fi
  APID=""
  return "$rc"
}

if [ "${1:-}" = __inner ]; then
  inner "$2" "$3"
  exit
fi

for tool in Xvfb xdpyinfo xdotool dbus-run-session dbus-monitor dunst gnome-keyring-daemon; do
  command -v "$tool" >/dev/null || { echo "background: $tool not found (run scripts/setup.sh test)" >&2; exit 1; }
done
stale() {
  [ -x "$BIN" ] || return 0
  [ -n "$(find main.go app backend frontend/src frontend/index.html go.mod go.sum wails.json -newer "$BIN" -type f -print -quit 2>/dev/null)" ]
}
case "${BACKGROUND_BUILD:-auto}" in
  always) BUILD=1 ;;
  never) BUILD=0 ;;
  *) if stale; then BUILD=1; else BUILD=0; fi ;;
esac

TMP=$(mktemp -d -t careinbox-background.XXXXXX)
SID=""
T0=$SECONDS
cleanup() {
  local rc=$?
  trap - EXIT INT TERM
  [ -z "$SID" ] || kill_session "$SID"
  if [ "$rc" -ne 0 ]; then
    for f in app.log second.log app2.log tray.log notify.log dbus.log; do
      [ -s "$TMP/$f" ] || continue
      echo "---- $f, last 30 lines ($TMP/$f) ----" >&2
      tail -n 30 "$TMP/$f" >&2
    done
    echo "background: FAILED (exit $rc) after $((SECONDS - T0))s; logs kept in $TMP" >&2
  else
    rm -rf "$TMP"
    echo "background: passed in $((SECONDS - T0))s"
  fi
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

setsid dbus-run-session -- bash "$SELF" __inner "$TMP" "$BUILD" 3>&2 4>&1 >"$TMP/dbus.log" 2>&1 &
SID=$!
wait "$SID"
