#!/usr/bin/env bash
# Prints the version every build carries: the release tag (v0.2.0 -> 0.2.0,
# or git describe's 0.2.0-3-gabc1234 between tags), else the source default
# in main.go (0.2.0-dev). `scripts/version.sh numeric` prints only its
# MAJOR.MINOR.PATCH, which is what Windows' version resource and the
# Info.plist accept.
set -euo pipefail
cd "$(dirname "$0")/.."
v=$(git describe --tags --match 'v[0-9]*' 2>/dev/null | sed 's/^v//' || true)
if [ -z "$v" ]; then
  v=$(sed -n 's/^[[:space:]]*version[[:space:]]*=[[:space:]]*"\([^"]*\)".*/\1/p' main.go | head -n1)
fi
[ -n "$v" ] || { echo "version: no tag and no default in main.go" >&2; exit 1; }
case "${1:-}" in
  numeric) grep -oE '^[0-9]+\.[0-9]+\.[0-9]+' <<<"$v" || { echo "version: $v does not start with MAJOR.MINOR.PATCH" >&2; exit 1; } ;;
  *) echo "$v" ;;
esac
