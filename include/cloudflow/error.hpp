/// @file
/// Typed errors of cloudflow-cpp: an error_code category for every service and client-side error,
/// and the Error value a failed call returns.
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/error_code.hpp>
#include <boost/system/system_error.hpp>

#include <iosfwd>
#include <string>
#include <string_view>
#include <type_traits>

namespace cloudflow {

/// Every error a call can end with. The first group are the service's codes from the
/// StartSyncExecution API page; the second group are the client's own.
enum class errc {
    // The service's error codes (the API page, 2019-03-15).
    entity_too_large = 1,       ///< 400 EntityTooLarge
    execution_already_exists,   ///< 400 ExecutionAlreadyExists
    invalid_argument,           ///< 400 InvalidArgument
    missing_required_header,    ///< 400 MissingRequiredHeader
    missing_required_params,    ///< 400 MissingRequiredParams
    action_not_supported,       ///< 400 ActionNotSupported
    api_version_not_supported,  ///< 400 APIVersionNotSupported
    invalid_access_key_id,      ///< 403 InvalidAccessKeyID
    request_time_too_skewed,    ///< 403 RequestTimeTooSkewed
    signature_not_match,        ///< 403 SignatureNotMatch
    access_denied,              ///< 403 AccessDenied
    flow_not_exists,            ///< 404 FlowNotExists
    unsupported_media_type,     ///< 415 UnsupportedMediaType
    resource_throttled,         ///< 429 ResourceThrottled
    internal_server_error,      ///< 500 InternalServerError
    service_error,              ///< any other answer that is not a success; the Code is kept as text
    // The lifecycle operations' codes, after service_error so that the values above stay as they were.
    execution_not_exists,    ///< 404 ExecutionNotExists (DescribeExecution, StopExecution, ...)
    task_already_completed,  ///< 400 TaskAlreadyCompleted (ReportTask*: the token was used)
    // The flow and schedule operations' codes.
    flow_already_exists,      ///< 409 FlowAlreadyExists (CreateFlow)
    schedule_not_exists,      ///< 404 ScheduleNotExists
    schedule_already_exists,  ///< 409 ScheduleAlreadyExists (CreateSchedule)
    // Any other Code ending in "NotExists" / "AlreadyExists" (a version, an alias, a map run):
    // Error::service_code keeps the service's spelling.
    resource_not_exists,      ///< any other Code ending in "NotExists" (a version, an alias, a map run)
    resource_already_exists,  ///< any other Code ending in "AlreadyExists" (a version, an alias, ...)

    // The client's own.
    invalid_request = 100,    ///< the request broke a rule before anything was sent (see Error::field)
    invalid_config,           ///< the client's configuration is unusable
    credentials_unavailable,  ///< no credentials could be had
    malformed_response,       ///< the answer could not be understood
    timeout,                  ///< an attempt or the whole call ran out of time
    cancelled,                ///< the caller cancelled the call
    connection_failed,        ///< no connection could be made; nothing was sent
    tls_failed,               ///< the TLS handshake or the certificate check failed
    network_failure,          ///< the connection broke after the request (may have been) sent
    response_too_large,       ///< the answer exceeded a configured size limit
    retries_exhausted,        ///< retryable failures until the attempts or the retry budget ran out
};

/// The error_category of errc, named "cloudflow"; its messages describe each code.
const boost::system::error_category& error_category() noexcept;

/// The enumerator's name: "resource_throttled", "invalid_request", ...
std::string_view to_string(errc e) noexcept;

/// The error_code of an errc (found through ADL, so that an errc converts to an error_code).
inline boost::system::error_code make_error_code(errc e) noexcept
{
    return {static_cast<int>(e), error_category()};
}

/// Families of errors, for tests that should not list every code: `e.code == condition::not_found`
/// (an error_condition), or `e.is(condition::throttled)`, which also looks at the last attempt's error
/// behind retries_exhausted or timeout.
enum class condition {
    not_found = 1,     ///< FlowNotExists, ExecutionNotExists, ScheduleNotExists, any other *NotExists
    already_exists,    ///< ExecutionAlreadyExists, FlowAlreadyExists, ScheduleAlreadyExists, any *AlreadyExists
    throttled,         ///< ResourceThrottled (and the gateway's Throttling spellings)
    invalid_argument,  ///< InvalidArgument, MissingRequiredParams, MissingRequiredHeader, EntityTooLarge,
                       ///< and the client's invalid_request: the request must change before it can succeed
    auth_failed,       ///< InvalidAccessKeyID, SignatureNotMatch, AccessDenied, credentials_unavailable
    unavailable,       ///< InternalServerError, a broken connection, a timeout: may succeed if tried later
};

/// The error_category of condition, named "cloudflow.condition": it says which codes belong to each family.
const boost::system::error_category& condition_category() noexcept;

/// The enumerator's name: "not_found", "throttled", ...
std::string_view to_string(condition c) noexcept;

/// The error_condition of a condition (found through ADL, so that `code == condition::x` compiles).
inline boost::system::error_condition make_error_condition(condition c) noexcept
{
    return {static_cast<int>(c), condition_category()};
}

/// The typed error of a service Code string; `service_error` for a code not known here. The
/// gateway's other spellings (`Throttling`, `SignatureDoesNotMatch`, `InvalidAccessKeyId.NotFound`,
/// ...) map to the same typed errors as the API page's codes.
errc errc_from_service_code(std::string_view code) noexcept;

/// The service's Code string of a service errc (`"ResourceThrottled"`), empty for client errors.
std::string_view service_code_of(errc e) noexcept;

/// A failed call. Keeps what the service said (Code, Message, RequestId, ...) next to the typed
/// code, and how many attempts were made. Never holds a secret.
struct Error {
    boost::system::error_code code{};   ///< what ended the call
    boost::system::error_code cause{};  ///< what lies behind `code`: for retries_exhausted, timeout and
                                        ///< cancelled, the last attempt's error; for a transport
                                        ///< failure, the system error
    int http_status = 0;                ///< 0 when no HTTP answer was received
    std::string service_code{};         ///< the service's `Code`, kept even when unknown here
    std::string message{};              ///< the service's `Message`, or the client's explanation
    std::string request_id{};           ///< the service's `RequestId`, when there is one
    std::string host_id{};              ///< `HostId`, when present
    std::string recommend{};            ///< `Recommend` (a diagnosis link), when present
    std::string field{};                ///< for invalid_request: the request field that broke a rule
    int attempts = 0;                   ///< attempts sent (0 when the call failed before sending)

    /// One short line for logs, e.g.
    /// `flow_not_exists (HTTP 404 FlowNotExists): Flow nope does not exist. [RequestId 797E...]`:
    /// the errc name of `code`, then in parentheses what is set of the HTTP status and service
    /// Code, `cause`, `field` and the attempts (when more than one), then the message (the code's
    /// description when there is none), then the RequestId. operator<< writes the same text.
    std::string to_string() const;

    /// `code` as a cloudflow::errc. `errc{}` (the value 0, which no enumerator has) when `code` is
    /// empty or of another category (a custom Transport may report a system error as it is).
    cloudflow::errc errc() const noexcept;

    /// Whether the same call may succeed if it is made again: throttling, a 5xx answer, a failure
    /// to connect, a timeout or a broken connection. Decided by classify() (retry.hpp), the rule
    /// the client's own retries follow; for retries_exhausted it is the kind of the last attempt's
    /// error (`cause`), so true. Not for cancelled, invalid requests, auth failures, not found, ...
    /// After a timeout or a broken connection the request may have been carried out: repeat a
    /// call that is not idempotent (StartSyncExecution, a create, PublishFlowVersion) knowingly.
    bool is_retryable() const noexcept;

    /// Whether the service throttled the call, or its last attempt behind retries_exhausted,
    /// timeout or cancelled: is(condition::throttled), or an HTTP 429 answer whatever its Code.
    bool is_throttled() const noexcept;

    /// Whether `code`, or `cause` (the last attempt's error behind retries_exhausted, timeout or
    /// cancelled), belongs to `family`.
    bool is(condition family) const noexcept;
};

/// Writes Error::to_string().
std::ostream& operator<<(std::ostream& os, const Error& e);

/// Makes a client-side Error with a message.
Error make_error(errc code, std::string message, std::string field = {});

/// Thrown only where an exception is the API (a constructor given an unusable configuration, or
/// `Result::value()` on an error).
class Exception : public boost::system::system_error {
public:
    /// An exception carrying `e`; code() is e.code.
    explicit Exception(Error e);
    /// The Error it carries.
    const Error& error() const noexcept { return error_; }
    /// Exactly Error::to_string(), e.g. "invalid_request (field FlowName): FlowName must not be empty".
    const char* what() const noexcept override { return what_.c_str(); }

private:
    Error error_;
    std::string what_;
};

/// Found by boost::system::result<T, Error>::value() through ADL.
[[noreturn]] void throw_exception_from_error(const Error& e, const boost::source_location& loc);

}  // namespace cloudflow

/// @cond
// errc converts to boost::system::error_code, condition to boost::system::error_condition (Boost's
// traits, not part of the documented API).
template <>
struct boost::system::is_error_code_enum<cloudflow::errc> : std::true_type {
};

template <>
struct boost::system::is_error_condition_enum<cloudflow::condition> : std::true_type {
};
/// @endcond
