# Shared by the display tests (test-e2e.sh, test-window.sh): a private
# session of processes, a private keychain and a private X display.
# Source it after setting PREFIX (the word that starts every message).

# Live (non-zombie) processes of session $1.
session_pids() { ps -eo pid=,sid=,stat= | awk -v s="$1" '$2 == s && $3 !~ /^Z/ { print $1 }'; }

# TERM every process of session $1, then KILL what is left after 5 s.
kill_session() {
  local sid=$1 pids
  pids=$(session_pids "$sid")
  [ -n "$pids" ] || return 0
  # shellcheck disable=SC2086
  kill -TERM $pids 2>/dev/null || true
  for _ in $(seq 50); do
    pids=$(session_pids "$sid")
    [ -n "$pids" ] || return 0
    sleep 0.1
  done
  echo "$PREFIX: killing leftover processes: $(ps -o pid=,args= -p "${pids//$'\n'/,}" | tr '\n' ';')" >&2
  # shellcheck disable=SC2086
  kill -KILL $pids 2>/dev/null || true
}

# private_home TMP: keyring files and WebKit's cache go to TMP, not $HOME (the
# Go build cache stays where it is: a cold build takes minutes), and a
# gnome-keyring is unlocked there for the app's keychain probe.
private_home() {
  local tmp=$1
  GOCACHE=$(go env GOCACHE)
  export GOCACHE XDG_DATA_HOME=$tmp/xdg-data XDG_CACHE_HOME=$tmp/xdg-cache
  mkdir -p "$XDG_DATA_HOME" "$XDG_CACHE_HOME"
  echo -n "$PREFIX" | gnome-keyring-daemon --unlock --components=secrets >/dev/null 2>&1 ||
    echo "$PREFIX: gnome-keyring did not start; the app will report the keychain as unavailable" >&2
}

# start_xvfb TMP: a private X display, the first free one from :100 on; sets
# XPID and exports DISPLAY.
start_xvfb() {
  local tmp=$1 n
  XPID=""
  for n in $(seq 100 199); do
    if [ -e "/tmp/.X$n-lock" ] || [ -e "/tmp/.X11-unix/X$n" ]; then continue; fi
    Xvfb ":$n" -screen 0 1366x900x24 -nolisten tcp >"$tmp/xvfb.log" 2>&1 &
    XPID=$!
    for _ in $(seq 50); do
      xdpyinfo -display ":$n" >/dev/null 2>&1 && break
      kill -0 "$XPID" 2>/dev/null || break
      sleep 0.1
    done
    if xdpyinfo -display ":$n" >/dev/null 2>&1; then break; fi
    kill "$XPID" 2>/dev/null || true
    XPID=""
  done
  [ -n "$XPID" ] || { echo "$PREFIX: could not start Xvfb:" >&2; cat "$tmp/xvfb.log" >&2; return 1; }
  export DISPLAY=":$n"
  echo "$PREFIX: Xvfb on $DISPLAY"
}

# window_ids NAME: the visible windows whose name matches NAME, one id a
# line; exits 1 when there is none, 2 when xdotool kept failing. Debian 12's xdotool (3.20160805) dies of an
# X BadWindow error when a window it is reading goes away mid-search, which
# GTK and WebKit windows do as the app starts (fixed upstream in 3.20210804);
# its exit status is then the same as for no match, so a search that died of
# an X error is asked again. Under a client churning windows, 85 of 200 bare
# searches died so.
window_ids() {
  local out _
  for _ in $(seq 20); do
    if out=$(xdotool search --onlyvisible --name "$1" 2>&1); then
      grep -E '^[0-9]+$' <<<"$out" && return 0
      return 1
    fi
    grep -q 'X Error' <<<"$out" || return 1
    sleep 0.05
  done
  return 2
}

# wait_window NAME SECONDS: waits for a visible window whose name matches NAME
# and prints the first one's id; fails when none came in time. A poll of
# window_ids, not `xdotool search --sync`, which an X error ends at once.
wait_window() {
  local end=$((SECONDS + $2)) ids
  while :; do
    if ids=$(window_ids "$1"); then
      head -n1 <<<"$ids"
      return 0
    fi
    [ "$SECONDS" -lt "$end" ] || return 1
    sleep 0.1
  done
}

# wm_close TMP WINDOW: closes a window as a user does (its close button, by way
# of the window manager: WM_DELETE_WINDOW); the helper is compiled into TMP once.
wm_close() {
  local tmp=$1 wid=$2 dir
  dir=$(dirname "${BASH_SOURCE[0]}")
  if [ ! -x "$tmp/wm-close" ]; then
    cc -O1 -o "$tmp/wm-close" "$dir/wm-close.c" -lX11 || { echo "$PREFIX: could not build wm-close (gcc, libx11-dev)" >&2; return 1; }
  fi
  "$tmp/wm-close" "$wid"
}
