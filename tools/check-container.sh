#!/usr/bin/env bash
# The MLOps capstone's container smoke test (the self-test's `container` step):
#   1. a Debian base image made locally with debootstrap (--variant=minbase, this machine's
#      release), so that nothing but Debian's mirrors is needed: no container registry;
#   2. projects/mlops/Containerfile built with buildah (--isolation chroot, which needs no
#      user namespaces or runtime), target `prebuilt`: the runtime libraries from Debian's
#      packages and the project_mlops the projects step built;
#   3. the server run inside the image (buildah run) on a registry the projects step wrote:
#      /v2/health/ready answers 200, an infer request 200, and SIGTERM ends it with exit 0.
#
#   tools/check-container.sh REGISTRY_DIR
#
# Needs root (buildah's storage, debootstrap), buildah and debootstrap; without them it says
# what is missing and fails. LLMLINGS_SKIP_CONTAINER=1 skips it with a message (a machine where
# buildah cannot run at all, e.g. inside an unprivileged container).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
REGISTRY=${1:?usage: tools/check-container.sh REGISTRY_DIR}
if [ "${LLMLINGS_SKIP_CONTAINER:-0}" = 1 ]; then
  echo "check-container: skipped (LLMLINGS_SKIP_CONTAINER=1)"
  exit 0
fi
[ "$(id -u)" -eq 0 ] || { echo "check-container: needs root (buildah's storage and debootstrap)"; exit 1; }
for tool in buildah debootstrap curl; do
  command -v "$tool" > /dev/null || { echo "check-container: $tool is missing (apt-get install $tool)"; exit 1; }
done
if ! info=$(buildah info 2>&1); then
  echo "check-container: skipped: buildah cannot run on this machine (its storage does not start):"
  printf '%s\n' "$info" | tail -3
  exit 0
fi
BINARY=$ROOT/build/projects/projects/project_mlops
[ -x "$BINARY" ] || { echo "check-container: $BINARY is missing (cmake --build build/projects --target project_mlops)"; exit 1; }
[ -d "$REGISTRY/models/fashion_cnn" ] || { echo "check-container: $REGISTRY holds no fashion_cnn (run project_mlops OUT --quick first)"; exit 1; }

# shellcheck source=/dev/null
CODENAME=$(. /etc/os-release && echo "${VERSION_CODENAME:?}")
BASE=localhost/llmlings/debian-base:$CODENAME
IMAGE=localhost/llmlings/fashion-cnn-server:smoke
WORK=$ROOT/build/container
mkdir -p "$WORK"
# What runs in the image keeps this shell's limits on open files and processes: Debian 13's buildah
# (1.39) would raise both to 1048576 for every RUN step and `buildah run`, which a machine with
# lower hard limits refuses even to root (containers.conf's default_ulimits). Debian 12's buildah
# (1.28) leaves the limits alone and refuses these settings (it runs RUN steps with at most 32768
# processes), so it gets none.
# shellcheck source=/dev/null
if [ "$(. /etc/os-release && echo "${VERSION_ID:-}")" != 12 ]; then
  limit() { if [ "$1" = unlimited ]; then echo -1; else echo "$1"; fi; }
  printf '[containers]\ndefault_ulimits = ["nofile=%s:%s", "nproc=%s:%s"]\n' "$(limit "$(ulimit -Sn)")" \
    "$(limit "$(ulimit -Hn)")" "$(limit "$(ulimit -Su)")" "$(limit "$(ulimit -Hu)")" > "$WORK/containers.conf"
  export CONTAINERS_CONF="$WORK/containers.conf"
fi

if ! buildah inspect --type image "$BASE" > /dev/null 2>&1; then
  echo "check-container: making $BASE with debootstrap (once; buildah keeps it)"
  rm -rf "$WORK/rootfs"
  debootstrap --variant=minbase "$CODENAME" "$WORK/rootfs" http://deb.debian.org/debian > "$WORK/debootstrap.log" 2>&1 ||
    { tail -20 "$WORK/debootstrap.log"; echo "check-container: debootstrap failed"; exit 1; }
  rm -rf "$WORK"/rootfs/var/cache/apt/archives/*.deb
  c=$(buildah from scratch)
  buildah copy "$c" "$WORK/rootfs" / > /dev/null
  buildah config --env LANG=C.UTF-8 "$c"
  buildah commit -q "$c" "$BASE" > /dev/null
  buildah rm "$c" > /dev/null
  rm -rf "$WORK/rootfs"
fi

echo "check-container: buildah bud --target prebuilt (base $BASE)"
(cd "$ROOT" && buildah bud --isolation chroot --target prebuilt --build-arg "BASE=$BASE" \
  -f projects/mlops/Containerfile -t "$IMAGE" .) > "$WORK/bud.log" 2>&1 ||
  { tail -30 "$WORK/bud.log"; echo "check-container: buildah bud failed"; exit 1; }
size=$(buildah images --format '{{.Size}}' "$IMAGE" 2>/dev/null | head -1)

PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
c=$(buildah from "$IMAGE")
cleanup() { buildah rm "$c" > /dev/null 2>&1 || true; }
trap cleanup EXIT
buildah run --isolation chroot -v "$(cd "$REGISTRY" && pwd):/registry:ro" "$c" -- \
  /usr/local/bin/project_mlops serve /registry --port "$PORT" --drain-ms 200 > "$WORK/server.log" 2>&1 &
runner=$!
ready=0
for _ in $(seq 1 100); do
  if [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/v2/health/ready")" = 200 ]; then ready=1; break; fi
  sleep 0.2
done
[ $ready -eq 1 ] || { cat "$WORK/server.log"; echo "check-container: the server in the image never became ready"; exit 1; }
body=$(python3 -c 'import json; print(json.dumps({"inputs": [{"name": "image", "shape": [1, 784], "datatype": "FP32", "data": [0.5] * 784}]}))')
answer=$(curl -s -w ' %{http_code}' -H 'Content-Type: application/json' -d "$body" \
  "http://127.0.0.1:$PORT/v2/models/fashion_cnn/infer")
[ "${answer##* }" = 200 ] || { echo "$answer"; echo "check-container: infer did not answer 200"; exit 1; }
# SIGTERM to the server itself (buildah run answers a signal by killing its child): it drains and exits 0.
pid=$(pgrep -f "^/usr/local/bin/project_mlops serve /registry --port $PORT" | head -1)
kill -TERM "$pid"
wait "$runner" || { cat "$WORK/server.log"; echo "check-container: the server did not exit 0 on SIGTERM"; exit 1; }
grep -q '^stopped' "$WORK/server.log" || { cat "$WORK/server.log"; echo "check-container: no graceful stop"; exit 1; }
echo "check-container: $IMAGE ($size) $(head -1 "$WORK/server.log" | sed 's/ on http.*//'): ready 200, infer 200, SIGTERM → drained, exit 0"
