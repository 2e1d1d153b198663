#!/usr/bin/env bash
# Builds Deckhand's container image without a container engine, from Debian's own packages.
#
#   deploy/container/build.sh [--jar FILE] [--out DIR] [--tag NAME:TAG]...
#
# Writes, in DIR (default target/container):
#   deckhand-image.tar   docker-archive: `docker load -i` / `podman load -i`
#   oci/                 the same image as an OCI image layout (skopeo, umoci, registries)
#   packages.txt         the Debian packages in the base, with versions
#
# Without --jar it builds the jar first (mvn -q -B package -DskipTests). The Debian base (mmdebstrap:
# bookworm's essential packages plus openjdk-17-jre-headless, ca-certificates and curl) is cached
# under DECKHAND_IMAGE_CACHE (default ~/.cache/deckhand/container-base) in a folder named after a
# hash of everything that makes it, so changing the package list or the recipe builds a new one;
# delete the cache to pick up Debian's updates. The same packages, jar and commit give the same
# image, byte for byte.
#
# Needs root (mmdebstrap installs the packages in a chroot), python3 and git.
# Environment: DECKHAND_IMAGE_CACHE, DEBIAN_MIRROR (default http://deb.debian.org/debian),
# DEBIAN_SECURITY_MIRROR (default http://deb.debian.org/debian-security), SOURCE_DATE_EPOCH
# (default: the time of the last commit).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

jar=""
out="$repo/target/container"
tags=()
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="$(realpath "$2")"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --tag) tags+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "build.sh: unknown argument $1 (try --help)" >&2; exit 2 ;;
  esac
done

# --- the Debian base ---------------------------------------------------------------------------
suite=bookworm
mirror="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
security_mirror="${DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}"
packages=(
  openjdk-17-jre-headless   # runs the jar
  ca-certificates           # TLS to S3, Cognito and LDAPS (and the JRE's trust store, via ca-certificates-java)
  curl                      # the health check (bin/deckhand-healthcheck)
)
# Files the packages make while installing get this time (Debian 12's release day), not the
# build's, so two builds from the same packages are identical.
base_epoch=1686355200
arch="$(dpkg --print-architecture)"
mmdebstrap_args=(
  --variant=essential  # Essential: yes packages and the ones asked for: no apt, no init
  --format=tar
  --architectures="$arch"
  --include="$(IFS=,; echo "${packages[*]}")"
  --aptopt='APT::Install-Recommends "false"'
  # Merged /usr with symlinks, as Debian 12 installs it, without the usrmerge package (and the perl it pulls in)
  --hook-dir=/usr/share/mmdebstrap/hooks/merged-usr
  # No manuals, documentation or translations; the copyright files stay.
  --dpkgopt='path-exclude=/usr/share/man/*'
  --dpkgopt='path-exclude=/usr/share/doc/*'
  --dpkgopt='path-include=/usr/share/doc/*/copyright'
  --dpkgopt='path-exclude=/usr/share/info/*'
  --dpkgopt='path-exclude=/usr/share/locale/*'
  # The JRE registers its manual with update-alternatives, which fails if the folder is missing.
  --essential-hook='mkdir -p "$1/usr/share/man/man1"'
  # The JRE's trust store stamps each certificate with the time it was added; fix the dates.
  --customize-hook="python3 '$here/keystore_dates.py' \"\$1/etc/ssl/certs/java/cacerts\" $base_epoch"
  "$suite"
)
sources=(
  "deb $mirror $suite main"
  "deb $mirror $suite-updates main"
  "deb $security_mirror $suite-security main"
)
cache="${DECKHAND_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/deckhand/container-base}"
# The key names what makes the base, not where this checkout is.
key=$( { printf '%s\n' "$(mmdebstrap --version)" "${mmdebstrap_args[@]//"$here"/deploy/container}" \
           "${sources[@]}" "$base_epoch"
         sha256sum "$here/keystore_dates.py" | cut -d' ' -f1; } | sha256sum | cut -c1-16)
base="$cache/$suite-$arch-$key/rootfs.tar"
base_description="Debian $suite $arch: ${packages[*]}"

if [ -f "$base" ]; then
  echo "== Debian base: cached $base" >&2
else
  echo "== Debian base: mmdebstrap $suite ($arch) with ${packages[*]}" >&2
  mkdir -p "$(dirname "$base")"
  tmp="$(mktemp "$base.XXXXXX")"
  trap 'rm -f "$tmp"' EXIT
  log="$(dirname "$base")/mmdebstrap.log"
  if ! SOURCE_DATE_EPOCH=$base_epoch mmdebstrap "${mmdebstrap_args[@]}" "$tmp" "${sources[@]}" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "build.sh: mmdebstrap failed; its whole output is in $log" >&2
    exit 1
  fi
  printf '%s\n' "${mmdebstrap_args[@]}" "${sources[@]}" > "$(dirname "$base")/recipe.txt"
  mv "$tmp" "$base"
  trap - EXIT
fi

# --- Deckhand ----------------------------------------------------------------------------------
if [ -z "$jar" ]; then
  echo "== building the jar" >&2
  (cd "$repo" && mvn -q -B package -DskipTests)
  jar="$repo/app/target/deckhand.jar"
fi
[ -f "$jar" ] || { echo "build.sh: no jar at $jar" >&2; exit 2; }

version="$(sed -n 's:^  <version>\(.*\)</version>:\1:p' "$repo/pom.xml" | head -n 1)"
revision="$(git -C "$repo" rev-parse HEAD)"
if [ -n "$(git -C "$repo" status --porcelain --untracked-files=no)" ]; then
  revision="$revision-dirty"
fi
epoch="${SOURCE_DATE_EPOCH:-$(git -C "$repo" log -1 --format=%ct)}"
if [ ${#tags[@]} -eq 0 ]; then
  tags=("deckhand:$version" "deckhand:latest")
fi
tag_args=()
for tag in "${tags[@]}"; do tag_args+=(--tag "$tag"); done

mkdir -p "$out"
echo "== assembling the image in $out" >&2
python3 "$here/assemble.py" \
  --base "$base" --base-epoch "$base_epoch" --base-description "$base_description" --arch "$arch" \
  --jar "$jar" --launcher "$repo/bin/deckhand" --healthcheck "$repo/bin/deckhand-healthcheck" \
  --epoch "$epoch" --version "$version" --revision "$revision" "${tag_args[@]}" \
  --docker-archive "$out/deckhand-image.tar" --oci-layout "$out/oci" --packages "$out/packages.txt"
echo "== $(du -h "$out/deckhand-image.tar" | cut -f1) $out/deckhand-image.tar (${tags[*]})" >&2
