#!/usr/bin/env bash
# Builds the two container images from docker/ with whichever engine works here: docker (with a
# running daemon) or podman. Tags: lxcfs-webhook/lxcfs-{daemon,webhook}:<chart appVersion>.
#   hack/images.sh                 build both
#   ENGINE=podman hack/images.sh   choose the engine
#   BUILD_ARGS="--build-arg RUNTIME_IMAGE=..." hack/images.sh   pass pins through
# The base images come from a container registry: the build needs one reachable.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

pick_engine() {
  if [ -n "${ENGINE:-}" ]; then echo "$ENGINE"; return; fi
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then echo docker; return; fi
  if command -v podman >/dev/null 2>&1; then echo podman; return; fi
  return 1
}

engine=$(pick_engine) || die "no container engine: need docker with a running daemon ('docker info' failed or docker is absent) or podman (apt-get install podman); set ENGINE to choose one"
version=$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' charts/lxcfs-webhook/Chart.yaml)
[ -n "$version" ] || die "no appVersion in charts/lxcfs-webhook/Chart.yaml"

for image in daemon webhook; do
  tag="lxcfs-webhook/lxcfs-$image:$version"
  log "$engine build $tag"
  # shellcheck disable=SC2086 # BUILD_ARGS is a list of flags on purpose
  "$engine" build -f "docker/Dockerfile.$image" --build-arg "VERSION=$version" ${BUILD_ARGS:-} -t "$tag" .
done
log "built lxcfs-webhook/lxcfs-daemon:$version and lxcfs-webhook/lxcfs-webhook:$version with $engine"
