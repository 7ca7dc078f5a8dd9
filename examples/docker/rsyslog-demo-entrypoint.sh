#!/bin/sh
# Entrypoint of the "rsyslog" service in docker-compose.yml (the demo stack). It runs the image's
# own entrypoint (rsyslog/entrypoint.sh: rsyslogd with rsyslog/rsyslog.conf) unchanged, after
# three demo-only adjustments, and serves the demo's rotation requests:
#
#  1. Log files are created 0644 instead of 0640 (root:adm), so the user who ran
#     "docker compose up" can read them in the bind-mounted directory without sudo.
#     Keep 0640 in production.
#  2. A logrotate config for the demo: rsyslog/logrotate.conf with the same rename + HUP
#     rotation, limited to the demo's files (demo-*.log) and keeping 1000 rotated files instead
#     of 14, so a long demo never deletes a file the verifier still has to read.
#  3. Rotations are forced on request: the demo (in the "app" container, or on the host with
#     "npm run demo -- --docker") writes an id to <socket dir>/demo-rotate.request; this loop
#     runs "logrotate -f" and answers "<id> <exit status> <stderr>" in demo-rotate.done.
#     demo-rotator.ready appears once rsyslogd has its pid file, both sockets and its RELP
#     listener on 127.0.0.1:2514 (for "--protocol relp"); the service's healthcheck waits for it.
#
# The image's periodic rotation (LOGROTATE_INTERVAL) is switched off in docker-compose.yml:
# two logrotate runs at once would race over the same files.
set -eu

dir=/run/winston-rfc5424
conf=/etc/winston-rfc5424/rsyslog.conf
shipped_rotate=/etc/winston-rfc5424/logrotate.conf
rotate_conf=/etc/winston-rfc5424/logrotate-demo.conf
state=/tmp/winston-rfc5424-demo-logrotate.state
pidfile=/run/rsyslogd-winston-rfc5424.pid

die() {
    echo "rsyslog-demo-entrypoint: $*" >&2
    exit 1
}

# 1. readable files (the edit is checked: a changed rsyslog.conf must not pass silently)
sed -i 's/fileCreateMode="0640"/fileCreateMode="0644"/' "$conf"
grep -q 'fileCreateMode="0644"' "$conf" || die "no fileCreateMode=\"0640\" in $conf to relax"

# 2. the demo's logrotate config
sed -e 's#^/var/log/apps/\*\.log /var/log/apps/\*\.jsonl {#/var/log/apps/demo-*.log {#' \
    -e 's/^\([[:space:]]*\)rotate [0-9][0-9]*$/\1rotate 1000/' \
    "$shipped_rotate" > "$rotate_conf"
grep -q '^/var/log/apps/demo-\*\.log {' "$rotate_conf" && grep -q '^[[:space:]]*rotate 1000$' "$rotate_conf" \
    || die "$shipped_rotate no longer has the expected file pattern and rotate line"
chmod 0644 "$rotate_conf"   # logrotate refuses group- or world-writable configs

# Leftovers of a killed container must not make the loop below report ready too early.
mkdir -p "$dir"
rm -f "$pidfile" "$dir/log.sock" "$dir/stream.sock" \
      "$dir/demo-rotator.ready" "$dir/demo-rotate.request" "$dir/demo-rotate.done"

# rsyslog.conf's RELP listener (imrelp, 127.0.0.1:2514) is listening: host networking, so this is
# the host's loopback; 0100007F:09D2 is 127.0.0.1:2514 in /proc/net/tcp, 0A is LISTEN. (Another
# process already listening there would pass this check; rsyslogd then logs that imrelp could
# not bind, in /var/log/apps/_rsyslogd.log.)
relp_listening() {
    grep -q '^ *[0-9]*: 0100007F:09D2 00000000:0000 0A ' /proc/net/tcp
}

# 3. the rotation loop: a child of PID 1, gone with the container
(
    trap 'exit 0' TERM
    while ! { [ -s "$pidfile" ] && [ -S "$dir/log.sock" ] && [ -S "$dir/stream.sock" ] && relp_listening; }; do
        sleep 0.1
    done
    touch "$dir/demo-rotator.ready"
    while :; do
        if [ -e "$dir/demo-rotate.request" ]; then
            id="$(cat "$dir/demo-rotate.request" 2>/dev/null || true)"
            rm -f "$dir/demo-rotate.request"
            status=0
            err="$(logrotate -f -s "$state" "$rotate_conf" 2>&1)" || status=$?
            [ "$status" = 0 ] || echo "rsyslog-demo-entrypoint: logrotate failed ($status): $err" >&2
            printf '%s %s %s\n' "$id" "$status" "$(printf '%s' "$err" | tr '\n' ' ')" > "$dir/demo-rotate.done.tmp"
            mv -f "$dir/demo-rotate.done.tmp" "$dir/demo-rotate.done"
        fi
        sleep 0.1
    done
) &

exec /usr/local/bin/winston-rfc5424-rsyslog
