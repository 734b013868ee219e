// The state a Client's copies share (configuration, endpoint, transport, clock, retry budget, the
// learned clock offset) and the steps of the one call loop every operation runs through
// (call_loop.cpp; the loop itself is call<Op>'s body, call_definition.hpp). call.hpp is the
// operations' way into it.
#pragma once

#include <cloudflow/client_config.hpp>
#include <cloudflow/clock.hpp>
#include <cloudflow/endpoint.hpp>
#include <cloudflow/http/transport.hpp>
#include <cloudflow/retry.hpp>

#include "operations/operation.hpp"
#include "retry/send_rate.hpp"
#include "rpc/nonce.hpp"

#include <boost/asio/awaitable.hpp>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

namespace cloudflow::detail {

class HttpsTransportImpl;

// Where a call's coroutine runs.
enum class CallThread {
    // As the top coroutine of its own Asio thread, spawned for a completion token (async_call):
    // the call accepts cancellation of any type and passes it on as terminal.
    own,
    // Inside the caller's coroutine (the awaitable methods): no spawn, and the caller's
    // cancellation state as it is (terminal cancellation by default); throw_if_cancelled is off
    // during the call and restored after it.
    callers,
};

class ClientImpl {
public:
    // Throws cloudflow::Exception (invalid_config) for an unusable configuration. Reads
    // CLOUDFLOW_DEBUG: with `wire`, a LoggingObserver to std::clog follows the configured observers.
    ClientImpl(ClientConfig config, std::shared_ptr<Transport> transport);

    const RequestLimits& limits() const noexcept { return config_.limits; }
    // The call's timeout: the options', else the client's; none when neither has one.
    std::optional<std::chrono::milliseconds> timeout_of(const CallOptions& options) const
    {
        return options.timeout ? options.timeout : config_.timeout;
    }
    Clock& clock() const noexcept { return *clock_; }

private:
    // The one call loop, in the coroutine of each operation (call_definition.hpp): one frame a
    // call. Its steps between suspensions are the member functions below, compiled once.
    template <class Op>
    friend boost::asio::awaitable<Result<typename Op::response_type>>
    call(std::shared_ptr<ClientImpl> impl, typename Op::request_type request, CallOptions options, CallThread thread);

    struct AttemptFailure;
    struct Attempts;
    struct Next;

    // The call's own checks (its parameters, the options), before any attempt.
    Result<void> check(const OperationCall& call, const CallOptions& options) const;
    RetryPolicy policy_for(const OperationCall& call, const CallOptions& options) const;
    // One attempt's signed request (observers told), or why it cannot be sent.
    Result<HttpRequest> sign(const OperationCall& call, const CallOptions& options, const Credentials& credentials,
                             int attempt);
    // Adaptive mode (send_rate_ set): waits for the client's sending rate to let this attempt go.
    // False, with state.failure set, when the wait would pass the call's deadline or is cancelled.
    boost::asio::awaitable<bool> pace(Attempts& state);
    // The steps of the call loop between its suspensions: the call's checks and deadline; the attempt's
    // signed request (or, null, state.failure says why not); the attempt's deadline; what its
    // answer means (false: the call ended, state.failure set if it failed; true: state.delay or state.at_once
    // before the next); the observers' CallEnd.
    void start(const OperationCall& call, const CallOptions& options, Attempts& state) const;
    std::optional<HttpRequest> prepare(const OperationCall& call, const CallOptions& options, Attempts& state,
                                       Result<Credentials>& credentials, bool cancelled);
    std::chrono::steady_clock::time_point send_deadline(const OperationCall& call, Attempts& state) const;
    // The HttpsTransport behind `transport`, if it is one (null otherwise).
    static std::shared_ptr<HttpsTransportImpl> https_impl_of(Transport* transport);
    // The attempt's exchange through a transport other than HttpsTransport (whose exchange call<Op>
    // awaits itself: https_), its answer into `response`.
    boost::asio::awaitable<void> send_through(HttpRequest request, std::chrono::steady_clock::time_point deadline,
                                              Result<HttpResponse>& response);
    bool answered(Result<HttpResponse>& response, OperationCall& call, Attempts& state, bool cancelled);
    void finish(const OperationCall& call, const Attempts& state) const;
    // An attempt that took its token and was not sent: the token goes back.
    void unsent();
    // After an attempt: the call's end, or the backoff before the next one. Observers told.
    Next conclude(Result<HttpResponse>& response, OperationCall& call, Attempts& state,
                  std::chrono::steady_clock::duration latency);
    // A successful answer decoded, or why it failed.
    Result<void> interpret(const HttpResponse& response, OperationCall& call, AttemptFailure& failure,
                           std::string& request_id) const;
    // The attempt's SignatureNonce: a random UUID kept in `random`, or the configured source's,
    // kept in `sourced`.
    std::string_view next_nonce(NonceText& random, std::string& sourced);
    double next_jitter();
    void notify_attempt_end(std::string_view action, const Attempts& state, int status, std::string_view request_id,
                            std::string_view service_code, boost::system::error_code error,
                            std::chrono::steady_clock::duration latency,
                            std::optional<std::chrono::milliseconds> backoff) const;

    const ClientConfig config_;
    const Endpoint endpoint_;
    const std::shared_ptr<Transport> transport_;
    const std::shared_ptr<HttpsTransportImpl> https_;  // transport_'s, when it is an HttpsTransport
    const std::shared_ptr<Clock> clock_;
    RetryBudget budget_;
    const std::unique_ptr<SendRate> send_rate_;  // RetryMode::adaptive's; null in standard mode
    std::string user_agent_;
    std::mutex mutex_;  // guards the user's nonce and jitter sources
    // The service's clock minus ours, learned from a RequestTimeTooSkewed answer's Date header.
    std::atomic<long long> clock_offset_ms_{0};
};

// One call's state across its attempts: what the loop keeps between co_awaits, kept small, for a
// call in flight holds it (bench/README.md, memory).
struct ClientImpl::Attempts {
    Attempts(RetryPolicy p, RetryBudget& budget) : policy(std::move(p)), retry(policy, budget) {}
    const RetryPolicy policy;  // RetryState keeps a reference to it
    RetryState retry;
    // Why the call failed, once a way out sets it (the loop stops at once); null while it may
    // succeed. On the heap: a call in flight keeps a pointer, not an Error.
    std::unique_ptr<Error> failure;
    void fail(Error e);
    // Cancelled after `attempts` attempts, the last one failed with `cause` (if any).
    void cancelled(int attempts, boost::system::error_code cause = {});
    std::chrono::steady_clock::time_point started{};  // the call's start
    std::chrono::steady_clock::time_point sent_at{};  // the attempt's
    // After an attempt that is not the last: the backoff before the next (none with at_once, the
    // clock-skew correction), and the attempt's failure (the cause of a cancel during the backoff).
    std::chrono::milliseconds delay{0};
    bool at_once = false;
    boost::system::error_code cause;
    std::optional<std::chrono::steady_clock::time_point> deadline;  // the call's, if any
    int attempt = 0;
    int made = 0;                            // attempts that count (the skew correction's extra one does not)
    bool skew_corrected = false;             // the one extra attempt after learning the service's clock
    bool maybe_acted = false;                // an attempt was sent and its answer lost: the repeat rule applies
    boost::system::error_code last_failure;  // the latest attempt's, and its HTTP status: the cause
    int last_status = 0;                     // of an error that ends the call between attempts
    std::string request_id;                  // the answer's, for the observers: kept only when there are any
    std::chrono::steady_clock::time_point paced_at{};  // when the attempt asked the sending rate for a token
    // The attempt's method and URL, for the observers' AttemptEnd; kept only when there are any.
    // The URL is redacted (redact_url): observers log it, and a V1 GET's query holds the Signature
    // and the SecurityToken.
    std::string method, url;
};

}  // namespace cloudflow::detail
