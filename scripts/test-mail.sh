#!/usr/bin/env bash
# Runs the e-mail connector against a real mail system on loopback: Debian's
# dovecot (IMAP, and SASL auth for postfix) and postfix (SMTP submission and
# delivery into the same maildirs), both as private instances in a temporary
# directory — never the system services — started here and stopped on exit.
#   scripts/test-mail.sh            run the mailserver-tagged Go test
#   KEEP=1 scripts/test-mail.sh     keep the temp dir (configs, logs) for debugging
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
die() { printf 'test-mail: %s\n' "$*" >&2; exit 1; }

for bin in /usr/sbin/dovecot /usr/sbin/postfix /usr/lib/postfix/sbin/master; do
  [ -x "$bin" ] || die "$bin is missing: run scripts/setup.sh test (packages dovecot-imapd, postfix)"
done
# Postfix's master and dovecot's privilege separation need root; a normal
# user runs this through sudo (as make test does for the other harnesses).
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || die "needs root (to run private dovecot/postfix instances) and sudo is missing"
  exec sudo -E env "PATH=$PATH" "$0" "$@"
fi
id postfix >/dev/null 2>&1 && getent group postdrop >/dev/null || die "the postfix user/postdrop group are missing; reinstall postfix"
id dovecot >/dev/null 2>&1 && id dovenull >/dev/null 2>&1 || die "the dovecot/dovenull users are missing; reinstall dovecot-core"

# A free loopback TCP port: nothing answers a connect there.
# A free loopback TCP port that this run has not handed out already: nothing
# answers a connect there. Another program may still take it before our
# server binds it, so each server start below retries with new ports.
taken=" "
free_port() {
  local p
  for _ in $(seq 200); do
    p=$((20000 + RANDOM % 40000))
    case "$taken" in *" $p "*) continue ;; esac
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      taken="$taken$p "
      echo "$p"
      return
    fi
  done
  die "no free port found"
}
# wait_port PORT [PID]: until something answers on PORT (60 s on a loaded
# machine), or PID has exited.
wait_port() {
  for _ in $(seq 600); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    if [ -n "${2:-}" ] && ! kill -0 "$2" 2>/dev/null; then return 1; fi
    sleep 0.1
  done
  return 1
}

tmp=$(mktemp -d /tmp/careinbox-mail.XXXXXX)
chmod 755 "$tmp" # dovecot's mail processes and postfix's virtual agent run as nobody
dovecot_pid=""
cleanup() {
  local rc=$?
  set +e
  [ -f "$tmp/postfix/main.cf" ] && /usr/sbin/postfix -c "$tmp/postfix" stop >/dev/null 2>&1
  if [ -f "$tmp/postfix/data/master.lock" ] || [ -f "$tmp/postfix/queue/pid/master.pid" ]; then
    pid=$(tr -d ' ' <"$tmp/postfix/queue/pid/master.pid" 2>/dev/null)
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
  fi
  if [ -n "$dovecot_pid" ]; then
    kill "$dovecot_pid" 2>/dev/null
    for _ in $(seq 50); do kill -0 "$dovecot_pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$dovecot_pid" 2>/dev/null
  fi
  # Postfix children exit with their master; wait briefly so nothing lingers.
  for _ in $(seq 50); do
    pgrep -f "$tmp" >/dev/null 2>&1 || break
    sleep 0.1
  done
  if [ $rc -ne 0 ]; then
    echo "--- dovecot log ---" >&2; tail -n 30 "$tmp/dovecot.log" 2>/dev/null >&2
    echo "--- postfix log ---" >&2; tail -n 30 "$tmp/postfix/maillog" 2>/dev/null >&2
  fi
  if [ -n "${KEEP:-}" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
  if [ $rc -eq 0 ]; then
    printf '\033[1mtest-mail: PASS — real dovecot + postfix on loopback, everything stopped\033[0m\n'
  else
    printf '\033[1mtest-mail: FAIL (exit %d) — dovecot + postfix stopped\033[0m\n' "$rc" >&2
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

support=support@shop.test
customer=ann@customer.test
support_pass=support-pass-$RANDOM
customer_pass=customer-pass-$RANDOM
nobody_uid=$(id -u nobody)
nobody_gid=$(id -g nobody)

mkdir -p "$tmp/mail" "$tmp/home" "$tmp/postfix/queue" "$tmp/postfix/data"
chown "$nobody_uid:$nobody_gid" "$tmp/mail" "$tmp/home"
chown postfix "$tmp/postfix/data"

# --- dovecot ----------------------------------------------------------------
cat >"$tmp/users" <<EOF
$support:{PLAIN}$support_pass:$nobody_uid:$nobody_gid::$tmp/home/$support
$customer:{PLAIN}$customer_pass:$nobody_uid:$nobody_gid::$tmp/home/$customer
EOF
chmod 640 "$tmp/users"
chgrp dovecot "$tmp/users"
start_dovecot() {
  imap_port=$(free_port)
  auth_port=$(free_port)
cat >"$tmp/dovecot.conf" <<EOF
# Private test instance: loopback only, plaintext allowed because it never
# leaves this machine.
instance_name = careinbox-test-$$
base_dir = $tmp/dovecot-run
state_dir = $tmp/dovecot-state
log_path = $tmp/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
mail_location = maildir:$tmp/mail/%u
passdb {
  driver = passwd-file
  args = scheme=PLAIN username_format=%u $tmp/users
}
userdb {
  driver = passwd-file
  args = username_format=%u $tmp/users
}
namespace inbox {
  inbox = yes
  separator = /
  mailbox Sent {
    special_use = \\Sent
    auto = subscribe
  }
  mailbox Drafts {
    special_use = \\Drafts
    auto = subscribe
  }
}
service imap-login {
  inet_listener imap {
    address = 127.0.0.1
    port = $imap_port
  }
  inet_listener imaps {
    port = 0
  }
}
# Postfix asks dovecot to check SMTP AUTH passwords over this socket.
service auth {
  inet_listener {
    address = 127.0.0.1
    port = $auth_port
  }
}
protocol imap {
  mail_max_userip_connections = 50
}
EOF
  say "starting dovecot (IMAP 127.0.0.1:$imap_port)"
  /usr/sbin/dovecot -F -c "$tmp/dovecot.conf" >>"$tmp/dovecot.out" 2>&1 &
  dovecot_pid=$!
  wait_port "$imap_port" "$dovecot_pid" && wait_port "$auth_port" "$dovecot_pid" && return 0
  kill "$dovecot_pid" 2>/dev/null || true
  wait "$dovecot_pid" 2>/dev/null || true
  dovecot_pid=""
  return 1
}
for attempt in 1 2 3; do
  start_dovecot && break
  [ "$attempt" -lt 3 ] || { cat "$tmp/dovecot.out" >&2; die "dovecot did not start"; }
  say "dovecot did not start (attempt $attempt; a port may have been taken): trying other ports"
done

# --- postfix ----------------------------------------------------------------
cat >"$tmp/postfix/vmailbox" <<EOF
$support $support/
$customer $customer/
EOF
# Mail for elsewhere.test goes on to a remote mail server the bounce test
# runs on this port (it refuses the recipient, so postfix returns the mail
# to its sender with a delivery report). smtpd accepts such mail from an
# authenticated user at once, as a real submission server does.
remote_mx_port=$(free_port)
echo "elsewhere.test smtp:[127.0.0.1]:$remote_mx_port" >"$tmp/postfix/transport"
start_postfix() {
  smtp_port=$(free_port)
cat >"$tmp/postfix/main.cf" <<EOF
# Private test instance: accepts authenticated submission on loopback and
# delivers into dovecot's maildirs with postfix's own virtual(8) agent.
compatibility_level = 3.6
queue_directory = $tmp/postfix/queue
data_directory = $tmp/postfix/data
maillog_file = $tmp/postfix/maillog
maillog_file_prefixes = $tmp
mail_owner = postfix
setgid_group = postdrop
myhostname = mail.shop.test
mydomain = shop.test
myorigin = \$mydomain
inet_interfaces = 127.0.0.1
inet_protocols = ipv4
mydestination =
alias_maps =
alias_database =
local_recipient_maps =
relayhost =
default_transport = error:this test mail system delivers locally only
transport_maps = texthash:$tmp/postfix/transport
virtual_mailbox_domains = shop.test customer.test
virtual_mailbox_base = $tmp/mail
virtual_mailbox_maps = texthash:$tmp/postfix/vmailbox
virtual_uid_maps = static:$nobody_uid
virtual_gid_maps = static:$nobody_gid
smtpd_sasl_auth_enable = yes
smtpd_sasl_type = dovecot
smtpd_sasl_path = inet:127.0.0.1:$auth_port
smtpd_tls_security_level = none
smtpd_relay_restrictions = permit_sasl_authenticated, reject
smtpd_recipient_restrictions = permit_sasl_authenticated, reject
biff = no
smtputf8_enable = no
EOF
cat >"$tmp/postfix/master.cf" <<EOF
127.0.0.1:$smtp_port inet n - n - - smtpd
pickup    unix  n       -       n       60      1       pickup
cleanup   unix  n       -       n       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       n       -       -       trivial-rewrite
bounce    unix  -       -       n       -       0       bounce
defer     unix  -       -       n       -       0       bounce
trace     unix  -       -       n       -       0       bounce
verify    unix  -       -       n       -       1       verify
flush     unix  n       -       n       1000?   0       flush
proxymap  unix  -       -       n       -       -       proxymap
showq     unix  n       -       n       -       -       showq
error     unix  -       -       n       -       -       error
smtp      unix  -       -       n       -       -       smtp
retry     unix  -       -       n       -       -       error
discard   unix  -       -       n       -       -       discard
virtual   unix  -       n       n       -       -       virtual
anvil     unix  -       -       n       -       1       anvil
scache    unix  -       -       n       -       1       scache
postlog   unix-dgram n  -       n       -       1       postlogd
EOF
say "starting postfix (SMTP 127.0.0.1:$smtp_port)"
/usr/sbin/postfix -c "$tmp/postfix" check >"$tmp/postfix/check.out" 2>&1 || { cat "$tmp/postfix/check.out" >&2; die "postfix check failed"; }
/usr/sbin/postfix -c "$tmp/postfix" start >"$tmp/postfix/start.out" 2>&1 || { cat "$tmp/postfix/start.out" >&2; return 1; }
  wait_port "$smtp_port" && return 0
  /usr/sbin/postfix -c "$tmp/postfix" stop >/dev/null 2>&1 || true
  return 1
}
for attempt in 1 2 3; do
  start_postfix && break
  [ "$attempt" -lt 3 ] || die "postfix did not open its SMTP port"
  say "postfix did not start (attempt $attempt; a port may have been taken): trying another port"
done

# --- the test ------------------------------------------------------------------
say "go test -tags mailserver (connector against dovecot + postfix)"
export CAREINBOX_MAIL_IMAP="127.0.0.1:$imap_port" CAREINBOX_MAIL_SMTP="127.0.0.1:$smtp_port"
export CAREINBOX_MAIL_SUPPORT="$support" CAREINBOX_MAIL_SUPPORT_PASS="$support_pass"
export CAREINBOX_MAIL_CUSTOMER="$customer" CAREINBOX_MAIL_CUSTOMER_PASS="$customer_pass"
export CAREINBOX_MAIL_REMOTE_MX="127.0.0.1:$remote_mx_port"
as_user=()
# Servers need root, the Go test does not: keep the caller's Go caches theirs.
[ -n "${SUDO_USER:-}" ] && [ "$SUDO_USER" != root ] && as_user=(sudo -u "$SUDO_USER" --preserve-env env "PATH=$PATH")
"${as_user[@]}" go test -tags mailserver -count=1 -run 'TestMailServer' -v ./backend/connector/email/ ./backend/engine/
