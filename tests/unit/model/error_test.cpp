#include <cloudflow/error.hpp>
#include <cloudflow/result.hpp>

#include "support/catch_result.hpp"

#include <catch2/catch.hpp>

#include <sstream>

using namespace cloudflow;

TEST_CASE("error: every code of the API page maps to its typed error and back", "[error]")
{
    const std::pair<const char*, errc> page[] = {
        {"EntityTooLarge", errc::entity_too_large},
        {"ExecutionAlreadyExists", errc::execution_already_exists},
        {"InvalidArgument", errc::invalid_argument},
        {"MissingRequiredHeader", errc::missing_required_header},
        {"MissingRequiredParams", errc::missing_required_params},
        {"ActionNotSupported", errc::action_not_supported},
        {"APIVersionNotSupported", errc::api_version_not_supported},
        {"InvalidAccessKeyID", errc::invalid_access_key_id},
        {"RequestTimeTooSkewed", errc::request_time_too_skewed},
        {"SignatureNotMatch", errc::signature_not_match},
        {"AccessDenied", errc::access_denied},
        {"FlowNotExists", errc::flow_not_exists},
        {"ExecutionNotExists", errc::execution_not_exists},
        {"TaskAlreadyCompleted", errc::task_already_completed},
        {"UnsupportedMediaType", errc::unsupported_media_type},
        {"ResourceThrottled", errc::resource_throttled},
        {"InternalServerError", errc::internal_server_error},
    };
    for (const auto& [code, value] : page) {
        INFO(code);
        CHECK(errc_from_service_code(code) == value);
        CHECK(service_code_of(value) == code);
        CHECK(make_error_code(value).category() == error_category());
        CHECK_FALSE(make_error_code(value).message().empty());
    }
}

TEST_CASE("error: the gateway's other spellings map to the same typed errors", "[error]")
{
    CHECK(errc_from_service_code("InvalidAccessKeyId.NotFound") == errc::invalid_access_key_id);
    CHECK(errc_from_service_code("SignatureDoesNotMatch") == errc::signature_not_match);
    CHECK(errc_from_service_code("SignatureNonceUsed") == errc::signature_not_match);
    CHECK(errc_from_service_code("InvalidTimeStamp.Expired") == errc::request_time_too_skewed);
    CHECK(errc_from_service_code("Throttling") == errc::resource_throttled);
    CHECK(errc_from_service_code("Throttling.User") == errc::resource_throttled);
    CHECK(errc_from_service_code("Throttling.Api") == errc::resource_throttled);
}

TEST_CASE("error: an unknown code is a service_error", "[error]")
{
    CHECK(errc_from_service_code("Brand.NewCode") == errc::service_error);
    CHECK(errc_from_service_code("") == errc::service_error);
    CHECK(service_code_of(errc::timeout).empty());
}

TEST_CASE("error: the description names what the service said", "[error]")
{
    Error e;
    e.code = errc::resource_throttled;
    e.http_status = 429;
    e.service_code = "ResourceThrottled";
    e.message = "The request is throttled.";
    e.request_id = "req-1";
    e.attempts = 3;
    std::ostringstream os;
    os << e;
    CHECK(os.str() ==
          "the request was throttled; HTTP 429; Code ResourceThrottled; The request is throttled.; RequestId req-1; "
          "attempts 3");
}

TEST_CASE("error: Result::value() throws an Exception that keeps the Error", "[error]")
{
    const Result<int> r = make_error(errc::invalid_request, "FlowName must not be empty", "FlowName");
    try {
        (void)r.value();
        FAIL("value() did not throw");
    } catch (const Exception& ex) {
        CHECK(ex.code() == errc::invalid_request);
        CHECK(ex.error().field == "FlowName");
        CHECK(std::string(ex.what()).find("FlowName must not be empty") != std::string::npos);
    }
}

TEST_CASE("error: families of codes, as error conditions", "[error]")
{
    using boost::system::error_code;
    CHECK(error_code(errc::flow_not_exists) == condition::not_found);
    CHECK(error_code(errc::execution_not_exists) == condition::not_found);
    CHECK(error_code(errc::execution_already_exists) == condition::already_exists);
    CHECK(error_code(errc::resource_throttled) == condition::throttled);
    CHECK(error_code(errc_from_service_code("Throttling.User")) == condition::throttled);
    for (const errc e : {errc::invalid_argument, errc::missing_required_params, errc::missing_required_header,
                         errc::entity_too_large, errc::invalid_request})
        CHECK(error_code(e) == condition::invalid_argument);
    for (const errc e :
         {errc::invalid_access_key_id, errc::signature_not_match, errc::access_denied, errc::credentials_unavailable})
        CHECK(error_code(e) == condition::auth_failed);
    for (const errc e : {errc::internal_server_error, errc::network_failure, errc::connection_failed, errc::timeout})
        CHECK(error_code(e) == condition::unavailable);
    // Not in a family, or in another one.
    CHECK(error_code(errc::flow_not_exists) != condition::already_exists);
    CHECK(error_code(errc::retries_exhausted) != condition::throttled);
    CHECK(error_code(errc::malformed_response) != condition::unavailable);
    CHECK(error_code(errc::service_error) != condition::not_found);
    // Another category's code with the same value is not ours.
    CHECK(error_code(static_cast<int>(errc::flow_not_exists), boost::system::generic_category()) !=
          condition::not_found);
    CHECK(boost::system::error_condition(condition::throttled).message() == "throttled");
}

TEST_CASE("error: Error::is looks behind retries_exhausted at the last attempt's error", "[error]")
{
    Error e = make_error(errc::retries_exhausted, "retries exhausted");
    e.cause = errc::resource_throttled;
    CHECK(e.is(condition::throttled));
    CHECK_FALSE(e.is(condition::not_found));
    CHECK(make_error(errc::invalid_request, "bad", "FlowName").is(condition::invalid_argument));
    CHECK_FALSE(make_error(errc::cancelled, "cancelled").is(condition::unavailable));
}

TEST_CASE("error: the flow and schedule codes and any other NotExists or AlreadyExists", "[error]")
{
    CHECK(errc_from_service_code("FlowAlreadyExists") == errc::flow_already_exists);
    CHECK(errc_from_service_code("ScheduleNotExists") == errc::schedule_not_exists);
    CHECK(errc_from_service_code("ScheduleAlreadyExists") == errc::schedule_already_exists);
    CHECK(errc_from_service_code("FlowAliasNotExists") == errc::resource_not_exists);
    CHECK(errc_from_service_code("MapRunNotExists") == errc::resource_not_exists);
    CHECK(errc_from_service_code("FlowAliasAlreadyExists") == errc::resource_already_exists);
    CHECK(errc_from_service_code("NotExistsAtAll") == errc::service_error);
    for (const errc e : {errc::flow_not_exists, errc::schedule_not_exists, errc::resource_not_exists})
        CHECK(make_error_code(e) == condition::not_found);
    for (const errc e : {errc::flow_already_exists, errc::schedule_already_exists, errc::resource_already_exists})
        CHECK(make_error_code(e) == condition::already_exists);
    CHECK(to_string(errc::resource_not_exists) == "resource_not_exists");
    CHECK(service_code_of(errc::flow_already_exists) == "FlowAlreadyExists");
}
