// A closed-loop load: `concurrency` workers, each making calls back to back, on an io_context run
// by `threads` threads, until `calls` calls are made. Latency of each call, CPU of this process.
#pragma once

#include <benchmark/benchmark.h>
#include <boost/asio/awaitable.hpp>

#include <functional>
#include <sys/types.h>

namespace cloudflow::bench {

struct LoadSettings {
    int concurrency = 1;
    int threads = 1;
    int calls = 20'000;
    // The measured calls in this many blocks of `calls` each, back to back: each block's calls/s
    // is reported too (block1_calls_per_s, ...), and the last's as a share of the first's.
    int blocks = 1;
};

// One call of worker `worker`: true when it succeeded.
using CallFn = std::function<boost::asio::awaitable<bool>(int worker)>;

// Runs the load and reports, as counters of `state`: calls/s, p50/p99/p99.9 latency (us), client
// CPU per call (us), failures, and, when `server` > 0, the server process's CPU use (% of one
// core). `setup` runs first on the io_context's executor (makes the client). Iterations: one each.
void run_load(benchmark::State& state, const LoadSettings& settings, pid_t server,
              const std::function<CallFn(boost::asio::any_io_executor)>& setup);

// This process's user + system CPU seconds so far.
double cpu_seconds();

// The calls of a benchmark: CLOUDFLOW_BENCH_CALLS, or `fallback`.
int calls_from_env(int fallback);

}  // namespace cloudflow::bench
