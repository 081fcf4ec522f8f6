#!/usr/bin/env bash
# `make dist`: everything a user downloads, built on Linux into dist/:
#   careinbox.exe                              the Windows program (PE32+ GUI, icon, version resource)
#   careinbox-VERSION-windows-amd64-setup.exe  its NSIS installer (Start-menu entry, uninstaller,
#                                              WebView2 bootstrapper: Wails' own installer layout)
#   careinbox_VERSION_amd64.deb                Debian/Ubuntu package (nfpm)
#   careinbox-VERSION.x86_64.rpm               Fedora/openSUSE package (nfpm)
#   careinbox-VERSION-linux-amd64.tar.gz       portable: the program, its .desktop entry and icon
#   SHA256SUMS
# The version is scripts/version.sh's (the git tag, else main.go's default), in
# the binaries (-X main.version), the packages and the Windows version resource.
# macOS needs a Mac (cgo against the macOS SDK): see the README.
#
# Environment: DIST_ONLY=windows|linux builds one half (the other half's files stay as they were).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
WAILS=$(go env GOPATH)/bin/wails
NFPM_VERSION=v2.45.2
VERSION=$(scripts/version.sh)
NUMERIC=$(scripts/version.sh numeric)
COMMIT=$(git rev-parse --short HEAD 2>/dev/null || true)
LDFLAGS="-s -w -X main.version=$VERSION${COMMIT:+ -X main.commit=$COMMIT}"
ONLY=${DIST_ONLY:-all}
OUT=$ROOT/dist

say() { printf '\033[1m==> dist: %s\033[0m\n' "$*"; }
die() { printf 'dist: %s\n' "$*" >&2; exit 1; }

for tool in "$WAILS" convert; do
  command -v "$tool" >/dev/null || die "$tool not found (run scripts/setup.sh dist)"
done
if [ "$ONLY" != linux ]; then command -v makensis >/dev/null || die "makensis not found (apt-get install nsis, or scripts/setup.sh dist)"; fi

mkdir -p "$OUT"
STAGE=$(mktemp -d -t careinbox-dist.XXXXXX)

# Wails takes the Windows version resource, the installer's version and the
# Info.plist's from wails.json's productVersion, which must be MAJOR.MINOR.PATCH.
# When the tag says otherwise the file is set for the build and put back after.
# Wails also fills in build/windows/installer/wails_tools.nsh in place: the
# committed template is put back after, or the next version would not reach it.
WAILS_JSON_BACKUP=""
cp build/windows/installer/wails_tools.nsh "$STAGE/wails_tools.nsh"
restore() {
  [ -z "$WAILS_JSON_BACKUP" ] || cp "$WAILS_JSON_BACKUP" wails.json
  cp "$STAGE/wails_tools.nsh" build/windows/installer/wails_tools.nsh
  rm -rf "$STAGE"
}
trap restore EXIT
current=$(sed -n 's/.*"productVersion":[[:space:]]*"\([^"]*\)".*/\1/p' wails.json)
if [ "$current" != "$NUMERIC" ]; then
  WAILS_JSON_BACKUP=$STAGE/wails.json
  cp wails.json "$WAILS_JSON_BACKUP"
  sed -i "s/\"productVersion\":[[:space:]]*\"[^\"]*\"/\"productVersion\": \"$NUMERIC\"/" wails.json
fi

say "version $VERSION (resource $NUMERIC), commit ${COMMIT:-unknown}"

# The About box's licences, for what this build bundles.
scripts/licenses.sh

# The front end once; both builds below embed the same frontend/dist.
(cd frontend && npm run build --silent >/dev/null)

# Bindings are checked by test-bindings; they are not regenerated here.
wails_build() { "$WAILS" build -s -skipbindings -trimpath -ldflags "$LDFLAGS" "$@"; }

if [ "$ONLY" != linux ]; then
  say "Windows: careinbox.exe and the NSIS installer"
  rm -f build/bin/careinbox.exe build/bin/careinbox-amd64-installer.exe "$OUT"/careinbox-*-setup.exe
  wails_build -platform windows/amd64 -nsis -o careinbox.exe
  cp build/bin/careinbox.exe "$OUT/careinbox.exe"
  cp build/bin/careinbox-amd64-installer.exe "$OUT/careinbox-$VERSION-windows-amd64-setup.exe"
fi

if [ "$ONLY" != windows ]; then
  say "Linux: the program"
  wails_build -platform linux/amd64 -o careinbox-dist
  bin=$STAGE/careinbox
  mv build/bin/careinbox-dist "$bin"

  # hicolor icons from the one 1024 px source.
  for size in 16 32 48 64 128 256 512; do
    mkdir -p "$STAGE/icons/${size}x${size}"
    convert build/appicon.png -resize "${size}x${size}" -depth 8 "$STAGE/icons/${size}x${size}/careinbox.png"
  done

  {
    cat <<YAML
name: careinbox
arch: amd64
platform: linux
version: "$VERSION"
version_schema: semver
section: mail
priority: optional
maintainer: Care Inbox maintainers <maintainers@careinbox.invalid>
vendor: Care Inbox
homepage: https://careinbox.invalid
description: |-
  One inbox for every customer-care handle.
  Syncs social and e-mail handles into one local database and shows one
  queue ordered by the next response deadline.
# The WebKitGTK 4.0 and GTK 3 runtimes the program links against (ldd).
depends:
  - libgtk-3-0
  - libwebkit2gtk-4.0-37
overrides:
  rpm:
    depends:
      - gtk3
      - webkit2gtk4.0
contents:
  - src: $bin
    dst: /usr/bin/careinbox
    file_info:
      mode: 0755
  - src: $ROOT/build/linux/careinbox.desktop
    dst: /usr/share/applications/careinbox.desktop
    file_info:
      mode: 0644
YAML
    for size in 16 32 48 64 128 256 512; do
      cat <<YAML
  - src: $STAGE/icons/${size}x${size}/careinbox.png
    dst: /usr/share/icons/hicolor/${size}x${size}/apps/careinbox.png
    file_info:
      mode: 0644
YAML
    done
  } >"$STAGE/nfpm.yaml"

  say "Linux: .deb and .rpm (nfpm $NFPM_VERSION)"
  rm -f "$OUT"/careinbox_*.deb "$OUT"/careinbox-*.rpm
  for packager in deb rpm; do
    # go run pkg@version builds nfpm outside this module: its dependencies stay out of go.mod.
    GOFLAGS=-mod=mod go run "github.com/goreleaser/nfpm/v2/cmd/nfpm@$NFPM_VERSION" package \
      --config "$STAGE/nfpm.yaml" --packager "$packager" --target "$OUT/" >/dev/null
  done

  say "Linux: portable .tar.gz"
  rm -f "$OUT"/careinbox-*-linux-amd64.tar.gz
  top=careinbox-$VERSION
  mkdir -p "$STAGE/tar/$top"
  cp "$bin" build/linux/careinbox.desktop "$STAGE/tar/$top/"
  cp "$STAGE/icons/256x256/careinbox.png" "$STAGE/tar/$top/careinbox.png"
  cat >"$STAGE/tar/$top/README.txt" <<TXT
Care Inbox $VERSION, portable build for Linux (x86-64).

Needs the GTK 3 and WebKitGTK 4.0 runtimes:
  Debian/Ubuntu: sudo apt install libgtk-3-0 libwebkit2gtk-4.0-37
  Fedora:        sudo dnf install gtk3 webkit2gtk4.0

Run ./careinbox (./careinbox --demo opens the sample workspace).
For a menu entry: copy careinbox to ~/.local/bin, careinbox.desktop to
~/.local/share/applications and careinbox.png to
~/.local/share/icons/hicolor/256x256/apps.
TXT
  tar -C "$STAGE/tar" --owner=0 --group=0 -czf "$OUT/$top-linux-amd64.tar.gz" "$top"
fi

(cd "$OUT" && sha256sum -- *.exe *.deb *.rpm *.tar.gz 2>/dev/null >SHA256SUMS || true)
say "done:"
ls -l "$OUT"
