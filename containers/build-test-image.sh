#!/usr/bin/env bash
# Builds the image that the container mode of the integration tests runs (mvn verify -Pcontainer calls this):
# the project's Dockerfile on BASE, for the H2 database (KC_DB=dev-file), from the jars that the reactor built.
#
#   containers/build-test-image.sh [BASE] [IMAGE] [BUILD]
#     BASE   base image, default quay.io/keycloak/keycloak:<keycloak.version of pom.xml>
#            (keycloak-stand-in:<version> on a machine without a registry, see build-stand-in-base.sh)
#     IMAGE  tag of the image, default app-credentials-keycloak:test
#     BUILD  false: build nothing, only check that IMAGE exists
set -euo pipefail
cd "$(dirname "$0")/.."

die() { printf '[test-image] ERROR: %s\n' "$*" >&2; exit 1; }

KC_VERSION=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)
BASE=${1:-quay.io/keycloak/keycloak:$KC_VERSION}
IMAGE=${2:-app-credentials-keycloak:test}
BUILD=${3:-true}

command -v docker >/dev/null 2>&1 || die "docker not found: the container mode needs a Docker engine"
if [ "$BUILD" = false ]; then
  docker image inspect "$IMAGE" >/dev/null 2>&1 || die "image $IMAGE not found (it.container.build=false)"
  printf '[test-image] using the existing image %s\n' "$IMAGE"
  exit 0
fi
for jar in provider/target/app-credentials-provider.jar themes/target/app-credentials-theme.jar; do
  [ -f "$jar" ] || die "$jar is missing: build the jars first (mvn -DskipTests package)"
done
# the features the process harness starts with (KeycloakServer.testOptions): build options in an optimized image
printf '[test-image] docker build -t %s on %s (KC_DB=dev-file, KC_FEATURES=identity-brokering-api:v2)\n' "$IMAGE" "$BASE"
docker build --build-arg KEYCLOAK_IMAGE="$BASE" --build-arg KC_DB=dev-file --build-arg KC_FEATURES=identity-brokering-api:v2 -t "$IMAGE" .
