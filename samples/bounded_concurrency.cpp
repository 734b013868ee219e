// Many calls, at most K in flight, on an io_context run by two threads, through one shared Client.
//
// K worker coroutines each take the next order number from a shared counter and run it, until
// none is left: never more than K calls in flight, and a worker starts the next call as soon as
// its last one ends. One Client serves them all, from both threads: it is safe for concurrent
// calls from any thread of its executor and needs no strand (docs/api.md, "Thread safety"). The
// workers share only atomic counters, so they need no strand either.
//
// Usage: bounded_concurrency ENDPOINT [CALLS [IN_FLIGHT]]   (defaults: 100 calls, 8 in flight)
// Credentials from the default chain (the environment first), as in hello_world; the demo keys:
//   export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI-cloudflow-local-demo
//   export ALIBABA_CLOUD_ACCESS_KEY_SECRET=cloudflow-local-demo-secret
//   ./build/samples/bounded_concurrency http://127.0.0.1:PORT 100 8
// Prints "100 calls, at most 8 in flight (8 seen), on 2 threads: 100 succeeded, 0 failed in
// N ms". Exit status: 0 when every call succeeded, 1 otherwise, 2 usage.
#include <cloudflow/cloudflow.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <mutex>
#include <thread>

namespace asio = boost::asio;

namespace {

struct Tally {
    std::atomic<int> next{0};  // the next order to run
    std::atomic<int> succeeded{0};
    std::atomic<int> failed{0};
    std::atomic<int> in_flight{0};
    std::atomic<int> peak{0};  // the most calls seen in flight at once
    std::mutex log;            // one error line at a time
};

// peak = max(peak, value), from any thread.
void raise_to(std::atomic<int>& peak, int value)
{
    for (int seen = peak; value > seen && !peak.compare_exchange_weak(seen, value);) {
    }
}

// Runs orders until none is left, one call at a time.
asio::awaitable<void> worker(cloudflow::Client& client, Tally& tally, int calls)
{
    for (int order = tally.next++; order < calls; order = tally.next++) {
        cloudflow::StartSyncExecutionRequest request;
        request.flow_name = "demo_flow";
        request.input = boost::json::object{{"order", order}};

        raise_to(tally.peak, ++tally.in_flight);
        const auto result = co_await client.start_sync_execution(request);
        --tally.in_flight;

        if (result && result->status == cloudflow::ExecutionStatus::succeeded) {
            ++tally.succeeded;
            continue;
        }
        ++tally.failed;
        const std::lock_guard lock(tally.log);
        if (!result)
            std::cerr << "order " << order << ": the call failed: " << result.error() << '\n';
        else
            std::cerr << "order " << order << ": the execution ended " << result->status << '\n';
    }
}

int positive(const char* text)
{
    const int n = std::atoi(text);
    return n > 0 ? n : 0;
}

}  // namespace

int main(int argc, char** argv)
{
    const int calls = argc > 2 ? positive(argv[2]) : 100;
    const int in_flight = argc > 3 ? positive(argv[3]) : 8;
    if (argc < 2 || argc > 4 || calls == 0 || in_flight == 0) {
        std::cerr << "usage: bounded_concurrency ENDPOINT [CALLS [IN_FLIGHT]]\n";
        return 2;
    }

    asio::io_context ioc(2);  // the hint: two threads run it
    cloudflow::ClientConfig config;
    config.endpoint = argv[1];
    config.credentials = cloudflow::make_default_credentials_chain(ioc.get_executor());
    cloudflow::Client client(ioc.get_executor(), config);

    Tally tally;
    for (int i = 0; i < in_flight; ++i) asio::co_spawn(ioc, worker(client, tally, calls), asio::detached);

    const auto start = std::chrono::steady_clock::now();
    std::thread second([&ioc] { ioc.run(); });
    ioc.run();
    second.join();
    const auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);

    std::cout << calls << " calls, at most " << in_flight << " in flight (" << tally.peak
              << " seen), on 2 threads: " << tally.succeeded << " succeeded, " << tally.failed << " failed in "
              << elapsed.count() << " ms\n";
    // Every call is counted: a worker that ended early (an exception, swallowed by `detached`)
    // leaves calls uncounted, which is a failure too.
    return tally.failed == 0 && tally.succeeded == calls ? 0 : 1;
}
