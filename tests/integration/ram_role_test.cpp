// RAM role credentials: STS AssumeRole signed V1 with the source's keys, against a fake STS on
// loopback; the profiles that name a role (the shared credentials file's ram_role_arn, the aliyun
// CLI's RamRoleArn and ChainableRamRoleArn); where STS is; what the errors say.
#include <cloudflow/credentials/profile.hpp>
#include <cloudflow/credentials/ram_role_arn.hpp>
#include <cloudflow/rpc/signer_v1.hpp>
#include <cloudflow/testing/manual_clock.hpp>

#include "credentials/sts.hpp"
#include "support/capture.hpp"
#include "support/catch_result.hpp"
#include "support/fake_http_server.hpp"
#include "support/local_emulator.hpp"
#include "support/run.hpp"

#include <boost/asio/io_context.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <mutex>
#include <vector>

using namespace cloudflow;
using namespace cloudflow::test;
using namespace std::chrono_literals;

namespace {

// An STS that checks each AssumeRole's V1 signature against the secret of its AccessKeyId
// (`secrets`) and answers with keys "STS.<role name>-<n>", expiring at `expiration`. What the
// server's thread reads is set before it starts, or guarded by `mutex`.
struct FakeSts {
    std::atomic<int> issued{0};
    std::mutex mutex;
    std::map<std::string, std::string> secrets;  // guarded by mutex, as received
    std::vector<Parameters> received;
    const std::string expiration;  // of every answer
    FakeHttpServer server{[this](const ReceivedRequest& r) { return answer(r); }};

    // `expires`: the profiles' providers read the system clock, the others a manual one at 2024-01-01.
    explicit FakeSts(const std::map<std::string, std::string>& s, std::string expires = "2024-01-01T01:00:00Z")
        : secrets(s), expiration(std::move(expires))
    {
    }

    HttpResponse answer(const ReceivedRequest& r)
    {
        auto params = decode_parameters(r.body).value();
        std::string secret;
        {
            std::lock_guard lock(mutex);
            received.push_back(params);
            const auto known = secrets.find(params["AccessKeyId"]);
            if (known == secrets.end()) return {404, {}, R"({"Code":"InvalidAccessKeyId.NotFound"})"};
            secret = known->second;
        }
        const std::string signature = params["Signature"];
        params.erase("Signature");
        if (sign_rpc_v1("POST", params, secret).signature != signature)
            return {400, {}, R"({"Code":"SignatureDoesNotMatch"})"};
        if (params["Action"] != "AssumeRole" || params["Version"] != "2015-04-01")
            return {400, {}, R"({"Code":"Bad"})"};
        if (params["RoleArn"].ends_with("/forbidden")) return {403, {}, R"({"Code":"NoPermission"})"};
        const std::string role = params["RoleArn"].substr(params["RoleArn"].rfind('/') + 1);
        const int n = ++issued;
        return {200,
                {},
                R"({"RequestId":"r","AssumedRoleUser":{},"Credentials":{"AccessKeyId":"STS.)" + role + "-" +
                    std::to_string(n) + R"(","AccessKeySecret":"role-secret","SecurityToken":"role-token-)" +
                    std::to_string(n) + R"(","Expiration":")" + expiration + R"("}})"};
    }

    void add_secret(const std::string& key, const std::string& secret)
    {
        std::lock_guard lock(mutex);
        secrets[key] = secret;
    }

    Parameters last()
    {
        std::lock_guard lock(mutex);
        return received.back();
    }
};

struct RoleSetup {
    boost::asio::io_context ioc;
    std::shared_ptr<testing::ManualClock> clock = std::make_shared<testing::ManualClock>();  // 2024-01-01T00:00Z
    Result<Credentials> get(CredentialsProvider& p) { return run(ioc, p.get_credentials()); }
};

}  // namespace

TEST_CASE("RAM role: AssumeRole signed with the source's keys; cached; refreshed", "[integration][credentials]")
{
    RoleSetup s;
    FakeSts sts(std::map<std::string, std::string>{{"LTAI-source", "source-secret"}});
    RamRoleArnOptions options{.source = make_static_credentials("LTAI-source", "source-secret"),
                              .role_arn = "acs:ram::123456:role/cloudflow-runner",
                              .role_session_name = "ci",
                              .duration = 1800s,
                              .policy = R"({"Version":"1","Statement":[]})",
                              .external_id = "ext-7",
                              .sts_endpoint = sts.server.url()};
    options.refresh.clock = s.clock;
    auto provider = std::make_shared<RamRoleArnCredentialsProvider>(s.ioc.get_executor(), options);
    const auto c = s.get(*provider);
    REQUIRE(c);
    CHECK(c->access_key_id == "STS.cloudflow-runner-1");
    CHECK(c->access_key_secret == "role-secret");
    CHECK(c->security_token == "role-token-1");
    const auto sent = sts.last();
    CHECK(sent.at("RoleArn") == "acs:ram::123456:role/cloudflow-runner");
    CHECK(sent.at("RoleSessionName") == "ci");
    CHECK(sent.at("DurationSeconds") == "1800");
    CHECK(sent.at("Policy") == R"({"Version":"1","Statement":[]})");
    CHECK(sent.at("ExternalId") == "ext-7");
    CHECK(sent.at("SignatureMethod") == "HMAC-SHA1");
    CHECK_FALSE(sent.contains("SecurityToken"));

    // Cached until the refresh window, then fetched again.
    REQUIRE(s.get(*provider));
    CHECK(sts.issued == 1);
    s.clock->advance(58min);  // within the refresh window: this call starts the refresh, the next sees it
    REQUIRE(s.get(*provider));
    CHECK(s.get(*provider).value().access_key_id == "STS.cloudflow-runner-2");
}

TEST_CASE("RAM role: temporary source credentials send their token; roles chain", "[integration][credentials]")
{
    RoleSetup s;
    FakeSts sts(std::map<std::string, std::string>{{"LTAI-source", "source-secret"}, {"STS.first-1", "role-secret"}});
    auto first = std::make_shared<RamRoleArnCredentialsProvider>(
        s.ioc.get_executor(), RamRoleArnOptions{.source = make_static_credentials("LTAI-source", "source-secret"),
                                                .role_arn = "acs:ram::1:role/first",
                                                .sts_endpoint = sts.server.url(),
                                                .refresh = {.clock = s.clock}});
    auto second = std::make_shared<RamRoleArnCredentialsProvider>(
        s.ioc.get_executor(), RamRoleArnOptions{.source = first,
                                                .role_arn = "acs:ram::2:role/second",
                                                .sts_endpoint = sts.server.url(),
                                                .refresh = {.clock = s.clock}});
    const auto c = s.get(*second);
    REQUIRE(c);
    CHECK(c->access_key_id == "STS.second-2");
    const auto sent = sts.last();
    CHECK(sent.at("AccessKeyId") == "STS.first-1");
    CHECK(sent.at("SecurityToken") == "role-token-1");
    CHECK(sent.at("RoleSessionName") == "cloudflow-cpp-session");
    CHECK(sent.at("DurationSeconds") == "3600");
    CHECK_FALSE(sent.contains("Policy"));
}

TEST_CASE("RAM role: each failure names the role and what failed; no secret shows", "[integration][credentials]")
{
    RoleSetup s;
    FakeSts sts(std::map<std::string, std::string>{{"LTAI-source", "source-secret"}});
    const auto provider = [&](std::shared_ptr<CredentialsProvider> source, const std::string& role) {
        return std::make_shared<RamRoleArnCredentialsProvider>(
            s.ioc.get_executor(),
            RamRoleArnOptions{.source = std::move(source), .role_arn = role, .sts_endpoint = sts.server.url()});
    };
    auto forbidden =
        s.get(*provider(make_static_credentials("LTAI-source", "source-secret"), "acs:ram::1:role/forbidden"));
    REQUIRE_FALSE(forbidden);
    CHECK(forbidden.error().code == errc::credentials_unavailable);
    CHECK(forbidden.error().message ==
          "RAM role acs:ram::1:role/forbidden: STS refused AssumeRole (HTTP 403, NoPermission)");

    auto wrong = s.get(*provider(make_static_credentials("LTAI-source", "not-the-secret"), "acs:ram::1:role/app"));
    REQUIRE_FALSE(wrong);
    CHECK(wrong.error().message ==
          "RAM role acs:ram::1:role/app: STS refused AssumeRole (HTTP 400, SignatureDoesNotMatch)");
    CHECK(wrong.error().message.find("not-the-secret") == std::string::npos);

    ScopedEnvironment no_key("ALIBABA_CLOUD_ACCESS_KEY_ID", "");
    auto no_source = s.get(*provider(std::make_shared<EnvironmentCredentialsProvider>(), "acs:ram::1:role/app"));
    REQUIRE_FALSE(no_source);
    CHECK(no_source.error().message.starts_with("RAM role acs:ram::1:role/app: the source credentials: "));

    FakeHttpServer hostile([](const ReceivedRequest&) {
        return HttpResponse{500, {}, R"({"Code":")" + std::string(5000, 'X') + "\\n\\u0007\"}"};
    });
    auto long_code = s.get(*std::make_shared<RamRoleArnCredentialsProvider>(
        s.ioc.get_executor(), RamRoleArnOptions{.source = make_static_credentials("LTAI-source", "source-secret"),
                                                .role_arn = "acs:ram::1:role/app",
                                                .sts_endpoint = hostile.url()}));
    REQUIRE_FALSE(long_code);
    CHECK(long_code.error().message ==
          "RAM role acs:ram::1:role/app: STS refused AssumeRole (HTTP 500, " + std::string(64, 'X') + ")");

    const auto refused_field = [&](RamRoleArnOptions o) -> std::string {
        try {
            RamRoleArnCredentialsProvider p(s.ioc.get_executor(), std::move(o));
        } catch (const Exception& e) {
            CHECK(e.error().code == errc::invalid_config);
            return e.error().field;
        }
        return "(accepted)";
    };
    const auto keys = make_static_credentials("id", "secret");
    CHECK(refused_field({.role_arn = "acs:ram::1:role/app"}) == "source");
    CHECK(refused_field({.source = keys}) == "role_arn");
    CHECK(refused_field({.source = keys, .role_arn = "r", .duration = 899s}) == "duration");
    CHECK(refused_field({.source = keys, .role_arn = "r", .sts_endpoint = "ftp://sts"}) == "sts_endpoint");
}

TEST_CASE("RAM role: where STS is", "[integration][credentials]")
{
    ScopedEnvironment endpoint("ALIBABA_CLOUD_STS_ENDPOINT", "");
    ScopedEnvironment region("ALIBABA_CLOUD_STS_REGION", "");
    ScopedEnvironment vpc("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", "");
    CHECK(detail::sts_endpoint("", "t").host == "sts.aliyuncs.com");
    CHECK(detail::sts_endpoint("http://127.0.0.1:9", "t").port == 9);
    {
        ScopedEnvironment r("ALIBABA_CLOUD_STS_REGION", "cn-shanghai");
        CHECK(detail::sts_endpoint("", "t").host == "sts.cn-shanghai.aliyuncs.com");
        ScopedEnvironment v("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED", "true");
        CHECK(detail::sts_endpoint("", "t").host == "sts-vpc.cn-shanghai.aliyuncs.com");
        ScopedEnvironment e("ALIBABA_CLOUD_STS_ENDPOINT", "https://sts.example.com");
        CHECK(detail::sts_endpoint("", "t").host == "sts.example.com");
        CHECK(detail::sts_endpoint("https://mine.example.com", "t").host == "mine.example.com");
    }
}

TEST_CASE("RAM role: the profiles that name one", "[integration][credentials]")
{
    RoleSetup s;
    FakeSts sts(std::map<std::string, std::string>{{"LTAI-file", "file-secret"}, {"LTAI-cli", "cli-secret"}},
                "2099-01-01T00:00:00Z");
    ScopedEnvironment endpoint("ALIBABA_CLOUD_STS_ENDPOINT", sts.server.url().c_str());
    TempDir dir;

    const auto ini = dir.write("credentials", R"([default]
type = ram_role_arn
access_key_id = LTAI-file
access_key_secret = file-secret
role_arn = acs:ram::1:role/from-file
role_session_name = file-session
policy = {"Statement":[]}

[no-role]
type = ram_role_arn
access_key_id = LTAI-file
access_key_secret = file-secret
)");
    auto file = std::make_shared<ProfileCredentialsProvider>(
        s.ioc.get_executor(), ProfileOptions{.file = ini.string(), .profile = "default"});
    CHECK(s.get(*file).value().access_key_id == "STS.from-file-1");
    auto sent = sts.last();
    CHECK(sent.at("AccessKeyId") == "LTAI-file");
    CHECK(sent.at("RoleSessionName") == "file-session");
    CHECK(sent.at("Policy") == R"({"Statement":[]})");
    auto no_role = std::make_shared<ProfileCredentialsProvider>(
        s.ioc.get_executor(), ProfileOptions{.file = ini.string(), .profile = "no-role"});
    CHECK(s.get(*no_role).error().message ==
          "role_arn is missing in profile [no-role] of the credentials file " + ini.string());

    const auto json = dir.write("config.json", R"({"current": "role", "profiles": [
        {"name": "keys", "mode": "AK", "access_key_id": "LTAI-cli", "access_key_secret": "cli-secret"},
        {"name": "role", "mode": "RamRoleArn", "access_key_id": "LTAI-cli", "access_key_secret": "cli-secret",
         "ram_role_arn": "acs:ram::1:role/cli-role", "ram_session_name": "cli-session", "expired_seconds": 900},
        {"name": "chained", "mode": "ChainableRamRoleArn", "source_profile": "role",
         "ram_role_arn": "acs:ram::2:role/chained"},
        {"name": "loop-a", "mode": "ChainableRamRoleArn", "source_profile": "loop-b", "ram_role_arn": "acs:ram::1:role/a"},
        {"name": "loop-b", "mode": "ChainableRamRoleArn", "source_profile": "loop-a", "ram_role_arn": "acs:ram::1:role/b"},
        {"name": "orphan", "mode": "ChainableRamRoleArn", "ram_role_arn": "acs:ram::1:role/o"},
        {"name": "short", "mode": "RamRoleArn", "access_key_id": "LTAI-cli", "access_key_secret": "cli-secret",
         "ram_role_arn": "acs:ram::1:role/s", "expired_seconds": 60}]})");
    const auto cli = [&](const char* profile) {
        return std::make_shared<CliProfileCredentialsProvider>(
            s.ioc.get_executor(), ProfileOptions{.cli_file = json.string(), .profile = profile});
    };
    CHECK(s.get(*cli("")).value().access_key_id == "STS.cli-role-2");
    sent = sts.last();
    CHECK(sent.at("RoleSessionName") == "cli-session");
    CHECK(sent.at("DurationSeconds") == "900");

    // A chain: "role"'s temporary keys assume "chained". The fake STS knows the first one's keys.
    sts.add_secret("STS.cli-role-3", "role-secret");
    CHECK(s.get(*cli("chained")).value().access_key_id == "STS.chained-4");
    CHECK(sts.last().at("AccessKeyId") == "STS.cli-role-3");

    const std::string where = " of the aliyun CLI config " + json.string();
    CHECK(s.get(*cli("loop-a")).error().message ==
          "the source_profile chain in profile loop-b" + where + " is longer than 8 profiles (or goes round)");
    CHECK(s.get(*cli("orphan")).error().message == "source_profile is missing in profile orphan" + where);
    CHECK(s.get(*cli("short")).error().message ==
          "the duration '60' in profile short" + where + " is not 900 to 43200 seconds");
}
