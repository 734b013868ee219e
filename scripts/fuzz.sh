#!/usr/bin/env bash
# Runs every libFuzzer target of BUILD_DIR (built with -D CLOUDFLOW_FUZZ=ON) for SECONDS each,
# starting from its seed corpus in tests/fuzz/corpus/<target>/, CLOUDFLOW_JOBS (default 2) targets
# at a time, one core each. Fails on any crash, leak, timeout or out-of-memory; prints each
# target's executions. New inputs go to BUILD_DIR/fuzz-corpus, the failing input to
# BUILD_DIR/fuzz-artifacts.
#   usage: scripts/fuzz.sh BUILD_DIR SECONDS
set -uo pipefail
cd "$(dirname "$0")/.."
build=${1:?usage: scripts/fuzz.sh BUILD_DIR SECONDS}
seconds=${2:?usage: scripts/fuzz.sh BUILD_DIR SECONDS}
jobs=${CLOUDFLOW_JOBS:-2}

targets=(response_parser http_response emulator_request credentials_documents percent_encoding expression
    flow_document flow_definition)

fuzz_one() {
    local target=$1
    local corpus="$build/fuzz-corpus/$target" artifacts="$build/fuzz-artifacts/$target"
    mkdir -p "$corpus" "$artifacts"
    local seeds=("tests/fuzz/corpus/$target")
    # The response parser also starts from every operation's golden body.
    [ "$target" = response_parser ] && seeds+=(tests/fixtures/fnf)
    # -timeout: one input taking 10 s is a hang; -rss_limit_mb: a leak or a runaway buffer.
    ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1 \
        "$build/tests/fuzz/fuzz_$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
        -max_len=65536 -print_final_stats=1 -artifact_prefix="$artifacts/" \
        "$corpus" "${seeds[@]}" > "$build/fuzz-$target.log" 2>&1
    echo $? > "$build/fuzz-$target.status"
}

for target in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    fuzz_one "$target" &
done
wait

passed=0
failed=0
for target in "${targets[@]}"; do
    log="$build/fuzz-$target.log"
    status=$(cat "$build/fuzz-$target.status")
    executions=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    if [ "$status" -eq 0 ]; then
        passed=$((passed + 1))
        echo "fuzz: $target: ${executions:-0} executions in $seconds s, no failure"
    else
        failed=$((failed + 1))
        echo "fuzz: $target: FAILED (exit $status) after ${executions:-?} executions; the log:"
        tail -n 60 "$log"
        ls "$build/fuzz-artifacts/$target"
    fi
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
