// Durations and dates from outside, bounded: a server's date past the system clock's range (a
// Date, a Retry-After, a credentials document's Expiration) and a user's duration too long for
// the clock neither overflow nor wrap into the past; a duration under 1 ms (or negative) is refused
// with a typed error that names the field. Under UBSan each overflow shows as a report.
#include <cloudflow/client.hpp>
#include <cloudflow/credentials/ecs_ram_role.hpp>
#include <cloudflow/credentials/oidc_role.hpp>
#include <cloudflow/credentials/refreshing.hpp>
#include <cloudflow/model/timestamp.hpp>
#include <cloudflow/retry.hpp>
#include <cloudflow/testing/local_emulator.hpp>
#include <cloudflow/testing/replies.hpp>

#include "credentials/credentials_document.hpp"
#include "support/catch_result.hpp"
#include "support/fake_http_server.hpp"
#include "support/mock_fixture.hpp"
#include "util/deadline.hpp"

#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace cloudflow;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using testing::MockReply;

namespace {

using DurSysPoint = std::chrono::system_clock::time_point;
using DurSteadyPoint = std::chrono::steady_clock::time_point;

constexpr auto dur_jan_2024 = std::chrono::sys_days{std::chrono::year{2024} / 1 / 1};

std::string dur_document(const std::string& expiration)
{
    return R"({"Code":"Success","AccessKeyId":"STS.id","AccessKeySecret":"sts-secret","SecurityToken":"sts-token",)"
           R"("Expiration":")" +
           expiration + R"("})";
}

Error dur_attempt_error(int status, errc code, int attempts)
{
    Error e = make_error(code, "from the service");
    e.http_status = status;
    e.attempts = attempts;
    return e;
}

// Serves credentials that expire at `expiration`, counting its fetches.
class DurFixedExpiry final : public RefreshingCredentialsProvider {
public:
    DurFixedExpiry(const boost::asio::any_io_executor& executor, Options options, DurSysPoint expiration)
        : RefreshingCredentialsProvider(executor, std::move(options)), expiration_(expiration)
    {
    }

protected:
    boost::asio::awaitable<Result<TemporaryCredentials>> fetch() override
    {
        ++served_;
        co_return TemporaryCredentials{{"STS.key-" + std::to_string(served_), "secret", "token"}, expiration_};
    }

private:
    DurSysPoint expiration_;
    int served_ = 0;
};

// The invalid_config a constructor throws: its field, or "(accepted)".
template <class Make>
std::string dur_refused_field(Make make)
{
    try {
        make();
    } catch (const Exception& e) {
        CHECK(e.error().code == errc::invalid_config);
        return e.error().field;
    }
    return "(accepted)";
}

}  // namespace

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

// ---- RefreshingCredentialsProvider::Options::refresh_before ----------------------------------------

TEST_CASE("durations: credentials that never expire are fetched once", "[unit][durations]")
{
    test::MockFixture f;
    auto provider = std::make_shared<DurFixedExpiry>(
        f.ioc.get_executor(), RefreshingCredentialsProvider::Options{.refresh_before = 180s, .clock = f.clock},
        DurSysPoint::max());
    for (int i = 0; i < 3; ++i) REQUIRE(f.run(provider->get_credentials()));
    f.clock->advance(std::chrono::hours(24 * 365));
    REQUIRE(f.run(provider->get_credentials()));
    CHECK(provider->fetches() == 1);
}

TEST_CASE("durations: credentials that expired before the clock's range are refused, not served", "[unit][durations]")
{
    test::MockFixture f;
    auto provider = std::make_shared<DurFixedExpiry>(
        f.ioc.get_executor(), RefreshingCredentialsProvider::Options{.refresh_before = 180s, .clock = f.clock},
        DurSysPoint::min());
    for (int i = 0; i < 2; ++i) {  // the second call finds them cached
        const auto r = f.run(provider->get_credentials());
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::credentials_unavailable);
    }
}

TEST_CASE("durations: a refresh_before too long for the clock refreshes at every call, without overflow",
          "[unit][durations]")
{
    test::MockFixture f;
    auto provider = std::make_shared<DurFixedExpiry>(
        f.ioc.get_executor(),
        RefreshingCredentialsProvider::Options{.refresh_before = std::chrono::seconds::max(), .clock = f.clock},
        DurSysPoint{dur_jan_2024} + 1h);
    const auto get_and_settle = [&] {
        REQUIRE(f.run(provider->get_credentials()));
        f.ioc.restart();
        f.ioc.run();  // the background refresh, if one started
    };
    get_and_settle();  // the first fetch; the credentials are near expiry at once: one refresh
    CHECK(provider->fetches() == 2);
    get_and_settle();  // served, and refreshed in the background again
    CHECK(provider->fetches() == 3);
}

TEST_CASE("durations: a negative refresh_before is refused, naming the field", "[unit][durations]")
{
    test::MockFixture f;
    for (const auto before : {-1s, std::chrono::seconds::min()}) {
        CHECK(dur_refused_field([&] {
                  std::make_shared<DurFixedExpiry>(f.ioc.get_executor(),
                                                   RefreshingCredentialsProvider::Options{.refresh_before = before},
                                                   DurSysPoint{dur_jan_2024});
              }) == "refresh_before");
    }
    CHECK(dur_refused_field([&] {
              std::make_shared<DurFixedExpiry>(f.ioc.get_executor(),
                                               RefreshingCredentialsProvider::Options{.refresh_before = 0s},
                                               DurSysPoint{dur_jan_2024});
          }) == "(accepted)");
}

// ---- EcsRamRoleOptions::timeout, OidcRoleOptions::timeout ---------------------------------------

TEST_CASE("durations: an ECS metadata timeout too long for the clock is no limit", "[unit][durations]")
{
    test::FakeHttpServer metadata([](const test::ReceivedRequest& r) -> HttpResponse {
        if (r.target == "/latest/api/token") return {200, {}, "tok"};
        if (r.target == "/latest/meta-data/ram/security-credentials/app-role")
            return {200, {}, dur_document("2024-01-01T06:00:00Z")};
        return {404, {}, ""};
    });
    test::MockFixture f;
    EcsRamRoleOptions options;
    options.role_name = "app-role";
    options.metadata_endpoint = metadata.url();
    options.timeout = milliseconds::max();
    options.refresh.clock = f.clock;
    auto provider = std::make_shared<EcsRamRoleCredentialsProvider>(f.ioc.get_executor(), options);
    const auto r = f.run(provider->get_credentials());
    REQUIRE(r);
    CHECK(r->access_key_id == "STS.id");
}

TEST_CASE("durations: an ECS metadata timeout under 1 ms is refused, naming the field", "[unit][durations]")
{
    boost::asio::io_context ioc;
    for (const auto timeout : {0ms, -1ms, milliseconds::min()}) {
        EcsRamRoleOptions options;
        options.timeout = timeout;
        CHECK(dur_refused_field(
                  [&] { std::make_shared<EcsRamRoleCredentialsProvider>(ioc.get_executor(), options); }) == "timeout");
    }
    EcsRamRoleOptions negative_refresh;
    negative_refresh.refresh.refresh_before = -1s;
    CHECK(dur_refused_field([&] {
              std::make_shared<EcsRamRoleCredentialsProvider>(ioc.get_executor(), negative_refresh);
          }) == "refresh_before");
}

TEST_CASE("durations: an STS timeout too long for the clock is no limit; under 1 ms is refused", "[unit][durations]")
{
    test::FakeHttpServer sts([](const test::ReceivedRequest&) -> HttpResponse {
        return {200,
                {},
                R"({"RequestId":"r","Credentials":{"AccessKeyId":"STS.oidc","AccessKeySecret":"s",)"
                R"("SecurityToken":"t","Expiration":"2024-01-01T06:00:00Z"}})"};
    });
    const auto token_file =
        std::filesystem::temp_directory_path() / ("cloudflow-durations-oidc-" + std::to_string(::getpid()) + ".token");
    std::ofstream(token_file) << "oidc-token\n";
    test::MockFixture f;
    OidcRoleOptions options;
    options.role_arn = "acs:ram::1:role/app";
    options.oidc_provider_arn = "acs:ram::1:oidc-provider/ack";
    options.oidc_token_file = token_file.string();
    options.sts_endpoint = sts.url();
    options.http.proxy_from_environment = false;
    options.refresh.clock = f.clock;
    options.timeout = milliseconds::max();
    auto provider = std::make_shared<OidcRoleCredentialsProvider>(f.ioc.get_executor(), options);
    const auto r = f.run(provider->get_credentials());
    std::filesystem::remove(token_file);
    REQUIRE(r);
    CHECK(r->access_key_id == "STS.oidc");

    for (const auto timeout : {0ms, -1ms, milliseconds::min()}) {
        options.timeout = timeout;
        CHECK(dur_refused_field(
                  [&] { std::make_shared<OidcRoleCredentialsProvider>(f.ioc.get_executor(), options); }) == "timeout");
    }
}

// ---- RetryPolicy ----------------------------------------------------------------------------------

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

// ---- ClientConfig, WaitOptions ---------------------------------------------------------------------

TEST_CASE("durations: a negative client timeout and a zero attempt timeout are refused", "[unit][durations]")
{
    test::MockFixture f;
    const auto field_of = [&](const ClientConfig& config) {
        return dur_refused_field([&] { Client client(f.ioc.get_executor(), config, f.transport); });
    };
    auto config = f.config();
    config.timeout = -1ms;
    CHECK(field_of(config) == "timeout");
    config.timeout = milliseconds::min();
    CHECK(field_of(config) == "timeout");
    config = f.config();
    config.attempt_timeout = 0ms;
    CHECK(field_of(config) == "attempt_timeout");
}

TEST_CASE("durations: wait_for_execution with a timeout too long for the clock waits until the end",
          "[unit][durations]")
{
    test::MockFixture f;
    Execution running;
    running.flow_name = "orders";
    running.name = "e1";
    running.status = ExecutionStatus::running;
    Execution done = running;
    done.status = ExecutionStatus::succeeded;
    f.transport->push(testing::replies::describe_execution(running).after(20s));
    f.transport->push(testing::replies::describe_execution(done).after(5s));
    auto client = f.client();
    const auto r = f.run(client.wait_for_execution("orders", "e1", {.timeout = milliseconds::max()}));
    REQUIRE(r);
    CHECK(r->status == ExecutionStatus::succeeded);
    const auto requests = f.transport->requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].params.at("WaitTimeSeconds") == "20");
    CHECK(f.clock->sleeps() == std::vector<std::chrono::steady_clock::duration>{20s, 5s});
}

TEST_CASE("durations: wait_for_execution refuses a negative timeout, naming the field", "[unit][durations]")
{
    test::MockFixture f;
    auto client = f.client();
    for (const auto timeout : {-1ms, 0ms, milliseconds::min()}) {
        const auto r = f.run(client.wait_for_execution("orders", "e1", {.timeout = timeout}));
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::invalid_request);
        CHECK(r.error().field == "timeout");
    }
    CHECK(f.transport->request_count() == 0);
}

// ---- LocalEmulatorOptions ------------------------------------------------------------------------

TEST_CASE("durations: LocalEmulator refuses a startup or stop timeout under 1 ms, naming the option",
          "[unit][durations]")
{
    struct Case {
        milliseconds startup, stop;
        std::string option;
    };
    for (const auto& c : {Case{0ms, 15s, "startup_timeout"}, Case{-1ms, 15s, "startup_timeout"},
                          Case{10s, 0ms, "stop_timeout"}, Case{10s, milliseconds::min(), "stop_timeout"}}) {
        testing::LocalEmulatorOptions options;
        options.executable = "/nonexistent/cloudflow-local";
        options.startup_timeout = c.startup;
        options.stop_timeout = c.stop;
        INFO(c.option);
        try {
            testing::LocalEmulator emulator(options);
            FAIL("it started");
        } catch (const testing::LocalEmulatorError& e) {
            const std::string what = e.what();
            CHECK(what.find(c.option) != std::string::npos);
            CHECK(what.find("at least 1 ms") != std::string::npos);
        }
    }
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
