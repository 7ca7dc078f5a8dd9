#!/usr/bin/env bash
# Builds the local Node base image for the container tier (default tag local/bookworm-node)
# from local/bookworm (.ci/docker/base-image.sh) and this host's node: the same binary, headers
# and npm the fast tier ran with, so no image registry is needed. npm in the image also gets
# the CA bundle the host's npm is configured with ("npm config get cafile"), if any, so it
# reaches the registry the way the host's npm does. Does nothing when an image with this tag,
# this node version and this CA bundle exists. Prints the tag on its last line.
#
# Environment (defaults in brackets):
#   NODE_BASE_TAG  [local/bookworm-node]
#   BASE_IMAGE     [local/bookworm]
set -euo pipefail

tag="${NODE_BASE_TAG:-local/bookworm-node}"
base="${BASE_IMAGE:-local/bookworm}"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
version="$(node --version)"
t0=$(date +%s)
# The CA bundle the host's npm uses, if it is configured with one (see node-base/Dockerfile).
cafile="$(npm config get cafile 2>/dev/null || true)"
case "$cafile" in null|undefined) cafile="" ;; esac
[ -z "$cafile" ] || [ -r "$cafile" ] || cafile=""
ca_sum="$( [ -n "$cafile" ] && sha256sum "$cafile" | cut -c1-16 || echo none)"
want="$version ca:$ca_sum"

if [ "$(docker image inspect -f '{{index .Config.Labels "winston-rfc5424.node-base"}}' "$tag" 2>/dev/null || true)" = "$want" ]; then
    echo "node-base-image: $tag has node $version (ca: $ca_sum); nothing to do" >&2
    echo "$tag"
    exit 0
fi

node_bin="$(readlink -f "$(command -v node)")"
npm_dir="$(npm root -g)/npm"
# Headers: next to the binary's prefix (/usr/bin/node -> /usr/include/node), as node-gyp's
# nodedir expects them.
include_dir="$(dirname "$(dirname "$node_bin")")/include/node"
for need in "$node_bin" "$npm_dir/bin/npm-cli.js" "$include_dir/node.h"; do
    [ -e "$need" ] || { echo "node-base-image: $need not found" >&2; exit 1; }
done

ctx="$(mktemp -d /tmp/winston-rfc5424-node-base.XXXXXX)"
trap 'rm -rf "$ctx"' EXIT
cp "$here/node-base/Dockerfile" "$ctx/"
cp "$node_bin" "$ctx/node"
cp -r "$include_dir" "$ctx/include"
cp -r "$npm_dir" "$ctx/npm"
if [ -n "$cafile" ]; then cp "$cafile" "$ctx/npm-ca.crt"; else : > "$ctx/npm-ca.crt"; fi
echo "node-base-image: building $tag (node $version from $node_bin, npm cafile ${cafile:-none}) on $base" >&2
docker build --force-rm --network host --build-arg "BASE_IMAGE=$base" --label "winston-rfc5424.node-base=$want" \
    -t "$tag" "$ctx" >&2
echo "node-base-image: $tag built in $(( $(date +%s) - t0 )) s" >&2
echo "$tag"
