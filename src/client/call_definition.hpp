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
    OperationCall call = operation_call<Op>(request, impl->limits(), out);
    Result<void> done = co_await impl->run(call, options, thread);
    if (!done) co_return std::move(done).error();
    co_return out;
}

}  // namespace cloudflow::detail
