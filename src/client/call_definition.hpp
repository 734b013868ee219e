// The body of call<Op> (call.hpp): for calls.cpp, which compiles it for every operation, and for
// tests that run an operation of their own through the loop.
#pragma once

#include "client/call.hpp"

namespace cloudflow::detail {

template <class Op>
boost::asio::awaitable<Result<typename Op::response_type>>
call(std::shared_ptr<ClientImpl> impl, typename Op::request_type request, CallOptions options, CallThread thread)
{
    typename Op::response_type out;
    std::optional<RepeatRule> repeat = prepare_request<Op>(request);
    OperationCall call = operation_call<Op>(request, impl->limits(), out);
    call.repeat = repeat;
    const auto started = impl->clock().now();
    co_await impl->run(call, options, thread);
    if constexpr (requires { Op::repeat_lookup(request); }) {
        // The execution a failed call may have started has a name the caller never saw: the
        // error says it.
        const auto named = [&](Error e) {
            if (repeat && (e.attempts > 0 || call.repeated))
                e.message += " (the SDK named the execution " + Op::repeat_lookup(request).execution_name + ")";
            return e;
        };
        if (call.failure) co_return named(std::move(*call.failure));
        if (call.repeated) {
            // An earlier attempt started the execution: describe it, within what is left of the
            // call's time.
            if (const auto timeout = impl->timeout_of(options)) {
                const auto left =
                    *timeout - std::chrono::ceil<std::chrono::milliseconds>(impl->clock().now() - started);
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
        if (call.failure) co_return std::move(*call.failure);
        // An earlier attempt did it: the answer is the repeat's RequestId.
        if (call.repeated) out.request_id = std::move(call.repeat_request_id);
    }
    co_return out;
}

}  // namespace cloudflow::detail
