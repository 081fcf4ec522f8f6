#!/usr/bin/env bash
# `make test-dist`: builds dist/ (scripts/dist.sh) and checks what a user gets:
#   Windows  careinbox.exe and the setup are PE32+ amd64 GUI programs with an icon and a
#            version resource naming this version; the setup carries the NSIS header
#            (`file`, and tools/distcheck parsing the PE with debug/pe) and, read back
#            with 7-Zip, the same careinbox.exe, the uninstaller and the WebView2 bootstrapper
#   .deb     dpkg-deb -I/-c: name, version, Depends on the GTK/WebKitGTK runtimes, the
#            program in /usr/bin, the .desktop entry, hicolor icons; every WebKit/GTK
#            library the program links comes from a package it depends on
#   .rpm     rpm -qip/-qpR/-qpl (rpm is installed by scripts/setup.sh dist)
#   .tar.gz  the program, the .desktop entry and the icon under careinbox-VERSION/
#   install  as root: dpkg -i, /usr/bin/careinbox opened on the demo workspace under Xvfb
#            (scripts/test-window.sh: a non-blank window), dpkg -r; not root: dpkg -x into a
#            temporary root and the same window test on the unpacked program
# Environment: DIST_BUILD=never checks the dist/ that is there.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VERSION=$(scripts/version.sh)
NUMERIC=$(scripts/version.sh numeric)
fail=0
say() { printf 'test-dist: %s\n' "$*"; }
bad() { printf 'test-dist: FAIL %s\n' "$*" >&2; fail=1; }

for tool in file dpkg-deb rpm; do
  command -v "$tool" >/dev/null || { echo "test-dist: $tool not found (run scripts/setup.sh test)" >&2; exit 1; }
done

[ "${DIST_BUILD:-always}" = never ] || scripts/dist.sh

# Debian's version of ours: nfpm writes a semver pre-release with a tilde (0.2.0-dev -> 0.2.0~dev).
DEBVER=${VERSION/-/\~}
DEB=dist/careinbox_${DEBVER}_amd64.deb
RPM=$(ls dist/careinbox-"${DEBVER}"-*.x86_64.rpm 2>/dev/null | head -n1 || true)
TGZ=dist/careinbox-$VERSION-linux-amd64.tar.gz
SETUP=dist/careinbox-$VERSION-windows-amd64-setup.exe
for f in dist/careinbox.exe "$SETUP" "$DEB" "$RPM" "$TGZ"; do
  [ -n "$f" ] && [ -s "$f" ] || { echo "test-dist: FAIL missing ${f:-the .rpm} in dist/ ($(ls dist | tr '\n' ' '))" >&2; exit 1; }
done

# --- Windows ---------------------------------------------------------------
say "Windows: $(file -b dist/careinbox.exe)"
file -b dist/careinbox.exe | grep -q '^PE32+ executable (GUI) x86-64' || bad "careinbox.exe is not a PE32+ GUI x86-64 program"
say "setup: $(file -b "$SETUP")"
file -b "$SETUP" | grep -q '^PE32+ executable (GUI) x86-64' || bad "the setup is not a PE32+ GUI x86-64 program"
# file(1) names NSIS only in 32-bit stubs; the NSIS header itself is checked below.
CAREINBOX_DIST=$ROOT/dist CAREINBOX_DIST_VERSION=$NUMERIC go test -count=1 -run TestDistWindows -v ./tools/distcheck/ |
  grep -E '^(=== RUN|--- |\s+pe_test|ok|FAIL|PASS)' || bad "the PE checks (tools/distcheck) failed"

# What the setup installs, read back with 7-Zip (which opens NSIS archives): the very
# careinbox.exe of dist/, the uninstaller and the WebView2 bootstrapper Wails lays out.
if command -v 7zz >/dev/null; then
  listing=$(7zz l "$SETUP")
  grep -q 'SubType = NSIS-3 Unicode 64-bit' <<<"$listing" || bad "7-Zip does not see a 64-bit NSIS 3 installer"
  for f in careinbox.exe uninstall.exe '$PLUGINSDIR/webview2bootstrapper/MicrosoftEdgeWebview2Setup.exe'; do
    grep -qE " ${f//\$/\\$}\$" <<<"$listing" || bad "the setup does not carry $f"
  done
  x=$(mktemp -d)
  7zz e -y -o"$x" "$SETUP" careinbox.exe >/dev/null
  cmp -s "$x/careinbox.exe" dist/careinbox.exe || bad "the careinbox.exe inside the setup is not dist/careinbox.exe"
  rm -rf "$x"
  say "setup carries careinbox.exe (the same file), uninstall.exe and the WebView2 bootstrapper"
else
  bad "7zz not found (scripts/setup.sh test installs 7zip)"
fi

# --- .deb ------------------------------------------------------------------
info=$(dpkg-deb -I "$DEB")
field() { dpkg-deb -f "$DEB" "$1"; }
say ".deb: $(field Package) $(field Version) $(field Architecture); Depends: $(field Depends)"
[ "$(field Package)" = careinbox ] || bad ".deb Package is $(field Package)"
[ "$(field Version)" = "$DEBVER" ] || bad ".deb Version is $(field Version), want $DEBVER"
[ "$(field Architecture)" = amd64 ] || bad ".deb Architecture is $(field Architecture)"
for dep in libgtk-3-0 libwebkit2gtk-4.0-37; do
  grep -qE "Depends:.*\b$dep\b" <<<"$info" || bad ".deb does not depend on $dep"
done
listing=$(dpkg-deb -c "$DEB")
contents=$(awk '{ print $6 }' <<<"$listing")
for path in ./usr/bin/careinbox ./usr/share/applications/careinbox.desktop \
  ./usr/share/icons/hicolor/48x48/apps/careinbox.png ./usr/share/icons/hicolor/256x256/apps/careinbox.png; do
  grep -qxF "$path" <<<"$contents" || bad ".deb has no $path"
done
grep -q '^-rwxr-xr-x root/root .* \./usr/bin/careinbox$' <<<"$listing" || bad "/usr/bin/careinbox is not an executable owned by root"

# --- .rpm ------------------------------------------------------------------
rpm_q() { rpm -qp --nosignature "$@" "$RPM" 2>/dev/null; }
say ".rpm: $(rpm_q --qf '%{NAME} %{VERSION} %{ARCH}'); Requires: $(rpm_q -R | grep -v '^rpmlib' | tr '\n' ' ')"
[ "$(rpm_q --qf '%{NAME}')" = careinbox ] || bad ".rpm Name is $(rpm_q --qf '%{NAME}')"
[ "$(rpm_q --qf '%{VERSION}')" = "$DEBVER" ] || bad ".rpm Version is $(rpm_q --qf '%{VERSION}'), want $DEBVER"
requires=$(rpm_q -R)
files=$(rpm_q -l)
for dep in gtk3 webkit2gtk4.0; do
  grep -qx "$dep" <<<"$requires" || bad ".rpm does not require $dep"
done
for path in /usr/bin/careinbox /usr/share/applications/careinbox.desktop /usr/share/icons/hicolor/256x256/apps/careinbox.png; do
  grep -qxF "$path" <<<"$files" || bad ".rpm has no $path"
done

# --- .tar.gz ---------------------------------------------------------------
tgz=$(tar -tzf "$TGZ")
for path in "careinbox-$VERSION/careinbox" "careinbox-$VERSION/careinbox.desktop" "careinbox-$VERSION/careinbox.png"; do
  grep -qxF "$path" <<<"$tgz" || bad ".tar.gz has no $path"
done

# --- install, open, remove -------------------------------------------------
TMP=$(mktemp -d -t careinbox-dist.XXXXXX)
installed=0
cleanup() {
  if [ "$installed" = 1 ]; then
    dpkg -r careinbox >/dev/null 2>&1 || echo "test-dist: dpkg -r careinbox failed" >&2
  fi
  rm -rf "$TMP"
}
trap cleanup EXIT
if [ "$(id -u)" -eq 0 ] && ! dpkg-query -W -f='${Status}' careinbox 2>/dev/null | grep -q "install ok installed"; then
  say "installing $DEB (dpkg -i)"
  dpkg -i "$DEB" >"$TMP/dpkg.log" 2>&1 || { cat "$TMP/dpkg.log" >&2; bad "dpkg -i failed"; exit 1; }
  installed=1
  prog=/usr/bin/careinbox
  [ -f /usr/share/applications/careinbox.desktop ] || bad "no menu entry in /usr/share/applications"
else
  say "unpacking $DEB into $TMP/root (dpkg -x: not root, or a careinbox package is already installed)"
  dpkg -x "$DEB" "$TMP/root"
  prog=$TMP/root/usr/bin/careinbox
fi
got=$("$prog" version)
say "$prog version: $got"
grep -qF "careinbox $VERSION" <<<"$got" || bad "the installed program says '$got', want careinbox $VERSION"
# Every GTK/WebKit library it links comes from a package the .deb depends on.
# (readlink: on a merged /usr, ldd says /lib/… and dpkg knows /usr/lib/….)
checked=0
while read -r lib; do
  pkg=$(dpkg -S "$(readlink -f "$lib")" 2>/dev/null | head -n1 | cut -d: -f1)
  [ -n "$pkg" ] || { bad "no installed package owns $lib"; continue; }
  grep -qE "Depends:.*\b$pkg\b" <<<"$info" || bad "$prog links $lib from $pkg, which the .deb does not depend on"
  checked=$((checked + 1))
done < <(ldd "$prog" | awk '/libwebkit2gtk|libgtk-3/ { print $3 }')
[ "$checked" -ge 2 ] || bad "found $checked of the WebKitGTK and GTK libraries in ldd's answer, want both"
say "the WebKitGTK and GTK libraries it links come from packages it depends on ($checked checked)"
WINDOW_BIN=$prog WINDOW_SHOT=build/screenshots/dist-window.png scripts/test-window.sh || bad "the installed program's window (scripts/test-window.sh)"

if [ "$installed" = 1 ]; then
  dpkg -r careinbox >/dev/null
  installed=0
  [ ! -e /usr/bin/careinbox ] || bad "/usr/bin/careinbox is still there after dpkg -r"
  say "removed again (dpkg -r)"
fi

if [ "$fail" = 0 ]; then
  say "passed"
else
  echo "test-dist: FAILED" >&2
  exit 1
fi
