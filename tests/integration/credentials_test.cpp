// Temporary credentials from the ECS metadata service, against a fake metadata server on loopback:
// hardened mode, role discovery, caching, refresh before expiry, shared refreshes, failures.
#include <cloudflow/credentials/chain.hpp>
#include <cloudflow/credentials/ecs_ram_role.hpp>
#include <cloudflow/credentials/oidc_role.hpp>
#include <cloudflow/testing/manual_clock.hpp>

#include "integration/fixture.hpp"
#include "support/catch_result.hpp"
#include "support/fake_http_server.hpp"
#include "support/run.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <cstdlib>

using namespace cloudflow;
using namespace cloudflow::test;
using namespace std::chrono_literals;

namespace {

// The metadata service of an instance with role "app-role". The n-th credentials document carries
// the key "STS.key-n" and expires at `expiry` (set by the test).
struct Metadata {
    std::atomic<int> documents{0};
    std::atomic<bool> failing{false};
    std::atomic<bool> hardened{true};
    std::string expiry = "2024-01-01T00:10:00Z";
    FakeHttpServer server{[this](const ReceivedRequest& r) { return answer(r); }};

    HttpResponse answer(const ReceivedRequest& r)
    {
        if (r.method == "PUT" && r.target == "/latest/api/token") {
            if (!hardened) return {404, {}, "not found"};
            return {
                200, {}, find_header(r.headers, "X-aliyun-ecs-metadata-token-ttl-seconds") == "21600" ? "tok-1" : ""};
        }
        if (hardened && find_header(r.headers, "X-aliyun-ecs-metadata-token") != "tok-1") return {401, {}, ""};
        if (r.target == "/latest/meta-data/ram/security-credentials/") return {200, {}, "app-role\n"};
        if (r.target == "/latest/meta-data/ram/security-credentials/app-role") {
            if (failing) return {500, {}, "busy"};
            const int n = ++documents;
            const boost::json::object doc{{"Code", "Success"},
                                          {"AccessKeyId", "STS.key-" + std::to_string(n)},
                                          {"AccessKeySecret", "secret-" + std::to_string(n)},
                                          {"SecurityToken", "token-" + std::to_string(n)},
                                          {"Expiration", expiry},
                                          {"LastUpdated", "2024-01-01T00:00:00Z"}};
            return {200, {}, boost::json::serialize(doc)};
        }
        return {404, {}, ""};
    }
};

struct Setup {
    boost::asio::io_context ioc;
    std::shared_ptr<testing::ManualClock> clock = std::make_shared<testing::ManualClock>();  // 2024-01-01T00:00Z
    Metadata metadata;

    std::shared_ptr<EcsRamRoleCredentialsProvider> provider(EcsRamRoleOptions options = {})
    {
        options.metadata_endpoint = metadata.server.url();
        options.refresh.clock = clock;
        return std::make_shared<EcsRamRoleCredentialsProvider>(ioc.get_executor(), options);
    }
    Result<Credentials> get(CredentialsProvider& p) { return run(ioc, p.get_credentials()); }
};

}  // namespace

TEST_CASE("credentials: ECS RAM role in hardened mode, role discovered", "[integration][credentials]")
{
    Setup s;
    auto provider = s.provider();
    const auto c = s.get(*provider);
    REQUIRE(c);
    CHECK(c->access_key_id == "STS.key-1");
    CHECK(c->access_key_secret == "secret-1");
    CHECK(c->security_token == "token-1");

    const auto requests = s.metadata.server.requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[0].method == "PUT");
    CHECK(requests[1].target == "/latest/meta-data/ram/security-credentials/");
    CHECK(requests[2].target == "/latest/meta-data/ram/security-credentials/app-role");
    CHECK(find_header(requests[2].headers, "X-aliyun-ecs-metadata-token") == "tok-1");

    // Cached: no new fetch.
    REQUIRE(s.get(*provider));
    CHECK(provider->fetches() == 1);
}

TEST_CASE("credentials: refreshed before they expire, in the background", "[integration][credentials]")
{
    Setup s;
    auto provider = s.provider({.role_name = "app-role"});
    REQUIRE(s.get(*provider).value().access_key_id == "STS.key-1");  // expires 00:10
    s.metadata.expiry = "2024-01-01T01:00:00Z";

    s.clock->advance(8min);  // within refresh_before (3 min) of the expiry
    const auto served = s.get(*provider);
    REQUIRE(served);
    CHECK(served->access_key_id == "STS.key-1");  // served at once, still valid
    CHECK(provider->fetches() == 2);              // and a refresh ran in the background
    CHECK(s.get(*provider).value().access_key_id == "STS.key-2");
}

TEST_CASE("credentials: a failed refresh keeps the old credentials until they expire", "[integration][credentials]")
{
    Setup s;
    auto provider = s.provider({.role_name = "app-role"});
    REQUIRE(s.get(*provider).value().access_key_id == "STS.key-1");
    s.metadata.failing = true;

    s.clock->advance(8min);
    CHECK(s.get(*provider).value().access_key_id == "STS.key-1");
    s.clock->advance(3min);  // now really expired
    const auto expired = s.get(*provider);
    REQUIRE_FALSE(expired);
    CHECK(expired.error().code == errc::credentials_unavailable);
    CHECK(expired.error().message.find("HTTP 500") != std::string::npos);
    CHECK(expired.error().to_string().find("secret-1") == std::string::npos);

    s.metadata.failing = false;  // the service is back
    s.metadata.expiry = "2024-01-01T01:00:00Z";
    CHECK(s.get(*provider).value().access_key_id == "STS.key-2");
}

TEST_CASE("credentials: concurrent callers share one fetch", "[integration][credentials]")
{
    Setup s;
    auto provider = s.provider({.role_name = "app-role"});
    std::vector<std::future<Result<Credentials>>> futures;
    for (int i = 0; i < 20; ++i)
        futures.push_back(boost::asio::co_spawn(s.ioc, provider->get_credentials(), boost::asio::use_future));
    s.ioc.run();
    for (auto& f : futures) CHECK(f.get().value().access_key_id == "STS.key-1");
    CHECK(provider->fetches() == 1);
    CHECK(s.metadata.documents == 1);
}

TEST_CASE("credentials: without the hardened mode's token", "[integration][credentials]")
{
    Setup s;
    s.metadata.hardened = false;
    auto provider = s.provider({.role_name = "app-role"});
    REQUIRE(s.get(*provider));  // plain mode is allowed by default

    auto strict = s.provider({.role_name = "app-role", .require_token = true});
    const auto refused = s.get(*strict);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message.find("ALIBABA_CLOUD_IMDSV1_DISABLED") != std::string::npos);
}

TEST_CASE("credentials: a client signs with the role's credentials", "[integration][credentials]")
{
    Setup s;
    s.metadata.expiry = "2099-01-01T00:00:00Z";
    const std::string config = R"({"access_keys": [{"id": "STS.key-1", "secret": "secret-1"}],
      "flows": [{"name": "echo", "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Echo",
        "States": [{"Type": "Pass", "Name": "Echo", "End": true}]}}]})";
    LocalEmulator emulator({}, config);
    ClientConfig client_config;
    client_config.endpoint = emulator.url();
    EcsRamRoleOptions options{.role_name = "app-role", .metadata_endpoint = s.metadata.server.url()};
    client_config.credentials = std::make_shared<EcsRamRoleCredentialsProvider>(s.ioc.get_executor(), options);
    Client client(s.ioc.get_executor(), client_config);
    StartSyncExecutionRequest request;
    request.flow_name = "echo";
    REQUIRE(run(s.ioc, client.start_sync_execution(request)));
}

TEST_CASE("credentials: the shared credentials file", "[integration][credentials]")
{
    Setup s;
    TempDir dir;
    const auto file = dir.write("credentials", "[default]\ntype = access_key\naccess_key_id = LTAI-file\n"
                                               "access_key_secret = file-secret\n\n"
                                               "[on-ecs]\ntype = ecs_ram_role\nrole_name = app-role\n\n"
                                               "[broken]\ntype = access_key\naccess_key_id = only-id\n\n"
                                               "[odd]\ntype = rsa_key_pair\n");
    const auto provider = [&](const char* profile) {
        ProfileOptions options{.file = file.string(), .profile = profile};
        options.ecs.metadata_endpoint = s.metadata.server.url();
        options.ecs.refresh.clock = s.clock;
        return std::make_shared<ProfileCredentialsProvider>(s.ioc.get_executor(), options);
    };
    auto c = s.get(*provider("default"));
    REQUIRE(c);
    CHECK(c->access_key_id == "LTAI-file");
    CHECK_FALSE(c->security_token);

    c = s.get(*provider("on-ecs"));
    REQUIRE(c);
    CHECK(c->access_key_id == "STS.key-1");

    c = s.get(*provider("broken"));
    REQUIRE_FALSE(c);
    CHECK(c.error().message.starts_with("access_key_id or access_key_secret is missing in profile [broken]"));
    c = s.get(*provider("odd"));
    REQUIRE_FALSE(c);
    CHECK(c.error().message.starts_with("type 'rsa_key_pair' in profile [odd]"));
    c = s.get(*provider("absent"));
    REQUIRE_FALSE(c);
    CHECK(c.error().message.ends_with("has no profile [absent]"));

    // From the environment: ALIBABA_CLOUD_CREDENTIALS_FILE and ALIBABA_CLOUD_PROFILE.
    ::setenv("ALIBABA_CLOUD_CREDENTIALS_FILE", file.c_str(), 1);
    ::setenv("ALIBABA_CLOUD_PROFILE", "default", 1);
    ProfileCredentialsProvider from_environment(s.ioc.get_executor());
    CHECK(s.get(from_environment).value().access_key_id == "LTAI-file");
    ::unsetenv("ALIBABA_CLOUD_CREDENTIALS_FILE");
    ::unsetenv("ALIBABA_CLOUD_PROFILE");
}

TEST_CASE("credentials: the default chain", "[integration][credentials]")
{
    Setup s;
    TempDir dir;
    // Never the real metadata address from a test: ECS is either off or the loopback fake.
    ::setenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true", 1);
    ::unsetenv("ALIBABA_CLOUD_ACCESS_KEY_ID");
    ::unsetenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    ::unsetenv("ALIBABA_CLOUD_SECURITY_TOKEN");
    const ProfileOptions missing_file{.file = (dir.path() / "none").string(),
                                      .cli_file = (dir.path() / "no-cli.json").string()};

    SECTION("nothing yields: the error says what each provider lacked")
    {
        auto chain = make_default_credentials_chain(s.ioc.get_executor(), missing_file);
        const auto c = s.get(*chain);
        REQUIRE_FALSE(c);
        CHECK(c.error().code == errc::credentials_unavailable);
        CHECK(c.error().message ==
              "no credentials provider yielded (environment: ALIBABA_CLOUD_ACCESS_KEY_ID is not set; aliyun CLI "
              "profile: the aliyun CLI config " +
                  missing_file.cli_file + " does not exist; credentials file: the credentials file " +
                  missing_file.file + " does not exist)");
    }
    SECTION("the environment comes first")
    {
        ::setenv("ALIBABA_CLOUD_ACCESS_KEY_ID", "LTAI-env", 1);
        ::setenv("ALIBABA_CLOUD_ACCESS_KEY_SECRET", "env-secret", 1);
        const auto file = dir.write("credentials", "[default]\ntype = access_key\naccess_key_id = LTAI-file\n"
                                                   "access_key_secret = file-secret\n");
        auto chain = make_default_credentials_chain(s.ioc.get_executor(),
                                                    {.file = file.string(), .cli_file = missing_file.cli_file});
        CHECK(s.get(*chain).value().access_key_id == "LTAI-env");
        ::unsetenv("ALIBABA_CLOUD_ACCESS_KEY_ID");
        CHECK(s.get(*chain).value().access_key_id == "LTAI-file");  // then the file
    }
    SECTION("the ECS RAM role when it is enabled")
    {
        ::unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
        s.metadata.expiry = "2099-01-01T00:00:00Z";  // this provider runs on the system clock
        ProfileOptions options = missing_file;
        options.ecs.metadata_endpoint = s.metadata.server.url();
        auto chain = make_default_credentials_chain(s.ioc.get_executor(), options);
        CHECK(s.get(*chain).value().access_key_id == "STS.key-1");
    }
    ::unsetenv("ALIBABA_CLOUD_ECS_METADATA_DISABLED");
}

TEST_CASE("credentials: OIDC role through STS AssumeRoleWithOIDC", "[integration][credentials]")
{
    Setup s;
    TempDir dir;
    const auto token_file = dir.write("token", "eyJ-first-token\n");
    std::atomic<int> calls{0};
    FakeHttpServer sts([&](const ReceivedRequest& r) -> HttpResponse {
        const auto params = decode_parameters(r.body).value();
        if (params.at("OIDCToken") == "revoked") return {403, {}, R"({"Code":"AuthenticationFail.OIDCToken"})"};
        const int n = ++calls;
        return {200,
                {},
                R"({"RequestId":"r","Credentials":{"AccessKeyId":"STS.oidc-)" + std::to_string(n) +
                    R"(","AccessKeySecret":"oidc-secret","SecurityToken":"oidc-token-)" + params.at("OIDCToken") +
                    R"(","Expiration":"2024-01-01T01:00:00Z"}})"};
    });
    OidcRoleOptions options{.role_arn = "acs:ram::123:role/app",
                            .oidc_provider_arn = "acs:ram::123:oidc-provider/ack",
                            .oidc_token_file = token_file.string(),
                            .sts_endpoint = sts.url()};
    options.refresh.clock = s.clock;
    auto provider = std::make_shared<OidcRoleCredentialsProvider>(s.ioc.get_executor(), options);
    auto c = s.get(*provider);
    REQUIRE(c);
    CHECK(c->access_key_id == "STS.oidc-1");
    CHECK(c->security_token == "oidc-token-eyJ-first-token");

    const auto sent = decode_parameters(sts.requests().at(0).body).value();
    CHECK(sent.at("Action") == "AssumeRoleWithOIDC");
    CHECK(sent.at("Version") == "2015-04-01");
    CHECK(sent.at("RoleArn") == "acs:ram::123:role/app");
    CHECK(sent.at("OIDCProviderArn") == "acs:ram::123:oidc-provider/ack");
    CHECK_FALSE(sent.contains("Signature"));

    // The token file is read again at the refresh: the platform rotates it.
    dir.write("token", "eyJ-second-token");
    s.clock->advance(58min);
    REQUIRE(s.get(*provider));
    CHECK(s.get(*provider).value().security_token == "oidc-token-eyJ-second-token");

    // A refusal says what STS said; the secret never shows.
    dir.write("token", "revoked");
    s.clock->advance(2h);
    const auto refused = s.get(*provider);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().message ==
          "OIDC role: STS refused AssumeRoleWithOIDC (HTTP 403, AuthenticationFail.OIDCToken)");

    CHECK_THROWS_AS(OidcRoleCredentialsProvider(s.ioc.get_executor(), {.role_arn = "x"}), Exception);
}

TEST_CASE("credentials: the aliyun CLI's profiles", "[integration][credentials]")
{
    Setup s;
    TempDir dir;
    const auto file = dir.write("config.json", R"({"current": "work", "profiles": [
        {"name": "work", "mode": "AK", "access_key_id": "LTAI-cli", "access_key_secret": "cli-secret"},
        {"name": "sts", "mode": "StsToken", "access_key_id": "STS.cli", "access_key_secret": "s",
         "sts_token": "cli-token"},
        {"name": "ecs", "mode": "EcsRAMRole", "ram_role_name": "app-role"},
        {"name": "sso", "mode": "CloudSSO"}]})");
    const auto provider = [&](const char* profile) {
        ProfileOptions options{.cli_file = file.string(), .profile = profile};
        options.ecs.metadata_endpoint = s.metadata.server.url();
        options.ecs.refresh.clock = s.clock;
        return std::make_shared<CliProfileCredentialsProvider>(s.ioc.get_executor(), options);
    };
    CHECK(s.get(*provider("")).value().access_key_id == "LTAI-cli");  // "current"
    CHECK(s.get(*provider("sts")).value().security_token == "cli-token");
    CHECK(s.get(*provider("ecs")).value().access_key_id == "STS.key-1");
    const auto sso = s.get(*provider("sso"));
    REQUIRE_FALSE(sso);
    CHECK(sso.error().message.starts_with("mode 'CloudSSO' in profile sso"));
    CHECK(s.get(*provider("none")).error().message.ends_with("has no profile 'none'"));
}

TEST_CASE("credentials: ALIBABA_CLOUD_CREDENTIALS_URI", "[integration][credentials]")
{
    Setup s;
    FakeHttpServer uri([](const ReceivedRequest& r) -> HttpResponse {
        if (r.target != "/credentials?role=app") return {404, {}, ""};
        return {200, {}, R"({"Code":"Success","AccessKeyId":"STS.uri","AccessKeySecret":"uri-secret",
                             "SecurityToken":"uri-token","Expiration":"2024-01-01T01:00:00Z"})"};
    });
    UriCredentialsProvider::Options refresh{.clock = s.clock};
    auto provider =
        std::make_shared<UriCredentialsProvider>(s.ioc.get_executor(), uri.url() + "/credentials?role=app", refresh);
    const auto c = s.get(*provider);
    REQUIRE(c);
    CHECK(c->access_key_id == "STS.uri");
    CHECK(c->security_token == "uri-token");
    CHECK_THROWS_AS(UriCredentialsProvider(s.ioc.get_executor(), "not a uri"), Exception);
}
