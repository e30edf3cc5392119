#!/usr/bin/env bash
# Builds the extension, fetches Keycloak from Maven Central (cached in ~/.m2), installs the jars into it and
# starts it in dev mode with the demo realm on http://localhost:${PORT:-8080} (management interface, with the
# readiness check, on ${MANAGEMENT_PORT:-9000}). Ctrl-C stops it.
# Data (H2) is kept in .demo/ between runs; delete .demo/ to start from scratch. The build's full log is
# .demo/build.log.
set -euo pipefail
cd "$(dirname "$0")"

PORT="${PORT:-8080}"
MANAGEMENT_PORT="${MANAGEMENT_PORT:-9000}"
KC_VERSION="$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)"

# Both ports must be free before anything starts: otherwise another server would answer the readiness check.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
for spec in "PORT:${PORT}" "MANAGEMENT_PORT:${MANAGEMENT_PORT}"; do
  name=${spec%%:*} port=${spec#*:}
  if port_in_use "${port}"; then
    echo "Port ${port} (${name}) is already in use, perhaps by another Keycloak. Stop that server or choose" >&2
    echo "free ports, e.g. PORT=8081 MANAGEMENT_PORT=9001 ./run.sh" >&2
    exit 1
  fi
done

mkdir -p .demo
BUILD_LOG=.demo/build.log
echo "Building the extension and preparing Keycloak ${KC_VERSION} (log: ${BUILD_LOG})."
echo "The first run downloads about 320 MB from Maven Central and 100 MB of npm packages: a few minutes."

# Maven's own log goes to the file; the terminal gets one progress line: the module being built and what has been
# downloaded so far. jansi.noreset: Maven 3.8's console library otherwise writes raw ANSI resets into the log.
MAVEN_OPTS="${MAVEN_OPTS:-} -Djansi.noreset=true" mvn -B -DskipTests package > "${BUILD_LOG}" 2>&1 &
MVN_PID=$!
START=$(date +%s)
progress() {
  local module files mb
  module=$(grep -o 'Building [^[]*\[[0-9]*/[0-9]*\]' "${BUILD_LOG}" 2>/dev/null | tail -n 1 |
    sed 's/^Building //; s/^Application credentials: //; s/ [^ ]*-SNAPSHOT//') || true
  files=$(grep -c '^Downloaded from' "${BUILD_LOG}" 2>/dev/null) || files=0
  mb=$(sed -n 's/^Downloaded from .*(\([0-9.]*\) \([kM]\)B at.*/\1 \2/p' "${BUILD_LOG}" 2>/dev/null |
    awk '{ s += ($2 == "M") ? $1 : $1 / 1024 } END { printf "%d", s }')
  if grep -q 'npm-ci' "${BUILD_LOG}" 2>/dev/null && ! grep -q 'npm-lint\|npm-build' "${BUILD_LOG}" 2>/dev/null; then
    module="${module:-…}, npm packages"
  fi
  printf '  %3d s  %s; %d files (%d MB) downloaded from Maven Central' \
    $(( $(date +%s) - START )) "${module:-starting Maven}" "${files}" "${mb:-0}"
}
if [ -t 1 ]; then
  while kill -0 "${MVN_PID}" 2>/dev/null; do printf '\r%s\033[K' "$(progress)"; sleep 1; done
  printf '\r%s\033[K\n' "$(progress)"
else
  ticks=0
  while kill -0 "${MVN_PID}" 2>/dev/null; do
    sleep 1
    ticks=$(( ticks + 1 ))
    [ $(( ticks % 15 )) != 0 ] || echo "$(progress)"
  done
fi
if ! wait "${MVN_PID}"; then
  tail -n 40 "${BUILD_LOG}" >&2
  echo "The build failed; the whole log is ${BUILD_LOG}." >&2
  exit 1
fi

BUILT="it-tests/target/keycloak-${KC_VERSION}"
DEMO=".demo/keycloak-${KC_VERSION}"
if [ ! -x "${DEMO}/bin/kc.sh" ]; then
  rm -rf "${DEMO}"
  cp -r "${BUILT}" "${DEMO}"
  rm -rf "${DEMO}/data"
fi
cp "${BUILT}"/providers/app-credentials-*.jar "${DEMO}/providers/"
# the tests' clock (test-clock/) is for the test servers only, never the demo
rm -f "${DEMO}/providers/test-clock.jar"
mkdir -p "${DEMO}/data/import"
cp realm-config/demo-realm.json "${DEMO}/data/import/"

banner() {
  cat <<TXT

  Keycloak ${KC_VERSION} with application credentials is up (management port ${MANAGEMENT_PORT}).

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

# Print the banner once this Keycloak answers its readiness check: $$ is this script, which becomes kc.sh below and
# lives as long as Keycloak does, so a server that stopped while starting never gets a banner.
echo "Starting Keycloak (about a minute; its log follows) ..."
(
  for _ in $(seq 1 300); do
    kill -0 $$ 2>/dev/null || exit 0
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
