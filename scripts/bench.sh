#!/usr/bin/env bash
# Benchmarks of issue 5 on a 1 M-message archive (100 k conversations, 20
# handles, 5 clients): open the inbox, change a filter, scroll, open a
# conversation, search — p50/p95 of the store beside the raw SQL floor; and
# of issue 11: a one-month report of one client and a one-year report of
# all clients, cold and warm, beside the raw SQL of the same aggregates; and
# of issue 13: ingest through the engine beside its FTS5-trigger floor.
#
#   scripts/bench.sh            (`make bench` calls it)
#
# BENCH_SCALE=0.1 for a quick run on a 100 k-message archive. The archive is
# generated once and cached under build/bench/ (≈ 2 min, ≈ 1 GB); each run
# works on a copy so the cache stays as generated.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${BENCH_SCALE:-1}
DIR=$PWD/build/bench
ARCHIVE=$DIR/archive-$SCALE.db
mkdir -p "$DIR"
if [ ! -f "$ARCHIVE" ]; then
  echo "bench: generating $ARCHIVE (scale $SCALE) …"
  rm -f "$ARCHIVE.tmp" "$ARCHIVE.tmp-wal" "$ARCHIVE.tmp-shm"
  # Written as it stood three days ago: every deadline mark in it has passed,
  # so the idle figure of bench-app.sh measures the app at rest, not the
  # archive's deadlines coming due (its first hour would hold thousands).
  go run . demo-gen --out "$ARCHIVE.tmp" --size bench --scale "$SCALE" --ago 72h
  mv "$ARCHIVE.tmp" "$ARCHIVE"
fi
WORK=$DIR/run.db
rm -f "$WORK" "$WORK-wal" "$WORK-shm"
cp "$ARCHIVE" "$WORK"
trap 'rm -f "$WORK" "$WORK-wal" "$WORK-shm"' EXIT

echo "bench: machine"
{
  echo "- CPU: $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1) ($(nproc) cores available)"
  echo "- RAM: $(free -g 2>/dev/null | awk '/^Mem:/ {print $2 " GB"}')"
  echo "- OS: $(uname -sr); $(go version | cut -d' ' -f3-)"
  echo "- date: $(date -u +%Y-%m-%dT%H:%MZ)"
} | tee "$DIR/machine.md"

CAREINBOX_BENCH_DB=$WORK CAREINBOX_BENCH_OUT=$DIR/results.md \
  go test -run '^TestBenchArchive$' -count=1 -v ./backend/store/ | grep -v '^=== RUN'
echo "bench: results in $DIR/results.md (machine in $DIR/machine.md); copy them to docs/BENCHMARKS.md"

echo "bench: reports (issue 11) — a month of one client, a year of all, beside the raw SQL floor"
CAREINBOX_BENCH_DB=$WORK CAREINBOX_BENCH_OUT=$DIR/results-report.md \
  go test -run '^TestBenchReport$' -count=1 -v -timeout 30m ./backend/report/ | grep -v '^=== RUN'
CAREINBOX_BENCH_DB=$WORK CAREINBOX_BENCH_INGEST_OUT=$DIR/results-ingest.md \
  go test -run '^TestBenchIngestReportTriggers$' -count=1 -v ./backend/store/ | grep -v '^=== RUN'
echo "bench: report results in $DIR/results-report.md, ingest cost of their triggers in $DIR/results-ingest.md"

# --- ingest (issue 13, item 1) -------------------------------------------
# Pages of 100 messages through the engine's real write path (cursor, FTS,
# triggers, the deadline service recomputing) into a copy of the archive,
# beside the floor: the same rows inserted with the FTS5 trigger alone.
echo "bench: ingest through the engine (issue 13) beside the FTS5-trigger floor"
CAREINBOX_BENCH_DB=$WORK CAREINBOX_BENCH_INGEST_ENGINE_OUT=$DIR/results-ingest-engine.md \
  go test -run '^TestBenchIngestEngine$' -count=1 -v -timeout 30m ./backend/engine/ | grep -v '^=== RUN'
echo "bench: ingest results in $DIR/results-ingest-engine.md"
# --- end of ingest ---------------------------------------------------------

# --- archive import (issue 15, item 2) ----------------------------------
# A synthetic mbox (CAREINBOX_BENCH_IMPORT_MB megabytes, 1024 unless set)
# generated in a temp dir, imported by a child process whose peak RSS is
# measured, beside the raw insert floor of the same count in the same run.
echo "bench: archive import of a synthetic mbox (issue 15) beside the raw insert floor"
CAREINBOX_BENCH_IMPORT=1 CAREINBOX_BENCH_IMPORT_OUT=$DIR/results-import.md \
  go test -run '^TestBenchImport$' -count=1 -v -timeout 60m ./backend/archive/formats/ | grep -v '^=== RUN'
echo "bench: import results in $DIR/results-import.md"
# --- end of archive import ------------------------------------------------

echo "bench: scrolling the real UI over the archive"
scripts/bench-scroll.sh "$ARCHIVE" "$DIR/scroll.md"
echo "bench: scroll results in $DIR/scroll.md"

echo "bench: the built app — cold start, memory and idle CPU beside the bare Wails template (issue 13)"
scripts/bench-app.sh "$ARCHIVE" "$DIR/app.md"
echo "bench: app results in $DIR/app.md"
