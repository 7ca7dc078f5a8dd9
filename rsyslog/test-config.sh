#!/usr/bin/env bash
# Checks rsyslog/rsyslog.conf and rsyslog/logrotate.conf against the real
# rsyslogd and logrotate on this host, without touching the host's own
# /run, /var/log or /var/spool:
#
#  1. the shipped rsyslog.conf validates as is (rsyslogd -N1);
#  2. a private rsyslogd runs the SAME file under a temporary
#     WINSTON_RFC5424_PREFIX, with the optional JSON and TLS blocks switched
#     on and port 514 moved to a free port (the only edits, done with sed);
#  3. one record goes in through each input (Unix datagram, Unix stream,
#     UDP, TCP, TLS, RELP) and must come out byte-exact as an RFC 5424 line in
#     <prefix>/var/log/apps/<APP-NAME>.log, plus its .jsonl copy;
#  4. a hostile APP-NAME ("../../etc") must land in _other.log;
#  5. logrotate.conf (paths moved under the prefix) passes logrotate -d, then
#     rotates for real: the file is renamed, rsyslogd gets its HUP and the
#     next record creates a fresh file; nothing is lost.
#
# Needs root (imudp asks for a 4 MB buffer with SO_RCVBUFFORCE; files are
# chowned to root:adm), rsyslog, rsyslog-gnutls, rsyslog-relp, logrotate,
# openssl, python3.
# Usage: bash rsyslog/test-config.sh        (prints "N passed, N failed")
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
conf_src="$here/rsyslog.conf"
rotate_src="$here/logrotate.conf"

# Install what is missing (Debian); a no-op where everything is present.
need=()
command -v rsyslogd >/dev/null || need+=(rsyslog)
[ -e /usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so ] || [ -n "$(find /usr/lib -name lmnsd_gtls.so 2>/dev/null | head -1)" ] || need+=(rsyslog-gnutls)
[ -n "$(find /usr/lib -name imrelp.so 2>/dev/null | head -1)" ] || need+=(rsyslog-relp)
command -v logrotate >/dev/null || need+=(logrotate)
command -v openssl >/dev/null || need+=(openssl)
command -v python3 >/dev/null || need+=(python3)
if [ ${#need[@]} -gt 0 ]; then
    echo "installing: ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# Debian's interpreter when present: a version-manager shim (pyenv) on PATH
# costs 1-2 s per start.
py=python3
[ -x /usr/bin/python3 ] && py=/usr/bin/python3

passed=0
failed=0
ok()   { passed=$((passed + 1)); echo "ok   - $*"; }
fail() { failed=$((failed + 1)); echo "FAIL - $*"; }

tmp="$(mktemp -d /tmp/winston-rfc5424-rsyslog-test.XXXXXX)"
rsyslogd_pid=""
cleanup() {
    if [ -n "$rsyslogd_pid" ] && kill -0 "$rsyslogd_pid" 2>/dev/null; then
        kill -TERM "$rsyslogd_pid"
        wait "$rsyslogd_pid" 2>/dev/null || true
    fi
    if [ "${KEEP_TMP:-}" = 1 ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

export WINSTON_RFC5424_PREFIX="$tmp/root"
apps="$WINSTON_RFC5424_PREFIX/var/log/apps"
sockdir="$WINSTON_RFC5424_PREFIX/run/winston-rfc5424"
pidfile="$WINSTON_RFC5424_PREFIX/run/rsyslogd-winston-rfc5424.pid"
mkdir -p "$WINSTON_RFC5424_PREFIX/var/spool/rsyslog"

# --- 1. the shipped file, unchanged, with the real (empty) prefix ----------
if [ -d /var/spool/rsyslog ]; then
    if out="$(env -u WINSTON_RFC5424_PREFIX rsyslogd -N1 -f "$conf_src" 2>&1)"; then
        ok "shipped rsyslog.conf passes rsyslogd -N1"
    else
        fail "shipped rsyslog.conf fails rsyslogd -N1: $out"
    fi
else
    echo "skip - /var/spool/rsyslog missing (rsyslog's package creates it); not checking the unprefixed file"
fi

# --- 2. the same file with optional blocks on, under the prefix -----------
free_port() { "$py" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
port="$(free_port)"
tls_port="$(free_port)"
relp_port="$(free_port)"
mkdir -p "$tmp/tls"
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$tmp/tls/server-key.pem" -out "$tmp/tls/server-cert.pem" 2>/dev/null
cp "$tmp/tls/server-cert.pem" "$tmp/tls/ca.pem"

conf="$tmp/rsyslog.conf"
sed -e 's/^#@json //' -e 's/^#@tls //' \
    -e "s/Port=\"514\"/Port=\"$port\"/" \
    -e "s/Port=\"6514\"/Port=\"$tls_port\"/" \
    -e "s/Port=\"2514\"/Port=\"$relp_port\"/" \
    -e "s#/etc/winston-rfc5424/tls/#$tmp/tls/#" \
    "$conf_src" > "$conf"
if out="$(rsyslogd -N1 -f "$conf" 2>&1)"; then
    ok "rsyslog.conf with JSON + TLS blocks enabled passes rsyslogd -N1"
else
    fail "rsyslog.conf with optional blocks fails rsyslogd -N1: $out"
fi

rsyslogd -n -f "$conf" -i "$pidfile" &
rsyslogd_pid=$!
for _ in $(seq 1 50); do
    [ -S "$sockdir/log.sock" ] && [ -S "$sockdir/stream.sock" ] && break
    sleep 0.1
done
sleep 0.3   # network listeners come up right after the Unix sockets
if [ -S "$sockdir/log.sock" ] && [ -S "$sockdir/stream.sock" ]; then
    ok "rsyslogd created both Unix sockets under the prefix"
else
    fail "Unix sockets missing in $sockdir"; exit 1
fi
[ "$(stat -c %a "$sockdir/stream.sock")" = 666 ] && ok "stream socket mode 0666" || fail "stream socket mode $(stat -c %a "$sockdir/stream.sock")"

# --- 3./4. one record per input ----------------------------------------------
# send.py PROTO APP TEXT: prints the exact record it sent.
cat > "$tmp/send.py" <<'PY'
import socket, ssl, sys
proto, app, text, sockdir, port, tls_port, ca, relp_port = sys.argv[1:9]
# A record with everything the transport emits: fractional seconds, an
# offset, MSGID, two SD elements with an escaped quote, a BOM before MSG.
rec = ('<134>1 2024-01-02T03:04:05.678+01:00 host1.example %s 4242 ID47 '
       '[exampleSDID@32473 iut="3" eventSource="App\\"lication"][meta seq="1"] '
       '\ufeff%s' % (app, text)).encode('utf-8')
frame = str(len(rec)).encode() + b' ' + rec          # RFC 6587 octet counting
if proto == 'dgram':
    s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.connect(sockdir + '/log.sock'); s.send(rec)
elif proto == 'stream':
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(sockdir + '/stream.sock'); s.sendall(frame)
elif proto == 'udp':
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.sendto(rec, ('127.0.0.1', int(port)))
elif proto == 'tcp':
    s = socket.create_connection(('127.0.0.1', int(port))); s.sendall(frame)
elif proto == 'tls':
    ctx = ssl.create_default_context(cafile=ca)
    s = ctx.wrap_socket(socket.create_connection(('127.0.0.1', int(tls_port))), server_hostname='localhost')
    s.sendall(frame)
    try:
        s.unwrap()        # send close_notify; rsyslog closes without its own
    except (ssl.SSLEOFError, OSError):
        pass
elif proto == 'relp':
    # open, one syslog frame, close; rsyslog answers each (TXNR rsp ...)
    offers = b'relp_version=0\nrelp_software=test-config,0,-\ncommands=syslog'
    s = socket.create_connection(('127.0.0.1', int(relp_port)))
    s.sendall(b'1 open %d %s\n2 syslog %d %s\n3 close 0\n' % (len(offers), offers, len(rec), rec))
    got = b''
    s.settimeout(5)
    while b'\n3 rsp ' not in got:
        chunk = s.recv(4096)
        if not chunk: break
        got += chunk
    if b'\n2 rsp 6 200 OK\n' not in got:
        sys.exit('RELP record not acknowledged: %r' % got)
s.close()
sys.stdout.buffer.write(rec + b'\n')
PY
send() { "$py" "$tmp/send.py" "$1" "$2" "$3" "$sockdir" "$port" "$tls_port" "$tmp/tls/ca.pem" "$relp_port"; }

# wait_line FILE EXPECTED-FILE: waits up to 5 s for FILE to contain the line.
wait_line() {
    for _ in $(seq 1 50); do
        [ -f "$1" ] && grep -qxF -f "$2" "$1" && return 0
        sleep 0.1
    done
    return 1
}

for proto in dgram stream udp tcp tls relp; do
    send "$proto" "app-$proto" "hello over $proto" > "$tmp/expected-$proto"
    if wait_line "$apps/app-$proto.log" "$tmp/expected-$proto"; then
        ok "$proto: record stored byte-exact in app-$proto.log"
    else
        fail "$proto: expected line not in $apps/app-$proto.log: $(cat "$apps/app-$proto.log" 2>/dev/null || echo '(no file)')"
    fi
done

"$py" - "$apps/app-dgram.jsonl" <<'PY' && ok "JSON copy parses, SD kept as an object with its case" || fail "JSON copy wrong: $(cat "$apps/app-dgram.jsonl" 2>/dev/null)"
import json, sys
rec = json.loads(open(sys.argv[1], encoding='utf-8').readline())
assert rec['app_name'] == 'app-dgram' and rec['msgid'] == 'ID47' and rec['severity'] == 6
assert rec['timestamp'] == '2024-01-02T03:04:05.678+01:00'
assert rec['rfc5424-sd']['exampleSDID@32473']['eventSource'] == 'App"lication'
PY

send dgram '../../etc' 'path traversal attempt' > "$tmp/expected-evil"
if wait_line "$apps/_other.log" "$tmp/expected-evil" && [ ! -e "$WINSTON_RFC5424_PREFIX/var/etc.log" ]; then
    ok "APP-NAME ../../etc goes to _other.log, nothing written outside apps/"
else
    fail "APP-NAME ../../etc not contained"
fi

perm="$(stat -c '%U:%G %a' "$apps/app-dgram.log")"
[ "$perm" = "root:adm 640" ] && ok "log file owner/mode root:adm 640" || fail "log file owner/mode $perm"
dperm="$(stat -c '%a' "$apps")"
[ "$dperm" = 755 ] && ok "created log directory mode 755" || fail "log directory mode $dperm"
grep -q ' start$' "$apps/_rsyslogd.log" && ok "rsyslogd's own messages in _rsyslogd.log" || fail "_rsyslogd.log has no start message"

# --- 5. logrotate ------------------------------------------------------------
rotate="$tmp/logrotate.conf"
sed -e "s#/var/log/apps/#$apps/#g" "$rotate_src" > "$rotate"
if out="$(logrotate -d -s "$tmp/logrotate.state" "$rotate" 2>&1)" && ! grep -qi 'error' <<<"$out"; then
    ok "logrotate -d accepts logrotate.conf"
else
    fail "logrotate -d: $out"
fi
# Write 2,000 records, rotate in the middle (-f forces it), write 2,000 more.
"$py" - "$sockdir/log.sock" 0 2000 <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.connect(sys.argv[1])
for i in range(int(sys.argv[2]), int(sys.argv[3])):
    while True:
        try: s.send(b'<134>1 2024-01-02T03:04:05.678Z h rotate-app 1 - - seq=%d' % i); break
        except BlockingIOError: time.sleep(0.001)
PY
if logrotate -f -s "$tmp/logrotate.state" "$rotate"; then
    ok "logrotate -f ran, postrotate found the pid file"
else
    fail "logrotate -f failed"
fi
"$py" - "$sockdir/log.sock" 2000 4000 <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM); s.connect(sys.argv[1])
for i in range(int(sys.argv[2]), int(sys.argv[3])):
    while True:
        try: s.send(b'<134>1 2024-01-02T03:04:05.678Z h rotate-app 1 - - seq=%d' % i); break
        except BlockingIOError: time.sleep(0.001)
PY
for _ in $(seq 1 50); do
    n="$(cat "$apps"/rotate-app.log* 2>/dev/null | grep -c 'seq=' || true)"
    [ "$n" -ge 4000 ] && break
    sleep 0.1
done
if [ -f "$apps/rotate-app.log.1" ] && [ -f "$apps/rotate-app.log" ]; then
    ok "rotate-app.log renamed to .1 and recreated by rsyslog after the HUP"
else
    fail "rotation files: $(ls "$apps")"
fi
uniq_n="$(cat "$apps"/rotate-app.log.1 "$apps"/rotate-app.log | sed -n 's/.*seq=//p' | sort -un | wc -l)"
all_n="$(cat "$apps"/rotate-app.log.1 "$apps"/rotate-app.log | grep -c 'seq=')"
[ "$uniq_n" = 4000 ] && [ "$all_n" = 4000 ] && ok "4000 records across the rotation, none lost or duplicated" \
    || fail "rotation: $all_n lines, $uniq_n distinct (want 4000/4000)"
grep -q 'rsyslogd was HUPed' "$apps/_rsyslogd.log" && ok "rsyslogd logged the HUP" || fail "no HUP in _rsyslogd.log"

# --- stop ---------------------------------------------------------------------
kill -TERM "$rsyslogd_pid"
wait "$rsyslogd_pid" || true
rsyslogd_pid=""
[ ! -e "$sockdir/stream.sock" ] && [ ! -e "$sockdir/log.sock" ] && ok "sockets removed on stop" || fail "sockets left after stop: $(ls "$sockdir")"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
