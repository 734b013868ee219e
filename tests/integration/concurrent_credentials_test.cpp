// Refreshing credentials on two threads: one client on a 2-thread pool, 200 calls at a time, whose
// temporary credentials are refreshed every ~100 ms, so that refreshes run (on the provider's strand)
// while calls on both threads take the credentials and sign with them. The TSan stage runs it: no
// data race may be reported.
#include <cloudflow/credentials/refreshing.hpp>

#include "integration/fixture.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <mutex>
#include <string>
#include <vector>

using namespace cloudflow;
using namespace cloudflow::test;
using namespace std::chrono_literals;

namespace {

// The AccessKeys cloudflow-local knows: the provider hands them out in turn.
const std::string rotating_keys_config = R"({
  "access_keys": [
    {"id": "STS.rotating-0", "secret": "rotating-secret-0"},
    {"id": "STS.rotating-1", "secret": "rotating-secret-1"},
    {"id": "STS.rotating-2", "secret": "rotating-secret-2"},
    {"id": "STS.rotating-3", "secret": "rotating-secret-3"}
  ],
  "flows": [{"name": "echo", "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Echo",
    "States": [{"Type": "Pass", "Name": "Echo", "End": true}]}}]
})";

// Temporary credentials valid for 1.1 s: with refresh_before 1 s, each is fresh for about 100 ms,
// then served while a background refresh fetches the next. A fetch takes a few milliseconds, as an
// HTTP exchange would, so that calls go on while it runs.
class ShortLivedCredentials final : public RefreshingCredentialsProvider {
public:
    using RefreshingCredentialsProvider::RefreshingCredentialsProvider;

protected:
    boost::asio::awaitable<Result<TemporaryCredentials>> fetch() override
    {
        boost::asio::steady_timer pause(co_await boost::asio::this_coro::executor, 3ms);
        co_await pause.async_wait(boost::asio::use_awaitable);
        const int n = handed_out_++;
        TemporaryCredentials fetched;
        fetched.credentials.access_key_id = "STS.rotating-" + std::to_string(n % 4);
        fetched.credentials.access_key_secret = "rotating-secret-" + std::to_string(n % 4);
        fetched.credentials.security_token = "rotating-token-" + std::to_string(n);
        fetched.expiration = std::chrono::system_clock::now() + 1100ms;
        co_return fetched;
    }

private:
    std::atomic<int> handed_out_{0};
};

}  // namespace

TEST_CASE("credentials: refreshed while 200 calls on one client run on two threads",
          "[integration][credentials][concurrency]")
{
    LocalEmulator emulator({}, rotating_keys_config);
    boost::asio::thread_pool pool(2);
    auto provider = std::make_shared<ShortLivedCredentials>(
        pool.get_executor(), RefreshingCredentialsProvider::Options{.refresh_before = 1s});
    auto config = client_config(emulator);
    config.credentials = provider;
    Client client(pool.get_executor(), config);

    // 200 callers at once, each calling again and again until the credentials were refreshed three
    // times (about 300 ms), so that every refresh runs while calls take credentials on both threads.
    std::atomic<int> calls{0}, failed{0};
    std::mutex mutex;
    std::string first_failure;
    const auto caller = [&](int n) -> boost::asio::awaitable<void> {
        const auto give_up = std::chrono::steady_clock::now() + 10s;
        do {
            StartSyncExecutionRequest request;
            request.flow_name = "echo";
            request.input = boost::json::object{{"n", n}};
            const auto r = co_await client.start_sync_execution(std::move(request));
            ++calls;
            if (!r || r->output != boost::json::value(boost::json::object{{"n", n}})) {
                ++failed;
                const std::lock_guard lock(mutex);
                if (first_failure.empty()) first_failure = r ? "another output" : r.error().to_string();
            }
        } while (provider->fetches() < 4 && std::chrono::steady_clock::now() < give_up);
    };
    std::vector<std::future<void>> callers;
    for (int n = 0; n < 200; ++n) callers.push_back(boost::asio::co_spawn(pool, caller(n), boost::asio::use_future));
    for (auto& c : callers) c.get();
    pool.join();

    INFO(calls << " calls, " << provider->fetches() << " fetches; first failure: " << first_failure);
    CHECK(failed == 0);
    CHECK(calls >= 200);
    CHECK(provider->fetches() >= 4);  // the first fetch and three refreshes while the calls ran
}
