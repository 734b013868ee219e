// RetryMode::adaptive through the client: MockTransport answers after virtual delays and
// ManualClock records every wait, so the pacing the sending rate adds is seen exactly. The rate's
// own arithmetic is tested in tests/unit/retry/send_rate_test.cpp.
#include "support/catch_result.hpp"
#include "support/mock_fixture.hpp"

#include <catch2/catch.hpp>

#include <algorithm>

using namespace cloudflow;
using namespace std::chrono_literals;
using testing::MockReply;

namespace {

using Sleeps = std::vector<std::chrono::steady_clock::duration>;

// The offline client of every client test, in one retry mode.
struct AdaptiveFixture : test::MockFixture {
    Client client;

    explicit AdaptiveFixture(RetryMode mode, std::chrono::milliseconds throttle_base = 1000ms)
        : client(MockFixture::client(with_mode(mode, throttle_base)))
    {
    }

    ClientConfig with_mode(RetryMode mode, std::chrono::milliseconds throttle_base) const
    {
        ClientConfig c = config();
        c.retry.mode = mode;
        c.retry.throttle_base_delay = throttle_base;
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

// Credentials that are never there.
class NoCredentials final : public CredentialsProvider {
public:
    boost::asio::awaitable<Result<Credentials>> get_credentials() override
    {
        co_return make_error(errc::credentials_unavailable, "none here");
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

    // 100 ms later most of a token is back: the next is about 45 ms away, past a 10 ms deadline.
    const auto r = f.describe({.timeout = 10ms});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::timeout);
    CHECK(r.error().message.find("sending rate") != std::string::npos);
    CHECK(r.error().attempts == 0);
    CHECK(f.transport->request_count() == sent);
    CHECK_FALSE(r.error().is_throttled());  // the call's own previous attempt: none

    // With time for it, the call waits and goes.
    f.transport->push(MockReply::execution("f", "Succeeded"));
    CHECK(f.describe({.timeout = 1s}));
}

TEST_CASE("adaptive retry: an attempt that took its token and was not sent gives it back", "[client][retry][adaptive]")
{
    AdaptiveFixture f(RetryMode::adaptive);
    f.calls(20, 100ms);  // 10 calls a second
    f.transport->push(MockReply::service_error(429, "ResourceThrottled", "throttled"));
    REQUIRE_FALSE(f.describe({.max_attempts = 1}));  // cut to 7 a second, the bucket empty

    // This call waits 1/7 s for its token, then its credentials fail: nothing is sent.
    const auto sent = f.transport->request_count();
    CallOptions broken;
    broken.credentials = std::make_shared<NoCredentials>();
    const auto failed = f.describe(broken);
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code == errc::credentials_unavailable);
    CHECK(f.transport->request_count() == sent);
    CHECK(std::chrono::duration<double>(f.clock->sleeps().back()).count() == Approx(1.0 / 7).epsilon(1e-4));

    // Its token went back, and the 1/7 s it waited brought the next: the next call goes at once
    // (had the token been lost, it would wait another 1/7 s).
    CHECK(pacing(f.calls(1, 10ms), 10ms).empty());
}

TEST_CASE("adaptive retry: a throttled call held past its deadline by the rate keeps the throttling as its cause",
          "[client][retry][adaptive]")
{
    AdaptiveFixture f(RetryMode::adaptive, 1ms);  // a backoff of 0.5 ms: the rate holds the retry
    f.calls(20, 100ms);                           // 10 calls a second
    f.transport->push(MockReply::service_error(429, "ResourceThrottled", "throttled"));
    REQUIRE_FALSE(f.describe({.max_attempts = 1}));  // cut to 7 a second
    f.clock->advance(1s);                            // the bucket's one token is back

    // The first attempt takes it and is throttled (a second cut); its retry would wait about
    // 1/5 s for the next token, past the 100 ms deadline.
    f.transport->push(MockReply::service_error(429, "ResourceThrottled", "throttled"));
    const auto held = f.describe({.timeout = 100ms});
    REQUIRE_FALSE(held);
    INFO(held.error().message);
    CHECK(held.error().code == errc::timeout);
    CHECK(held.error().message.find("sending rate") != std::string::npos);
    CHECK(held.error().attempts == 1);
    CHECK(held.error().cause == errc::resource_throttled);
    CHECK(held.error().http_status == 429);
    CHECK(held.error().is_throttled());
}
