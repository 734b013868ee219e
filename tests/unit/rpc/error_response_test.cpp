#include "rpc/error_response.hpp"

#include "support/catch_result.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using detail::parse_error_response;

TEST_CASE("error response: the service's JSON error body", "[response]")
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

TEST_CASE("error response: every error code of the API page, with its HTTP status", "[response]")
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

TEST_CASE("error response: error bodies that are not the service's JSON", "[response]")
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

TEST_CASE("error response: an error body deeper than 32 levels keeps its Code", "[response][json-depth]")
{
    const std::string body = R"({"RequestId":"r","Code":"InvalidArgument","Message":"m","Detail":)" +
                             std::string(100, '[') + "1" + std::string(100, ']') + "}";
    const Error e = parse_error_response({400, {}, body});
    CHECK(e.code == errc::invalid_argument);
    CHECK(e.request_id == "r");
}
