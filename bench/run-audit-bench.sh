#!/usr/bin/env bash
# Audit chain, compliance export and replay benchmark, one command (docs/benchmarks.md, "Audit export, verification and replay"):
# builds the app, the CLI and the benchmark, starts the app with a 256 MiB heap on a fresh database
# (aasm_auditbench), provisions a workspace through the public APIs, writes N gateway decisions of it into the event
# store and the audit log, waits for the chainer to link them, then times GET /audit/export (JSON Lines, CSV),
# GET /audit/verify, the offline verification of the export by the CLI (`aasm audit verify-chain --input`, 256 MiB
# heap), and the baselines of the same run: a JDBC client streaming the same rows and psql COPY of them; then the
# replay of every streaming processor (reset through the operator API, still at 256 MiB) against one plain JDBC read
# of the event store.
#   bench/run-audit-bench.sh [--events 1000000] [--replay-only]
# Database and ports: AASM_BENCH_DB (aasm_auditbench), AASM_BENCH_HTTP_PORT (18180), AASM_BENCH_GRPC_PORT (50151);
# more JVM options for the app (e.g. a JFR recording): AASM_BENCH_APP_JAVA_OPTS.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
events=1000000
replay_only=false
while [[ $# -gt 0 ]]; do
  case $1 in
    --events) events=$2; shift 2 ;;
    --replay-only) replay_only=true; shift ;;
    *) echo "usage: bench/run-audit-bench.sh [--events N] [--replay-only]"; exit 2 ;;
  esac
done
source bin/lib.sh
aasm_find_jdk
AASM_DB_URL='' aasm_ensure_postgres
host=${AASM_DB_HOST:-127.0.0.1} port=${AASM_DB_PORT:-5432}
db=${AASM_BENCH_DB:-aasm_auditbench}
http_port=${AASM_BENCH_HTTP_PORT:-18180} grpc_port=${AASM_BENCH_GRPC_PORT:-50151}
operator_token=bench-operator-$RANDOM$RANDOM$RANDOM
psql -h "$host" -p "$port" -U postgres -qc "drop database if exists $db with (force)" -c "create database $db" postgres

aasm_log "building app, CLI and benchmark"
./mvnw -B -ntp -q -DskipTests package -pl app,bench,cli -am

work=$(mktemp -d)
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
cleanup() { kill "${app_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; cp "$work/app.log" "/tmp/aasm-audit-bench-$db-app.log" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

start_app() { # heap
  AASM_DB_URL="jdbc:postgresql://$host:$port/$db" AASM_DB_USER=postgres AASM_DB_PASSWORD='' \
    AASM_TOKEN_KEY_FILE="$work/token.key" \
    AASM_OPERATOR_TOKEN_SHA256=$(printf %s "$operator_token" | sha256sum | cut -d' ' -f1) \
    java "-Xmx$1" ${AASM_BENCH_APP_JAVA_OPTS:-} -Ddisable-axoniq-console-message=true -jar app/target/aasm-app.jar \
    --server.port=$http_port --grpc.server.port=$grpc_port --logging.level.root=WARN \
    --logging.level.io.agentassembly.app.notification=INFO >> "$work/app.log" 2>&1 &
  app_pid=$!
  for _ in $(seq 1 120); do
    curl -fs http://127.0.0.1:$http_port/actuator/health > /dev/null 2>&1 && break
    sleep 0.5
  done
  curl -fs http://127.0.0.1:$http_port/actuator/health > /dev/null || { tail -50 "$work/app.log"; exit 1; }
}

aasm_log "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), $(date -u +%FT%TZ), commit $(git rev-parse --short HEAD)"
echo "| measurement                                                            |    entries |     time |       rate |"
echo "|------------------------------------------------------------------------|------------|----------|------------|"
# The workspace is provisioned through the APIs; the decisions are written with the app stopped and the tracking
# processors moved past them (an app catching up a backlog of a million events is another benchmark); the app is then
# started with a 256 MiB heap, its chainer links them, and the export and verification are measured.
start_app 512m
java -cp "$cp" io.agentassembly.bench.AuditBenchmark provision --api http://127.0.0.1:$http_port --gateway 127.0.0.1:$grpc_port \
  --app-log "$work/app.log" --state "$work/state"
kill "$app_pid"; wait "$app_pid" 2>/dev/null || true
java -cp "$cp" io.agentassembly.bench.AuditBenchmark generate --db-url "jdbc:postgresql://$host:$port/$db" \
  --events "$events" --state "$work/state"
start_app 256m
$replay_only || java -cp "$cp" io.agentassembly.bench.AuditBenchmark measure --api http://127.0.0.1:$http_port \
  --db-url "jdbc:postgresql://$host:$port/$db" --state "$work/state" --export-file "$work/export.jsonl"
java -cp "$cp" io.agentassembly.bench.AuditBenchmark replay --api http://127.0.0.1:$http_port \
  --db-url "jdbc:postgresql://$host:$port/$db" --operator-token "$operator_token"
grep -q OutOfMemoryError "$work/app.log" && { echo "the app ran out of memory"; exit 1; }
$replay_only && exit 0

rows=$(wc -l < "$work/export.jsonl")
start=$(date +%s.%N)
java -Xmx256m -jar cli/target/aasm-cli-all.jar audit verify-chain --input "$work/export.jsonl" \
  --public-key "@$work/export.jsonl.pub" > "$work/verify.out"
end=$(date +%s.%N)
awk -v n="$((rows - 1))" -v s="$start" -v e="$end" -v out="$(cat "$work/verify.out")" 'BEGIN {
  printf "| %-70s | %10d | %6.1f s | %10.0f /s |\n", "aasm audit verify-chain --input (offline, " out ")", n, e - s, n / (e - s) }'

start=$(date +%s.%N)
psql -h "$host" -p "$port" -U postgres -d "$db" -qc "copy (select e.globalindex, e.payload, e.metadata, e.\"timestamp\",
  a.prev_hash, a.hash from audit_entry a join domainevententry e on e.globalindex = a.global_sequence
  where a.workspace_id = (select workspace_id from audit_entry group by 1 order by count(*) desc limit 1)
  order by a.global_sequence) to stdout" > /dev/null
end=$(date +%s.%N)
awk -v n="$events" -v s="$start" -v e="$end" 'BEGIN {
  printf "| %-70s | %10d | %6.1f s | %10.0f /s |\n", "baseline: psql COPY of the same rows to /dev/null", n, e - s, n / (e - s) }'
