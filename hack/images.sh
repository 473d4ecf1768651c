#!/usr/bin/env bash
# Builds the two container images from docker/ with whichever engine works here: docker (with a
# running daemon) or podman. Tags: lxcfs-webhook/lxcfs-{daemon,webhook}:<chart appVersion> (podman
# stores them as localhost/lxcfs-webhook/...).
#   hack/images.sh                 build both
#   hack/images.sh save DIR        build both, then write DIR/lxcfs-daemon.tar, DIR/lxcfs-webhook.tar and
#                                  DIR/tools.tar (the end-to-end test pods' image) as docker archives, for
#                                  'ctr -n k8s.io images import': each is named as the kubelet resolves
#                                  the chart's default image
#   ENGINE=podman hack/images.sh   choose the engine
#   BASES=local|upstream           where the base images come from:
#     local (default with podman): built from Debian packages by hack/base-images.sh, so no container
#       registry is needed; the build itself runs without network, NuGet restoring from the host's
#       package cache (filled here first);
#     upstream (default with docker, whose builds cannot mount that cache): the Dockerfiles' pinned
#       defaults, pulled from their registries, NuGet restoring from its feed.
#   BUILD_ARGS="--build-arg RUNTIME_IMAGE=..." hack/images.sh   pass pins through (they come last, so win)
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

save_dir=
case "${1:-}" in
  "") ;;
  save)
    if [ $# -ne 2 ] || [ -z "$2" ]; then die "usage: hack/images.sh [save DIR]"; fi
    save_dir=$2 ;;
  *) die "usage: hack/images.sh [save DIR]" ;;
esac

pick_engine() {
  if [ -n "${ENGINE:-}" ]; then echo "$ENGINE"; return; fi
  if command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; then echo docker; return; fi
  if command -v podman >/dev/null 2>&1; then echo podman; return; fi
  return 1
}

engine=$(pick_engine) || die "no container engine: need docker with a running daemon ('docker info' failed or docker is absent) or podman (apt-get install podman); set ENGINE to choose one"
version=$(sed -n 's/^appVersion: *"\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' charts/lxcfs-webhook/Chart.yaml)
[ -n "$version" ] || die "no appVersion in charts/lxcfs-webhook/Chart.yaml"
bases=${BASES:-$([ "$engine" = podman ] && echo local || echo upstream)}

# base_ref NAME: the reference hack/base-images.sh printed for NAME.
base_ref() { sed -n "s|^$1=||p" <<<"$base_refs"; }

common=(--build-arg "VERSION=$version")
declare -A own=([daemon]="" [webhook]="")
case "$bases" in
  upstream) ;;
  local)
    [ "$engine" = podman ] || die "BASES=local needs podman: hack/base-images.sh builds into podman's store (or use BASES=upstream)"
    base_refs=$(bash hack/base-images.sh debian dotnet-sdk aspnet)
    # The SDK image has clang and zlib already: the daemon's build skips apt.
    own=([daemon]="RUNTIME_IMAGE=$(base_ref debian) CLANG_PACKAGES=" [webhook]="RUNTIME_IMAGE=$(base_ref aspnet)")
    # The builds get no network: they restore from the host's package cache, mounted read-only and
    # named as their only source (a cache folder is a valid local feed). Restoring on the host first
    # puts every package there, the daemon's Native AOT compiler for its runtime identifier included.
    bash hack/publish-daemon.sh
    dotnet restore src/Lxcfs.Webhook/Lxcfs.Webhook.csproj -nologo -v q >&2
    nuget_cache=$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')
    nuget_cache=${nuget_cache%/}
    [ -d "$nuget_cache" ] || die "no NuGet package cache at '$nuget_cache'"
    work=$(mktemp -d /tmp/lxcfs-images.XXXXXX)
    trap 'rm -rf "$work"' EXIT
    cat >"$work/NuGet.Config" <<'XML'
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
    <add key="host-package-cache" value="/root/.nuget/packages" />
  </packageSources>
</configuration>
XML
    common+=(--network none
      --volume "$nuget_cache:/root/.nuget/packages:ro"
      --volume "$work/NuGet.Config:/root/.nuget/NuGet/NuGet.Config:ro"
      --build-arg "SDK_IMAGE=$(base_ref dotnet-sdk)") ;;
  *) die "BASES must be local or upstream, not '$bases'" ;;
esac

for image in daemon webhook; do
  tag="lxcfs-webhook/lxcfs-$image:$version"
  flags=("${common[@]}")
  for arg in ${own[$image]}; do flags+=(--build-arg "$arg"); done
  # Buildah reads <Dockerfile>.dockerignore only in newer releases: name it.
  [ "$engine" != podman ] || flags+=(--ignorefile "docker/Dockerfile.$image.dockerignore")
  log "$engine build $tag ($bases base images)"
  # shellcheck disable=SC2086 # BUILD_ARGS is a list of flags on purpose
  "$engine" build -f "docker/Dockerfile.$image" "${flags[@]}" ${BUILD_ARGS:-} -t "$tag" .
done
log "built lxcfs-webhook/lxcfs-daemon:$version and lxcfs-webhook/lxcfs-webhook:$version with $engine"

[ -n "$save_dir" ] || exit 0
mkdir -p "$save_dir"
# save ENGINE SOURCE NAME FILE: FILE holds SOURCE's image under the one name NAME.
save() {
  local engine=$1 source=$2 name=$3 file=$4
  rm -f "$file"
  if [ "$engine" = podman ]; then
    podman tag "$source" "$name"
    podman save --quiet --format docker-archive -o "$file" "$name"
    # Only the archive carries the name: a stale alias in the store would outlive the next build.
    podman untag "$source" "$name"
  else
    # docker's archives name images unqualified, which an import qualifies as the kubelet does.
    docker save -o "$file" "$source"
  fi
  log "saved $name to $file"
}
# An unqualified name in a pod spec is resolved to the docker.io registry: the archives carry those
# names so that an import makes the chart's default references resolve locally.
# podman's own name for what it built: a short name could match a docker.io alias left by an
# interrupted run.
stored=$([ "$engine" != podman ] || echo localhost/)
for image in daemon webhook; do
  save "$engine" "${stored}lxcfs-webhook/lxcfs-$image:$version" "docker.io/lxcfs-webhook/lxcfs-$image:$version" "$save_dir/lxcfs-$image.tar"
done
if command -v podman >/dev/null 2>&1; then
  tools=$(bash hack/base-images.sh tools | sed -n 's|^tools=||p')
  save podman "$tools" "docker.io/lxcfs-e2e/tools:${tools##*:}" "$save_dir/tools.tar"
else
  log "no tools.tar: its image is built with podman (hack/base-images.sh), which is absent"
fi
