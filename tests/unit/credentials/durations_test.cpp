// Durations of the credentials providers, bounded: refresh_before and the ECS and STS timeouts
// too long for the clock saturate, under 1 ms or negative are refused naming the field (see
// tests/unit/util/durations_test.cpp).
#include <cloudflow/credentials/ecs_ram_role.hpp>
#include <cloudflow/credentials/oidc_role.hpp>
#include <cloudflow/credentials/refreshing.hpp>

#include "support/catch_result.hpp"
#include "support/durations.hpp"
#include "support/fake_http_server.hpp"
#include "support/mock_fixture.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace cloudflow;
using namespace cloudflow::test;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using testing::MockReply;

namespace {

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

}  // namespace

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
