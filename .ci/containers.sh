#!/usr/bin/env bash
# The container tier: the demo's workload through the containerised rsyslog of docker-compose.yml,
# with forced rotations, checked by the project's verifier. Runs after the fast tier in CI.
#
#   1. a Docker daemon (.ci/docker/start-dockerd.sh; stopped again at the end if started here)
#   2. local base images, as no image registry is reachable: local/bookworm
#      (.ci/docker/base-image.sh) and local/bookworm-node (test/containers/node-base-image.sh:
#      this host's node on local/bookworm)
#   3. docker-compose build with test/containers/docker-compose.ci.yml (BASE_IMAGE=local/bookworm)
#   4. three runs, each 4 workers x 2,000 records/s x 10 s with logrotate -f every 2.5 s:
#      a. "docker-compose up --exit-code-from app": the stack exactly as a user starts it
#         (app container -> Unix datagram socket in the shared directory -> rsyslog container)
#      b. the app container over the Unix stream socket (imptcp)
#      c. "npm run demo -- --docker": workers on the host, rsyslogd in the container
#      each checked from the host by test/containers/check-run.ts: the verifier over the
#      bind-mounted files, against the count each worker logged
#      d. the relay of docker-compose.relay.yml, edge -> central over RELP: 4 workers on the host
#      x 1,000 records/s x 10 s through the edge's socket, the central stopped for 8 s mid-stream
#      and started again; test/containers/relay-run.ts checks the central's files the same way
#      e. the README's first command, "npm run demo", in a fresh container of the node base image
#      (no rsyslog, no node_modules): its set-up installs them, the demo must report OK
#   5. teardown (docker-compose down --volumes), also on failure and on interrupt
#
# Prints the time of each phase and ends with "containers: N passed, N failed", after the teardown.
# Usage: bash .ci/containers.sh          (npm run test:containers)
# Environment: KEEP_CONTAINER_OUTPUT=1 keeps the output directory (bind mounts, logs).
set -euo pipefail
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

t_start=$(date +%s)
passed=0
failed=0
# Check lines as test/containers/check-line.ts prints them (not TAP's "ok - ...": see there).
ok()   { passed=$((passed + 1)); echo "[pass] $*"; }
fail() { failed=$((failed + 1)); echo "[FAIL] $*"; }
phase_start=0
phase() { phase_start=$(date +%s); echo "=== containers: $*"; }
took()  { echo "=== containers: $1 took $(( $(date +%s) - phase_start )) s"; }

# --- 1. daemon ------------------------------------------------------------------------------
phase "Docker daemon"
started_dockerd=0
docker info >/dev/null 2>&1 || started_dockerd=1
bash .ci/docker/start-dockerd.sh
took "Docker daemon"

project=winston-rfc5424-ci
host_project=winston-rfc5424-ci-host
out="$(mktemp -d /tmp/winston-rfc5424-containers.XXXXXX)"
logs="$out/build-logs"
mkdir -p "$out/run" "$out/logs" "$logs"
export WINSTON_RFC5424_DEMO_DIR="$out"
# For run c, which builds with docker-compose.yml alone: the local base image.
export BASE_IMAGE=local/bookworm

if docker compose version >/dev/null 2>&1; then compose_cmd=(docker compose); else compose_cmd=(docker-compose); fi
compose=("${compose_cmd[@]}" -p "$project" -f docker-compose.yml -f test/containers/docker-compose.ci.yml)

host_demo_dir=""
relay_project=winston-rfc5424-ci-relay
relay=() # the relay's compose command once run d has started it
cleanup() {
    status=$?
    set +e
    echo "=== containers: teardown"
    timeout 120 "${compose[@]}" down --volumes --remove-orphans --timeout 20 >>"$logs/teardown.log" 2>&1
    COMPOSE_PROJECT_NAME="$host_project" timeout 120 "${compose_cmd[@]}" -f docker-compose.yml \
        down --volumes --remove-orphans --timeout 20 >>"$logs/teardown.log" 2>&1
    [ "${#relay[@]}" = 0 ] || timeout 120 "${relay[@]}" down --volumes --remove-orphans --timeout 20 >>"$logs/teardown.log" 2>&1
    left="$(docker ps -aq --filter "label=com.docker.compose.project=$project" --filter "label=com.docker.compose.project=$host_project" --filter "label=com.docker.compose.project=$relay_project")"
    [ -z "$left" ] || { echo "containers left after teardown: $left; removing"; docker rm -f $left >/dev/null; }
    [ -z "$host_demo_dir" ] || rm -rf "$host_demo_dir"
    if [ "${KEEP_CONTAINER_OUTPUT:-}" = 1 ]; then echo "kept $out"; else rm -rf "$out"; fi
    if [ "$started_dockerd" = 1 ]; then bash .ci/docker/stop-dockerd.sh; fi
    echo "=== containers: total $(( $(date +%s) - t_start )) s"
    # Last, so it is the closing line CI reads; a phase that aborted the script counts as a failure.
    [ "$status" = 0 ] || [ "$failed" -gt 0 ] || failed=1
    echo "containers: $passed passed, $failed failed"
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# run_logged NAME CMD...: output to $logs/NAME.log; its end is printed when the command fails.
run_logged() {
    local name="$1"; shift
    if "$@" >"$logs/$name.log" 2>&1; then return 0; fi
    local status=$?
    echo "--- last lines of $name ($*):"; tail -40 "$logs/$name.log"
    return "$status"
}

# --- 2. base images ---------------------------------------------------------------------------
phase "base images"
run_logged base-image bash .ci/docker/base-image.sh
tail -1 "$logs/base-image.log"
run_logged node-base-image bash test/containers/node-base-image.sh
export CI_NODE_IMAGE="$(tail -1 "$logs/node-base-image.log")"
grep '^node-base-image:' "$logs/node-base-image.log" | tail -1
took "base images"

# --- 3. images and the host-side checker ------------------------------------------------------
phase "build"
# --force-rm (v1): no containers of a failed build step are left behind.
build_flags=()
[ "${compose_cmd[0]}" = docker-compose ] && build_flags+=(--force-rm)
run_logged compose-build timeout 1200 "${compose[@]}" build "${build_flags[@]}"
grep -E '^Successfully tagged' "$logs/compose-build.log" || true
# The checkers (and run c) run on the host: compile the library, the demo and the checkers.
run_logged tsc npx tsc -p test/containers/tsconfig.json
run_logged tsc-examples npx tsc -p examples/tsconfig.json
took "build"

check() { # check LABEL RESULT-JSON LOG-DIR
    if [ ! -s "$2" ]; then fail "$1: no result file $2"; return; fi
    tally "$(node build/test/containers/check-run.js "$@" 2>&1)"
}
tally() { # tally REPORT: prints a checker's report and counts its [pass]/[FAIL] lines
    echo "$1"
    passed=$((passed + $(grep -c '^\[pass\] ' <<<"$1" || true)))
    failed=$((failed + $(grep -c '^\[FAIL\] ' <<<"$1" || true)))
}

# --- 4a. docker-compose up, as a user runs it --------------------------------------------------
phase "run a: ${compose_cmd[*]} up --exit-code-from app (unix datagram socket)"
if timeout 300 "${compose[@]}" up --no-color --exit-code-from app; then
    ok "a: docker-compose up: the app container exited 0"
else
    fail "a: docker-compose up --exit-code-from app exited $?"
fi
check "a (compose up, unix)" "$out/logs/result-up.json" "$out/logs"
took "run a"

# --- 4b. the app container over the Unix stream socket -----------------------------------------
phase "run b: app container, protocol unix-stream"
run_logged up-rsyslog timeout 120 "${compose[@]}" up -d rsyslog
if timeout 300 "${compose[@]}" run --rm app --external --protocol unix-stream --json-out /var/log/apps/result-stream.json; then
    ok "b: app container (unix-stream) exited 0"
else
    fail "b: app container (unix-stream) exited $?"
fi
# docker stop: rsyslogd writes everything it holds before the files are checked.
run_logged stop-rsyslog timeout 120 "${compose[@]}" stop rsyslog
check "b (app container, unix-stream)" "$out/logs/result-stream.json" "$out/logs"
took "run b"

# --- 4c. npm run demo -- --docker: workers on the host ----------------------------------------
phase "run c: npm run demo -- --docker (workers on the host, unix)"
if COMPOSE_PROJECT_NAME="$host_project" timeout 300 node build/examples/demo.js --docker --keep --json-out "$out/result-host.json"; then
    ok "c: demo --docker exited 0"
else
    fail "c: demo --docker exited $?"
fi
if [ -s "$out/result-host.json" ]; then
    host_logs="$(node -e 'const r=require(process.argv[1]); console.log(require("path").dirname(r.runs[0].files[0].path))' "$out/result-host.json")"
    host_demo_dir="$(dirname "$host_logs")"
    check "c (demo --docker, host workers)" "$out/result-host.json" "$host_logs"
else
    fail "c: no result file"
fi
took "run c"

# --- 4d. relay: edge -> central over RELP, the central stopped mid-stream -------------------------
phase "run d: relay edge -> central (docker-compose.relay.yml, RELP), central stopped 8 s mid-stream"
relay_dir="$out/relay"
mkdir -p "$relay_dir/conf"
# RELP, as forward.conf's comments switch it on: over plain TCP the records in flight when the
# central stops are lost, so "every record, none twice" holds for RELP only.
sed -e '/#@tcp$/d' -e 's/^#@relp //' rsyslog/forward.conf >"$relay_dir/conf/forward.conf"
sed 's/^#@relp //' rsyslog/central.conf >"$relay_dir/conf/central.conf"
export WINSTON_RFC5424_RELAY_DIR="$relay_dir"
relay=("${compose_cmd[@]}" -p "$relay_project" -f docker-compose.relay.yml -f test/containers/docker-compose.relay.ci.yml)
# The image of step 3 (same tag, with rsyslog-relp): no second build.
if run_logged relay-up timeout 120 "${relay[@]}" up -d --no-build; then
    ok "d: relay edge and central started"
    tally "$(node build/test/containers/relay-run.js "d (relay, RELP)" "$relay_dir/run/log.sock" "$relay_dir/central" "${relay[@]}" 2>&1)"
else
    fail "d: ${relay[*]} up -d failed"
fi
took "run d"

# --- 4e. the README's first command on a fresh Debian machine --------------------------------------
phase "run e: npm run demo in a fresh Debian container (local/bookworm + node, no rsyslog, no node_modules)"
# The tracked files as they are in this working tree: no node_modules, no build output.
fresh="$out/fresh-checkout"
mkdir -p "$fresh"
git ls-files -z | tar --null -T - -c | tar -x -C "$fresh"
if run_logged fresh-demo timeout 900 docker run --rm --network host -v "$fresh:/repo" -w /repo "$CI_NODE_IMAGE" \
    bash -c 'command -v rsyslogd logrotate && exit 9; npm run demo'; then
    ok "e: npm run demo exited 0 on a machine without rsyslog, logrotate and node_modules"
else
    fail "e: npm run demo in the fresh container exited $? (rsyslogd already there: 9)"
fi
grep -q '^setup: installing rsyslog logrotate rsyslog-relp with apt-get' "$logs/fresh-demo.log" &&
    ok "e: the set-up said it installs rsyslog, logrotate and rsyslog-relp, and did" || fail "e: no apt-get line from the set-up"
grep -q '^setup: npm ci' "$logs/fresh-demo.log" && ok "e: the set-up ran npm ci" || fail "e: no npm ci line from the set-up"
grep -E '^OK: all [0-9,]+ records arrived exactly once' "$logs/fresh-demo.log" &&
    ok "e: the demo's verdict is OK" || fail "e: the demo did not report OK"
took "run e"

# --- 5. what the stack left behind -------------------------------------------------------------
nets="$(docker network ls -q --filter "name=$project" --filter "name=$host_project" --filter "name=$relay_project")"
[ -z "$nets" ] && ok "no Docker network created (host networking and sockets only)" || fail "networks created: $nets"

[ "$failed" = 0 ]
