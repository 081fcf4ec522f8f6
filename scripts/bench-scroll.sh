#!/usr/bin/env bash
# Scroll benchmark: the real UI (Chromium) over the real back end (`wails dev`
# under a private Xvfb and D-Bus session) opened on a copy of the benchmark
# archive as the user's own database. Called by scripts/bench.sh.
#
#   scripts/bench-scroll.sh ARCHIVE.db OUT.md
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SELF=$ROOT/scripts/$(basename "${BASH_SOURCE[0]}")
WAILS=${WAILS:-$(go env GOPATH)/bin/wails}
PREFIX=bench
# shellcheck source=lib/session.sh
. "$ROOT/scripts/lib/session.sh"

inner() {
  local tmp=$1 out=$2 port=$3 start
  exec 1>&4 2>&3 3>&- 4>&-
  private_home "$tmp"
  start_xvfb "$tmp" || return 1
  "$WAILS" dev -s -m -nosyncgomod -nogorebuild -noreload -nocolour \
    -devserver "localhost:$port" -appargs "--data-dir $tmp/data" >"$tmp/wails-dev.log" 2>&1 </dev/null &
  start=$SECONDS
  until curl -fsS -o /dev/null --max-time 2 "http://localhost:$port/" 2>/dev/null; do
    [ $((SECONDS - start)) -lt 240 ] || { echo "bench: wails dev did not answer" >&2; tail -40 "$tmp/wails-dev.log" >&2; return 1; }
    sleep 1
  done
  BENCH_URL="http://localhost:$port" BENCH_OUT="$out" BENCH_TMP="$tmp" node frontend/e2e/scrollbench.mjs
}

if [ "${1:-}" = __inner ]; then
  inner "$2" "$3" "$4"
  exit
fi

ARCHIVE=$1
OUT=$2
TMP=$(mktemp -d -t careinbox-bench.XXXXXX)
SID=""
cleanup() {
  local rc=$?
  [ -z "$SID" ] || kill_session "$SID"
  if [ "$rc" -eq 0 ]; then rm -rf "$TMP"; else echo "bench: scroll benchmark failed; logs in $TMP" >&2; fi
  exit "$rc"
}
trap cleanup EXIT
mkdir -p "$TMP/data"
cp "$ARCHIVE" "$TMP/data/careinbox.db"
PORT=$(node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
setsid dbus-run-session -- bash "$SELF" __inner "$TMP" "$OUT" "$PORT" 3>&2 4>&1 >"$TMP/dbus.log" 2>&1 &
SID=$!
wait "$SID"
