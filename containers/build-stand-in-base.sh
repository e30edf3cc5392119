#!/usr/bin/env bash
# Builds a local stand-in for the official Keycloak image (quay.io/keycloak/keycloak:<version>), for machines
# that reach Debian's package mirror and Maven Central but no container registry. The project's Dockerfile
# then builds on it with --build-arg KEYCLOAK_IMAGE=<the stand-in>.
#
#   containers/build-stand-in-base.sh            # prints the image name (keycloak-stand-in:<version>) at the end
#
# Two images, each built only when missing or made by another version of this script:
#   keycloak-stand-in-jre:bookworm     Debian 12 (debootstrap --variant=minbase, from the mirror in this machine's
#                                      own apt sources) + openjdk-17-jre-headless, made by `docker import`
#   keycloak-stand-in:<version>        + the Keycloak distribution from Maven Central (org.keycloak:
#                                      keycloak-quarkus-dist), laid out as the official image has it:
#                                      /opt/keycloak (bin lib providers conf themes data) owned by 1000:0, user 1000,
#                                      KC_RUN_IN_CONTAINER=true, ENTRYPOINT kc.sh, ports 8080 8443 9000
#
# Needs: root, a running Docker engine, debootstrap, unzip, mvn. Environment:
#   KC_VERSION           Keycloak version (default: <keycloak.version> of pom.xml)
#   STAND_IN_SUITE       Debian suite of the base (default bookworm, whose openjdk-17-jre-headless it installs)
#   STAND_IN_MIRROR      Debian mirror (default: the one this machine's apt sources use for its own release)
#   STAND_IN_REBUILD=1   rebuild both images even if present
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '[stand-in] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot)"
for tool in docker debootstrap unzip mvn sha256sum; do
  command -v "$tool" >/dev/null 2>&1 || die "$tool not found"
done
docker info >/dev/null 2>&1 || die "no Docker engine answers (docker info)"
export DOCKER_BUILDKIT=0   # the classic builder: uses local base images as they are, needs no buildx

KC_VERSION=${KC_VERSION:-$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)}
[ -n "$KC_VERSION" ] || die "no Keycloak version (set KC_VERSION)"
SUITE=${STAND_IN_SUITE:-bookworm}
HOST_SUITE=$(. /etc/os-release && echo "${VERSION_CODENAME:-}")
JRE_IMAGE="keycloak-stand-in-jre:$SUITE"
IMAGE="keycloak-stand-in:$KC_VERSION"
# A change to this script or to the stand-in's Dockerfile rebuilds the images.
RECIPE=$(cat "$0" containers/stand-in.Dockerfile | sha256sum | cut -c1-16)
LABEL=io.appcredentials.stand-in.recipe

image_current() {
  [ "${STAND_IN_REBUILD:-}" != 1 ] &&
    [ "$(docker image inspect -f "{{index .Config.Labels \"$LABEL\"}}" "$1" 2>/dev/null)" = "$RECIPE" ]
}

# The first URI of this machine's apt sources that serves suite $1 (one-line and deb822 formats).
mirror_for() {
  local suite=$1 f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -f "$f" ] || continue
    awk -v s="$suite" '$1 == "deb" { i = 2; if ($i ~ /^\[/) { while ($i !~ /\]$/) i++; i++ }
                                     if ($(i + 1) == s) { print $i; exit } }' "$f"
  done
  for f in /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] || continue
    awk -v s="$suite" '
      function check() { if (types ~ /(^| )deb( |$)/ && enabled !~ /^[Nn]o/ && (" " suites " ") ~ (" " s " ")) { split(uris, u, " "); print u[1]; found = 1 }
                         types = uris = suites = enabled = "" }
      /^[ \t]*$/ { check(); if (found) exit; next }
      /^Types:/ { sub(/^Types:[ \t]*/, ""); types = $0 }
      /^URIs:/ { sub(/^URIs:[ \t]*/, ""); uris = $0 }
      /^Suites:/ { sub(/^Suites:[ \t]*/, ""); suites = $0 }
      /^Enabled:/ { sub(/^Enabled:[ \t]*/, ""); enabled = $0 }
      END { if (!found) check() }' "$f"
  done
}

WORK=$(mktemp -d "${TMPDIR:-/var/tmp}/keycloak-stand-in.XXXXXX")
ROOTFS="$WORK/rootfs"
cleanup() {
  # never delete a tree that still has the host's /proc or /dev/pts mounted into it
  local m
  for m in "$ROOTFS/proc" "$ROOTFS/dev/pts"; do
    if mountpoint -q "$m" 2>/dev/null; then umount "$m" || umount -l "$m" || true; fi
  done
  if mountpoint -q "$ROOTFS/proc" 2>/dev/null || mountpoint -q "$ROOTFS/dev/pts" 2>/dev/null; then
    log "not removing $WORK: something is still mounted in it"
  else
    rm -rf "$WORK"
  fi
}
trap cleanup EXIT

# 1. Debian minbase + JRE 17
if image_current "$JRE_IMAGE"; then
  log "$JRE_IMAGE is current (recipe $RECIPE)"
else
  # A Debian mirror serves every release: take the one this machine uses for its own.
  MIRROR=${STAND_IN_MIRROR:-$(mirror_for "${HOST_SUITE:-$SUITE}" | head -n 1)}
  [ -n "$MIRROR" ] || die "no Debian mirror in /etc/apt/sources.list{,.d} (set STAND_IN_MIRROR)"
  SECURITY=$(mirror_for "${HOST_SUITE:-$SUITE}-security" | head -n 1)
  log "debootstrap --variant=minbase $SUITE from $MIRROR"
  debootstrap --variant=minbase "$SUITE" "$ROOTFS" "$MIRROR" > "$WORK/debootstrap.log" 2>&1 ||
    { tail -n 30 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }

  {
    echo "deb $MIRROR $SUITE main"
    echo "deb $MIRROR $SUITE-updates main"
    [ -z "$SECURITY" ] || echo "deb $SECURITY $SUITE-security main"
  } > "$ROOTFS/etc/apt/sources.list"
  cp /etc/resolv.conf "$ROOTFS/etc/resolv.conf"
  # Java's package scripts (ca-certificates-java) run java, which needs /proc.
  mount -t proc proc "$ROOTFS/proc"
  log "installing openjdk-17-jre-headless into the rootfs"
  if ! chroot "$ROOTFS" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin DEBIAN_FRONTEND=noninteractive \
      sh -c 'apt-get update -qq && apt-get install -y -qq --no-install-recommends openjdk-17-jre-headless && apt-get clean' \
      > "$WORK/apt.log" 2>&1; then
    tail -n 30 "$WORK/apt.log" >&2
    die "installing the JRE failed"
  fi
  chroot "$ROOTFS" java -version > "$WORK/java-version.txt" 2>&1 || die "java does not run in the rootfs"
  log "$(head -n 1 "$WORK/java-version.txt")"
  umount "$ROOTFS/proc"
  rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/*.bin "$ROOTFS"/tmp/*
  : > "$ROOTFS/etc/resolv.conf"

  log "docker import -> $JRE_IMAGE"
  tar --numeric-owner -C "$ROOTFS" -c . |
    docker import --change "LABEL $LABEL=$RECIPE" --change "ENV LANG=C.UTF-8" --change 'CMD ["/bin/bash"]' - "$JRE_IMAGE" >/dev/null
  rm -rf "$ROOTFS"
fi

# 2. Keycloak, laid out as in the official image
JRE_ID=$(docker image inspect -f '{{.Id}}' "$JRE_IMAGE")
if image_current "$IMAGE" &&
    [ "$(docker image inspect -f '{{index .Config.Labels "io.appcredentials.stand-in.base"}}' "$IMAGE")" = "$JRE_ID" ]; then
  log "$IMAGE is current"
else
  log "Keycloak $KC_VERSION distribution from Maven Central"
  mvn -B -q -ntp dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip" \
      -DoutputDirectory="$WORK" -Dmdep.stripVersion=false > "$WORK/mvn.log" 2>&1 ||
    { tail -n 30 "$WORK/mvn.log" >&2; die "cannot fetch org.keycloak:keycloak-quarkus-dist:$KC_VERSION:zip"; }
  mkdir -p "$WORK/context"
  unzip -q "$WORK/keycloak-quarkus-dist-$KC_VERSION.zip" -d "$WORK/context"
  mv "$WORK/context/keycloak-$KC_VERSION" "$WORK/context/keycloak"
  mkdir -p "$WORK/context/keycloak/data"
  chmod -R g+rwX "$WORK/context/keycloak"
  cp containers/stand-in.Dockerfile "$WORK/context/Dockerfile"
  log "docker build -> $IMAGE"
  docker build -q -t "$IMAGE" \
      --build-arg BASE="$JRE_IMAGE" \
      --label "$LABEL=$RECIPE" \
      --label "io.appcredentials.stand-in.base=$JRE_ID" \
      --label "org.keycloak.version=$KC_VERSION" \
      "$WORK/context" >/dev/null
fi
log "ready: $IMAGE"
echo "$IMAGE"
