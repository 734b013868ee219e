// The body of call<Op> (call.hpp), the one call loop: for calls.cpp, which compiles it for every
// operation, and for tests that run an operation of their own through the loop. A call is this one
// coroutine frame: only what lives across a suspension is kept in it (the call's request, answer
// and state, and the results of what it awaits); every step between is a ClientImpl member
// function, compiled once, its locals on the stack.
#pragma once

#include "client/call.hpp"
#include "http/https_exchange.hpp"
#include "util/cancelled.hpp"
#include "util/deadline.hpp"

#include <boost/asio/cancellation_state.hpp>
#include <boost/asio/this_coro.hpp>

namespace cloudflow::detail {

// Validates the request and the options, then signs, sends, retries and decodes until the call
// succeeds or fails for good; the observers hear of every attempt and of the call's end. With
// CallThread::own it must be the top coroutine of its own Asio thread (it sets the thread's
// cancellation state).
template <class Op>
boost::asio::awaitable<Result<typename Op::response_type>>
call(std::shared_ptr<ClientImpl> impl, typename Op::request_type request, CallOptions options, CallThread thread)
{
    namespace asio = boost::asio;
    typename Op::response_type out;
    std::optional<RepeatRule> repeat = prepare_request<Op>(request);
    OperationCall call = operation_call<Op>(request, impl->limits(), out);
    call.repeat = repeat;

    // Every check of cancellation below is explicit: no co_await may throw for it.
    bool caller_throws = false;
    if (thread == CallThread::own) {
        // The top of its own Asio thread (spawned for a completion token): any type of
        // cancellation is accepted, and passed on as terminal (see as_terminal).
        co_await asio::this_coro::reset_cancellation_state(asio::enable_total_cancellation(), as_terminal);
        co_await asio::this_coro::throw_if_cancelled(false);
    } else {
        caller_throws = co_await asio::this_coro::throw_if_cancelled();
        co_await asio::this_coro::throw_if_cancelled(false);
    }
    // The call's cancellation state, fixed from here on.
    const asio::cancellation_state cancellation = co_await asio::this_coro::cancellation_state;

    ClientImpl& client = *impl;
    ClientImpl::Attempts state(client.policy_for(call, options), client.budget_);
    client.start(call, options, state);
    while (!state.failure) {  // one attempt a turn; a way out sets state.failure, or breaks on success
        ++state.attempt;
        state.made = state.attempt - (state.skew_corrected ? 1 : 0);
        if (client.send_rate_ && !co_await client.pace(state)) break;
        auto& provider = options.credentials ? options.credentials : client.config_.credentials;
        auto credentials = co_await provider->get_credentials();
        std::optional<HttpRequest> http = client.prepare(call, options, state, credentials, is_cancelled(cancellation));
        if (!http) break;
        const auto deadline = client.send_deadline(call, state);
        // The answer is kept once, here: the default transport writes it in place.
        Result<HttpResponse> response;
        if (client.https_)
            co_await exchange(*client.https_, *http, deadline, response);
        else
            co_await client.send_through(std::move(*http), deadline, response);
        if (!client.answered(response, call, state, is_cancelled(cancellation))) break;
        if (state.at_once) continue;
        // A delay too long for the steady clock's unit (a huge max_delay and server hint) saturates.
        const auto slept =
            co_await client.clock_->sleep_for(saturating_cast<std::chrono::steady_clock::duration>(state.delay));
        if (slept || is_cancelled(cancellation)) state.cancelled(state.attempt, state.cause);
    }
    client.finish(call, state);
    if (caller_throws) co_await asio::this_coro::throw_if_cancelled(true);

    if constexpr (requires { Op::repeat_lookup(request); }) {
        // The execution a failed call may have started has a name the caller never saw: the
        // error says it.
        const auto named = [&](Error e) {
            if (repeat && (e.attempts > 0 || call.repeated))
                e.message += " (the SDK named the execution " + Op::repeat_lookup(request).execution_name + ")";
            return e;
        };
        if (state.failure) co_return named(std::move(*state.failure));
        if (call.repeated) {
            // An earlier attempt started the execution: describe it, within what is left of the
            // call's time.
            if (const auto timeout = impl->timeout_of(options)) {
                const auto left =
                    *timeout - std::chrono::ceil<std::chrono::milliseconds>(impl->clock().now() - state.started);
                if (left < std::chrono::milliseconds(1))
                    co_return named(make_error(errc::timeout, "the call's deadline passed before the execution its "
                                                              "earlier attempt started could be described"));
                options.timeout = left;
            }
            auto found =
                co_await detail::call<DescribeExecution>(impl, Op::repeat_lookup(request), std::move(options), thread);
            if (!found) co_return named(std::move(found).error());
            Op::from_lookup(std::move(*found), out);
        }
    } else {
        if (state.failure) co_return std::move(*state.failure);
        // An earlier attempt did it: the answer is the repeat's RequestId.
        if (call.repeated) out.request_id = std::move(call.repeat_request_id);
    }
    co_return out;
}

}  // namespace cloudflow::detail
