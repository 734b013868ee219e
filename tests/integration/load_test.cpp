// Load (issue 7): 10,000 calls through one client, shared by two threads, against cloudflow-local
// injecting 10% 429 ResourceThrottled and 10% 500 InternalServerError. Every call ends, once,
// in a success or a typed error; no call makes more attempts than its budget; the client's memory
// returns near its level after a warm-up. The figures are printed on a "load:" line.
#include "integration/fixture.hpp"
#include "support/process.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <iostream>
#include <mutex>

using namespace cloudflow;
using namespace cloudflow::test;
using namespace std::chrono_literals;

namespace {

// Counts what the client reports, from both threads.
class Counting final : public CallObserver {
public:
    void on_attempt_end(const AttemptEnd& e) noexcept override
    {
        ++attempts;
        if (e.http_status == 429) ++throttled;
        if (e.http_status == 500) ++failed;
        int seen = most_attempts;
        while (e.attempt > seen && !most_attempts.compare_exchange_weak(seen, e.attempt)) {
        }
    }
    void on_call_end(const CallEnd&) noexcept override { ++calls; }

    std::atomic<long> calls{0}, attempts{0}, throttled{0}, failed{0};
    std::atomic<int> most_attempts{0};
};

struct Outcomes {
    std::mutex mutex;
    long succeeded = 0;
    long exhausted = 0;  // retries_exhausted, after 429s and 500s
    std::vector<std::string> unexpected;
    int most_attempts = 0;

    void add(const Result<StartSyncExecutionResponse>& r)
    {
        std::lock_guard lock(mutex);
        if (r && r->status == ExecutionStatus::succeeded) {
            ++succeeded;
            return;
        }
        if (!r && r.error().code == errc::retries_exhausted &&
            (r.error().cause == errc::resource_throttled || r.error().cause == errc::internal_server_error)) {
            ++exhausted;
            most_attempts = std::max(most_attempts, r.error().attempts);
            return;
        }
        if (unexpected.size() < 10) unexpected.push_back(r ? "a success with another status" : r.error().to_string());
    }
};

// `calls` calls, at most `in_flight` at a time, on the client's executor.
void run_calls(Client& client, boost::asio::thread_pool& pool, int calls, int in_flight, Outcomes& outcomes)
{
    std::atomic<int> next{0};
    auto worker = [&]() -> boost::asio::awaitable<void> {
        for (int i; (i = next++) < calls;) {
            StartSyncExecutionRequest request;
            request.flow_name = "stormy";
            request.input = boost::json::object{{"n", i}};
            outcomes.add(co_await client.start_sync_execution(std::move(request), {.timeout = 60s}));
        }
    };
    std::vector<std::future<void>> workers;
    for (int w = 0; w < in_flight; ++w) workers.push_back(boost::asio::co_spawn(pool, worker, boost::asio::use_future));
    for (auto& w : workers) w.get();
}

}  // namespace

TEST_CASE("load: 10000 calls on one client from 2 threads with 64 in flight and 20% injected 429 and 500",
          "[integration][load]")
{
    LocalEmulator emulator({}, test_config);
    boost::asio::thread_pool pool(2);
    auto counting = std::make_shared<Counting>();
    auto config = client_config(emulator);
    config.observers.push_back(counting);
    auto transport = std::make_shared<HttpsTransport>(pool.get_executor(),
                                                      HttpsTransportOptions{.max_connections_per_endpoint = 64});
    Client client(pool.get_executor(), config, transport);

    // A warm-up: the pool's connections, the allocator's arenas. Then the baseline.
    Outcomes warm_up;
    run_calls(client, pool, 1'000, 64, warm_up);
    const long baseline = memory_in_use_kib();

    constexpr int calls = 10'000;
    Outcomes outcomes;
    const auto started = std::chrono::steady_clock::now();
    run_calls(client, pool, calls, 64, outcomes);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const long after = memory_in_use_kib();

    const long all_calls = calls + 1'000;
    std::cout << "load: " << calls << " calls in " << seconds << " s: " << outcomes.succeeded << " succeeded, "
              << outcomes.exhausted << " retries_exhausted (most attempts " << outcomes.most_attempts << "), "
              << outcomes.unexpected.size() << " unexpected; " << counting->attempts << " attempts for "
              << counting->calls << " calls with the warm-up (" << counting->throttled << " x 429, " << counting->failed
              << " x 500, most attempts " << counting->most_attempts << "); " << memory_in_use_name() << " " << baseline
              << " KiB -> " << after << " KiB; " << transport->open_connections() << " connections" << std::endl;

    for (const auto& u : outcomes.unexpected) UNSCOPED_INFO("unexpected: " << u);
    CHECK(outcomes.unexpected.empty());
    CHECK(outcomes.succeeded + outcomes.exhausted == calls);  // every call ended
    CHECK(counting->calls == all_calls);                      // and ended once
    CHECK(counting->most_attempts <= config.retry.max_attempts);
    CHECK(outcomes.most_attempts <= config.retry.max_attempts);
    CHECK(counting->attempts <= all_calls * config.retry.max_attempts);
    // The faults were injected (about 20% of attempts) and mostly retried away: a call fails only
    // when three attempts in a row fail (0.8%) or the retry budget runs dry.
    const double fault_share = double(counting->throttled + counting->failed) / double(counting->attempts);
    CHECK(fault_share > 0.15);
    CHECK(fault_share < 0.25);
    CHECK(outcomes.succeeded > calls * 95 / 100);
    CHECK(transport->open_connections() <= 64);
    // The memory after the 10,000 calls is near its level after the warm-up: RSS within 16 MiB, or in
    // a sanitizer build (whose allocators keep freed memory) the live heap within 4 MiB: a leak of
    // 500 bytes a call fails the live heap's bound, of 2 KiB a call the RSS's.
    CHECK(after - baseline < (memory_is_live_heap ? 4 : 16) * 1024);
}
