// The pure retry decision: no sockets, no timers.
#include <cloudflow/retry.hpp>

#include "support/catch_result.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace std::chrono;

namespace {

Error http_error(int status, errc code, int attempts)
{
    Error e;
    e.code = code;
    e.http_status = status;
    e.service_code = std::string(service_code_of(code));
    e.message = "from the service";
    e.request_id = "req-" + std::to_string(attempts);
    e.attempts = attempts;
    return e;
}

Error transport_error(errc code, int attempts)
{
    Error e = make_error(code, "transport");
    e.attempts = attempts;
    return e;
}

const steady_clock::time_point t0{};

}  // namespace

TEST_CASE("retry: classification", "[retry]")
{
    CHECK(classify(http_error(429, errc::resource_throttled, 1)) == FailureKind::throttled);
    CHECK(classify(http_error(400, errc::resource_throttled, 1)) == FailureKind::throttled);
    CHECK(classify(http_error(429, errc::service_error, 1)) == FailureKind::throttled);
    for (int status : {500, 502, 503, 504})
        CHECK(classify(http_error(status, errc::service_error, 1)) == FailureKind::transient);
    CHECK(classify(transport_error(errc::connection_failed, 1)) == FailureKind::not_sent);
    CHECK(classify(transport_error(errc::timeout, 1)) == FailureKind::maybe_sent);
    CHECK(classify(transport_error(errc::network_failure, 1)) == FailureKind::maybe_sent);
    for (errc code : {errc::invalid_argument, errc::signature_not_match, errc::flow_not_exists, errc::access_denied,
                      errc::malformed_response, errc::tls_failed, errc::cancelled, errc::invalid_request})
        CHECK(classify(http_error(400, code, 1)) == FailureKind::permanent);
    CHECK(classify(http_error(501, errc::service_error, 1)) == FailureKind::permanent);
}

TEST_CASE("retry: server hints", "[retry]")
{
    const auto now = sys_days{2024y / 1 / 1} + 12h;
    CHECK(server_retry_hint({}, now) == std::nullopt);
    CHECK(server_retry_hint({{"Retry-After", "3"}}, now) == 3000ms);
    CHECK(server_retry_hint({{"retry-after", "Mon, 01 Jan 2024 12:00:05 GMT"}}, now) == 5000ms);
    CHECK(server_retry_hint({{"Retry-After", "Mon, 01 Jan 2024 11:00:00 GMT"}}, now) == 0ms);
    CHECK(server_retry_hint({{"Retry-After", "soon"}}, now) == std::nullopt);
    CHECK(server_retry_hint({{"Retry-After", "-1"}}, now) == std::nullopt);
    CHECK(server_retry_hint({{"x-ratelimit-user-api", "Limit:100,Remain:0,TimeLeft:1234,Reset:99"}}, now) == 1234ms);
    CHECK(server_retry_hint({{"X-RateLimit-User", "TimeLeft: 250"}}, now) == 250ms);
    CHECK(server_retry_hint({{"x-ratelimit-user-api", "Remain:0"}}, now) == std::nullopt);
    CHECK(server_retry_hint({{"Retry-After", "1"}, {"x-ratelimit-user-api", "TimeLeft:2500"}}, now) == 2500ms);
}

TEST_CASE("retry: backoff ceilings grow exponentially to the cap", "[retry]")
{
    RetryPolicy policy;
    policy.base_delay = 100ms;
    policy.throttle_base_delay = 1000ms;
    policy.max_delay = 5000ms;
    RetryBudget budget(0);
    const RetryState state(policy, budget);
    CHECK(state.backoff_ceiling(1, FailureKind::transient) == 100ms);
    CHECK(state.backoff_ceiling(2, FailureKind::transient) == 200ms);
    CHECK(state.backoff_ceiling(4, FailureKind::transient) == 800ms);
    CHECK(state.backoff_ceiling(1, FailureKind::throttled) == 1000ms);
    CHECK(state.backoff_ceiling(3, FailureKind::throttled) == 4000ms);
    CHECK(state.backoff_ceiling(4, FailureKind::throttled) == 5000ms);
    CHECK(state.backoff_ceiling(60, FailureKind::throttled) == 5000ms);
}

TEST_CASE("retry: 429 and 500 are retried with full jitter until max_attempts", "[retry]")
{
    RetryPolicy policy;  // 3 attempts, 100 ms base, 1 s throttle base
    RetryBudget budget(500);
    RetryState state(policy, budget);

    auto d = state.on_failure(http_error(429, errc::resource_throttled, 1), std::nullopt, t0, std::nullopt, 0.5);
    CHECK(d.retry);
    CHECK(d.delay == 500ms);
    d = state.on_failure(http_error(500, errc::internal_server_error, 2), std::nullopt, t0, std::nullopt, 0.25);
    CHECK(d.retry);
    CHECK(d.delay == 50ms);  // 0.25 * 100 ms * 2
    CHECK(budget.available() == 490);

    d = state.on_failure(http_error(429, errc::resource_throttled, 3), std::nullopt, t0, std::nullopt, 0.5);
    CHECK_FALSE(d.retry);
    CHECK(d.error.code == errc::retries_exhausted);
    CHECK(d.error.cause == errc::resource_throttled);
    CHECK(d.error.http_status == 429);
    CHECK(d.error.service_code == "ResourceThrottled");
    CHECK(d.error.request_id == "req-3");
    CHECK(d.error.attempts == 3);
    CHECK(d.error.message == "gave up after 3 attempts: from the service");
}

TEST_CASE("retry: non-retryable errors stop at once, unchanged", "[retry]")
{
    RetryPolicy policy;
    RetryBudget budget(500);
    RetryState state(policy, budget);
    const auto d = state.on_failure(http_error(404, errc::flow_not_exists, 1), std::nullopt, t0, std::nullopt, 0.5);
    CHECK_FALSE(d.retry);
    CHECK(d.error.code == errc::flow_not_exists);
    CHECK_FALSE(d.error.cause);
    CHECK(budget.available() == 500);
}

TEST_CASE("retry: max_attempts 1 returns the attempt's own error", "[retry]")
{
    RetryPolicy policy;
    policy.max_attempts = 1;
    RetryBudget budget(500);
    RetryState state(policy, budget);
    const auto d = state.on_failure(http_error(500, errc::internal_server_error, 1), std::nullopt, t0, std::nullopt, 0);
    CHECK_FALSE(d.retry);
    CHECK(d.error.code == errc::internal_server_error);
}

TEST_CASE("retry: Retry-After and TimeLeft replace the jitter, bounded by the cap", "[retry]")
{
    RetryPolicy policy;
    policy.max_attempts = 5;
    policy.max_delay = 2000ms;
    RetryBudget budget(500);
    RetryState state(policy, budget);
    auto d = state.on_failure(http_error(429, errc::resource_throttled, 1), 1500ms, t0, std::nullopt, 0.9);
    CHECK(d.delay == 1500ms);
    d = state.on_failure(http_error(429, errc::resource_throttled, 2), 60'000ms, t0, std::nullopt, 0.9);
    CHECK(d.delay == 2000ms);
}

TEST_CASE("retry: never sleeps past the deadline", "[retry]")
{
    RetryPolicy policy;
    RetryBudget budget(500);
    RetryState state(policy, budget);
    auto d = state.on_failure(http_error(429, errc::resource_throttled, 1), std::nullopt, t0, t0 + 400ms, 0.5);
    CHECK_FALSE(d.retry);
    CHECK(d.error.code == errc::timeout);
    CHECK(d.error.cause == errc::resource_throttled);
    CHECK(d.error.http_status == 429);

    d = state.on_failure(http_error(429, errc::resource_throttled, 1), std::nullopt, t0, t0 + 600ms, 0.5);
    CHECK(d.retry);
    CHECK(d.delay == 500ms);

    d = state.on_failure(transport_error(errc::timeout, 2), std::nullopt, t0 + 600ms, t0 + 600ms, 0.5);
    CHECK_FALSE(d.retry);
    CHECK(d.error.code == errc::timeout);
    CHECK_FALSE(d.error.cause);
}

TEST_CASE("retry: a request that may have been sent is retried only when allowed", "[retry]")
{
    RetryPolicy policy;
    RetryBudget budget(500);
    {
        RetryState state(policy, budget);
        for (errc code : {errc::timeout, errc::network_failure}) {
            const auto d = state.on_failure(transport_error(code, 1), std::nullopt, t0, std::nullopt, 0.5);
            CHECK_FALSE(d.retry);
            CHECK(d.error.code == code);
        }
        const auto d =
            state.on_failure(transport_error(errc::connection_failed, 1), std::nullopt, t0, std::nullopt, 0.5);
        CHECK(d.retry);
        CHECK(budget.available() == 490);  // a network failure costs timeout_retry_cost
    }
    policy.retry_sent_requests = true;
    RetryState state(policy, budget);
    CHECK(state.on_failure(transport_error(errc::timeout, 1), std::nullopt, t0, std::nullopt, 0.5).retry);
}

TEST_CASE("retry: the budget stops retry storms and refills on success", "[retry]")
{
    RetryPolicy policy;
    policy.max_attempts = 100;
    policy.budget_capacity = 12;
    RetryBudget budget(policy.budget_capacity);
    {
        RetryState state(policy, budget);
        CHECK(
            state.on_failure(http_error(500, errc::internal_server_error, 1), std::nullopt, t0, std::nullopt, 0).retry);
        CHECK(
            state.on_failure(http_error(500, errc::internal_server_error, 2), std::nullopt, t0, std::nullopt, 0).retry);
        CHECK(budget.available() == 2);
        const auto d =
            state.on_failure(http_error(500, errc::internal_server_error, 3), std::nullopt, t0, std::nullopt, 0);
        CHECK_FALSE(d.retry);
        CHECK(d.error.code == errc::retries_exhausted);
        CHECK(d.error.cause == errc::internal_server_error);
        CHECK(d.error.message == "the client's retry budget is exhausted: from the service");
    }
    {
        RetryState state(policy, budget);
        state.on_success();  // no retry: one token back
        CHECK(budget.available() == 3);
    }
    budget.refund(2);
    {
        RetryState state(policy, budget);
        CHECK(state.on_failure(http_error(429, errc::resource_throttled, 1), std::nullopt, t0, std::nullopt, 0).retry);
        CHECK(budget.available() == 0);
        state.on_success();  // the retry's cost back
        CHECK(budget.available() == 5);
    }
    budget.refund(1000);
    CHECK(budget.available() == 12);
}

TEST_CASE("retry: a zero-capacity budget never refuses", "[retry]")
{
    RetryBudget budget(0);
    for (int i = 0; i < 1000; ++i) REQUIRE(budget.try_spend(10));
}

TEST_CASE("retry: a permanent error after the deadline stays itself", "[retry]")
{
    RetryPolicy policy;
    RetryBudget budget(500);
    RetryState state(policy, budget);
    const auto d = state.on_failure(http_error(404, errc::flow_not_exists, 1), std::nullopt, t0 + 5s, t0 + 1s, 0.5);
    CHECK_FALSE(d.retry);
    CHECK(d.error.code == errc::flow_not_exists);
    CHECK_FALSE(d.error.cause);
}
