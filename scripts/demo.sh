#!/usr/bin/env bash
# The demo command: installs what is missing, builds cloudflow-local, the cloudflow CLI and three
# samples, starts the emulator on a free port, runs three calls with the CLI, the hello world, a
# standard execution and a deployment against it, and stops it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
cmake -S . -B build -G Ninja -D CMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" > /dev/null
cmake --build build -j "${CLOUDFLOW_JOBS:-2}" --target cloudflow-local cloudflow_cli hello_world standard_execution deploy_flow

log=$(mktemp)
./build/emulator/cloudflow-local --port 0 > "$log" 2>&1 &
emulator=$!
trap 'kill -TERM $emulator 2>/dev/null; wait $emulator 2>/dev/null; rm -f "$log"' EXIT

for _ in $(seq 100); do
    grep -q "listening on" "$log" && break
    kill -0 $emulator 2>/dev/null || { cat "$log"; exit 1; }
    sleep 0.1
done
endpoint=$(sed -n 's/^cloudflow-local listening on //p' "$log")
echo
cat "$log"

# The emulator's built-in demo key pair.
export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI-cloudflow-local-demo
export ALIBABA_CLOUD_ACCESS_KEY_SECRET=cloudflow-local-demo-secret
unset ALIBABA_CLOUD_SECURITY_TOKEN
export ALIBABA_CLOUD_ECS_METADATA_DISABLED=true  # not on ECS: the chain never asks the metadata service

run() {
    local seen
    seen=$(wc -l < "$log")
    echo
    echo "\$ cloudflow start-sync-execution $*"
    ./build/samples/cloudflow start-sync-execution --endpoint "$endpoint" "$@" || echo "(exit status $?)"
    echo "what the emulator saw:"
    tail -n +"$((seen + 1))" "$log" | sed 's/^/    /'
}

echo
echo "== 1. a successful execution"
run --flow-name demo_flow --execution-name order-42 --input '{"order":42,"item":"book"}'
echo
echo "== 2. an execution that fails (the call succeeds; the response says Failed)"
run --flow-name demo_flow --input '{"action":"fail"}'
echo
echo "== 3. a throttled call (429 twice) that succeeds after retries"
run --flow-name busy_flow --max-attempts 3
echo
echo "== 4. hello world: a call from a program of your own (samples/hello_world.cpp)"
echo "\$ hello_world $endpoint"
./build/samples/hello_world "$endpoint" || echo "(exit status $?)"
echo
echo "== 5. a standard execution, started and waited for (samples/standard_execution.cpp)"
echo "\$ standard_execution $endpoint standard_flow"
./build/samples/standard_execution "$endpoint" standard_flow || echo "(exit status $?)"
echo
echo "== 6. a flow deployed: created, a version published, an alias pointed at it, run through the alias (samples/deploy_flow.cpp)"
echo "\$ deploy_flow $endpoint"
./build/samples/deploy_flow "$endpoint" || echo "(exit status $?)"
echo
echo "== the emulator stops"
