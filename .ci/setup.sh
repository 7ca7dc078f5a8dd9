#!/usr/bin/env bash
# The set-up both README commands run first (`npm run demo`, `npm test`), and so CI as well:
#   - the Debian/Ubuntu packages the job needs, when missing: installed with apt-get where this user
#     may (root, or sudo without a password), otherwise named with the command that installs them;
#   - `npm ci` when node_modules is missing or older than package-lock.json.
# Usage: bash .ci/setup.sh demo|test
# Environment: WINSTON_RFC5424_NO_INSTALL=1 never installs packages (only says what is missing).
set -euo pipefail
cd "$(dirname "$0")/.."
job="${1:?usage: bash .ci/setup.sh demo|test}"

have_program() { PATH="$PATH:/usr/sbin:/sbin" command -v "$1" >/dev/null; }
have_module() { compgen -G "/usr/lib/*/rsyslog/$1" >/dev/null; }

need=()
have_program rsyslogd || need+=(rsyslog)
have_program logrotate || need+=(logrotate)
have_module imrelp.so || need+=(rsyslog-relp)            # rsyslog/rsyslog.conf's RELP input
if [ "$job" = test ]; then
    have_program openssl || need+=(openssl)              # certificates for the TLS tests
    have_module lmnsd_gtls.so || need+=(rsyslog-gnutls)  # rsyslog's TLS inputs
fi

if [ ${#need[@]} -gt 0 ]; then
    install_cmd="apt-get update && apt-get install -y --no-install-recommends ${need[*]}"
    sudo=()
    [ "$(id -u)" = 0 ] || sudo=(sudo -n)
    if [ "${WINSTON_RFC5424_NO_INSTALL:-}" != 1 ] && command -v apt-get >/dev/null &&
        { [ ${#sudo[@]} = 0 ] || sudo -n true 2>/dev/null; }; then
        echo "setup: installing ${need[*]} with apt-get (missing; WINSTON_RFC5424_NO_INSTALL=1 skips this)"
        export DEBIAN_FRONTEND=noninteractive
        "${sudo[@]}" apt-get update -q >/dev/null
        "${sudo[@]}" apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
    else
        echo "setup: missing ${need[*]}; install them with: sudo sh -c '$install_cmd' (other systems: see README)"
        # The demo can still run in Docker (npm run demo -- --docker); the tests cannot run without them.
        [ "$job" = demo ] || exit 1
    fi
fi

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "setup: npm ci (node_modules missing or older than package-lock.json)"
    npm ci --no-audit --no-fund --loglevel=error
fi
