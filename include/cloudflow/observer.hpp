/// @file
/// Hooks into a call: before and after each attempt, and on the final result. For logging,
/// metrics and tracing; an observer may also add headers to an attempt's request.
#pragma once

#include <cloudflow/error.hpp>
#include <cloudflow/http/http.hpp>
#include <cloudflow/result.hpp>

#include <boost/system/error_code.hpp>

#include <chrono>
#include <optional>
#include <string_view>

namespace cloudflow {

/// What an observer is told before an attempt is sent.
struct AttemptStart {
    std::string_view action{};  ///< "StartSyncExecution"
    int attempt{};              ///< 1, 2, ...
    /// The signed request about to be sent. Headers may be added (V1 signatures do not cover
    /// headers); changing the target or the body breaks the signature.
    HttpRequest& request;
};

/// What an observer is told after an attempt: its answer or failure, and what comes next.
struct AttemptEnd {
    std::string_view action{};                      ///< the operation, e.g. "StartSyncExecution"
    int attempt{};                                  ///< 1, 2, ...
    int http_status{};                              ///< 0 when no HTTP answer arrived
    std::string_view service_code{};                ///< the service's Code, when it sent one
    std::string_view request_id{};                  ///< the service's RequestId, when it sent one
    boost::system::error_code error{};              ///< empty when the attempt succeeded
    std::chrono::steady_clock::duration latency{};  ///< from sending the attempt to its answer or failure
    /// The wait chosen before the next attempt; nullopt when there is none.
    std::optional<std::chrono::milliseconds> backoff{};
    /// The attempt's request method, "GET" or "POST".
    std::string_view method{};
    /// The attempt's URL (request_url) redacted by redact_url (http/redact.hpp): safe to log. With
    /// V1 and GET its query says `Signature=redacted` and, with STS credentials,
    /// `SecurityToken=redacted`; the request as sent is AttemptStart::request.
    std::string_view url{};
};

/// The end of a call, whatever its operation: the typed result stays with the caller.
struct CallEnd {
    std::string_view action{};      ///< the operation, e.g. "StartSyncExecution"
    const Error* error;             ///< nullptr when the call succeeded
    std::string_view request_id{};  ///< the successful answer's RequestId (on failure: error->request_id)
    int attempts{};                 ///< attempts sent (0 when the call failed before sending)
    std::chrono::steady_clock::duration duration{};  ///< from the call's start, retries and waits included
};

/// Called from the call's coroutine, so from any thread of the client's executor and for many calls
/// at once: implementations must be thread-safe, quick, and must not throw.
class CallObserver {
public:
    /// Destroys the observer.
    virtual ~CallObserver() = default;
    /// Before each attempt is sent; may add headers to its request.
    virtual void on_attempt_start(AttemptStart&) noexcept {}
    /// After each attempt, with its outcome and the backoff chosen before the next one.
    virtual void on_attempt_end(const AttemptEnd&) noexcept {}
    /// Every call ends here once, whether it failed before sending, after retries, or succeeded.
    virtual void on_call_end(const CallEnd&) noexcept {}
};

}  // namespace cloudflow
