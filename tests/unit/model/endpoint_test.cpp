#include <cloudflow/endpoint.hpp>

#include "support/catch_result.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;

TEST_CASE("endpoint: the region's public endpoint", "[endpoint]")
{
    const auto e = resolve_endpoint("cn-hangzhou", "");
    REQUIRE(e);
    CHECK(e->scheme == "https");
    CHECK(e->host == "cn-hangzhou.fnf.aliyuncs.com");
    CHECK(e->port == 443);
    CHECK(resolve_endpoint("xx-newregion-9", "")->host == "xx-newregion-9.fnf.aliyuncs.com");
}

TEST_CASE("endpoint: an explicit endpoint wins", "[endpoint]")
{
    auto e = resolve_endpoint("cn-hangzhou", "http://127.0.0.1:8080");
    REQUIRE(e);
    CHECK(e->scheme == "http");
    CHECK(e->host == "127.0.0.1");
    CHECK(e->port == 8080);

    e = resolve_endpoint("", "https://[::1]:9443/");
    REQUIRE(e);
    CHECK(e->host == "::1");
    CHECK(e->port == 9443);

    e = resolve_endpoint("", "cn-shanghai.fnf.aliyuncs.com");
    REQUIRE(e);
    CHECK(e->scheme == "https");
    CHECK(e->port == 443);
    CHECK(resolve_endpoint("", "http://localhost")->port == 80);
}

TEST_CASE("endpoint: malformed endpoints and regions are invalid_config", "[endpoint]")
{
    for (const auto& [region, endpoint] : std::initializer_list<std::pair<const char*, const char*>>{
             {"", ""},
             {"CN_HANGZHOU", ""},
             {"cn hangzhou", ""},
             {"-cn", ""},
             {"cn-hangzhou.evil.com/x", ""},
             {"", "ftp://host"},
             {"", "https://host/path"},
             {"", "https://host?x=1"},
             {"", "https://user:pw@host"},
             {"", "https://host:99999"},
             {"", "https://"},
             {"", "http://[::1"},
         }) {
        INFO(region << " | " << endpoint);
        const auto e = resolve_endpoint(region, endpoint);
        REQUIRE_FALSE(e);
        CHECK(e.error().code == errc::invalid_config);
    }
}

TEST_CASE("endpoint: the region's VPC endpoint", "[endpoint]")
{
    CHECK(resolve_endpoint("cn-shanghai", "", true)->host == "cn-shanghai-internal.fnf.aliyuncs.com");
    CHECK(resolve_endpoint("cn-shanghai", "https://explicit.example", true)->host == "explicit.example");
}
