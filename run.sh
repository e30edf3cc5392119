#!/usr/bin/env bash
# Builds the extension, fetches Keycloak from Maven Central (cached in ~/.m2), installs the jars into it and
# starts it in dev mode with the demo realm on http://localhost:${PORT:-8080}. Ctrl-C stops it.
# Data (H2) is kept in .demo/ between runs; delete .demo/ to start from scratch.
set -euo pipefail
cd "$(dirname "$0")"

PORT="${PORT:-8080}"
MANAGEMENT_PORT="${MANAGEMENT_PORT:-9000}"
KC_VERSION="$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)"

echo "Building the extension and preparing Keycloak ${KC_VERSION} ..."
# -q: only warnings and errors. jansi.noreset: Maven 3.8's console library otherwise writes a raw
# ANSI reset (ESC[0m) around a quiet build's output, which shows up as "[0m" in logs and pipes.
MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" mvn -B -q -DskipTests package

BUILT="it-tests/target/keycloak-${KC_VERSION}"
DEMO=".demo/keycloak-${KC_VERSION}"
if [ ! -x "${DEMO}/bin/kc.sh" ]; then
  mkdir -p .demo
  rm -rf "${DEMO}"
  cp -r "${BUILT}" "${DEMO}"
  rm -rf "${DEMO}/data"
fi
cp "${BUILT}"/providers/app-credentials-*.jar "${DEMO}/providers/"
mkdir -p "${DEMO}/data/import"
cp realm-config/demo-realm.json "${DEMO}/data/import/"

banner() {
  cat <<TXT

  Keycloak ${KC_VERSION} with application credentials is up.

  Account console (demo users):  http://localhost:${PORT}/realms/demo/account
      alice / alice123   + TOTP (secret IFWGSY3FIRSW232UN52HAU3FMNZGK5BR, see README)
      bob   / bob123     (no second factor)
  Admin console:                 http://localhost:${PORT}/admin/master/console/#/demo
      admin / admin              (server admin)
      demo-admin / admin123      (realm admin of "demo", log in at http://localhost:${PORT}/admin/demo/console)
  Token endpoint:                http://localhost:${PORT}/realms/demo/protocol/openid-connect/token

  Ctrl-C stops Keycloak.
TXT
}

# Print the banner once Keycloak answers its readiness check.
(
  for _ in $(seq 1 300); do
    if curl -fs "http://127.0.0.1:${MANAGEMENT_PORT}/health/ready" >/dev/null 2>&1; then
      banner
      exit 0
    fi
    sleep 2
  done
) &

export KC_BOOTSTRAP_ADMIN_USERNAME="${KC_BOOTSTRAP_ADMIN_USERNAME:-admin}"
export KC_BOOTSTRAP_ADMIN_PASSWORD="${KC_BOOTSTRAP_ADMIN_PASSWORD:-admin}"
exec "${DEMO}/bin/kc.sh" start-dev \
  --http-port="${PORT}" \
  --http-management-port="${MANAGEMENT_PORT}" \
  --health-enabled=true \
  --import-realm
