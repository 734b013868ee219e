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
    Result<void> done = co_await impl->run(call, options, thread);
    if (!done) co_return std::move(done).error();
    if (call.repeated) {
        // The repeat rule ended the call: the lost attempt acted. Describe what it made, when the
        // operation says what; else the answer is the repeat's RequestId.
        if constexpr (requires { Op::repeat_lookup(request); }) {
            auto found =
                co_await detail::call<DescribeExecution>(impl, Op::repeat_lookup(request), std::move(options), thread);
            if (!found) co_return std::move(found).error();
            Op::from_lookup(std::move(*found), out);
        } else {
            out.request_id = std::move(call.repeat_request_id);
        }
    }
    co_return out;
}

}  // namespace cloudflow::detail
