#include "detail/response_parser.hpp"

#include "support/catch_result.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace std::chrono;
using detail::parse_error_response;
using detail::parse_start_sync_execution_response;

TEST_CASE("response: the API page's sample success response", "[response]")
{
    const auto r = parse_start_sync_execution_response(R"({
      "RequestId": "testRequestId",
      "FlowName": "my_flow_name",
      "Name": "my_exec_name:{UUID}",
      "Status": "Succeeded",
      "ErrorCode": "ActionNotSupported",
      "ErrorMessage": "Standard execution is not supported",
      "Output": "{\"key\":\"value\"}",
      "StartedTime": "2019-01-01T01:01:01.001Z",
      "StoppedTime": "2019-01-01T01:01:01.001Z"
    })");
    REQUIRE(r);
    CHECK(r->request_id == "testRequestId");
    CHECK(r->flow_name == "my_flow_name");
    CHECK(r->name == "my_exec_name:{UUID}");
    CHECK(r->status == ExecutionStatus::succeeded);
    CHECK(r->status_text == "Succeeded");
    CHECK(r->error_code == "ActionNotSupported");
    CHECK(r->error_message == "Standard execution is not supported");
    REQUIRE(r->output);
    CHECK(r->output->at("key") == "value");
    CHECK(r->started_time == sys_days{2019y / 1 / 1} + 1h + 1min + 1s + 1ms);
    CHECK(r->stopped_time == r->started_time);
}

TEST_CASE("response: a failed execution is a response, not an error", "[response]")
{
    const auto r = parse_start_sync_execution_response(
        R"({"RequestId":"r","FlowName":"f","Name":"n","Status":"Failed","ErrorCode":"MyError",
            "ErrorMessage":"it broke","Output":"","StartedTime":"2024-01-01T00:00:00.000Z","Extra":{"x":1}})");
    REQUIRE(r);
    CHECK(r->status == ExecutionStatus::failed);
    CHECK(r->error_code == "MyError");
    CHECK_FALSE(r->output);
    CHECK_FALSE(r->stopped_time);
}

TEST_CASE("response: an unknown status keeps its text", "[response]")
{
    const auto r =
        parse_start_sync_execution_response(R"({"RequestId":"r","FlowName":"f","Name":"n","Status":"Paused"})");
    REQUIRE(r);
    CHECK(r->status == ExecutionStatus::unknown);
    CHECK(r->status_text == "Paused");
}

TEST_CASE("response: malformed bodies give malformed_response with the RequestId", "[response]")
{
    struct Case {
        const char* body;
        const char* message;
        const char* request_id;
    };
    const Case cases[] = {
        {"<html>", "the response body is not JSON", ""},
        {"[1]", "the response body is not a JSON object", ""},
        {R"({"RequestId":"r1","FlowName":"f","Name":"n"})", "the response has no Status", "r1"},
        {R"({"RequestId":"r2","FlowName":"f","Name":"n","Status":3})", "the response field Status is not a string",
         "r2"},
        {R"({"RequestId":"r3","FlowName":"f","Name":"n","Status":"Succeeded","Output":"{bad"})",
         "the response field Output is not JSON", "r3"},
        {R"({"RequestId":"r4","FlowName":"f","Name":"n","Status":"Succeeded","StartedTime":"yesterday"})",
         "the response field StartedTime is not an ISO 8601 time", "r4"},
        {R"({"RequestId":"r5","FlowName":"f","Name":"n","Status":"Succeeded","ErrorCode":7})",
         "the response field ErrorCode is not a string", "r5"},
        {R"({"FlowName":"f","Name":"n","Status":"Succeeded"})", "the response has no RequestId", ""},
    };
    for (const auto& c : cases) {
        INFO(c.body);
        const auto r = parse_start_sync_execution_response(c.body);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::malformed_response);
        CHECK(r.error().message.starts_with(c.message));
        CHECK(r.error().request_id == c.request_id);
    }
}

TEST_CASE("response: the service's JSON error body", "[response]")
{
    const HttpResponse http{
        429,
        {},
        R"({"RequestId":"req-9","HostId":"cn-hangzhou.fnf.aliyuncs.com","Code":"ResourceThrottled","Message":"The request is throttled. Please try again later.","Recommend":"https://example.invalid/diag"})"};
    const Error e = parse_error_response(http);
    CHECK(e.code == errc::resource_throttled);
    CHECK(e.http_status == 429);
    CHECK(e.service_code == "ResourceThrottled");
    CHECK(e.message == "The request is throttled. Please try again later.");
    CHECK(e.request_id == "req-9");
    CHECK(e.host_id == "cn-hangzhou.fnf.aliyuncs.com");
    CHECK(e.recommend == "https://example.invalid/diag");
}

TEST_CASE("response: every error code of the API page, with its HTTP status", "[response]")
{
    const std::tuple<int, const char*, errc> page[] = {
        {400, "EntityTooLarge", errc::entity_too_large},
        {400, "ExecutionAlreadyExists", errc::execution_already_exists},
        {400, "InvalidArgument", errc::invalid_argument},
        {400, "MissingRequiredHeader", errc::missing_required_header},
        {400, "MissingRequiredParams", errc::missing_required_params},
        {400, "ActionNotSupported", errc::action_not_supported},
        {400, "APIVersionNotSupported", errc::api_version_not_supported},
        {403, "InvalidAccessKeyID", errc::invalid_access_key_id},
        {403, "RequestTimeTooSkewed", errc::request_time_too_skewed},
        {403, "SignatureNotMatch", errc::signature_not_match},
        {403, "AccessDenied", errc::access_denied},
        {404, "FlowNotExists", errc::flow_not_exists},
        {415, "UnsupportedMediaType", errc::unsupported_media_type},
        {429, "ResourceThrottled", errc::resource_throttled},
        {500, "InternalServerError", errc::internal_server_error},
    };
    for (const auto& [status, code, value] : page) {
        INFO(code);
        const Error e = parse_error_response(
            {status, {}, std::string(R"({"RequestId":"x","Code":")") + code + R"(","Message":"m"})"});
        CHECK(e.code == value);
        CHECK(e.http_status == status);
        CHECK(e.service_code == code);
    }
}

TEST_CASE("response: error bodies that are not the service's JSON", "[response]")
{
    Error e = parse_error_response({502, {}, "<html>Bad Gateway</html>"});
    CHECK(e.code == errc::service_error);
    CHECK(e.http_status == 502);
    CHECK(e.message == "the error response is not JSON (HTTP 502)");

    e = parse_error_response({429, {}, ""});
    CHECK(e.code == errc::resource_throttled);
    e = parse_error_response({500, {}, "{}"});
    CHECK(e.code == errc::internal_server_error);
    CHECK(e.message == "the error response has no Code");

    e = parse_error_response({400, {}, R"({"Code":"Some.NewCode","Message":"new"})"});
    CHECK(e.code == errc::service_error);
    CHECK(e.service_code == "Some.NewCode");
}

namespace {

// `depth` nested arrays around 1: [[[1]]] is 3 deep.
std::string nested(std::size_t depth)
{
    return std::string(depth, '[') + "1" + std::string(depth, ']');
}

std::string body_with_output(const std::string& output)
{
    return std::string(R"({"RequestId":"r","FlowName":"f","Name":"n","Status":"Succeeded","Output":)") +
           boost::json::serialize(boost::json::value(output)) + "}";
}

}  // namespace

// Issue 7, defect 4: Boost.JSON's default max_depth (32) refused valid deep documents.
TEST_CASE("response: Output nested 40 and 1,000 deep is accepted, deeper than the limit is malformed",
          "[response][json-depth]")
{
    for (const std::size_t depth : {40u, 1000u}) {
        INFO(depth);
        const auto r = parse_start_sync_execution_response(body_with_output(nested(depth)));
        REQUIRE(r);
        REQUIRE(r->output);
        CHECK(boost::json::serialize(*r->output) == nested(depth));
    }
    const auto deep = parse_start_sync_execution_response(body_with_output(nested(1001)));
    REQUIRE_FALSE(deep);
    CHECK(deep.error().code == errc::malformed_response);
    CHECK(deep.error().request_id == "r");

    // The limit is the caller's (RequestLimits::max_json_depth).
    CHECK_FALSE(parse_start_sync_execution_response(body_with_output(nested(41)), 40));
    CHECK(parse_start_sync_execution_response(body_with_output(nested(40)), 40));
}

TEST_CASE("response: an error body deeper than 32 levels keeps its Code", "[response][json-depth]")
{
    const std::string body = R"({"RequestId":"r","Code":"InvalidArgument","Message":"m","Detail":)" + nested(100) + "}";
    const Error e = parse_error_response({400, {}, body});
    CHECK(e.code == errc::invalid_argument);
    CHECK(e.request_id == "r");
}
