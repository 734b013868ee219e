// Loopback throughput, latency and memory: the SDK against the floor (floor_client.cpp) and against
// cloudflow-local, over HTTP and HTTPS, with 1, 16 and 256 calls in flight on 1 and 2 threads; and
// the retry modes against cloudflow-local's --throttle-rate.
// The servers are child processes (their CPU is not the client's): cloudflow-bench-server, a
// fixed-answer server that is not the bottleneck, and cloudflow-local. bench/run.sh runs it all.
#include "floor_client.hpp"
#include "support/load.hpp"
#include "support/local_emulator.hpp"
#include "support/workload.hpp"

#include <cloudflow/client.hpp>

#include <benchmark/benchmark.h>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <sys/resource.h>

#include <atomic>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <thread>

using namespace cloudflow;
namespace asio = boost::asio;

namespace {

// The servers, started once per process on first use.
struct Servers {
    test::TempDir dir;
    test::SelfSigned certificate = test::make_self_signed(dir, {"127.0.0.1"});
    std::map<std::string, std::unique_ptr<test::LocalEmulator>> running;

    test::LocalEmulator& fixed(const std::string& name, std::vector<std::string> args)
    {
        auto& slot = running[name];
        if (!slot) slot = std::make_unique<test::LocalEmulator>(CLOUDFLOW_BENCH_SERVER_PATH, std::move(args));
        return *slot;
    }
    test::LocalEmulator& http() { return fixed("http", {}); }
    test::LocalEmulator& https()
    {
        return fixed("https",
                     {"--tls-cert", certificate.cert_file.string(), "--tls-key", certificate.key_file.string()});
    }
    test::LocalEmulator& http_close() { return fixed("http-close", {"--close"}); }
    test::LocalEmulator& https_close()
    {
        return fixed("https-close", {"--close", "--tls-cert", certificate.cert_file.string(), "--tls-key",
                                     certificate.key_file.string()});
    }
    test::LocalEmulator& held(int ms)
    {
        return fixed("held-" + std::to_string(ms), {"--delay-ms", std::to_string(ms)});
    }
    // cloudflow-local throttling above `rate` signed requests a second.
    test::LocalEmulator& throttled(int rate)
    {
        auto& slot = running["cloudflow-local-throttled-" + std::to_string(rate)];
        if (!slot)
            slot = std::make_unique<test::LocalEmulator>(
                std::vector<std::string>{"--throttle-rate", std::to_string(rate)});
        return *slot;
    }
    test::LocalEmulator& emulator()
    {
        auto& slot = running["cloudflow-local"];
        if (!slot) slot = std::make_unique<test::LocalEmulator>();
        return *slot;
    }
};

Servers& servers()
{
    static Servers s;
    return s;
}

ClientConfig config_for(const test::LocalEmulator& server, std::size_t max_connections)
{
    ClientConfig config;
    config.endpoint = server.url();
    config.credentials =
        make_static_credentials(std::string(bench::access_key_id), std::string(bench::access_key_secret));
    config.http.max_connections_per_endpoint = max_connections;
    config.http.ca_file = servers().certificate.cert_file.string();
    return config;
}

// Each worker's calls go through one shared Client.
bench::CallFn sdk_calls(asio::any_io_executor executor, ClientConfig config)
{
    auto client = std::make_shared<Client>(executor, std::move(config));
    return [client](int) -> asio::awaitable<bool> {
        auto request = bench::typical_request();
        const auto result = co_await client->start_sync_execution(std::move(request));
        co_return result && result->status == ExecutionStatus::succeeded;
    };
}

bench::LoadSettings settings(const benchmark::State& state, int calls)
{
    return {static_cast<int>(state.range(0)), static_cast<int>(state.range(1)), bench::calls_from_env(calls)};
}

// The SDK with the default pool, against the fixed-answer server.
void BM_Http_Sdk(benchmark::State& state)
{
    auto& server = servers().http();
    bench::run_load(state, settings(state, 20'000), server.pid(), [&](asio::any_io_executor ex) {
        return sdk_calls(ex, config_for(server, HttpsTransportOptions{}.max_connections_per_endpoint));
    });
}

// HttpsTransport alone, sending the same prebuilt signed request again and again: the transport's
// share of the SDK's cost (no client loop, no signing, no decoding).
void BM_Http_Transport(benchmark::State& state)
{
    auto& server = servers().http();
    bench::run_load(state, settings(state, 20'000), server.pid(), [&](asio::any_io_executor ex) {
        auto transport = std::make_shared<HttpsTransport>(ex);
        const auto url = server.url();
        HttpRequest request{"POST",
                            "http",
                            "127.0.0.1",
                            static_cast<std::uint16_t>(std::stoi(url.substr(url.rfind(':') + 1))),
                            "/",
                            {{"Accept", "application/json"}, {"Content-Type", "application/x-www-form-urlencoded"}},
                            std::string(400, 'x')};
        return [transport, request](int) -> asio::awaitable<bool> {
            const auto r =
                co_await transport->send(request, std::chrono::steady_clock::now() + std::chrono::seconds(30));
            co_return r && r->status == 200;
        };
    });
}

void BM_Http_Floor(benchmark::State& state)
{
    auto& server = servers().http();
    const int workers = static_cast<int>(state.range(0));
    bench::run_load(state, settings(state, 20'000), server.pid(),
                    [&](asio::any_io_executor ex) { return bench::make_floor_calls(ex, server.url(), {}, workers); });
}

void BM_Https_Sdk(benchmark::State& state)
{
    auto& server = servers().https();
    bench::run_load(state, settings(state, 20'000), server.pid(), [&](asio::any_io_executor ex) {
        return sdk_calls(ex, config_for(server, HttpsTransportOptions{}.max_connections_per_endpoint));
    });
}

void BM_Https_Floor(benchmark::State& state)
{
    auto& server = servers().https();
    const int workers = static_cast<int>(state.range(0));
    bench::run_load(state, settings(state, 20'000), server.pid(), [&](asio::any_io_executor ex) {
        return bench::make_floor_calls(ex, server.url(), servers().certificate.cert_file.string(), workers);
    });
}

// A new connection for every call (the server closes each): the cost of connecting, and over
// TLS of the handshake, against the pooled figures above.
void BM_Http_NewConnection_Sdk(benchmark::State& state)
{
    auto& server = servers().http_close();
    bench::run_load(state, settings(state, 3'000), server.pid(),
                    [&](asio::any_io_executor ex) { return sdk_calls(ex, config_for(server, 32)); });
}

void BM_Https_NewConnection_Sdk(benchmark::State& state)
{
    auto& server = servers().https_close();
    bench::run_load(state, settings(state, 2'000), server.pid(),
                    [&](asio::any_io_executor ex) { return sdk_calls(ex, config_for(server, 32)); });
}

// 256 calls in flight with pools of 8 to 256 connections (range 2): the default's evidence.
void BM_Http_PoolCap_Sdk(benchmark::State& state)
{
    auto& server = servers().http();
    const auto cap = static_cast<std::size_t>(state.range(2));
    bench::run_load(state, settings(state, 20'000), server.pid(),
                    [&](asio::any_io_executor ex) { return sdk_calls(ex, config_for(server, cap)); });
}

// The same with a server that holds each answer 50 ms, as a service does while a flow runs: here a
// pool smaller than the calls in flight caps calls/s at connections / 50 ms.
void BM_Held_PoolCap_Sdk(benchmark::State& state)
{
    auto& server = servers().held(50);
    const auto cap = static_cast<std::size_t>(state.range(2));
    bench::run_load(state, settings(state, 2'000), server.pid(),
                    [&](asio::any_io_executor ex) { return sdk_calls(ex, config_for(server, cap)); });
}

// The SDK against cloudflow-local (which checks every signature): the same calls the official
// Node.js client makes in bench/node/pop_core_load.js.
// StartSyncExecution of the demo's demo_flow through one Client, as each worker's call.
bench::CallFn demo_flow_calls(asio::any_io_executor ex, const test::LocalEmulator& server)
{
    ClientConfig config;
    config.endpoint = server.url();
    config.credentials = make_static_credentials("LTAI-cloudflow-local-demo", "cloudflow-local-demo-secret");
    config.http.max_connections_per_endpoint = 256;
    auto client = std::make_shared<Client>(ex, std::move(config));
    return [client](int) -> asio::awaitable<bool> {
        StartSyncExecutionRequest request{.flow_name = "demo_flow"};
        request.execution_name = "order-42";
        request.input_json = std::string(bench::input_json);
        const auto result = co_await client->start_sync_execution(std::move(request));
        co_return result && result->status == ExecutionStatus::succeeded;
    };
}

void BM_Emulator_Sdk(benchmark::State& state)
{
    auto& server = servers().emulator();
    bench::run_load(state, settings(state, 10'000), server.pid(),
                    [&](asio::any_io_executor ex) { return demo_flow_calls(ex, server); });
}

// Is cloudflow-local steady over a long run? A cloudflow-local of its own (nothing remembered
// yet), 16 calls in flight, 5 blocks of 4,000 calls back to back: each block's calls/s.
void BM_Emulator_Blocks(benchmark::State& state)
{
    test::LocalEmulator server;
    bench::LoadSettings load = settings(state, 4'000);
    load.blocks = static_cast<int>(state.range(2));
    bench::run_load(state, load, server.pid(), [&](asio::any_io_executor ex) { return demo_flow_calls(ex, server); });
}

// Counts attempts and the throttled ones (429), over every call of a client.
class AttemptCounter final : public CallObserver {
public:
    void on_attempt_end(const AttemptEnd& end) noexcept override
    {
        attempts.fetch_add(1, std::memory_order_relaxed);
        if (end.http_status == 429) throttled.fetch_add(1, std::memory_order_relaxed);
    }
    std::atomic<long> attempts{0}, throttled{0};
};

// 64 callers (state.range(1)) making StartSyncExecution calls back to back for a fixed time against
// cloudflow-local throttling above state.range(2) requests a second, in the standard retry mode
// (state.range(0) == 0) or the adaptive one (1). Each run is a new Client, so the adaptive mode
// learns the rate within the run: its start is measured too. Counters: successful calls a second,
// the share of attempts answered 429, attempts per call, calls that failed (retries exhausted),
// the client's CPU per call.
void BM_Throttled_Sdk(benchmark::State& state)
{
    const bool adaptive = state.range(0) == 1;
    const int callers = static_cast<int>(state.range(1));
    const int limit = static_cast<int>(state.range(2));
    auto& server = servers().throttled(limit);
    constexpr auto run_for = std::chrono::seconds(6);
    for (auto _ : state) {
        // The server's bucket refills while idle between runs: every run starts from the same state.
        std::this_thread::sleep_for(std::chrono::milliseconds(200));
        asio::io_context ioc(1);
        auto counter = std::make_shared<AttemptCounter>();
        ClientConfig config;
        config.endpoint = server.url();
        config.credentials = make_static_credentials("LTAI-cloudflow-local-demo", "cloudflow-local-demo-secret");
        config.retry.mode = adaptive ? RetryMode::adaptive : RetryMode::standard;
        config.observers.push_back(counter);
        Client client(ioc.get_executor(), std::move(config));

        std::atomic<long> succeeded{0}, failed{0}, in_window{0};  // in_window: succeeded by `end`
        const double cpu_before = bench::cpu_seconds();
        const auto started = std::chrono::steady_clock::now();
        const auto end = started + run_for;
        for (int w = 0; w < callers; ++w)
            asio::co_spawn(
                ioc,
                [&]() -> asio::awaitable<void> {
                    while (std::chrono::steady_clock::now() < end) {
                        StartSyncExecutionRequest request{.flow_name = "demo_flow"};
                        request.input_json = std::string(bench::input_json);
                        const auto result = co_await client.start_sync_execution(std::move(request));
                        const bool ok = result && result->status == ExecutionStatus::succeeded;
                        (ok ? succeeded : failed).fetch_add(1);
                        if (ok && std::chrono::steady_clock::now() <= end) in_window.fetch_add(1);
                    }
                },
                asio::detached);
        ioc.run();
        const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - started;
        state.SetIterationTime(wall.count());
        const double calls = static_cast<double>(succeeded.load() + failed.load());
        // Calls that succeeded within the run's time, over that time: the calls still backing off when
        // it ends do not stretch it.
        state.counters["calls_per_s"] =
            static_cast<double>(in_window.load()) / std::chrono::duration<double>(run_for).count();
        state.counters["limit"] = limit;
        state.counters["throttled_pct"] =
            100.0 * static_cast<double>(counter->throttled.load()) / static_cast<double>(counter->attempts.load());
        state.counters["attempts_per_call"] = static_cast<double>(counter->attempts.load()) / calls;
        state.counters["failed_pct"] = 100.0 * static_cast<double>(failed.load()) / calls;
        state.counters["cpu_us_per_call"] = (bench::cpu_seconds() - cpu_before) * 1e6 / calls;
    }
}

long status_field_kib(const char* field)
{
    std::ifstream status("/proc/self/status");
    for (std::string line; std::getline(status, line);)
        if (line.starts_with(field)) return std::stol(line.substr(std::string(field).size()));
    return -1;
}

// N calls in flight at once on one thread, the server holding each answer 2 s: client memory per
// call in flight (peak RSS over the baseline), threads before and after. Run each N in its own
// process (bench/run.sh does): the allocator keeps what an earlier run freed.
void BM_Memory_Sdk(benchmark::State& state)
{
    const int calls = static_cast<int>(state.range(0));
    rlimit files{};
    ::getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &files);
    auto& server = servers().held(2'000);

    for (auto _ : state) {
        asio::io_context ioc(1);
        Client client(ioc.get_executor(), config_for(server, static_cast<std::size_t>(calls)));
        // One call first: the client, the pool and the allocator's arenas exist before the baseline.
        asio::co_spawn(ioc, client.start_sync_execution(bench::typical_request()), asio::detached);
        ioc.run();
        ioc.restart();
        const long threads_before = status_field_kib("Threads:");
        const long baseline = status_field_kib("VmRSS:");

        std::atomic<int> succeeded{0};
        long peak = baseline;
        // Each call is its own Asio thread, with no coroutine of the caller's around it.
        for (int i = 0; i < calls; ++i)
            asio::co_spawn(ioc, client.start_sync_execution(bench::typical_request()),
                           [&](std::exception_ptr, Result<StartSyncExecutionResponse> r) {
                               if (r) ++succeeded;
                           });
        asio::steady_timer sample(ioc);
        std::function<void()> measure = [&] {
            peak = std::max(peak, status_field_kib("VmRSS:"));
            if (succeeded.load() + 0 < calls) {
                sample.expires_after(std::chrono::milliseconds(20));
                sample.async_wait([&](auto ec) {
                    if (!ec) measure();
                });
            }
        };
        measure();
        const auto started = std::chrono::steady_clock::now();
        ioc.run_for(std::chrono::seconds(60));
        const std::chrono::duration<double> wall = std::chrono::steady_clock::now() - started;
        state.SetIterationTime(wall.count());
        state.counters["calls_in_flight"] = calls;
        state.counters["succeeded"] = succeeded.load();
        state.counters["bytes_per_call"] = static_cast<double>(peak - baseline) * 1024.0 / calls;
        state.counters["baseline_kib"] = static_cast<double>(baseline);
        state.counters["peak_kib"] = static_cast<double>(peak);
        state.counters["threads_before"] = static_cast<double>(threads_before);
        state.counters["threads_after"] = static_cast<double>(status_field_kib("Threads:"));
        if (succeeded.load() != calls) state.SkipWithError("not every call succeeded");
    }
}

void load_args(benchmark::internal::Benchmark* b)
{
    b->ArgNames({"inflight", "threads"});
    for (int threads : {1, 2})
        for (int inflight : {1, 16, 256}) b->Args({inflight, threads});
    b->Iterations(1)->UseManualTime()->Unit(benchmark::kMillisecond);
}

}  // namespace

BENCHMARK(BM_Http_Sdk)->Apply(load_args);
BENCHMARK(BM_Http_Floor)->Apply(load_args);
BENCHMARK(BM_Http_Transport)->Apply(load_args);
BENCHMARK(BM_Https_Sdk)->Apply(load_args);
BENCHMARK(BM_Https_Floor)->Apply(load_args);
BENCHMARK(BM_Http_NewConnection_Sdk)
    ->ArgNames({"inflight", "threads"})
    ->Args({1, 1})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Https_NewConnection_Sdk)
    ->ArgNames({"inflight", "threads"})
    ->Args({1, 1})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Http_PoolCap_Sdk)
    ->ArgNames({"inflight", "threads", "cap"})
    ->ArgsProduct({{256}, {1}, {8, 32, 64, 128, 256}})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Held_PoolCap_Sdk)
    ->ArgNames({"inflight", "threads", "cap"})
    ->ArgsProduct({{256}, {1}, {32, 64, 128, 256}})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Emulator_Sdk)
    ->ArgNames({"inflight", "threads"})
    ->ArgsProduct({{1, 16, 256}, {1}})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Emulator_Blocks)
    ->ArgNames({"inflight", "threads", "blocks"})
    ->Args({16, 1, 5})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Throttled_Sdk)
    ->ArgNames({"adaptive", "callers", "limit"})
    ->ArgsProduct({{0, 1}, {64}, {2000}})
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Memory_Sdk)
    ->ArgNames({"calls"})
    ->Arg(1'000)
    ->Arg(10'000)
    ->Iterations(1)
    ->UseManualTime()
    ->Unit(benchmark::kMillisecond);

BENCHMARK_MAIN();
