#!/usr/bin/env bash
# Stops the Docker daemon that start-dockerd.sh started (and only that one:
# it reads the pid file written there). dockerd stops its running containers
# and its own containerd before it exits. Safe to call when nothing runs.
#
# Environment: DOCKERD_PIDFILE [/tmp/winston-rfc5424-dockerd.pid]
#              DOCKERD_STOP_WAIT [30] seconds before SIGKILL
set -euo pipefail

pidfile="${DOCKERD_PIDFILE:-/tmp/winston-rfc5424-dockerd.pid}"
wait_s="${DOCKERD_STOP_WAIT:-30}"

if [ ! -s "$pidfile" ]; then
    echo "stop-dockerd: no pid file $pidfile; nothing started here"
    exit 0
fi
pid="$(cat "$pidfile")"
# Only signal the process if it really is a dockerd (pid numbers are reused).
if ! kill -0 "$pid" 2>/dev/null || [ "$(cat "/proc/$pid/comm" 2>/dev/null)" != dockerd ]; then
    echo "stop-dockerd: dockerd $pid is not running; removing stale $pidfile"
    rm -f "$pidfile"
    exit 0
fi

t0=$(date +%s)
kill -TERM "$pid"
for _ in $(seq 1 $((wait_s * 4))); do
    if ! kill -0 "$pid" 2>/dev/null; then
        rm -f "$pidfile"
        echo "stop-dockerd: dockerd $pid stopped after $(( $(date +%s) - t0 )) s"
        exit 0
    fi
    sleep 0.25
done
echo "stop-dockerd: dockerd $pid still running after $wait_s s; sending SIGKILL" >&2
kill -KILL "$pid" 2>/dev/null || true
rm -f "$pidfile"
