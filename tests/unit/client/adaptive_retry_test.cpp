// RetryMode::adaptive through the client: MockTransport answers after virtual delays and
// ManualClock records every wait, so the pacing the sending rate adds is seen exactly. The rate's
// own arithmetic is tested in tests/unit/retry/send_rate_test.cpp.
#include <cloudflow/client.hpp>
#include <cloudflow/testing/manual_clock.hpp>
#include <cloudflow/testing/mock_transport.hpp>

#include "support/catch_result.hpp"
#include "support/run.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace cloudflow;
using namespace std::chrono_literals;
using testing::ManualClock;
using testing::MockReply;
using testing::MockTransport;

namespace {

using Sleeps = std::vector<std::chrono::steady_clock::duration>;

struct AdaptiveFixture {
    boost::asio::io_context ioc;
    std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
    std::shared_ptr<MockTransport> transport = std::make_shared<MockTransport>(clock);
    Client client;

    explicit AdaptiveFixture(RetryMode mode) : client(ioc.get_executor(), config(mode), transport) {}

    ClientConfig config(RetryMode mode)
    {
        ClientConfig c;
        c.region_id = "cn-hangzhou";
        c.credentials = make_static_credentials("test-id", "test-secret");
        c.clock = clock;
        c.jitter_source = [] { return 0.5; };
        c.retry.mode = mode;
        return c;
    }

    Result<DescribeExecutionResponse> describe(CallOptions options = {})
    {
        return test::run(ioc, client.describe_execution({.flow_name = "f", .execution_name = "e"}, options));
    }

    // `n` calls one after another, each answered after `delay`; the sleeps they added.
    Sleeps calls(int n, std::chrono::steady_clock::duration delay)
    {
        const auto before = clock->sleeps().size();
        for (int i = 0; i < n; ++i) {
            transport->push(MockReply::execution("f", "Succeeded").after(delay));
            REQUIRE(describe());
        }
        const auto all = clock->sleeps();
        return Sleeps(all.begin() + static_cast<std::ptrdiff_t>(before), all.end());
    }
};

// The sleeps that are neither an answer's delay nor the backoff: the sending rate's.
Sleeps pacing(const Sleeps& sleeps, std::chrono::steady_clock::duration delay)
{
    Sleeps out;
    std::copy_if(sleeps.begin(), sleeps.end(), std::back_inserter(out),
                 [&](auto d) { return d != delay && d != 500ms; });
    return out;
}

}  // namespace

TEST_CASE("adaptive retry: nothing is paced until the service throttles", "[client][retry][adaptive]")
{
    AdaptiveFixture f(RetryMode::adaptive);
    CHECK(pacing(f.calls(50, 10ms), 10ms).empty());
}

TEST_CASE("adaptive retry: after a 429 the client's calls are spaced at the cut rate, which grows back",
          "[client][retry][adaptive]")
{
    AdaptiveFixture f(RetryMode::adaptive);
    f.calls(50, 10ms);  // 100 calls a second, one at a time

    // Throttled, not retried (no backoff hides the pacing).
    f.transport->push(MockReply::service_error(429, "ResourceThrottled", "throttled").after(10ms));
    REQUIRE_FALSE(f.describe({.max_attempts = 1}));

    // Cut to 70 a second, the bucket empty: the next call waits 1/70 s for its token. The rate
    // grows back as answers come, so each later wait (1/rate less the 10 ms answer) is shorter.
    const auto paced = pacing(f.calls(10, 10ms), 10ms);
    REQUIRE(paced.size() == 10);
    CHECK(std::chrono::duration<double>(paced[0]).count() == Approx(1.0 / 70).epsilon(1e-4));
    CHECK(paced[1] > 3ms);
    CHECK(paced[1] < 5ms);
    for (std::size_t i = 2; i < paced.size(); ++i) CHECK(paced[i] < paced[i - 1]);

    // The standard mode, the same script: no wait but the answers'.
    AdaptiveFixture standard(RetryMode::standard);
    standard.calls(50, 10ms);
    standard.transport->push(MockReply::service_error(429, "ResourceThrottled", "throttled").after(10ms));
    REQUIRE_FALSE(standard.describe({.max_attempts = 1}));
    CHECK(pacing(standard.calls(10, 10ms), 10ms).empty());
}

TEST_CASE("adaptive retry: a call whose token would come after its deadline fails with timeout, unsent",
          "[client][retry][adaptive]")
{
    AdaptiveFixture f(RetryMode::adaptive);
    f.calls(20, 100ms);  // 10 calls a second
    f.transport->push(MockReply::service_error(429, "ResourceThrottled", "throttled").after(100ms))
        .push(MockReply::execution("f", "Succeeded").after(100ms));
    REQUIRE(f.describe());  // cut to 7 a second; the retry took the one token
    const auto sent = f.transport->request_count();

    // 100 ms later 0.7 of a token is back: the next is 43 ms away, past a 10 ms deadline.
    const auto r = f.describe({.timeout = 10ms});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::timeout);
    CHECK(r.error().message.find("sending rate") != std::string::npos);
    CHECK(r.error().attempts == 0);
    CHECK(f.transport->request_count() == sent);

    // With time for it, the call waits and goes.
    f.transport->push(MockReply::execution("f", "Succeeded"));
    CHECK(f.describe({.timeout = 1s}));
}
