#!/usr/bin/env bash
# Gateway benchmark, one command: builds the app and the load generator, starts a bare gRPC echo server and
# the app (fresh database aasm_bench, durable PostgreSQL) in their own JVMs, provisions a workspace, an agent
# and a realistic policy cascade through the public APIs, warms the app's JIT up, then drives CheckAction with
# closed-loop callers and prints a table with the echo and single-row-commit baselines of the same run and the
# CPU each process (app, PostgreSQL, load generator) spent per call. With the cascade (and --budgets on, the default)
# a second workspace decides under the same cascade plus an org envelope, a team and an agent budget, measured in
# the same run, so the budget stage's cost is the difference between the two CheckAction rows.
#   bench/run-gateway-bench.sh [--callers 1,4,16,64] [--seconds 20] [--warmup 5] [--jit-warmup 30]
#                              [--cascade realistic|none] [--budgets on|off] [--budgets-first true|false]
# With "noisy-neighbour" first, it measures one workspace's CheckAction latency quiet and beside a second workspace
# that is well-behaved or attacks the gateway (NoisyNeighbourBenchmark):
#   bench/run-gateway-bench.sh noisy-neighbour [--callers 16] [--seconds 15] [--warmup 3] [--jit-warmup 60]
#                                              [--attackers 2] [--attack-rate 500]
# With "workspace-members" first, it measures a command's latency on a workspace with 10,000 members against a small
# one (WorkspaceMembersBenchmark); AASM_BENCH_APP_ARGS=--aasm.workspace.snapshot-after-events=1000000000 turns
# snapshots off for comparison:
#   bench/run-gateway-bench.sh workspace-members [--members 10000] [--seconds 15] [--warmup 3]
set -euo pipefail
benchmark=io.agentassembly.bench.GatewayBenchmark
if [[ "${1:-}" == "noisy-neighbour" ]]; then
  benchmark=io.agentassembly.bench.NoisyNeighbourBenchmark
  shift
elif [[ "${1:-}" == "workspace-members" ]]; then
  benchmark=io.agentassembly.bench.WorkspaceMembersBenchmark
  shift
fi
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source bin/lib.sh
aasm_find_jdk
AASM_DB_URL='' aasm_ensure_postgres
host=${AASM_DB_HOST:-127.0.0.1} port=${AASM_DB_PORT:-5432}
psql -h "$host" -p "$port" -U postgres -qc "drop database if exists aasm_bench with (force)" -c "create database aasm_bench" postgres

aasm_log "building app and load generator"
./mvnw -B -ntp -q -DskipTests package -pl app,bench -am

work=$(mktemp -d)
cp="bench/target/classes:$(cat bench/target/classpath.txt)"
cleanup() { kill "${echo_pid:-}" "${app_pid:-}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap cleanup EXIT

java -cp "$cp" io.agentassembly.bench.GatewayBenchmark echo-server --port 50099 > "$work/echo.log" 2>&1 &
echo_pid=$!
AASM_DB_URL="jdbc:postgresql://$host:$port/aasm_bench" AASM_DB_USER=postgres AASM_DB_PASSWORD='' \
  AASM_TOKEN_KEY_FILE="$work/token.key" \
  java ${AASM_BENCH_APP_OPTS:-} -Ddisable-axoniq-console-message=true -jar app/target/aasm-app.jar \
  --server.port=18080 --grpc.server.port=50051 --logging.level.root=WARN \
  --logging.level.io.agentassembly.app.notification=INFO ${AASM_BENCH_APP_ARGS:-} > "$work/app.log" 2>&1 &
app_pid=$!
for _ in $(seq 1 120); do
  curl -fs http://127.0.0.1:18080/actuator/health > /dev/null 2>&1 && break
  sleep 0.5
done
curl -fs http://127.0.0.1:18080/actuator/health > /dev/null || { tail -50 "$work/app.log"; exit 1; }

aasm_log "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(java -version 2>&1 | head -1), $(date -u +%FT%TZ)"
java -cp "$cp" "$benchmark" run --gateway 127.0.0.1:50051 --echo 127.0.0.1:50099 \
  --api http://127.0.0.1:18080 --app-log "$work/app.log" \
  --db-url "jdbc:postgresql://$host:$port/aasm_bench" --app-pid "$app_pid" --echo-pid "$echo_pid" "$@"
recorded=$(psql -h "$host" -p "$port" -U postgres -tAc \
  "select count(*) from domainevententry where payloadtype like '%AgentActionDecidedEvent'" aasm_bench)
aasm_log "decisions durably recorded in the event store: $recorded"
