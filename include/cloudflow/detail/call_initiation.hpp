// What Client::async_call needs, and no more: one entry per request type, instantiated in
// src/client/async_entry.cpp (the only file that spawns a coroutine for a completion token). The
// handler is type-erased, so a user's translation unit instantiates no coroutine machinery.
#pragma once

#include <cloudflow/client_config.hpp>
#include <cloudflow/result.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/any_io_executor.hpp>

#include <memory>

namespace cloudflow::detail {

class ClientImpl;

template <class Response>
using CallHandler = boost::asio::any_completion_handler<void(Result<Response>)>;

// Runs the call on `executor`; the handler completes on its own associated executor (default
// `executor`), and its cancellation slot cancels the call.
// Defined for the request types of include/cloudflow/operations/ only.
template <class Request>
void start(std::shared_ptr<ClientImpl> impl, const boost::asio::any_io_executor& executor, Request request,
           CallOptions options, CallHandler<typename Request::response_type> handler);

}  // namespace cloudflow::detail
