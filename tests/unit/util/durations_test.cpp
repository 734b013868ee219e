// Durations and dates from outside, bounded: a server's date past the system clock's range (a
// Date, a Retry-After, a credentials document's Expiration) and a user's duration too long for
// the clock neither overflow nor wrap into the past; a duration under 1 ms (or negative) is refused
// with a typed error that names the field. Under UBSan each overflow shows as a report.
// Here: dates from servers, and the saturating arithmetic on time points. The other areas'
// durations: credentials/, retry/, client/ and testing/durations_test.cpp.
#include <cloudflow/client.hpp>
#include <cloudflow/model/timestamp.hpp>
#include <cloudflow/retry.hpp>

#include "credentials/credentials_document.hpp"
#include "support/catch_result.hpp"
#include "support/durations.hpp"
#include "support/mock_fixture.hpp"
#include "util/deadline.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace cloudflow::test;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using testing::MockReply;

// ---- Dates from servers -------------------------------------------------------------------------

TEST_CASE("durations: an HTTP date outside the system clock's range is no date", "[unit][durations]")
{
    using namespace std::chrono;
    for (const char* text :
         {"Sat, 01 Jan 2263 00:00:00 GMT", "Fri, 31 Dec 9999 23:59:59 GMT", "Fri, 11 Apr 2262 23:47:17 GMT",
          "Sat, 01 Jan 1600 00:00:00 GMT", "Mon, 01 Jan 0001 00:00:00 GMT", "Tue, 21 Sep 1677 00:12:43 GMT"}) {
        INFO(text);
        CHECK_FALSE(parse_http_date(text));
    }
    // The clock's first and last whole seconds still parse.
    CHECK(parse_http_date("Fri, 11 Apr 2262 23:47:16 GMT") == sys_days{2262y / 4 / 11} + 23h + 47min + 16s);
    CHECK(parse_http_date("Tue, 21 Sep 1677 00:12:44 GMT") == sys_days{1677y / 9 / 21} + 12min + 44s);
}

TEST_CASE("durations: ISO 8601 times of any four-digit year are read without overflow", "[unit][durations]")
{
    using namespace std::chrono;
    // A Timestamp counts milliseconds: years 0000 to 9999 fit.
    CHECK(parse_timestamp("9999-12-31T23:59:59.999Z") == sys_days{9999y / 12 / 31} + 23h + 59min + 59s + 999ms);
    CHECK(format_timestamp(*parse_timestamp("9999-12-31T23:59:59.999Z")) == "9999-12-31T23:59:59.999Z");
    CHECK(parse_timestamp("2263-01-01T00:00:00Z") == sys_days{2263y / 1 / 1});
    CHECK(parse_timestamp("0001-01-01T00:00:00Z") == sys_days{1y / 1 / 1});
    CHECK(parse_timestamp("0000-01-01T00:00:00+23:59") == sys_days{0y / 1 / 1} - 23h - 59min);
}

TEST_CASE("durations: a Retry-After date in year 9999 waits max_delay; one in year 0001 waits nothing",
          "[unit][durations]")
{
    const DurSysPoint now{dur_jan_2024};
    const auto far = server_retry_hint({{"Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"}}, now);
    REQUIRE(far);
    CHECK(*far > std::chrono::hours(24 * 365) * 7000);
    CHECK(server_retry_hint({{"Retry-After", "Sat, 01 Jan 2263 00:00:00 GMT"}}, now) > std::chrono::hours(24 * 365));
    CHECK(server_retry_hint({{"Retry-After", "Mon, 01 Jan 0001 00:00:00 GMT"}}, now) == 0ms);
    CHECK(server_retry_hint({{"Retry-After", "Sat, 01 Jan 1600 00:00:00 GMT"}}, now) == 0ms);

    RetryPolicy policy;
    RetryBudget budget(0);
    RetryState state(policy, budget);
    const auto decision = state.on_failure(dur_attempt_error(429, errc::resource_throttled, 1), far, {}, {}, 0.5);
    CHECK(decision.retry);
    CHECK(decision.delay == policy.max_delay);
}

TEST_CASE("durations: a skew Date in year 9999 is not a clock to correct", "[unit][durations]")
{
    test::MockFixture f;
    auto skewed = MockReply::service_error(403, "RequestTimeTooSkewed", "too skewed");
    std::get<HttpResponse>(skewed.outcome).headers.emplace_back("Date", "Fri, 31 Dec 9999 23:59:59 GMT");
    f.transport->push(std::move(skewed)).push(MockReply::execution("flow", "Succeeded"));
    auto client = f.client();
    StartSyncExecutionRequest request;
    request.flow_name = "flow";
    const auto r = f.run(client.start_sync_execution(request));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::request_time_too_skewed);
    CHECK(f.transport->request_count() == 1);
}

TEST_CASE("durations: a credentials Expiration past the clock's range saturates", "[unit][durations]")
{
    using namespace std::chrono;
    const auto far = detail::parse_credentials_document(dur_document("9999-12-31T23:59:59Z"), true);
    REQUIRE(far);
    CHECK(far->expiration == DurSysPoint::max());  // does not expire soon
    const auto past_end = detail::parse_credentials_document(dur_document("2263-01-01T00:00:00Z"), true);
    REQUIRE(past_end);
    CHECK(past_end->expiration == DurSysPoint::max());
    const auto ancient = detail::parse_credentials_document(dur_document("0001-01-01T00:00:00Z"), true);
    REQUIRE(ancient);
    CHECK(ancient->expiration == DurSysPoint::min());  // long expired
    const auto inside = detail::parse_credentials_document(dur_document("2262-04-11T23:47:16Z"), true);
    REQUIRE(inside);
    CHECK(inside->expiration == sys_days{2262y / 4 / 11} + 23h + 47min + 16s);
    // STS's document, the same way.
    const auto sts = detail::parse_credentials_document(
        R"({"Credentials":{"AccessKeyId":"a","AccessKeySecret":"b","SecurityToken":"c","Expiration":"9999-01-01T00:00:00Z"}})",
        false, "Credentials");
    REQUIRE(sts);
    CHECK(sts->expiration == DurSysPoint::max());
}

// ---- The helpers ---------------------------------------------------------------------------------

TEST_CASE("durations: saturating arithmetic on time points at both ends of the clock", "[unit][durations]")
{
    const DurSysPoint mid{std::chrono::hours(1)};
    CHECK(detail::saturating_add(mid, -1h) == DurSysPoint{});
    CHECK(detail::saturating_add(DurSysPoint::min() + 1ms, -1h) == DurSysPoint::min());
    CHECK(detail::saturating_add(DurSysPoint{-std::chrono::hours(1)}, milliseconds::max()) == DurSysPoint::max());
    CHECK(detail::saturating_sub(mid, 30min) == mid - 30min);
    CHECK(detail::saturating_sub(DurSysPoint::min(), 180s) == DurSysPoint::min());
    CHECK(detail::saturating_sub(mid, std::chrono::seconds::max()) == DurSysPoint::min());
    CHECK(detail::saturating_sub(DurSysPoint::max(), -1s) == DurSysPoint::max());
    CHECK(detail::saturating_sub(mid, std::chrono::seconds::min()) == DurSysPoint::max());
    CHECK(detail::saturating_add(DurSysPoint::min(), std::chrono::seconds::max()) == DurSysPoint::max());
    CHECK(detail::saturating_add(DurSysPoint::max(), std::chrono::seconds::min()) == DurSysPoint::min());
    // Exact where the sum fits, though the added duration alone does not fit the clock's unit.
    const auto nine_billion_s = std::chrono::seconds(9'300'000'000LL);  // over 292 years: no nanoseconds hold it
    CHECK(detail::saturating_add(DurSysPoint::min(), nine_billion_s) ==
          DurSysPoint::min() + std::chrono::seconds(9'223'372'036) +
              (nine_billion_s - std::chrono::seconds(9'223'372'036)));
    CHECK(detail::saturating_cast<std::chrono::nanoseconds>(std::chrono::seconds::max()) ==
          std::chrono::nanoseconds::max());
    CHECK(detail::saturating_cast<std::chrono::nanoseconds>(std::chrono::seconds::min()) ==
          std::chrono::nanoseconds::min());
    CHECK(detail::saturating_cast<std::chrono::nanoseconds>(1500ms) == 1500ms);
    CHECK(detail::at_least_1ms(1ms));
    CHECK(detail::at_least_1ms(std::chrono::seconds::max()));
    CHECK_FALSE(detail::at_least_1ms(0s));
    CHECK_FALSE(detail::at_least_1ms(std::chrono::microseconds(999)));
    CHECK(detail::at_least_1ms(std::chrono::microseconds(1000)));
    CHECK_FALSE(detail::at_least_1ms(std::chrono::duration<double>(0.0004)));
    CHECK(detail::at_least_1ms(std::chrono::duration<double>(1e10)));
}
