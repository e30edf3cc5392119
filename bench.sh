#!/usr/bin/env bash
# Token endpoint benchmark: builds the extension, starts Keycloak with it on a fresh PostgreSQL database, and
# measures, alternating runs on that one server, token requests per second and p50/p99 latency for
#   (a) an application credential (client_credentials, HTTP Basic ac_… / acs_…),
#   (b) an ordinary confidential client's native client_credentials (ci-bot),
#   (c) the password grant of a user without 2FA (bob, client admin-cli),
#   (d) an application credential restricted to source networks (allowedCidrs),
#   (g) an application credential in a rotation overlap (regenerated with overlapSeconds), with its new secret,
#   (h) the same credential with its previous secret (two HMACs instead of one),
# with 100 and with 100 000 credentials stored in the realm. Prints a markdown table (also written to
# it-tests/target/benchmark/results.md, per-run numbers in runs.csv). It measures; it does not assert timings,
# and fails only if token requests fail.
#
# Settings (environment variable, default):
#   BENCH_SECONDS=10        duration of one measured run
#   BENCH_ROUNDS=5          rounds of (a b c d)
#   BENCH_CONCURRENCY=8     concurrent connections / workers
#   BENCH_WARMUP_SECONDS=30 warm-up per path before the first series (a third of it before later series)
#   BENCH_SIZES=100,100000  stored credentials in the realm, one series per size
#   BENCH_MODES=a,b,c,d     paths to measure (g and h on request, e.g. BENCH_MODES=a,b,g,h)
#   BENCH_JFR=false         true: run the server with a JFR recording from its start and add a profile per path
#                           (samples attributed to the runs by time) to the report; the recording is kept in
#                           it-tests/target/benchmark/keycloak.jfr. JFR settings: BENCH_JFR_SETTINGS, "profile"
#                           (default), "default" or the path of a .jfc file
#   BENCH_DB=postgres       postgres or mariadb (local server, fresh database; see README "Tests")
# Extra arguments are passed to Maven, e.g. ./bench.sh -Dbench.seconds=30
set -euo pipefail
cd "$(dirname "$0")"

RESULTS=it-tests/target/benchmark/results.md
rm -f "${RESULTS}"

status=0
mvn -B -ntp -Dskip.npm -Pbenchmark verify \
  -Dit.db="${BENCH_DB:-postgres}" \
  -Dbench.seconds="${BENCH_SECONDS:-10}" \
  -Dbench.rounds="${BENCH_ROUNDS:-5}" \
  -Dbench.concurrency="${BENCH_CONCURRENCY:-8}" \
  -Dbench.warmupSeconds="${BENCH_WARMUP_SECONDS:-30}" \
  -Dbench.sizes="${BENCH_SIZES:-100,100000}" \
  -Dbench.modes="${BENCH_MODES:-a,b,c,d}" \
  -Dbench.jfr="${BENCH_JFR:-false}" \
  -Dbench.jfrSettings="${BENCH_JFR_SETTINGS:-profile}" \
  "$@" || status=$?

echo
if [ -f "${RESULTS}" ]; then
  cat "${RESULTS}"
else
  echo "No results (${RESULTS} missing): see the Maven output above and it-tests/target/it-output/keycloak.log" >&2
fi
exit "${status}"
