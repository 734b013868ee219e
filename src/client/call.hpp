// An operation as a coroutine: `call<Op>` builds the descriptor's OperationCall and runs the call
// loop on it, in its one frame (ClientImpl's steps). The client's methods and async entries call
// `call<operation_for_t<Request>>`; each operation's coroutine is compiled once, in calls.cpp's
// list (call_definition.hpp has the body).
#pragma once

#include "client/client_impl.hpp"
#include "operations/all.hpp"

#include <boost/asio/awaitable.hpp>

#include <memory>

namespace cloudflow::detail {

// Runs operation `Op` on `request` until it succeeds or fails for good. `impl` keeps the client's
// state alive until the call ends.
template <class Op>
boost::asio::awaitable<Result<typename Op::response_type>>
call(std::shared_ptr<ClientImpl> impl, typename Op::request_type request, CallOptions options, CallThread thread);

}  // namespace cloudflow::detail
