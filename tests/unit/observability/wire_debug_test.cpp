#include <cloudflow/client.hpp>
#include <cloudflow/testing/mock_transport.hpp>

#include "observability/wire_debug.hpp"
#include "support/capture.hpp"
#include "support/mock_fixture.hpp"

#include <catch2/catch.hpp>

#include <sstream>
#include <vector>

using namespace cloudflow;
using testing::MockReply;

namespace {

// The text's lines.
std::vector<std::string> lines_of(const std::string& text)
{
    std::vector<std::string> out;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

TEST_CASE("wire debug: CLOUDFLOW_DEBUG is a comma-separated list with wire in it", "[wire]")
{
    using detail::wire_debug_requested;
    CHECK(wire_debug_requested("wire"));
    CHECK(wire_debug_requested("http, wire"));
    CHECK(wire_debug_requested(" wire ,other"));
    CHECK_FALSE(wire_debug_requested(""));
    CHECK_FALSE(wire_debug_requested("1"));
    CHECK_FALSE(wire_debug_requested("true"));
    CHECK_FALSE(wire_debug_requested("WIRE"));
    CHECK_FALSE(wire_debug_requested("wired"));
    CHECK_FALSE(wire_debug_requested("wire-level"));
}

TEST_CASE("wire debug: each attempt's method and URL without secrets and status and time go to std::clog", "[wire]")
{
    test::MockFixture f;
    f.transport
        ->push(MockReply::service_error(429, "ResourceThrottled", "slow down", "req-1")
                   .after(std::chrono::milliseconds(7)))
        .push(MockReply::execution("my_flow", "Succeeded", "{}", "req-2"));
    auto config = f.config();
    config.credentials = make_static_credentials("LTAI-id", "SECRET-wire-1", "TOKEN-wire-1");
    config.method = RequestMethod::get;

    const test::CaptureClog clog;
    {
        const test::ScopedEnvironment debug("CLOUDFLOW_DEBUG", "wire");
        auto client = f.client(config);  // read here, once
        StartSyncExecutionRequest request;
        request.flow_name = "my_flow";
        REQUIRE(f.run(client.start_sync_execution(request)));
    }
    const auto lines = lines_of(clog.text());
    INFO(clog.text());
    REQUIRE(lines.size() == 3);
    CHECK(lines[0].starts_with("[cloudflow] warning StartSyncExecution attempt 1: GET "
                               "https://cn-hangzhou.fnf.aliyuncs.com/?AccessKeyId=LTAI-id&Action=StartSyncExecution"));
    CHECK(lines[0].ends_with(" -> HTTP 429 ResourceThrottled in 7.0 ms [RequestId req-1]; retrying in 500 ms"));
    CHECK(lines[1].starts_with(
        "[cloudflow] debug StartSyncExecution attempt 2: GET https://cn-hangzhou.fnf.aliyuncs.com/?"));
    CHECK(lines[1].ends_with(" -> HTTP 200 in 0.0 ms [RequestId req-2]"));
    CHECK(lines[2] == "[cloudflow] info StartSyncExecution succeeded in 507.0 ms after 2 attempts [RequestId req-2]");
    for (const auto& line : {lines[0], lines[1]}) {
        CHECK(line.find("&Signature=redacted&") != std::string::npos);
        CHECK(line.find("&SecurityToken=redacted&") != std::string::npos);
        CHECK(line.find("SignatureNonce=") != std::string::npos);
    }
    CHECK(clog.text().find("SECRET-wire-1") == std::string::npos);
    CHECK(clog.text().find("TOKEN-wire-1") == std::string::npos);
    const auto sent = f.transport->requests();
    REQUIRE(sent.size() == 2);
    for (const auto& r : sent) CHECK(clog.text().find(r.params.at("Signature")) == std::string::npos);
}

TEST_CASE("wire debug: off without CLOUDFLOW_DEBUG=wire and read when the client is made", "[wire]")
{
    test::MockFixture f;
    f.transport->push(MockReply::execution("my_flow", "Succeeded")).push(MockReply::execution("my_flow", "Succeeded"));
    StartSyncExecutionRequest request;
    request.flow_name = "my_flow";
    const test::CaptureClog clog;
    {
        const test::ScopedEnvironment debug("CLOUDFLOW_DEBUG", "sdk");
        auto client = f.client();
        REQUIRE(f.run(client.start_sync_execution(request)));
    }
    auto client = f.client();
    {
        const test::ScopedEnvironment debug("CLOUDFLOW_DEBUG", "wire");  // after the client was made
        REQUIRE(f.run(client.start_sync_execution(request)));
    }
    CHECK(clog.text().empty());
}
