#!/bin/sh
# Entrypoint of the winston-rfc5424/rsyslog image: runs rsyslogd in the
# foreground with rsyslog/rsyslog.conf and rotates the per-app files with
# rsyslog/logrotate.conf every LOGROTATE_INTERVAL seconds.
#
# This shell stays PID 1 on purpose: it forwards SIGTERM/SIGINT to rsyslogd
# (rsyslogd then writes what it still holds and saves the rest of its queue
# to /var/spool/rsyslog), waits for it, and exits with its status. If
# rsyslogd dies on its own, the container exits too, so a restart policy
# can act. A PID 1 without a handler would ignore "docker stop" until Docker
# gives up after its timeout and kills everything with SIGKILL.
#
# Environment:
#   LOGROTATE_INTERVAL  seconds between logrotate runs (default 300; 0 = never).
#                       logrotate.conf rotates daily, or earlier at 100 MB,
#                       so this is how late a size-triggered rotation may be.
#   LOGROTATE_STATE     logrotate's state file (default: in the log volume,
#                       so "daily" survives a new container).
set -eu

conf=/etc/winston-rfc5424/rsyslog.conf
rotate_conf=/etc/winston-rfc5424/logrotate.conf
pidfile=/run/rsyslogd-winston-rfc5424.pid
interval="${LOGROTATE_INTERVAL:-300}"
state="${LOGROTATE_STATE:-/var/log/apps/.logrotate.state}"

# The three directories may be empty bind mounts or volumes. rsyslogd creates
# the socket directory and the log directory itself, but not the spool
# directory; creating all three here keeps their modes predictable.
mkdir -p /run/winston-rfc5424 /var/log/apps /var/spool/rsyslog
# A pid file left by a killed container must not point logrotate's HUP at a
# process that no longer exists (or at an unrelated one).
rm -f "$pidfile"

rsyslogd -n -f "$conf" -i "$pidfile" &
rsyslogd_pid=$!
rotate_pid=""

stop() {
    trap - TERM INT
    [ -n "$rotate_pid" ] && kill "$rotate_pid" 2>/dev/null || true
    kill -TERM "$rsyslogd_pid" 2>/dev/null || true
    status=0
    wait "$rsyslogd_pid" || status=$?
    exit "$status"
}
trap stop TERM INT

if [ "$interval" -gt 0 ]; then
    (
        # The loop is a child of PID 1; it exits with the container.
        trap 'exit 0' TERM
        while :; do
            sleep "$interval" &
            wait $! || exit 0
            # logrotate -s: own state file; errors are printed (docker logs)
            # and the loop goes on.
            logrotate -s "$state" "$rotate_conf" || echo "entrypoint: logrotate failed (status $?)" >&2
        done
    ) &
    rotate_pid=$!
fi

# wait returns when rsyslogd exits or when a trapped signal arrives (then
# stop() runs and exits).
status=0
wait "$rsyslogd_pid" || status=$?
echo "entrypoint: rsyslogd exited with status $status" >&2
[ -n "$rotate_pid" ] && kill "$rotate_pid" 2>/dev/null || true
exit "$status"
