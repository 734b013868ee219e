#include <cloudflow/error.hpp>
#include <cloudflow/failure_kind.hpp>

#include <boost/throw_exception.hpp>

#include <algorithm>
#include <array>
#include <ostream>
#include <utility>

namespace cloudflow {
namespace {

struct ServiceCode {
    std::string_view code;
    errc value;
};

// The API page's codes first (these are what service_code_of returns), then the gateway's other
// spellings of the same errors.
constexpr std::array service_codes{
    ServiceCode{"EntityTooLarge", errc::entity_too_large},
    ServiceCode{"ExecutionAlreadyExists", errc::execution_already_exists},
    ServiceCode{"InvalidArgument", errc::invalid_argument},
    ServiceCode{"MissingRequiredHeader", errc::missing_required_header},
    ServiceCode{"MissingRequiredParams", errc::missing_required_params},
    ServiceCode{"ActionNotSupported", errc::action_not_supported},
    ServiceCode{"APIVersionNotSupported", errc::api_version_not_supported},
    ServiceCode{"InvalidAccessKeyID", errc::invalid_access_key_id},
    ServiceCode{"RequestTimeTooSkewed", errc::request_time_too_skewed},
    ServiceCode{"SignatureNotMatch", errc::signature_not_match},
    ServiceCode{"AccessDenied", errc::access_denied},
    ServiceCode{"FlowNotExists", errc::flow_not_exists},
    ServiceCode{"ExecutionNotExists", errc::execution_not_exists},
    ServiceCode{"TaskAlreadyCompleted", errc::task_already_completed},
    ServiceCode{"FlowAlreadyExists", errc::flow_already_exists},
    ServiceCode{"ScheduleNotExists", errc::schedule_not_exists},
    ServiceCode{"ScheduleAlreadyExists", errc::schedule_already_exists},
    ServiceCode{"UnsupportedMediaType", errc::unsupported_media_type},
    ServiceCode{"ResourceThrottled", errc::resource_throttled},
    ServiceCode{"InternalServerError", errc::internal_server_error},
    // Gateway spellings used by Alibaba Cloud's API gateway for the same errors.
    ServiceCode{"InvalidAccessKeyId", errc::invalid_access_key_id},
    ServiceCode{"InvalidAccessKeyId.NotFound", errc::invalid_access_key_id},
    ServiceCode{"InvalidAccessKeyId.Inactive", errc::invalid_access_key_id},
    ServiceCode{"SignatureDoesNotMatch", errc::signature_not_match},
    ServiceCode{"IncompleteSignature", errc::signature_not_match},
    ServiceCode{"SignatureNonceUsed", errc::signature_not_match},
    ServiceCode{"InvalidTimeStamp.Expired", errc::request_time_too_skewed},
    ServiceCode{"InvalidTimeStamp.Format", errc::invalid_argument},
    ServiceCode{"Throttling", errc::resource_throttled},
    ServiceCode{"Throttling.User", errc::resource_throttled},
    ServiceCode{"Throttling.Api", errc::resource_throttled},
    ServiceCode{"ServiceUnavailable", errc::internal_server_error},
    ServiceCode{"InternalError", errc::internal_server_error},
    ServiceCode{"Forbidden.RAM", errc::access_denied},
    ServiceCode{"Forbidden", errc::access_denied},
    ServiceCode{"MissingParameter", errc::missing_required_params},
    ServiceCode{"InvalidParameter", errc::invalid_argument},
    ServiceCode{"InvalidAction", errc::action_not_supported},
    ServiceCode{"InvalidAction.NotFound", errc::action_not_supported},
    ServiceCode{"InvalidVersion", errc::api_version_not_supported},
};

// Boost's error_category is built for constant instances: its destructor is protected and not
// virtual, so a final category with one static instance is never deleted through a base pointer.
// NOLINTNEXTLINE(cppcoreguidelines-virtual-class-destructor)
class Category final : public boost::system::error_category {
public:
    constexpr Category() noexcept : boost::system::error_category(0x63666c6f77ULL) {}
    const char* name() const noexcept override { return "cloudflow"; }

    std::string message(int ev) const override { return std::string(describe(ev)); }

    char const* message(int ev, char* buffer, std::size_t len) const noexcept override
    {
        const std::string_view text = describe(ev);
        if (len == 0) return buffer;
        const std::size_t n = std::min(len - 1, text.size());
        std::copy_n(text.data(), n, buffer);
        buffer[n] = '\0';
        return buffer;
    }

private:
    static std::string_view describe(int ev) noexcept
    {
        switch (static_cast<errc>(ev)) {
        case errc::entity_too_large: return "the payload size exceeds the maximum allowed size";
        case errc::execution_already_exists: return "the execution already exists";
        case errc::invalid_argument: return "a parameter is invalid";
        case errc::missing_required_header: return "a required HTTP header is missing";
        case errc::missing_required_params: return "a required parameter is missing";
        case errc::action_not_supported: return "the operation is not supported";
        case errc::api_version_not_supported: return "the API version is not supported";
        case errc::invalid_access_key_id: return "the AccessKey ID is invalid";
        case errc::request_time_too_skewed: return "the request time is too far from the service's time";
        case errc::signature_not_match: return "the request signature does not match";
        case errc::access_denied: return "access denied";
        case errc::flow_not_exists: return "the flow does not exist";
        case errc::execution_not_exists: return "the execution does not exist";
        case errc::task_already_completed: return "the task has already completed";
        case errc::flow_already_exists: return "the flow already exists";
        case errc::schedule_not_exists: return "the schedule does not exist";
        case errc::schedule_already_exists: return "the schedule already exists";
        case errc::resource_not_exists: return "the resource does not exist";
        case errc::resource_already_exists: return "the resource already exists";
        case errc::unsupported_media_type: return "unsupported media type";
        case errc::resource_throttled: return "the request was throttled";
        case errc::internal_server_error: return "the service had an internal error";
        case errc::service_error: return "the service answered with an error";
        case errc::invalid_request: return "the request is invalid";
        case errc::invalid_config: return "the client configuration is invalid";
        case errc::credentials_unavailable: return "no credentials are available";
        case errc::malformed_response: return "the response is malformed";
        case errc::timeout: return "the operation timed out";
        case errc::cancelled: return "the operation was cancelled";
        case errc::connection_failed: return "the connection could not be established";
        case errc::tls_failed: return "the TLS handshake failed";
        case errc::network_failure: return "the connection failed during the exchange";
        case errc::response_too_large: return "the response exceeds the size limit";
        case errc::retries_exhausted: return "retries exhausted";
        }
        return "unknown cloudflow error";
    }
};

constexpr Category category_instance;

// The family of one of our codes; 0 for none.
int family_of(errc e) noexcept
{
    switch (e) {
    case errc::flow_not_exists:
    case errc::execution_not_exists:
    case errc::schedule_not_exists:
    case errc::resource_not_exists: return static_cast<int>(condition::not_found);
    case errc::execution_already_exists:
    case errc::flow_already_exists:
    case errc::schedule_already_exists:
    case errc::resource_already_exists: return static_cast<int>(condition::already_exists);
    case errc::resource_throttled: return static_cast<int>(condition::throttled);
    case errc::invalid_argument:
    case errc::missing_required_params:
    case errc::missing_required_header:
    case errc::entity_too_large:
    case errc::invalid_request: return static_cast<int>(condition::invalid_argument);
    case errc::invalid_access_key_id:
    case errc::signature_not_match:
    case errc::access_denied:
    case errc::credentials_unavailable: return static_cast<int>(condition::auth_failed);
    case errc::internal_server_error:
    case errc::network_failure:
    case errc::connection_failed:
    case errc::timeout: return static_cast<int>(condition::unavailable);
    default: return 0;
    }
}

// As Category: one static instance, never deleted through a base pointer.
// NOLINTNEXTLINE(cppcoreguidelines-virtual-class-destructor)
class ConditionCategory final : public boost::system::error_category {
public:
    constexpr ConditionCategory() noexcept : boost::system::error_category(0x63666c6f77636eULL) {}
    const char* name() const noexcept override { return "cloudflow.condition"; }
    std::string message(int ev) const override { return std::string(to_string(static_cast<condition>(ev))); }

    bool equivalent(const boost::system::error_code& code, int family) const noexcept override
    {
        return code.category() == category_instance && family_of(static_cast<errc>(code.value())) == family;
    }
};

constexpr ConditionCategory condition_instance;

}  // namespace

const boost::system::error_category& error_category() noexcept
{
    return category_instance;
}

const boost::system::error_category& condition_category() noexcept
{
    return condition_instance;
}

std::string_view to_string(condition c) noexcept
{
    switch (c) {
    case condition::not_found: return "not_found";
    case condition::already_exists: return "already_exists";
    case condition::throttled: return "throttled";
    case condition::invalid_argument: return "invalid_argument";
    case condition::auth_failed: return "auth_failed";
    case condition::unavailable: return "unavailable";
    }
    return "unknown";
}

bool Error::is(condition family) const noexcept
{
    return code == family || cause == family;
}

errc errc_from_service_code(std::string_view code) noexcept
{
    for (const auto& entry : service_codes)
        if (entry.code == code) return entry.value;
    if (code.ends_with("NotExists")) return errc::resource_not_exists;
    if (code.ends_with("AlreadyExists")) return errc::resource_already_exists;
    return errc::service_error;
}

std::string_view to_string(errc e) noexcept
{
    switch (e) {
    case errc::entity_too_large: return "entity_too_large";
    case errc::execution_already_exists: return "execution_already_exists";
    case errc::invalid_argument: return "invalid_argument";
    case errc::missing_required_header: return "missing_required_header";
    case errc::missing_required_params: return "missing_required_params";
    case errc::action_not_supported: return "action_not_supported";
    case errc::api_version_not_supported: return "api_version_not_supported";
    case errc::invalid_access_key_id: return "invalid_access_key_id";
    case errc::request_time_too_skewed: return "request_time_too_skewed";
    case errc::signature_not_match: return "signature_not_match";
    case errc::access_denied: return "access_denied";
    case errc::flow_not_exists: return "flow_not_exists";
    case errc::execution_not_exists: return "execution_not_exists";
    case errc::task_already_completed: return "task_already_completed";
    case errc::flow_already_exists: return "flow_already_exists";
    case errc::schedule_not_exists: return "schedule_not_exists";
    case errc::schedule_already_exists: return "schedule_already_exists";
    case errc::resource_not_exists: return "resource_not_exists";
    case errc::resource_already_exists: return "resource_already_exists";
    case errc::unsupported_media_type: return "unsupported_media_type";
    case errc::resource_throttled: return "resource_throttled";
    case errc::internal_server_error: return "internal_server_error";
    case errc::service_error: return "service_error";
    case errc::invalid_request: return "invalid_request";
    case errc::invalid_config: return "invalid_config";
    case errc::credentials_unavailable: return "credentials_unavailable";
    case errc::malformed_response: return "malformed_response";
    case errc::timeout: return "timeout";
    case errc::cancelled: return "cancelled";
    case errc::connection_failed: return "connection_failed";
    case errc::tls_failed: return "tls_failed";
    case errc::network_failure: return "network_failure";
    case errc::response_too_large: return "response_too_large";
    case errc::retries_exhausted: return "retries_exhausted";
    }
    return "unknown";
}

std::string_view service_code_of(errc e) noexcept
{
    for (const auto& entry : service_codes)
        if (entry.value == e) return entry.code;
    return {};
}

namespace {

// The errc name of one of our codes; the message of another category's.
std::string name_of(const boost::system::error_code& code)
{
    if (code.category() == category_instance) return std::string(to_string(static_cast<errc>(code.value())));
    return code.message();
}

}  // namespace

std::string Error::to_string() const
{
    std::string details;
    const auto add = [&details](const std::string& part) {
        if (!details.empty()) details += ", ";
        details += part;
    };
    if (http_status != 0)
        add("HTTP " + std::to_string(http_status) + (service_code.empty() ? "" : " " + service_code));
    else if (!service_code.empty())
        add(service_code);
    if (cause) add("cause " + name_of(cause));
    if (!field.empty()) add("field " + field);
    if (attempts > 1) add(std::to_string(attempts) + " attempts");

    std::string out = name_of(code);
    if (!details.empty()) out += " (" + details + ")";
    out += ": ";
    out += message.empty() ? code.message() : message;
    if (!request_id.empty()) out += " [RequestId " + request_id + "]";
    return out;
}

cloudflow::errc Error::errc() const noexcept
{
    return code.category() == category_instance ? static_cast<cloudflow::errc>(code.value()) : cloudflow::errc{};
}

bool Error::is_retryable() const noexcept
{
    return classify(*this) != FailureKind::permanent;
}

bool Error::is_throttled() const noexcept
{
    return is(condition::throttled) || classify(*this) == FailureKind::throttled;
}

std::ostream& operator<<(std::ostream& os, const Error& e)
{
    return os << e.to_string();
}

Error make_error(errc code, std::string message, std::string field)
{
    Error e;
    e.code = code;
    e.message = std::move(message);
    e.field = std::move(field);
    return e;
}

Exception::Exception(Error e)
    : boost::system::system_error(e.code, e.message), error_(std::move(e)), what_(error_.to_string())
{
}

void throw_exception_from_error(const Error& e, const boost::source_location& loc)
{
    boost::throw_exception(Exception(e), loc);
}

}  // namespace cloudflow
