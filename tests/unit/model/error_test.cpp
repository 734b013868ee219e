#include <cloudflow/error.hpp>
#include <cloudflow/result.hpp>
#include <cloudflow/retry.hpp>

#include "support/catch_result.hpp"

#include <catch2/catch.hpp>

#include <cerrno>
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

TEST_CASE("error: to_string is one short line: name (HTTP and Code): message [RequestId]", "[error]")
{
    Error e;
    e.code = errc::flow_not_exists;
    e.http_status = 404;
    e.service_code = "FlowNotExists";
    e.message = "Flow nope does not exist.";
    e.request_id = "req-1";
    e.attempts = 1;
    CHECK(e.to_string() == "flow_not_exists (HTTP 404 FlowNotExists): Flow nope does not exist. [RequestId req-1]");
    std::ostringstream os;
    os << e;
    CHECK(os.str() == e.to_string());
}

TEST_CASE("error: to_string names the cause and the field and counts attempts past one", "[error]")
{
    Error e = make_error(errc::retries_exhausted, "gave up after 3 attempts: slow down");
    e.cause = errc::resource_throttled;
    e.http_status = 429;
    e.service_code = "ResourceThrottled";
    e.request_id = "req-3";
    e.attempts = 3;
    CHECK(e.to_string() == "retries_exhausted (HTTP 429 ResourceThrottled, cause resource_throttled, 3 attempts): "
                           "gave up after 3 attempts: slow down [RequestId req-3]");

    Error refused = make_error(errc::invalid_request, "FlowName must not be empty", "FlowName");
    CHECK(refused.to_string() == "invalid_request (field FlowName): FlowName must not be empty");

    // Nothing in parentheses when nothing is set; the code's description stands in for a message.
    Error bare;
    bare.code = errc::timeout;
    CHECK(bare.to_string() == "timeout: the operation timed out");

    // A Code without an HTTP answer, and another category's code by its message.
    Error foreign;
    foreign.code = boost::system::error_code(ECONNREFUSED, boost::system::system_category());
    foreign.service_code = "Odd";
    foreign.message = "refused";
    CHECK(foreign.to_string() == foreign.code.message() + " (Odd): refused");
}

TEST_CASE("error: Exception::what() is exactly the short line", "[error]")
{
    Error e = make_error(errc::invalid_request, "FlowName must not be empty", "FlowName");
    const Exception ex(e);
    // Not system_error's "<message>: <code's message> [cloudflow:N]", which says the code twice.
    CHECK(std::string(ex.what()) == e.to_string());
    CHECK(ex.code() == errc::invalid_request);
    const std::exception& base = ex;
    CHECK(std::string(base.what()) == e.to_string());
}

TEST_CASE("error: errc() is the code as a cloudflow::errc and errc{} for another category", "[error]")
{
    CHECK(make_error(errc::flow_not_exists, "x").errc() == errc::flow_not_exists);
    CHECK(make_error(errc::retries_exhausted, "x").errc() == errc::retries_exhausted);
    Error foreign;
    foreign.code = boost::system::error_code(ECONNREFUSED, boost::system::system_category());
    CHECK(foreign.errc() == errc{});
    CHECK(Error{}.errc() == errc{});
    switch (make_error(errc::timeout, "x").errc()) {
    case errc::timeout: SUCCEED("a switch on errc() works"); break;
    default: FAIL("errc() is not timeout");
    }
}

namespace {

Error attempt_error(errc code, int status = 0)
{
    Error e = make_error(code, "m");
    e.http_status = status;
    e.attempts = 1;
    return e;
}

}  // namespace

TEST_CASE("error: is_retryable agrees with the retry classification", "[error]")
{
    // Every code, with and without the HTTP status it usually comes with.
    for (int value = 1; value <= 110; ++value) {
        const auto code = static_cast<errc>(value);
        if (to_string(code) == "unknown") continue;
        for (const int status : {0, 400, 404, 429, 500, 502, 503, 504}) {
            const Error e = attempt_error(code, status);
            INFO(to_string(code) << " HTTP " << status);
            CHECK(e.is_retryable() == (classify(e) != FailureKind::permanent));
            CHECK(e.is_throttled() == (e.is(condition::throttled) || classify(e) == FailureKind::throttled));
        }
    }
    CHECK(attempt_error(errc::resource_throttled, 429).is_retryable());
    CHECK(attempt_error(errc::internal_server_error, 500).is_retryable());
    CHECK(attempt_error(errc::service_error, 503).is_retryable());
    CHECK(attempt_error(errc::connection_failed).is_retryable());
    CHECK(attempt_error(errc::network_failure).is_retryable());
    CHECK(attempt_error(errc::timeout).is_retryable());
    CHECK_FALSE(attempt_error(errc::flow_not_exists, 404).is_retryable());
    CHECK_FALSE(attempt_error(errc::invalid_request).is_retryable());
    CHECK_FALSE(attempt_error(errc::signature_not_match, 403).is_retryable());
    CHECK_FALSE(attempt_error(errc::malformed_response, 200).is_retryable());
    CHECK_FALSE(attempt_error(errc::tls_failed).is_retryable());
    CHECK_FALSE(attempt_error(errc::cancelled).is_retryable());
}

TEST_CASE("error: retries_exhausted is retryable as its cause is and cancelled never is", "[error]")
{
    // The client gave up on connection failures: no HTTP status, the kind is the cause's.
    Error exhausted = make_error(errc::retries_exhausted, "gave up after 3 attempts");
    exhausted.cause = errc::connection_failed;
    exhausted.attempts = 3;
    CHECK(exhausted.is_retryable());
    CHECK(classify(exhausted) == FailureKind::not_sent);
    CHECK_FALSE(exhausted.is_throttled());

    // The retry budget ran out on 429s.
    Error budget = make_error(errc::retries_exhausted, "the client's retry budget is exhausted");
    budget.cause = errc::resource_throttled;
    budget.http_status = 429;
    CHECK(budget.is_retryable());
    CHECK(budget.is_throttled());

    // The call's deadline passed after a 500.
    Error late = make_error(errc::timeout, "the call's deadline passed");
    late.cause = errc::internal_server_error;
    late.http_status = 500;
    CHECK(late.is_retryable());
    CHECK_FALSE(late.is_throttled());

    // Cancelled while backing off after a 429: throttled, but the caller chose to stop.
    Error cancelled = make_error(errc::cancelled, "the call was cancelled");
    cancelled.cause = errc::resource_throttled;
    CHECK_FALSE(cancelled.is_retryable());
    CHECK(cancelled.is_throttled());
}

TEST_CASE("error: is_throttled for ResourceThrottled and any HTTP 429", "[error]")
{
    CHECK(attempt_error(errc::resource_throttled, 429).is_throttled());
    CHECK(attempt_error(errc_from_service_code("Throttling.User"), 400).is_throttled());
    CHECK(attempt_error(errc::service_error, 429).is_throttled());  // a Code not known here
    CHECK_FALSE(attempt_error(errc::internal_server_error, 500).is_throttled());
    CHECK_FALSE(attempt_error(errc::flow_not_exists, 404).is_throttled());
    Error exhausted = make_error(errc::retries_exhausted, "gave up");
    exhausted.cause = errc::resource_throttled;
    CHECK(exhausted.is_throttled());
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
