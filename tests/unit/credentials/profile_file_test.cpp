#include "credentials/profile_file.hpp"

#include "support/catch_result.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using detail::read_cli_profile;
using detail::read_ini_profile;

// The layout of ~/.alibabacloud/credentials in the official SDKs' documentation (credentials
// tool, "Use the credentials file").
TEST_CASE("profile file: an INI profile of each type", "[profile]")
{
    constexpr std::string_view ini = R"([default]
type = access_key
access_key_id = LTAI-default
access_key_secret = default-secret

[ecs]
type = ecs_ram_role
role_name = EcsRole
)";
    const auto d = read_ini_profile(ini, "default", "the file");
    REQUIRE(d);
    CHECK(d->name == "default");
    CHECK(d->kind == "access_key");
    CHECK(d->access_key_id == "LTAI-default");
    CHECK(d->access_key_secret == "default-secret");
    const auto e = read_ini_profile(ini, "ecs", "the file");
    REQUIRE(e);
    CHECK(e->kind == "ecs_ram_role");
    CHECK(e->role_name == "EcsRole");
}

TEST_CASE("profile file: a profile name with a dot is a name, not a path", "[profile]")
{
    const auto p = read_ini_profile("[team.prod]\ntype = access_key\naccess_key_id = id\naccess_key_secret = s\n",
                                    "team.prod", "the file");
    REQUIRE(p);
    CHECK(p->access_key_id == "id");
}

TEST_CASE("profile file: INI errors name the file, the line and the profile", "[profile]")
{
    const auto bad = read_ini_profile("[default]\ntype = access_key\n[broken\n", "default", "the file F");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == errc::credentials_unavailable);
    CHECK(bad.error().message == "the file F is not a valid INI file (line 3)");
    const auto absent = read_ini_profile("[default]\ntype = access_key\n", "other", "the file F");
    REQUIRE_FALSE(absent);
    CHECK(absent.error().message == "the file F has no profile [other]");
}

TEST_CASE("profile file: the aliyun CLI config, current profile and StsToken", "[profile]")
{
    constexpr std::string_view json = R"({"current": "sts", "profiles": [
        {"name": "ak", "mode": "AK", "access_key_id": "id1", "access_key_secret": "s1"},
        {"name": "sts", "mode": "StsToken", "access_key_id": "id2", "access_key_secret": "s2", "sts_token": "tok"},
        {"name": "role", "mode": "EcsRAMRole", "ram_role_name": "R"}]})";
    const auto current = read_cli_profile(json, "", "the config");
    REQUIRE(current);
    CHECK(current->name == "sts");
    CHECK(current->security_token == std::optional<std::string>("tok"));
    const auto ak = read_cli_profile(json, "ak", "the config");
    REQUIRE(ak);
    CHECK(ak->kind == "AK");
    CHECK_FALSE(ak->security_token);
    CHECK(read_cli_profile(json, "role", "the config")->role_name == "R");
    CHECK(read_cli_profile(json, "none", "the config").error().message == "the config has no profile 'none'");
    CHECK(read_cli_profile("[1,2]", "ak", "the config").error().message == "the config is not JSON");
}
