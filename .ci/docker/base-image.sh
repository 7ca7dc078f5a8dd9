#!/usr/bin/env bash
# Builds the local Debian 12 base image (default tag local/bookworm) once,
# for a machine that reaches Debian's package mirror but no image registry.
# Dockerfiles of this project take  ARG BASE_IMAGE=debian:bookworm-slim ;
# CI passes  --build-arg BASE_IMAGE=local/bookworm  instead.
#
# Does nothing if the image exists. Otherwise: debootstrap --variant=minbase
# into a temporary directory from the Debian mirror that apt on this host
# already uses, then "docker import". Needs a running daemon
# (start-dockerd.sh) and debootstrap (installed by start-dockerd.sh).
#
# Environment (defaults in brackets):
#   BASE_IMAGE_TAG  [local/bookworm]
#   DEBIAN_SUITE    [bookworm]
#   DEBIAN_MIRROR   [first .../debian URI in /etc/apt/sources.list{,.d/*}]
set -euo pipefail

tag="${BASE_IMAGE_TAG:-local/bookworm}"
suite="${DEBIAN_SUITE:-bookworm}"
t0=$(date +%s)

if docker image inspect "$tag" >/dev/null 2>&1; then
    echo "base-image: $tag exists; nothing to do"
    exit 0
fi

# The mirror apt uses here: deb822 "URIs:" lines in *.sources files and
# one-line "deb URI suite ..." entries; the first URI ending in /debian
# (not /debian-security, not third-party repositories).
find_mirror() {
    local f
    for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        sed -n -e 's/^[[:space:]]*URIs:[[:space:]]*//p' \
               -e 's/^[[:space:]]*deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\?\([^[:space:]]\+\).*/\2/p' "$f"
    done | tr ' ' '\n' | grep -E '^https?://[^ ]+/debian/?$' | head -1
}
mirror="${DEBIAN_MIRROR:-$(find_mirror || true)}"
mirror="${mirror:-http://deb.debian.org/debian}"
mirror="${mirror%/}"
security="${mirror%/debian}/debian-security"
echo "base-image: building $tag from $mirror ($suite)"

command -v debootstrap >/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
}

rootfs="$(mktemp -d /tmp/winston-rfc5424-rootfs.XXXXXX)"
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase "$suite" "$rootfs" "$mirror" >"$rootfs.log" 2>&1 || {
    echo "base-image: debootstrap failed; last lines:" >&2
    tail -20 "$rootfs.log" >&2
    rm -f "$rootfs.log"
    exit 1
}
rm -f "$rootfs.log"

# apt inside images built FROM this one: the same mirror, plus updates and
# security. Downloaded packages and lists are not part of the image.
cat > "$rootfs/etc/apt/sources.list" <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security $suite-security main
EOF
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*

tar -C "$rootfs" --numeric-owner -c . | docker import - "$tag" >/dev/null
echo "base-image: $tag built in $(( $(date +%s) - t0 )) s ($(docker image inspect -f '{{.Size}}' "$tag" | awk '{printf "%.0f MB", $1/1e6}'))"
