#!/usr/bin/env bash
# Base images built from Debian packages, for building and testing the images where no container
# registry is reachable (hack/images.sh, BASES=local). Each is an mmdebstrap rootfs (variant minbase,
# from the mirror of the system's own APT sources) imported into podman's local store:
#   localhost/lxcfs-base/debian:<suite>       minbase: the daemon's runtime (its liveness probe runs cat)
#   localhost/lxcfs-base/dotnet-sdk:<M.m>     + clang, zlib1g-dev and this machine's .NET SDK install
#   localhost/lxcfs-base/aspnet:<M.m>         + the dotnet host and the NETCore/AspNetCore shared frameworks
#   localhost/lxcfs-base/tools:<suite>        + procps, util-linux, python3: what end-to-end test pods run
# One suite for all: the daemon links against the SDK image's glibc and runs on the debian image.
# .NET is copied from the host's install rather than downloaded: no download site is needed and the
# images build with the SDK the host's own builds and tests use; the tags carry its major.minor. Each image is labelled with its recipe and rebuilt only when that changes
# (remove an image to rebuild it from newer packages).
#   hack/base-images.sh [debian|dotnet-sdk|aspnet|tools]...   default: all four
# Prints NAME=REFERENCE for each on stdout; logs go to stderr.
# shellcheck disable=SC2016 # the hooks are mmdebstrap's shell snippets: their $1 is the new root
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$REPO_ROOT"

SUITE=bookworm
# Bump when a recipe below changes in a way its label would not show.
REVISION=1
# The upstream images' user for non-root ASP.NET Core apps; docker/Dockerfile.webhook runs as it.
APP_UID=1654
PATH_ENV=PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
debs="$LXCFS_CACHE/base-images/debs"
mmdebstrap_log="$LXCFS_CACHE/base-images/mmdebstrap.log"

# The suite, its updates and its security entries, 'main' only: everything these images hold is in
# main, and a third-party repository that happens to name the suite stays out.
mirrors=()
while IFS=$'\t' read -r opts uri suite comps; do
  case "$suite" in "$SUITE" | "$SUITE-updates" | "$SUITE-security") ;; *) continue ;; esac
  case " $comps " in *" main "*) ;; *) continue ;; esac
  mirrors+=("deb ${opts:+[$opts] }$uri $suite main")
done < <(apt_deb_sources | sort -u)
[ ${#mirrors[@]} -gt 0 ] || die "no '$SUITE' entry with component main in the system's APT sources to bootstrap from"

wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=(debian dotnet-sdk aspnet tools)
for name in "${wanted[@]}"; do
  case "$name" in debian | dotnet-sdk | aspnet | tools) ;; *) die "unknown base image '$name' (debian, dotnet-sdk, aspnet, tools)" ;; esac
done
wants() { local n; for n in "${wanted[@]}"; do [ "$n" = "$1" ] && return 0; done; return 1; }

apt_install mmdebstrap podman

# The .NET install the host builds with, and the versions the images are tagged and labelled with.
dotnet_facts() {
  command -v dotnet >/dev/null 2>&1 || die "no dotnet on PATH: the .NET images copy the host's install"
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  # The SDK this repository's global.json selects, hence the one its builds use.
  sdk_version=$(dotnet --version)
  dotnet_mm=$(sed -n 's/^\([0-9]*\.[0-9]*\)\..*/\1/p' <<<"$sdk_version")
  [ -n "$dotnet_mm" ] || die "cannot read major.minor from 'dotnet --version' ($sdk_version)"
  runtime_version=$(find "$dotnet_root/shared/Microsoft.AspNetCore.App" -mindepth 1 -maxdepth 1 -name "$dotnet_mm.*" -printf '%f\n' 2>/dev/null | sort -V | tail -n1)
  [ -n "$runtime_version" ] || die "no ASP.NET Core $dotnet_mm runtime in $dotnet_root/shared/Microsoft.AspNetCore.App"
  [ -d "$dotnet_root/shared/Microsoft.NETCore.App/$runtime_version" ] || die "no .NET runtime $runtime_version beside ASP.NET Core $runtime_version in $dotnet_root"
  # Everything the SDK image copies, so a host SDK or runtime update rebuilds it.
  dotnet_inventory=$(cd "$dotnet_root" && find sdk shared host/fxr -mindepth 1 -maxdepth 2 -type d -name '[0-9]*' | sort | paste -sd ' ')
}

# build NAME REF RECIPE PACKAGES: the customize hooks and image config come from the arrays hooks and changes.
build() {
  local name=$1 ref=$2 recipe="r$REVISION $SUITE minbase+$4: $3" packages=$4 old args h
  echo "$name=$ref"
  if [ "$(podman image inspect --format '{{index .Config.Labels "lxcfs-base-recipe"}}' "$ref" 2>/dev/null)" = "$recipe" ]; then
    return 0
  fi
  old=$(podman image inspect --format '{{.Id}}' "$ref" 2>/dev/null || true)
  # No recommends, as the Dockerfiles' apt-get installs (the setting stays in the image). Documentation
  # stays too: dpkg path-exclude filters would drop 40 MB but double the bootstrap time.
  args=(--quiet --variant=minbase --aptopt='APT::Install-Recommends "false"')
  # dpkg without fsync (mmdebstrap's own hook, which leaves nothing behind): a third of the time.
  args+=(--hook-dir=/usr/share/mmdebstrap/hooks/eatmydata)
  [ -z "$packages" ] || args+=(--include="$packages")
  # A package cache shared by the four images and kept between runs (mmdebstrap's own recipe): each
  # package is downloaded once. mmdebstrap's cleanup still leaves it out of the image.
  mkdir -p "$debs"
  args+=(--skip=download/empty --skip=essential/unlink
    --setup-hook='mkdir -p "$1/var/cache/apt/archives"' --setup-hook="sync-in $debs /var/cache/apt/archives"
    --customize-hook="sync-out /var/cache/apt/archives $debs")
  for h in "${hooks[@]}"; do args+=(--customize-hook="$h"); done
  log "mmdebstrap $SUITE minbase${packages:+ + $packages} -> podman import $ref"
  # Its hooks talk even when it is quiet: the log is shown on failure only. podman imports whatever
  # part of the stream came, so the image is named only once the whole pipeline has succeeded.
  if ! mmdebstrap "${args[@]}" "$SUITE" - "${mirrors[@]}" 2>"$mmdebstrap_log" \
    | podman import --quiet --change "ENV $PATH_ENV" "${changes[@]/#/--change=}" \
        --change "LABEL lxcfs-base-recipe=\"$recipe\"" - "$ref-importing" >/dev/null; then
    podman rmi "$ref-importing" >/dev/null 2>&1 || true
    cat "$mmdebstrap_log" >&2
    die "building $ref failed"
  fi
  podman tag "$ref-importing" "$ref"
  podman untag "$ref-importing" "$ref-importing"
  # The replaced image goes unless images built on it still hold it.
  [ -z "$old" ] || podman rmi "$old" >/dev/null 2>&1 || true
}

if wants debian; then
  hooks=(); changes=('CMD ["bash"]')
  build debian "localhost/lxcfs-base/debian:$SUITE" "plain" ""
fi

if wants tools; then
  hooks=(); changes=('CMD ["bash"]')
  build tools "localhost/lxcfs-base/tools:$SUITE" "plain" "procps,util-linux,python3"
fi

if wants dotnet-sdk || wants aspnet; then dotnet_facts; fi

if wants dotnet-sdk; then
  # ICU for the SDK's own tools (the projects themselves are invariant); clang and zlib for Native AOT.
  hooks=('mkdir -p "$1/usr/share/dotnet"' "sync-in $dotnet_root /usr/share/dotnet"
    'ln -s /usr/share/dotnet/dotnet "$1/usr/bin/dotnet"')
  changes=("ENV DOTNET_CLI_TELEMETRY_OPTOUT=1" "ENV DOTNET_NOLOGO=1" "ENV DOTNET_SDK_VERSION=$sdk_version"
    "ENV DOTNET_RUNNING_IN_CONTAINER=true" "ENV NUGET_XMLDOC_MODE=skip" 'CMD ["bash"]')
  build dotnet-sdk "localhost/lxcfs-base/dotnet-sdk:$dotnet_mm" "dotnet $dotnet_inventory" \
    "ca-certificates,libicu72,clang,zlib1g-dev"
fi

if wants aspnet; then
  # Only what running a framework-dependent app needs. The environment is the upstream images': the
  # invariant culture (no ICU here), the app user, its default HTTP port.
  hooks=("mkdir -p \"\$1/usr/share/dotnet/shared/Microsoft.NETCore.App/$runtime_version\" \"\$1/usr/share/dotnet/shared/Microsoft.AspNetCore.App/$runtime_version\" \"\$1/usr/share/dotnet/host\""
    "copy-in $dotnet_root/dotnet $dotnet_root/LICENSE.txt $dotnet_root/ThirdPartyNotices.txt /usr/share/dotnet"
    "sync-in $dotnet_root/host /usr/share/dotnet/host"
    "sync-in $dotnet_root/shared/Microsoft.NETCore.App/$runtime_version /usr/share/dotnet/shared/Microsoft.NETCore.App/$runtime_version"
    "sync-in $dotnet_root/shared/Microsoft.AspNetCore.App/$runtime_version /usr/share/dotnet/shared/Microsoft.AspNetCore.App/$runtime_version"
    'ln -s /usr/share/dotnet/dotnet "$1/usr/bin/dotnet"'
    # A home for the app user: the runtime keeps per-user state (e.g. ~/.dotnet, ~/.aspnet) there.
    "chroot \"\$1\" useradd --uid $APP_UID --user-group --create-home --shell /usr/sbin/nologin app")
  changes=("ENV APP_UID=$APP_UID" "ENV ASPNETCORE_HTTP_PORTS=8080" "ENV DOTNET_RUNNING_IN_CONTAINER=true"
    "ENV DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=true" "ENV DOTNET_VERSION=$runtime_version" "ENV ASPNET_VERSION=$runtime_version"
    "USER $APP_UID")
  build aspnet "localhost/lxcfs-base/aspnet:$dotnet_mm" "dotnet host + Microsoft.NETCore.App + Microsoft.AspNetCore.App $runtime_version" \
    "ca-certificates"
fi
