// RetryPolicy's durations, bounded: the backoff and its jitter saturate at a max_delay too long
// for the clock, a server's hint cannot wrap past the deadline, negative delays are refused naming
// the field (see tests/unit/util/durations_test.cpp).
#include <cloudflow/client.hpp>
#include <cloudflow/retry.hpp>

#include "support/catch_result.hpp"
#include "support/durations.hpp"
#include "support/mock_fixture.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace cloudflow::test;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using testing::MockReply;

TEST_CASE("durations: the backoff's doubling saturates at a max_delay too long for the clock", "[unit][durations]")
{
    RetryPolicy policy;
    policy.max_delay = milliseconds::max();
    RetryBudget budget(0);
    RetryState state(policy, budget);
    milliseconds previous{0};
    for (int retry = 1; retry <= 200; ++retry) {
        INFO("retry " << retry);
        const auto ceiling = state.backoff_ceiling(retry, FailureKind::transient);
        CHECK(ceiling >= previous);  // never wraps around
        previous = ceiling;
    }
    CHECK(state.backoff_ceiling(64, FailureKind::transient) == milliseconds::max());
    CHECK(state.backoff_ceiling(200, FailureKind::throttled) == milliseconds::max());
}

TEST_CASE("durations: a full jitter of a ceiling too long for the clock stays within it", "[unit][durations]")
{
    RetryPolicy policy;
    policy.max_attempts = 1000;
    policy.max_delay = milliseconds::max();
    RetryBudget budget(0);
    RetryState state(policy, budget);
    const auto decision =
        state.on_failure(dur_attempt_error(500, errc::internal_server_error, 100), std::nullopt, {}, std::nullopt, 1.0);
    CHECK(decision.retry);
    CHECK(decision.delay >= 0ms);
    CHECK(decision.delay <= milliseconds::max());
}

TEST_CASE("durations: a server's huge TimeLeft under a huge max_delay does not wrap past the deadline",
          "[unit][durations]")
{
    RetryPolicy policy;
    policy.max_delay = milliseconds::max();
    RetryBudget budget(0);
    RetryState state(policy, budget);
    const auto hint = server_retry_hint({{"x-ratelimit-user-api", "TimeLeft:9223372036854775807"}}, {});
    REQUIRE(hint == milliseconds::max());
    const DurSteadyPoint now{std::chrono::hours(1)};
    const auto decision =
        state.on_failure(dur_attempt_error(429, errc::resource_throttled, 1), hint, now, now + 1h, 0.5);
    CHECK_FALSE(decision.retry);
    CHECK(decision.error.code == errc::timeout);
}

TEST_CASE("durations: the client waits a saturated delay when max_delay and the server's hint are huge",
          "[unit][durations]")
{
    test::MockFixture f;
    auto config = f.config();
    config.retry.max_delay = milliseconds::max();
    f.transport
        ->push(MockReply::respond(429, R"({"Code":"ResourceThrottled","Message":"slow down","RequestId":"r1"})",
                                  {{"x-ratelimit-user-api", "TimeLeft:9223372036854775807"}}))
        .push(MockReply::execution("flow", "Succeeded"));
    auto client = f.client(config);
    StartSyncExecutionRequest request;
    request.flow_name = "flow";
    const auto r = f.run(client.start_sync_execution(request));
    REQUIRE(r);
    CHECK(f.clock->sleeps() ==
          std::vector<std::chrono::steady_clock::duration>{std::chrono::steady_clock::duration::max()});
}

TEST_CASE("durations: negative retry delays are refused, naming the field", "[unit][durations]")
{
    test::MockFixture f;
    const auto field_of = [&](const ClientConfig& config) {
        return dur_refused_field([&] { Client client(f.ioc.get_executor(), config, f.transport); });
    };
    auto config = f.config();
    config.retry.base_delay = -1ms;
    CHECK(field_of(config) == "retry.base_delay");
    config = f.config();
    config.retry.throttle_base_delay = milliseconds::min();
    CHECK(field_of(config) == "retry.throttle_base_delay");
    config = f.config();
    config.retry.max_delay = -1ms;
    CHECK(field_of(config) == "retry.max_delay");
    config = f.config();
    config.retry.base_delay = 0ms;  // no backoff: allowed
    config.retry.throttle_base_delay = milliseconds::max();
    config.retry.max_delay = milliseconds::max();
    CHECK(field_of(config) == "(accepted)");
}
