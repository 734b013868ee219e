// The CLI's --profile and region chain: the aliyun CLI profile it names gives the keys and the
// region; without --region and --endpoint the region comes from ALIBABA_CLOUD_REGION_ID or that
// profile, else a usage error (exit 2, nothing sent) says where it looked.
#include "support/fake_http_server.hpp"
#include "support/local_emulator.hpp"
#include "support/process.hpp"

#include <cloudflow/rpc/parameters.hpp>
#include <cloudflow/rpc/signer_v1.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>
#include <vector>

#ifdef CLOUDFLOW_CLI_PATH

using namespace cloudflow;
using namespace cloudflow::test;

namespace {

// Two profiles of the aliyun CLI: the current one and "other", each with its key and region.
constexpr const char* cli_config = R"({"current": "main", "profiles": [
    {"name": "main", "mode": "AK", "access_key_id": "LTAI-main", "access_key_secret": "main-secret",
     "region_id": "cn-hangzhou"},
    {"name": "other", "mode": "AK", "access_key_id": "LTAI-other", "access_key_secret": "other-secret",
     "region_id": "Not_A_Region"},
    {"name": "bare", "mode": "AK", "access_key_id": "LTAI-bare", "access_key_secret": "bare-secret"}]})";

// `cloudflow ARGS` with HOME at `home` and no other source of keys or region.
ProcessResult cli_at_home(const TempDir& home, const std::vector<std::string>& args, const std::string& region = "")
{
    std::vector<std::string> argv{CLOUDFLOW_CLI_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    return run_process(argv, {"HOME=" + home.path().string(), "ALIBABA_CLOUD_ACCESS_KEY_ID=",
                              "ALIBABA_CLOUD_ACCESS_KEY_SECRET=", "ALIBABA_CLOUD_PROFILE=",
                              "ALIBABA_CLOUD_CLI_PROFILE_DISABLED=", "ALIBABA_CLOUD_CREDENTIALS_FILE=/nonexistent",
                              "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true", "ALIBABA_CLOUD_REGION_ID=" + region});
}

// The AccessKeyId a request was signed with.
std::string key_of(const ReceivedRequest& r)
{
    auto params = decode_parameters(r.body).value();
    if (const auto q = r.target.find('?'); q != std::string::npos)
        for (auto& [name, value] : decode_parameters(std::string_view(r.target).substr(q + 1)).value())
            params.emplace(name, value);
    return params.at("AccessKeyId");
}

}  // namespace

TEST_CASE("cli: --profile names the aliyun CLI profile whose keys sign the calls", "[integration][cli]")
{
    TempDir home;
    std::filesystem::create_directories(home.path() / ".aliyun");
    home.write(".aliyun/config.json", cli_config);
    FakeHttpServer server([](const ReceivedRequest&) {
        return HttpResponse{
            200, {{"Content-Type", "application/json"}}, R"({"RequestId":"r","Regions":{"Region":[]}})"};
    });
    const std::vector<std::string> call{"describe-regions", "--endpoint", server.url(), "--max-attempts", "1"};

    auto r = cli_at_home(home, call);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    auto with_profile = call;
    with_profile.insert(with_profile.end(), {"--profile", "other"});
    r = cli_at_home(home, with_profile);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    CHECK(key_of(requests[0]) == "LTAI-main");
    CHECK(key_of(requests[1]) == "LTAI-other");
}

TEST_CASE("cli: without --region and --endpoint, the region is the environment's, else the profile's",
          "[integration][cli]")
{
    TempDir home;
    std::filesystem::create_directories(home.path() / ".aliyun");
    home.write(".aliyun/config.json", cli_config);
    // The region each would use shows in the error of an invalid one: nothing is sent.
    auto r = cli_at_home(home, {"list-flows", "--profile", "other"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("'Not_A_Region' is invalid") != std::string::npos);

    r = cli_at_home(home, {"list-flows", "--profile", "other"}, "Env_Region");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("'Env_Region' is invalid") != std::string::npos);

    r = cli_at_home(home, {"list-flows", "--profile", "bare"});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("no region: ClientConfig::region_id and endpoint are empty, ALIBABA_CLOUD_REGION_ID is not set, "
                     "and profile bare of the aliyun CLI config " +
                     (home.path() / ".aliyun/config.json").string() + " has no region_id") != std::string::npos);

    // --region wins over both.
    r = cli_at_home(home, {"list-flows", "--profile", "other", "--region", "Flag_Region"}, "Env_Region");
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("'Flag_Region' is invalid") != std::string::npos);
}

TEST_CASE("cli: a shared credentials file's ram_role_arn profile: STS's keys call fnf", "[integration][cli]")
{
    TempDir home;
    const auto file = home.write("credentials", R"([default]
type = ram_role_arn
access_key_id = LTAI-source
access_key_secret = source-secret
role_arn = acs:ram::123456:role/flows
role_session_name = cli-test
)");
    // STS answers only a request signed with the source's secret.
    FakeHttpServer sts([](const ReceivedRequest& r) -> HttpResponse {
        auto params = decode_parameters(r.body).value();
        const std::string signature = params["Signature"];
        params.erase("Signature");
        if (params["AccessKeyId"] != "LTAI-source" ||
            sign_rpc_v1("POST", params, "source-secret").signature != signature)
            return {400, {}, R"({"Code":"SignatureDoesNotMatch"})"};
        if (params["Action"] != "AssumeRole" || params["RoleArn"] != "acs:ram::123456:role/flows")
            return {400, {}, R"({"Code":"InvalidParameter"})"};
        return {200,
                {},
                R"({"RequestId":"r","Credentials":{"AccessKeyId":"STS.flows","AccessKeySecret":"sts-secret",)"
                R"("SecurityToken":"sts-token","Expiration":"2099-01-01T00:00:00Z"}})"};
    });
    FakeHttpServer fnf([](const ReceivedRequest&) {
        return HttpResponse{
            200, {{"Content-Type", "application/json"}}, R"({"RequestId":"r","Regions":{"Region":[]}})"};
    });
    std::vector<std::string> argv{CLOUDFLOW_CLI_PATH, "describe-regions", "--endpoint",
                                  fnf.url(),          "--max-attempts",   "1"};
    const auto r =
        run_process(argv, {"HOME=" + home.path().string(),
                           "ALIBABA_CLOUD_ACCESS_KEY_ID=", "ALIBABA_CLOUD_ACCESS_KEY_SECRET=", "ALIBABA_CLOUD_PROFILE=",
                           "ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true", "ALIBABA_CLOUD_CREDENTIALS_FILE=" + file.string(),
                           "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true", "ALIBABA_CLOUD_STS_ENDPOINT=" + sts.url()});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(sts.requests().size() == 1);
    const auto requests = fnf.requests();
    REQUIRE(requests.size() == 1);
    auto params = decode_parameters(requests[0].body).value();
    if (const auto q = requests[0].target.find('?'); q != std::string::npos)
        for (auto& [name, value] : decode_parameters(std::string_view(requests[0].target).substr(q + 1)).value())
            params.emplace(name, value);
    CHECK(params.at("AccessKeyId") == "STS.flows");
    CHECK(params.at("SecurityToken") == "sts-token");
    const std::string signature = params.at("Signature");
    params.erase("Signature");
    CHECK(sign_rpc_v1(requests[0].method, params, "sts-secret").signature == signature);
}

#endif
