#include "support/load.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

namespace cloudflow::bench {
namespace {

// User + system CPU seconds of process `pid` so far, from /proc/PID/stat.
double process_cpu_seconds(pid_t pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text((std::istreambuf_iterator<char>(stat)), std::istreambuf_iterator<char>());
    const auto close = text.rfind(')');
    if (close == std::string::npos) return 0;
    std::vector<std::string> fields;
    std::string field;
    for (char c : text.substr(close + 2)) {
        if (c == ' ') {
            fields.push_back(field);
            field.clear();
        } else {
            field += c;
        }
    }
    if (fields.size() < 13) return 0;  // utime and stime are fields 14 and 15 of the whole line
    return (std::stod(fields[11]) + std::stod(fields[12])) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

double percentile(std::vector<double>& sorted, double p)
{
    if (sorted.empty()) return 0;
    const auto i = static_cast<std::size_t>(p * static_cast<double>(sorted.size() - 1));
    return sorted[i];
}

}  // namespace

double cpu_seconds()
{
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

int calls_from_env(int fallback)
{
    const char* text = std::getenv("CLOUDFLOW_BENCH_CALLS");
    return text ? std::max(1, std::atoi(text)) : fallback;
}

void run_load(benchmark::State& state, const LoadSettings& settings, pid_t server,
              const std::function<CallFn(boost::asio::any_io_executor)>& setup)
{
    namespace asio = boost::asio;
    for (auto _ : state) {
        asio::io_context ioc(settings.threads);
        CallFn call = setup(ioc.get_executor());

        std::atomic<int> next{0}, failures{0};
        std::vector<std::vector<double>> latencies(static_cast<std::size_t>(settings.concurrency));
        // Runs `calls` calls with every worker, to the end.
        const auto phase = [&](int calls) {
            next = 0;
            failures = 0;
            for (auto& l : latencies) {
                l.clear();
                l.reserve(static_cast<std::size_t>(calls / settings.concurrency + 1));
            }
            for (int w = 0; w < settings.concurrency; ++w)
                asio::co_spawn(
                    ioc,
                    [&, w, calls]() -> asio::awaitable<void> {
                        while (next.fetch_add(1, std::memory_order_relaxed) < calls) {
                            const auto t0 = std::chrono::steady_clock::now();
                            const bool ok = co_await call(w);
                            const std::chrono::duration<double, std::micro> took =
                                std::chrono::steady_clock::now() - t0;
                            latencies[static_cast<std::size_t>(w)].push_back(took.count());
                            if (!ok) failures.fetch_add(1, std::memory_order_relaxed);
                        }
                    },
                    asio::detached);
            std::vector<std::thread> extra;
            for (int t = 1; t < settings.threads; ++t) extra.emplace_back([&] { ioc.run(); });
            ioc.run();
            for (auto& t : extra) t.join();
            ioc.restart();
        };
        // Warm-up, not measured: every worker's connection is open before the clock starts.
        phase(std::min(settings.calls, settings.concurrency * 4));

        const double cpu_before = cpu_seconds();
        const double server_before = server > 0 ? process_cpu_seconds(server) : 0;
        const auto started = std::chrono::steady_clock::now();
        std::vector<double> block_rates;
        std::vector<double> all;  // every block's latencies
        int failed = 0;
        for (int block = 0; block < settings.blocks; ++block) {
            const auto block_started = std::chrono::steady_clock::now();
            phase(settings.calls);
            const std::chrono::duration<double> block_wall = std::chrono::steady_clock::now() - block_started;
            block_rates.push_back(settings.calls / block_wall.count());
            failed += failures.load();
            for (auto& l : latencies) all.insert(all.end(), l.begin(), l.end());
        }
        const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - started;
        const double cpu = cpu_seconds() - cpu_before;
        const double server_cpu = server > 0 ? process_cpu_seconds(server) - server_before : 0;

        std::sort(all.begin(), all.end());
        const double calls = static_cast<double>(all.size());
        state.SetIterationTime(wall.count());
        state.counters["calls_per_s"] = calls / wall.count();
        state.counters["p50_us"] = percentile(all, 0.50);
        state.counters["p99_us"] = percentile(all, 0.99);
        state.counters["p999_us"] = percentile(all, 0.999);
        state.counters["cpu_us_per_call"] = cpu * 1e6 / calls;
        state.counters["failures"] = failed;
        if (failed > 0) state.SkipWithError((std::to_string(failed) + " of the calls failed").c_str());
        if (server > 0) state.counters["server_cpu_pct"] = 100.0 * server_cpu / wall.count();
        if (settings.blocks > 1) {
            for (std::size_t b = 0; b < block_rates.size(); ++b)
                state.counters["block" + std::to_string(b + 1) + "_calls_per_s"] = block_rates[b];
            state.counters["last_to_first"] = block_rates.back() / block_rates.front();
        }
    }
}

}  // namespace cloudflow::bench
