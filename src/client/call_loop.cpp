// The one call loop: every operation's attempts, retries, clock-skew correction, deadlines,
// cancellation and observer events. Nothing in it knows which operation it runs.
#include "client/client_impl.hpp"

#include <cloudflow/http/https_transport.hpp>
#include <cloudflow/http/redact.hpp>
#include <cloudflow/model/timestamp.hpp>
#include <cloudflow/version.hpp>

#include "observability/wire_debug.hpp"
#include "rpc/error_response.hpp"
#include "rpc/nonce.hpp"
#include "rpc/rpc_request.hpp"
#include "util/cancelled.hpp"
#include "util/deadline.hpp"

#include <boost/asio/cancellation_state.hpp>
#include <boost/asio/this_coro.hpp>

#include <algorithm>
#include <cctype>
#include <mutex>
#include <random>

namespace cloudflow::detail {

namespace asio = boost::asio;

namespace {

double random_jitter()
{
    thread_local std::mt19937_64 engine{std::random_device{}()};
    return std::uniform_real_distribution<double>(0.0, 1.0)(engine);
}

// What is wrong with a header a call adds (CallOptions::headers), if anything.
std::optional<std::string> extra_header_rule(std::string_view name, std::string_view value)
{
    static constexpr std::string_view tchar = "!#$%&'*+-.^_`|~";
    const auto is_tchar = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || tchar.find(c) != std::string_view::npos;
    };
    if (name.empty() || !std::all_of(name.begin(), name.end(), is_tchar))
        return "the name '" + std::string(name.substr(0, 64)) + "' is not an HTTP token";
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    static constexpr std::string_view reserved[] = {"host",       "content-type", "content-length", "transfer-encoding",
                                                    "connection", "accept",       "authorization",  "user-agent",
                                                    "date"};
    if (std::find(std::begin(reserved), std::end(reserved), lower) != std::end(reserved) || lower.starts_with("x-acs-"))
        return "'" + std::string(name) + "' is set by the SDK or the signature";
    const auto is_control = [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && u != '\t') || u == 0x7f;
    };
    if (std::any_of(value.begin(), value.end(), is_control))
        return "the value of '" + std::string(name) + "' has a control character";
    return std::nullopt;
}

Endpoint checked_endpoint(const ClientConfig& config)
{
    std::string region = config.region_id;
    if (region.empty() && config.endpoint.empty()) {
        auto found = default_region_id();
        if (!found) throw Exception(found.error());
        region = std::move(*found);
    }
    auto endpoint = resolve_endpoint(region, config.endpoint, config.vpc_endpoint);
    if (!endpoint) throw Exception(endpoint.error());
    return *endpoint;
}

Error cancelled_error(int attempts, boost::system::error_code cause = {})
{
    Error e = make_error(errc::cancelled, "the call was cancelled");
    e.attempts = attempts;
    e.cause = cause;
    return e;
}

// The configuration with the wire debug's observer after the user's, when CLOUDFLOW_DEBUG asks.
ClientConfig with_wire_debug(ClientConfig config)
{
    if (auto observer = wire_debug_observer_from_environment()) config.observers.push_back(std::move(observer));
    return config;
}

// The parameter that makes a request too large: the largest one.
std::string largest_parameter(const ParameterList& params)
{
    std::string_view largest;
    std::size_t size = 0;
    for (const auto [name, value] : params)
        if (largest.empty() || value.size() > size) {
            largest = name;
            size = value.size();
        }
    return std::string(largest);
}

}  // namespace

// One attempt's failure, with the server's retry hint and clock.
struct ClientImpl::AttemptFailure {
    Error error;
    std::optional<std::chrono::milliseconds> hint;                     // Retry-After, TimeLeft
    std::optional<std::chrono::system_clock::time_point> server_date;  // the Date header
};

ClientImpl::ClientImpl(ClientConfig config, std::shared_ptr<Transport> transport)
    : config_(with_wire_debug(std::move(config))), endpoint_(checked_endpoint(config_)),
      transport_(std::move(transport)), https_(https_impl_of(transport_.get())),
      clock_(config_.clock ? config_.clock : make_system_clock()), budget_(config_.retry.budget_capacity),
      send_rate_(config_.retry.mode == RetryMode::adaptive ? std::make_unique<SendRate>() : nullptr),
      user_agent_("cloudflow-cpp/" + std::string(version()))
{
    if (!config_.credentials)
        throw Exception(make_error(errc::invalid_config, "no credentials provider is configured"));
    if (!transport_) throw Exception(make_error(errc::invalid_config, "no transport is configured"));
    if (config_.retry.max_attempts < 1)
        throw Exception(
            make_error(errc::invalid_config, "retry.max_attempts must be at least 1", "retry.max_attempts"));
    const auto refuse = [](std::optional<std::string> broken, const char* field) {
        if (broken) throw Exception(make_error(errc::invalid_config, std::move(*broken), field));
    };
    refuse(timeout_rule("attempt_timeout", config_.attempt_timeout), "attempt_timeout");
    if (config_.timeout) refuse(timeout_rule("timeout", *config_.timeout), "timeout");
    // The backoff's delays: 0 is no wait; a base above max_delay is capped at max_delay.
    refuse(not_negative_rule("retry.base_delay", config_.retry.base_delay), "retry.base_delay");
    refuse(not_negative_rule("retry.throttle_base_delay", config_.retry.throttle_base_delay),
           "retry.throttle_base_delay");
    refuse(not_negative_rule("retry.max_delay", config_.retry.max_delay), "retry.max_delay");
    if (!config_.user_agent_suffix.empty()) user_agent_ += " " + config_.user_agent_suffix;
}

std::string_view ClientImpl::next_nonce(NonceText& random, std::string& sourced)
{
    if (!config_.nonce_source) {
        random = random_nonce_text();
        return random.view();
    }
    std::lock_guard lock(mutex_);
    sourced = config_.nonce_source();
    return sourced;
}

double ClientImpl::next_jitter()
{
    if (!config_.jitter_source) return random_jitter();
    std::lock_guard lock(mutex_);
    return config_.jitter_source();
}

Result<void> ClientImpl::interpret(const HttpResponse& response, OperationCall& call, AttemptFailure& failure,
                                   std::string& request_id) const
{
    if (response.status >= 200 && response.status < 300) {
        ScratchJson scratch;
        auto body = parse_json_object(response.body, config_.limits.max_json_depth, scratch.storage());
        if (body) {
            JsonReader reader(body->get_object(), config_.limits.max_json_depth);
            call.decode(reader);
            if (!config_.observers.empty()) request_id = reader.request_id();  // theirs only
            if (reader.ok()) return {};
            failure.error = *reader.error();
        } else {
            failure.error = std::move(body).error();
        }
        failure.error.http_status = response.status;
    } else {
        failure.error = parse_error_response(response, config_.limits.max_json_depth);
        failure.hint = server_retry_hint(response.headers, clock_->system_now());
        if (auto date = find_header(response.headers, "Date")) failure.server_date = parse_http_date(*date);
    }
    return failure.error;
}

void ClientImpl::Attempts::fail(Error e)
{
    failure = std::make_unique<Error>(std::move(e));
}

void ClientImpl::Attempts::cancelled(int attempts, boost::system::error_code cause)
{
    fail(cancelled_error(attempts, cause));
}

// The call's end, or the backoff before the next attempt.
struct ClientImpl::Next {
    std::optional<Result<void>> end;
    std::chrono::milliseconds delay{0};
    boost::system::error_code cause;  // this attempt's failure, for a backoff that is cancelled
    bool at_once = false;             // the clock-skew correction: re-sign and go again, no backoff
};

void ClientImpl::notify_attempt_end(std::string_view action, const Attempts& state, int status,
                                    std::string_view request_id, std::string_view service_code,
                                    boost::system::error_code error, std::chrono::steady_clock::duration latency,
                                    std::optional<std::chrono::milliseconds> backoff) const
{
    const AttemptEnd end{action, state.attempt, status,  service_code, request_id,
                         error,  latency,       backoff, state.method, state.url};
    for (const auto& observer : config_.observers) observer->on_attempt_end(end);
}

Result<void> ClientImpl::check(const OperationCall& call, const CallOptions& options) const
{
    if (!call.params) return call.params.error();
    if (options.max_attempts && *options.max_attempts < 1)
        return make_error(errc::invalid_request, "max_attempts must be at least 1", "max_attempts");
    if (options.timeout)
        if (auto broken = timeout_rule("timeout", *options.timeout))
            return make_error(errc::invalid_request, std::move(*broken), "timeout");
    for (const auto& [name, value] : options.headers)
        if (auto broken = extra_header_rule(name, value))
            return make_error(errc::invalid_request, "headers: " + std::move(*broken), "headers");
    return {};
}

RetryPolicy ClientImpl::policy_for(const OperationCall& call, const CallOptions& options) const
{
    RetryPolicy policy = config_.retry;
    if (options.max_attempts) policy.max_attempts = *options.max_attempts;
    // A request that is safe to repeat is repeated after a timeout or a broken connection too;
    // CallOptions::retry_sent_requests decides for any operation.
    if (call.idempotency == Idempotency::idempotent) policy.retry_sent_requests = true;
    if (options.retry_sent_requests) policy.retry_sent_requests = *options.retry_sent_requests;
    return policy;
}

Result<HttpRequest> ClientImpl::sign(const OperationCall& call, const CallOptions& options,
                                     const Credentials& credentials, int attempt)
{
    const RpcCall rpc{call.action, api_version, &*call.params, call.query_fields};
    const auto signing_time = saturating_add(clock_->system_now(), std::chrono::milliseconds(clock_offset_ms_.load()));
    const auto build =
        config_.signature_version == SignatureVersion::v3 ? build_v3_signed_request : build_signed_request;
    NonceText random;
    std::string sourced;
    HttpRequest http = build(rpc, config_.method.value_or(call.method), endpoint_, credentials,
                             next_nonce(random, sourced), signing_time, user_agent_);
    if (const std::size_t size = payload_size(http); size > config_.limits.max_request_bytes) {
        Error e = make_error(errc::invalid_request,
                             "the encoded request is " + std::to_string(size) + " bytes; the limit is " +
                                 std::to_string(config_.limits.max_request_bytes) + " bytes",
                             largest_parameter(*call.params));
        e.attempts = attempt - 1;
        return e;
    }
    http.headers.insert(http.headers.end(), options.headers.begin(), options.headers.end());
    AttemptStart start{call.action, attempt, http};
    for (const auto& observer : config_.observers) observer->on_attempt_start(start);
    return http;
}

ClientImpl::Next ClientImpl::conclude(Result<HttpResponse>& response, OperationCall& call, Attempts& state,
                                      std::chrono::steady_clock::duration latency)
{
    const int attempt = state.attempt;
    const bool answered = response.has_value();  // an HTTP answer came (a status, maybe an error's)
    AttemptFailure failure;
    if (!answered) {
        failure.error = std::move(response).error();
    } else if (interpret(*response, call, failure, state.request_id)) {
        if (send_rate_) send_rate_->on_answer(state.paced_at, clock_->now(), false);
        state.retry.on_success();
        notify_attempt_end(call.action, state, response->status, state.request_id, {}, {}, latency, std::nullopt);
        return {Result<void>{}, {}, {}, false};
    }
    failure.error.attempts = attempt;
    const boost::system::error_code attempt_code = failure.error.code;
    state.last_failure = attempt_code;
    state.last_status = failure.error.http_status;
    // Every answer the service gave feeds the sending rate; a failure to reach it does not.
    if (send_rate_ && answered)
        send_rate_->on_answer(state.paced_at, clock_->now(), classify(failure.error) == FailureKind::throttled);
    if (!answered && classify(failure.error) == FailureKind::maybe_sent) state.maybe_acted = true;
    // The repeat rule: after a lost answer (or, for a rule that asks less, any earlier attempt),
    // this error answer says an earlier attempt did what the call asked.
    if (answered && call.repeat && (call.repeat->after_lost_answer ? state.maybe_acted : attempt > 1) &&
        !failure.error.service_code.empty() && failure.error.service_code == call.repeat->service_code) {
        call.repeated = true;
        call.repeat_request_id = failure.error.request_id;
        state.request_id = failure.error.request_id;
        state.retry.on_success();
        notify_attempt_end(call.action, state, failure.error.http_status, failure.error.request_id,
                           failure.error.service_code, attempt_code, latency, std::nullopt);
        return {Result<void>{}, {}, {}, false};
    }

    // The service refused our clock: learn its time from the Date header, re-sign, go again once.
    if (attempt_code == errc::request_time_too_skewed && failure.server_date && !state.skew_corrected) {
        state.skew_corrected = true;
        // In milliseconds, which cannot overflow between any two system_clock times.
        using std::chrono::milliseconds;
        const auto offset = std::chrono::round<milliseconds>(failure.server_date->time_since_epoch()) -
                            std::chrono::round<milliseconds>(clock_->system_now().time_since_epoch());
        clock_offset_ms_.store(offset.count());
        notify_attempt_end(call.action, state, failure.error.http_status, failure.error.request_id,
                           failure.error.service_code, attempt_code, latency, std::chrono::milliseconds(0));
        return {std::nullopt, std::chrono::milliseconds(0), attempt_code, true};
    }
    // The skew correction's extra attempt does not count against max_attempts.
    failure.error.attempts = attempt - (state.skew_corrected ? 1 : 0);
    const int status = failure.error.http_status;
    const std::string failed_id = failure.error.request_id, service_code = failure.error.service_code;

    RetryDecision decision =
        state.retry.on_failure(std::move(failure.error), failure.hint, clock_->now(), state.deadline, next_jitter());
    notify_attempt_end(call.action, state, status, failed_id, service_code, attempt_code, latency,
                       decision.retry ? std::optional(decision.delay) : std::nullopt);
    if (!decision.retry) {
        decision.error.attempts = attempt;
        return {Result<void>(std::move(decision.error)), {}, {}, false};
    }
    return {std::nullopt, decision.delay, attempt_code, false};
}

void ClientImpl::unsent()
{
    if (send_rate_) send_rate_->give_back();
}

asio::awaitable<bool> ClientImpl::pace(Attempts& state)
{
    state.paced_at = clock_->now();
    const auto wait = send_rate_->reserve(state.paced_at, state.deadline);
    if (!wait) {
        Error e =
            make_error(errc::timeout,
                       "the client's sending rate (adaptive retry) would hold the attempt past the call's deadline");
        e.attempts = state.attempt - 1;
        e.cause = state.last_failure;  // the previous attempt's, if any: throttled, most likely
        e.http_status = state.last_status;
        state.fail(std::move(e));
        co_return false;
    }
    if (*wait > std::chrono::steady_clock::duration::zero()) {
        const auto slept = co_await clock_->sleep_for(*wait);
        if (slept || is_cancelled(co_await asio::this_coro::cancellation_state)) {
            unsent();
            state.cancelled(state.attempt - 1, state.last_failure);
            co_return false;
        }
    }
    co_return true;
}

void ClientImpl::start(const OperationCall& call, const CallOptions& options, Attempts& state) const
{
    state.started = clock_->now();
    if (auto checked = check(call, options); !checked) {  // a timeout under 1 ms (or negative) stops here
        state.fail(std::move(checked).error());
        return;
    }
    // A timeout too long for the clock is no deadline at all.
    if (auto timeout = timeout_of(options))
        if (const auto end = saturating_add(state.started, *timeout);
            end != std::chrono::steady_clock::time_point::max())
            state.deadline = end;
}

std::optional<HttpRequest> ClientImpl::prepare(const OperationCall& call, const CallOptions& options, Attempts& state,
                                               Result<Credentials>& credentials, bool cancelled)
{
    // Until the request is sent, its token goes back with any way out (unsent).
    if (cancelled) {
        unsent();
        state.cancelled(state.attempt - 1);
        return std::nullopt;
    }
    if (!credentials) {
        unsent();
        Error e = std::move(credentials).error();
        e.attempts = state.attempt - 1;
        state.fail(std::move(e));
        return std::nullopt;
    }
    auto http = sign(call, options, *credentials, state.attempt);
    if (!http) {
        unsent();
        state.fail(std::move(http).error());
        return std::nullopt;
    }
    if (!config_.observers.empty()) {
        state.method = http->method;
        state.url = redact_url(request_url(*http));
    }
    return std::move(*http);
}

std::shared_ptr<HttpsTransportImpl> ClientImpl::https_impl_of(Transport* transport)
{
    const auto* https = dynamic_cast<const HttpsTransport*>(transport);
    return https ? https->impl_ : nullptr;
}

boost::asio::awaitable<void> ClientImpl::send_through(HttpRequest request,
                                                      std::chrono::steady_clock::time_point deadline,
                                                      Result<HttpResponse>& response)
{
    response = co_await transport_->send(std::move(request), deadline);
}

std::chrono::steady_clock::time_point ClientImpl::send_deadline(const OperationCall& call, Attempts& state) const
{
    state.sent_at = clock_->now();
    auto deadline = saturating_add(saturating_add(state.sent_at, config_.attempt_timeout), call.server_wait);
    if (state.deadline && *state.deadline < deadline) deadline = *state.deadline;
    return deadline;
}

bool ClientImpl::answered(Result<HttpResponse>& response, OperationCall& call, Attempts& state, bool cancelled)
{
    const auto latency = clock_->now() - state.sent_at;
    if (cancelled) {
        notify_attempt_end(call.action, state, 0, {}, {}, make_error_code(errc::cancelled), latency, std::nullopt);
        state.cancelled(state.attempt);
        return false;
    }
    Next next = conclude(response, call, state, latency);
    if (next.end) {
        if (!*next.end) state.fail(std::move(*next.end).error());
        return false;
    }
    state.delay = next.delay;
    state.at_once = next.at_once;
    state.cause = next.cause;
    return true;
}

void ClientImpl::finish(const OperationCall& call, const Attempts& state) const
{
    if (config_.observers.empty()) return;
    const Error* failed = state.failure.get();
    const CallEnd end{call.action, failed, state.request_id, failed ? failed->attempts : state.made,
                      clock_->now() - state.started};
    for (const auto& observer : config_.observers) observer->on_call_end(end);
}

}  // namespace cloudflow::detail
