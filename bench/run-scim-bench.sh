#!/usr/bin/env bash
# SCIM 2.0 benchmark, one command (docs/benchmarks.md, "SCIM provisioning"): builds the app and the load generator,
# starts the app on a fresh database (aasm_scimbench), signs a workspace up through the public API, creates a SCIM
# token, seeds N users through POST /scim/v2/Users one after the other (timed), then measures with one client, one
# request after the other: filtered lists at that size (userName eq, emails.value co, name.familyName sw), 1,000 users
# provisioned into a second fresh workspace, a group built from all N users by PATCH batches of 200 and single-member
# adds to it; with the baselines of the same run (GET /actuator/health on the same app and client, a single-row
# durable PostgreSQL commit) and the ratios to them (ScimBenchmark).
#   bench/run-scim-bench.sh [--users 10000] [--samples 5000] [--warmup 1000] [--batch 200] [--pool 500]
# Database and ports: AASM_BENCH_DB (aasm_scimbench), AASM_BENCH_HTTP_PORT (18280), AASM_BENCH_GRPC_PORT (50251);
# more JVM options for the app (e.g. a JFR recording): AASM_BENCH_APP_JAVA_OPTS, more app arguments: AASM_BENCH_APP_ARGS.
# The per-workspace request limit (aasm.security.limits.workspace-requests, 3,000 a minute by default) is raised to
# AASM_BENCH_WORKSPACE_REQUESTS (1,000,000): one closed-loop client sends about 1,000 list requests a second, and this
# measures the endpoints, not the limiter (with the default, everything past the first 3,000 answers 429). The app's log is kept in
# /tmp/aasm-scim-bench-<db>-app.log; the database is left in place for EXPLAIN ANALYZE.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
args=()
while [[ $# -gt 0 ]]; do
  case $1 in
    --users|--samples|--warmup|--batch|--pool) args+=("$1" "$2"); shift 2 ;;
    *) echo "usage: bench/run-scim-bench.sh [--users N] [--samples N] [--warmup N] [--batch N] [--pool N]"; exit 2 ;;
  esac
done
source bin/lib.sh
aasm_find_jdk
AASM_DB_URL='' aasm_ensure_postgres
host=${AASM_DB_HOST:-127.0.0.1} port=${AASM_DB_PORT:-5432}
db=${AASM_BENCH_DB:-aasm_scimbench}
http_port=${AASM_BENCH_HTTP_PORT:-18280} grpc_port=${AASM_BENCH_GRPC_PORT:-50251}
psql -h "$host" -p "$port" -U postgres -qc "drop database if exists $db with (force)" -c "create database $db" postgres

aasm_log "building app and load generator"
./mvnw -B -ntp -q -DskipTests package -pl app,bench -am

work=$(mktemp -d)
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
cleanup() { kill "${app_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; cp "$work/app.log" "/tmp/aasm-scim-bench-$db-app.log" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

AASM_DB_URL="jdbc:postgresql://$host:$port/$db" AASM_DB_USER=postgres AASM_DB_PASSWORD='' \
  AASM_TOKEN_KEY_FILE="$work/token.key" \
  java ${AASM_BENCH_APP_JAVA_OPTS:-} -Ddisable-axoniq-console-message=true -jar app/target/aasm-app.jar \
  --server.port=$http_port --grpc.server.port=$grpc_port --logging.level.root=WARN \
  --logging.level.io.agentassembly.app.notification=INFO \
  --aasm.security.limits.workspace-requests.max=${AASM_BENCH_WORKSPACE_REQUESTS:-1000000} \
  ${AASM_BENCH_APP_ARGS:-} > "$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
  curl -fs http://127.0.0.1:$http_port/actuator/health > /dev/null 2>&1 && break
  sleep 0.5
done
curl -fs http://127.0.0.1:$http_port/actuator/health > /dev/null || { tail -50 "$work/app.log"; exit 1; }

aasm_log "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), $(psql -h "$host" -p "$port" -U postgres -tAc 'show server_version' postgres | cut -d' ' -f1), $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD || echo '+dirty')"
java -cp "$cp" io.agentassembly.bench.ScimBenchmark run --api http://127.0.0.1:$http_port \
  --gateway 127.0.0.1:$grpc_port --app-log "$work/app.log" --db-url "jdbc:postgresql://$host:$port/$db" \
  ${args[@]+"${args[@]}"}
