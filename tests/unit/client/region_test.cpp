// default_region_id and the client without a region: ALIBABA_CLOUD_REGION_ID, then the aliyun CLI
// profile's region_id, then an invalid_config Error that says where it looked.
#include <cloudflow/client.hpp>
#include <cloudflow/client_config.hpp>

#include "support/capture.hpp"
#include "support/catch_result.hpp"
#include "support/mock_fixture.hpp"

#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

using namespace cloudflow;
using test::ScopedEnvironment;

namespace {

// An aliyun CLI config in a scratch directory, removed with the object.
class CliConfigFile {
public:
    explicit CliConfigFile(const std::string& json)
        : path_(std::filesystem::temp_directory_path() /
                ("cloudflow-region-test-" + std::to_string(::getpid()) + ".json"))
    {
        std::ofstream(path_) << json;
    }
    ~CliConfigFile() { std::filesystem::remove(path_); }
    std::string path() const { return path_.string(); }

private:
    std::filesystem::path path_;
};

constexpr const char* two_profiles = R"({"current": "work", "profiles": [
    {"name": "work", "mode": "AK", "access_key_id": "id", "access_key_secret": "s", "region_id": "cn-shanghai"},
    {"name": "home", "mode": "AK", "access_key_id": "id", "access_key_secret": "s", "region_id": "cn-beijing"},
    {"name": "bare", "mode": "AK", "access_key_id": "id", "access_key_secret": "s"}]})";

}  // namespace

TEST_CASE("region: ALIBABA_CLOUD_REGION_ID comes first", "[client][region]")
{
    ScopedEnvironment region("ALIBABA_CLOUD_REGION_ID", "cn-qingdao");
    const CliConfigFile file(two_profiles);
    CHECK(default_region_id({.cli_file = file.path()}).value() == "cn-qingdao");
}

TEST_CASE("region: else the aliyun CLI profile's region_id, the current one or the one named", "[client][region]")
{
    ScopedEnvironment region("ALIBABA_CLOUD_REGION_ID", "");
    ScopedEnvironment profile("ALIBABA_CLOUD_PROFILE", "");
    ScopedEnvironment enabled("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "");
    const CliConfigFile file(two_profiles);
    CHECK(default_region_id({.cli_file = file.path()}).value() == "cn-shanghai");
    CHECK(default_region_id({.cli_file = file.path(), .profile = "home"}).value() == "cn-beijing");
    {
        ScopedEnvironment named("ALIBABA_CLOUD_PROFILE", "home");
        CHECK(default_region_id({.cli_file = file.path()}).value() == "cn-beijing");
    }

    const auto bare = default_region_id({.cli_file = file.path(), .profile = "bare"});
    REQUIRE_FALSE(bare);
    CHECK(bare.error().code == errc::invalid_config);
    CHECK(bare.error().field == "region_id");
    CHECK(bare.error().message == "no region: ClientConfig::region_id and endpoint are empty, ALIBABA_CLOUD_REGION_ID "
                                  "is not set, and profile bare of the aliyun CLI config " +
                                      file.path() + " has no region_id");
    const auto missing = default_region_id({.cli_file = file.path(), .profile = "nope"});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message.find("has no profile 'nope'") != std::string::npos);

    const auto none = default_region_id({.cli_file = "/nonexistent/config.json"});
    REQUIRE_FALSE(none);
    CHECK(none.error().message.ends_with("the aliyun CLI config /nonexistent/config.json does not exist"));

    ScopedEnvironment disabled("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true");
    const auto off = default_region_id({.cli_file = file.path()});
    REQUIRE_FALSE(off);
    CHECK(
        off.error().message.ends_with("the aliyun CLI profile is not read (ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true)"));
}

TEST_CASE("region: a client without a region and an endpoint finds one, or throws saying where it looked",
          "[client][region]")
{
    test::MockFixture f;
    auto config = f.config();
    config.region_id.clear();
    config.endpoint.clear();
    {
        ScopedEnvironment region("ALIBABA_CLOUD_REGION_ID", "cn-qingdao");
        f.transport->push(testing::MockReply::execution("flow", "Succeeded"));
        Client client(f.ioc.get_executor(), config, f.transport);
        REQUIRE(f.run(client.start_sync_execution({.flow_name = "flow"})));
        CHECK(f.transport->requests().at(0).http.host == "cn-qingdao.fnf.aliyuncs.com");
    }
    {
        // A region found is checked as any region_id.
        ScopedEnvironment region("ALIBABA_CLOUD_REGION_ID", "CN-Qingdao");
        try {
            Client client(f.ioc.get_executor(), config, f.transport);
            FAIL("constructed");
        } catch (const Exception& e) {
            CHECK(e.error().message.find("'CN-Qingdao' is invalid") != std::string::npos);
        }
    }
    ScopedEnvironment region("ALIBABA_CLOUD_REGION_ID", "");
    ScopedEnvironment disabled("ALIBABA_CLOUD_CLI_PROFILE_DISABLED", "true");
    try {
        Client client(f.ioc.get_executor(), config, f.transport);
        FAIL("constructed");
    } catch (const Exception& e) {
        CHECK(e.error().code == errc::invalid_config);
        CHECK(e.error().field == "region_id");
        CHECK(e.error().message.starts_with("no region: ClientConfig::region_id and endpoint are empty"));
    }
}
