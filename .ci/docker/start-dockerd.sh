#!/usr/bin/env bash
# Starts a Docker daemon for CI on a Debian host without systemd, and waits
# until it answers. Idempotent: if a daemon already answers, it does nothing.
#
#   bash .ci/docker/start-dockerd.sh      # then: docker ..., docker-compose ...
#   bash .ci/docker/stop-dockerd.sh       # stops only the daemon started here
#
# Installs docker.io, docker-compose (v1) and debootstrap with apt-get when
# they are missing. The daemon runs with
#   --iptables=false --bridge=none
# so it creates no bridge network and touches no firewall rules: every
# container and build must use host networking (docker run --network host,
# docker build --network host, network_mode: host in compose files), and
# Unix sockets are shared through bind-mounted directories.
#
# Environment (defaults in brackets):
#   DOCKERD_PIDFILE [/tmp/winston-rfc5424-dockerd.pid]  pid of the daemon started here
#   DOCKERD_LOG     [/tmp/winston-rfc5424-dockerd.log]  its output
#   DOCKERD_WAIT    [60]                                seconds to wait for it
set -euo pipefail

pidfile="${DOCKERD_PIDFILE:-/tmp/winston-rfc5424-dockerd.pid}"
logfile="${DOCKERD_LOG:-/tmp/winston-rfc5424-dockerd.log}"
wait_s="${DOCKERD_WAIT:-60}"
t0=$(date +%s)

if docker info >/dev/null 2>&1; then
    echo "start-dockerd: a Docker daemon already answers; nothing to do"
    exit 0
fi

# --- packages ------------------------------------------------------------------
need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)
command -v debootstrap >/dev/null 2>&1 || need+=(debootstrap)
if [ ${#need[@]} -gt 0 ]; then
    echo "start-dockerd: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi

# --- daemon --------------------------------------------------------------------
# A pid file from an earlier run whose process is gone is just stale.
if [ -s "$pidfile" ] && ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
    rm -f "$pidfile"
fi
if [ -s "$pidfile" ]; then
    echo "start-dockerd: dockerd $(cat "$pidfile") from an earlier run exists but does not answer; waiting for it"
else
    # setsid: its own session, so it does not get the terminal's signals.
    # (In a script without job control the background child is no process
    # group leader, so setsid execs dockerd in place and $! is dockerd.)
    # dockerd keeps its own pid file (/var/run/docker.pid); ours is separate
    # because dockerd refuses to start when its pid file names a live process.
    setsid /usr/sbin/dockerd \
        --iptables=false \
        --bridge=none \
        >"$logfile" 2>&1 < /dev/null &
    echo $! > "$pidfile"
    echo "start-dockerd: started dockerd, pid $(cat "$pidfile"), log $logfile"
fi

for _ in $(seq 1 $((wait_s * 4))); do
    if docker info >/dev/null 2>&1; then
        echo "start-dockerd: daemon ready after $(( $(date +%s) - t0 )) s"
        exit 0
    fi
    if ! kill -0 "$(cat "$pidfile" 2>/dev/null || echo 0)" 2>/dev/null; then
        echo "start-dockerd: dockerd exited; last lines of $logfile:" >&2
        tail -20 "$logfile" >&2 || true
        exit 1
    fi
    sleep 0.25
done
echo "start-dockerd: no answer after $wait_s s; last lines of $logfile:" >&2
tail -20 "$logfile" >&2 || true
exit 1
