#!/usr/bin/env bash
# Runs the integration tests that need D-Bus, each in a private session bus so
# they never touch the developer's own keychain or desktop:
#   keychain     go-keyring against a freshly unlocked gnome-keyring
#   no keychain  go-keyring on a bus where no Secret Service can be activated
#   notify       beeep against an in-process notification server
#   deadlines    the deadline service notifying once across app restarts; a
#                burst as digests, a missed promise critical, a click opening it
#   clicks       a click on a notification reaching the window's handler
#   tray         the tray's StatusNotifierItem and dbusmenu: none shown without a
#                panel, registered once a StatusNotifierWatcher appears, its
#                icon, menu and clicks as a panel reads and sends them
# Run from the repository root (make test does).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."

for cmd in go dbus-run-session dbus-send gnome-keyring-daemon secret-tool; do
	if ! command -v "$cmd" >/dev/null; then
		echo "test-dbus: $cmd not found; install dbus, gnome-keyring and libsecret-tools" >&2
		exit 1
	fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/careinbox-dbus.XXXXXX")
# Each suite's inner shell kills the daemons it started; this removes the
# keyring files and bus config whatever way the script ends.
trap 'rm -rf "$tmp"' EXIT

# A session bus config whose only service directory is empty, so no
# org.freedesktop.secrets (gnome-keyring) or org.freedesktop.Notifications
# (dunst) can be activated behind the tests' backs.
mkdir -p "$tmp/no-services"
cat >"$tmp/isolated-session.conf" <<CONF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=$tmp</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$tmp/no-services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
CONF

# dbus-daemon warns about the fd limit when not allowed to raise it; the line
# says "AccessDenied" and would read like a test failure.
quiet_bus() {
	"$@" 2> >(grep -v 'Failed to set fd limit' >&2)
}

# Runs inside the bus: starts gnome-keyring with a throwaway login keyring,
# waits until it owns org.freedesktop.secrets, runs the tests, stops it.
# XDG_RUNTIME_DIR is redirected too, or the daemon leaves its control
# directory under ~/.cache; HOME stays, or Go would rebuild everything.
keychain_inner='
set -euo pipefail
export XDG_DATA_HOME="$1/data" XDG_RUNTIME_DIR="$1/run"
mkdir -p -m 700 "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
printf %s careinbox-test | gnome-keyring-daemon --foreground --unlock --components=secrets \
	>"$1/gnome-keyring.log" 2>&1 &
gkd=$!
trap "kill $gkd 2>/dev/null || true; wait $gkd 2>/dev/null || true" EXIT
for _ in $(seq 100); do
	if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
		org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null |
		grep -q "boolean true"; then
		break
	fi
	if ! kill -0 $gkd 2>/dev/null; then
		echo "test-dbus: gnome-keyring-daemon exited:" >&2
		cat "$1/gnome-keyring.log" >&2
		exit 1
	fi
	sleep 0.1
done
CAREINBOX_KEYRING_MODE=real go test -tags keyring -count=1 ./backend/secrets/
'

suite_keychain() {
	mkdir -p "$tmp/keychain"
	quiet_bus dbus-run-session --config-file="$tmp/isolated-session.conf" -- \
		bash -c "$keychain_inner" keychain "$tmp/keychain"
}

suite_no_keychain() {
	quiet_bus dbus-run-session --config-file="$tmp/isolated-session.conf" -- \
		env CAREINBOX_KEYRING_MODE=absent go test -tags keyring -count=1 ./backend/secrets/
}

suite_notify() {
	quiet_bus dbus-run-session --config-file="$tmp/isolated-session.conf" -- \
		go test -tags dbusnotify -count=1 ./backend/notify/...
}

# The deadline service over a real store notifies once across restarts.
suite_deadlines() {
	quiet_bus dbus-run-session --config-file="$tmp/isolated-session.conf" -- \
		go test -tags dbusnotify -count=1 -run DBus ./backend/deadline/tracker/
}

# A listening surge missed by a desktop with no notification service is
# shown once one is on the bus.
suite_spikes() {
	quiet_bus dbus-run-session --config-file="$tmp/isolated-session.conf" -- \
		go test -tags dbusnotify -count=1 -run DBus ./backend/listen/
}

# A click on a notification (ActionInvoked on the bus) reaches the window.
suite_clicks() {
	quiet_bus dbus-run-session --config-file="$tmp/isolated-session.conf" -- \
		go test -tags dbusnotify -count=1 -run DBus ./app/
}

# The tray icon against a StatusNotifierWatcher of the test's own (traytest).
suite_tray() {
	quiet_bus dbus-run-session --config-file="$tmp/isolated-session.conf" -- \
		go test -tags dbustray -count=1 ./backend/tray/...
}

failed=()
run() {
	local name=$1 fn=$2
	echo "=== test-dbus: $name"
	if "$fn"; then
		echo "--- test-dbus: $name: PASS"
	else
		echo "--- test-dbus: $name: FAIL"
		failed+=("$name")
	fi
}

run "keychain (gnome-keyring Secret Service)" suite_keychain
run "no keychain (no Secret Service on the bus)" suite_no_keychain
run "desktop notifications (a real session bus with a recording notification server)" suite_notify
run "deadline notifications (real store + service, once across restarts, digests, urgency, clicks, on a real session bus)" suite_deadlines
run "listening surges sent again once a notification service answers (a real session bus)" suite_spikes
run "notification clicks open the conversation in the window (a real session bus)" suite_clicks
run "tray icon and menu (StatusNotifierItem + dbusmenu on a real session bus)" suite_tray

if ((${#failed[@]})); then
	echo "test-dbus: FAILED: ${failed[*]}" >&2
	exit 1
fi
echo "test-dbus: all D-Bus suites passed"
