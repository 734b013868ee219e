#!/usr/bin/env bash
# Builds the benchmarks (Release, -O2) and runs every one of them, then writes bench/README.md:
#   bash bench/run.sh
# CLOUDFLOW_BENCH_RUNS (default 5): runs of each benchmark (the README shows medians);
# CLOUDFLOW_BENCH_CALLS: calls per loopback run (default: each benchmark's own, 2,000-20,000).
# Takes about 15 minutes on 2 cores. Results (JSON) stay in build-bench/results/.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/install-deps.sh
npm ci --prefix tests/conformance --no-audit --no-fund --loglevel=error

runs=${CLOUDFLOW_BENCH_RUNS:-5}
build=build-bench
out=$build/results
cmake -S . -B "$build" -G Ninja -D CMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" \
    -D CLOUDFLOW_BUILD_BENCHMARKS=ON -D CLOUDFLOW_BUILD_TESTS=OFF -D CLOUDFLOW_BUILD_SAMPLES=OFF
cmake --build "$build" -j "${CLOUDFLOW_JOBS:-2}" --target benchmarks
rm -rf "$out"
mkdir -p "$out"
bench="$build/bench"

echo "== CPU per call ($runs runs)"
"$bench/cloudflow_bench_cpu" --benchmark_repetitions="$runs" --benchmark_min_time=0.5 \
    --benchmark_out="$out/cpu.json" --benchmark_out_format=json

echo "== cloudflow-local's interpreter ($runs runs)"
"$bench/cloudflow_bench_interpreter" --benchmark_repetitions="$runs" --benchmark_min_time=0.5 \
    --benchmark_out="$out/interpreter.json" --benchmark_out_format=json

echo "== loopback: SDK, floor, HTTPS, pool, cloudflow-local, retry modes under throttling ($runs runs)"
# The runs of every benchmark are interleaved in random order, so the machine's drift over the
# minutes this takes falls on the SDK and its floor alike, not on whichever ran first.
"$bench/cloudflow_bench_loopback" --benchmark_filter='BM_(Http|Https|Held|Emulator|Throttled)' --benchmark_repetitions="$runs" \
    --benchmark_enable_random_interleaving=true --benchmark_out="$out/loopback.json" --benchmark_out_format=json

echo "== memory: 1,000 and 10,000 calls in flight ($runs runs, each its own process)"
for n in 1000 10000; do
    for r in $(seq "$runs"); do
        "$bench/cloudflow_bench_loopback" --benchmark_filter="BM_Memory_Sdk/calls:$n/" \
            --benchmark_out="$out/memory-$n-$r.json" --benchmark_out_format=json
    done
done

echo "== the official Node.js client against cloudflow-local ($runs runs)"
for r in $(seq "$runs"); do
    node bench/node/pop_core_load.js "$build/emulator/cloudflow-local" "${CLOUDFLOW_BENCH_CALLS:-10000}" 1 16 256 \
        | tee "$out/pop-core-$r.jsonl"
done

# What the report needs besides the results: the machine, the versions, the runs.
node - "$out" "$runs" <<'JS'
const fs = require('fs'), os = require('os'), path = require('path'), {execSync} = require('child_process');
const [dir, runs] = [process.argv[2], Number(process.argv[3])];
const sh = (c) => { try { return execSync(c, {encoding: 'utf8'}).trim(); } catch (e) { return 'unknown'; } };
const pkg = (name) => sh(`dpkg-query -W -f='\${Version}' ${name}`);
const memory = {};
for (const n of [1000, 10000]) {
  memory[n] = [];
  for (let r = 1; r <= runs; r++) {
    const b = JSON.parse(fs.readFileSync(path.join(dir, `memory-${n}-${r}.json`))).benchmarks[0];
    memory[n].push(b);
  }
}
const popcore = [];
for (let r = 1; r <= runs; r++)
  popcore.push(fs.readFileSync(path.join(dir, `pop-core-${r}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l)));
const meta = {
  date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC', runs,
  cpu: os.cpus()[0].model.trim(), cores: os.cpus().length, kernel: os.release(),
  compiler: sh('c++ --version | head -1'), boost: pkg('libboost1.81-dev'), openssl: pkg('libssl-dev'),
  benchmark: pkg('libbenchmark-dev'), node: process.version,
  popcore: require(path.resolve('tests/conformance/node_modules/@alicloud/pop-core/package.json')).version,
  calls: process.env.CLOUDFLOW_BENCH_CALLS || '20,000 (HTTP, HTTPS), 10,000 (cloudflow-local)',
  default_cap: Number(sh("grep -o 'max_connections_per_endpoint = [0-9]*' include/cloudflow/http/https_transport_options.hpp | grep -o '[0-9]*$'")),
  memory_runs: memory, popcore_runs: popcore,
};
fs.writeFileSync(path.join(dir, 'meta.json'), JSON.stringify(meta, null, 1));
JS

node bench/report.js "$out" > bench/README.md
echo "== wrote bench/README.md"
