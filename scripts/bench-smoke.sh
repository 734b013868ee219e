#!/usr/bin/env bash
# Runs every benchmark briefly against its servers and fails if one reports an error (a failed
# call, a crash): the benchmarks stay buildable and correct between full runs of bench/run.sh.
#   bash scripts/bench-smoke.sh BUILD_DIR
set -euo pipefail
build=${1:?usage: bench-smoke.sh BUILD_DIR}
out=$(mktemp -d)
trap 'status=$?; [ $status -eq 0 ] || cat "$out/log" >&2; rm -rf "$out"' EXIT

"$build/bench/cloudflow_bench_cpu" --benchmark_min_time=0.01 --benchmark_out="$out/cpu.json" \
    --benchmark_out_format=json > /dev/null 2>> "$out/log"
"$build/bench/cloudflow_bench_interpreter" --benchmark_min_time=0.01 --benchmark_out="$out/interpreter.json" \
    --benchmark_out_format=json > /dev/null 2>> "$out/log"
CLOUDFLOW_BENCH_CALLS=300 "$build/bench/cloudflow_bench_loopback" \
    --benchmark_filter='BM_(Http|Https|Emulator)_(Sdk|Floor|Transport)/inflight:16/threads:(1|2)$|NewConnection|PoolCap_Sdk/inflight:256/threads:1/cap:32$|BM_Emulator_Blocks' \
    --benchmark_out="$out/loopback.json" --benchmark_out_format=json > /dev/null 2>> "$out/log"
"$build/bench/cloudflow_bench_loopback" --benchmark_filter='BM_Memory_Sdk/calls:1000/' \
    --benchmark_out="$out/memory.json" --benchmark_out_format=json > /dev/null 2>> "$out/log"

failed=0
for f in "$out"/cpu.json "$out"/interpreter.json "$out"/loopback.json "$out"/memory.json; do
    count=$(grep -c '"name"' "$f" || true)
    if [ "$count" -eq 0 ]; then
        echo "bench-smoke: $(basename "$f"): no benchmark ran" >&2
        failed=1
    fi
    if grep -q '"error_occurred": true' "$f"; then
        echo "bench-smoke: $(basename "$f"): a benchmark failed:" >&2
        grep -A1 '"error_occurred": true' "$f" >&2
        failed=1
    fi
done
[ "$failed" -eq 0 ] && echo "bench-smoke: every benchmark ran and every call succeeded"
exit "$failed"
