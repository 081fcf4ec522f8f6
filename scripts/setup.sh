#!/usr/bin/env bash
# Installs what Care Inbox needs to build (and, with "test", to run every
# test), skipping whatever is already there. Safe to run again and again.
#   scripts/setup.sh run    build tools: GTK/WebKit headers, the pinned Wails CLI, npm packages
#   scripts/setup.sh test   the above plus Xvfb, Chromium, gnome-keyring, dunst, dovecot/postfix,
#                           PostgreSQL and Redis (private instances for the Bluesky dev network),
#                           poppler-utils (the client report PDF is rendered and read back),
#                           and what "dist" installs
#   scripts/setup.sh dist   the run tools plus nsis (makensis), rpm, ImageMagick and 7-Zip (reads the setup back)
set -euo pipefail
cd "$(dirname "$0")/.."

WAILS_VERSION=v2.16.0
profile=${1:-run}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

run_pkgs=(build-essential pkg-config libgtk-3-dev libwebkit2gtk-4.0-dev)
test_pkgs=(xvfb xauth x11-utils xdotool imagemagick chromium dbus dbus-x11 gnome-keyring libsecret-tools
  dunst libnotify-bin fonts-noto-color-emoji dovecot-imapd postfix postgresql redis-server poppler-utils)
dist_pkgs=(nsis rpm imagemagick 7zip)
pkgs=("${run_pkgs[@]}")
[ "$profile" = test ] && pkgs+=("${test_pkgs[@]}" "${dist_pkgs[@]}")
[ "$profile" = dist ] && pkgs+=("${dist_pkgs[@]}")

# --- toolchains we do not install for you -----------------------------------
command -v go >/dev/null || die "Go 1.26 or newer is required: https://go.dev/dl/"
go_minor=$(go env GOVERSION | sed -E 's/^go1\.([0-9]+).*/\1/')
[ "$go_minor" -ge 26 ] 2>/dev/null || die "Go 1.26 or newer is required (found $(go env GOVERSION))"
command -v node >/dev/null || die "Node.js 20.19 or newer is required: https://nodejs.org/"
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a==20&&b>=19)?0:1)' ||
  die "Node.js 20.19 or newer is required (found $(node --version))"

# --- system packages ---------------------------------------------------------
if command -v apt-get >/dev/null; then
  missing=()
  for p in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    say "installing system packages: ${missing[*]}"
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    # postfix must not ask questions or start a system mail server: the
    # mail tests run their own instance on loopback.
    echo "postfix postfix/main_mailer_type select No configuration" | $sudo debconf-set-selections 2>/dev/null || true
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
else
  echo "setup: not a Debian/Ubuntu system; install the equivalents of: ${pkgs[*]}" >&2
fi

# --- Wails CLI, pinned -------------------------------------------------------
wails="$(go env GOPATH)/bin/wails"
if ! { [ -x "$wails" ] && "$wails" version 2>/dev/null | grep -q "$WAILS_VERSION"; }; then
  say "installing Wails CLI $WAILS_VERSION"
  go install "github.com/wailsapp/wails/v2/cmd/wails@$WAILS_VERSION"
fi

# --- npm packages, only when the lock file changed --------------------------
stamp=frontend/node_modules/.careinbox-lock
if ! { [ -f "$stamp" ] && cmp -s frontend/package-lock.json "$stamp"; }; then
  say "installing front-end packages (npm ci)"
  (cd frontend && npm ci --no-audit --no-fund --loglevel=error)
  cp frontend/package-lock.json "$stamp"
fi
