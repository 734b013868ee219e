// The entries of Client::async_call: each spawns its operation's coroutine on the client's
// executor and completes the type-erased handler on the handler's own executor, with its
// cancellation slot bound. The only file that spawns a coroutine for a completion token.
#include <cloudflow/client.hpp>
#include <cloudflow/detail/call_initiation.hpp>

#include "client/call.hpp"

#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>

#include <exception>

namespace cloudflow::detail {
namespace {

template <class Response>
void spawn(const boost::asio::any_io_executor& executor, boost::asio::awaitable<Result<Response>> call,
           CallHandler<Response> handler)
{
    auto slot = boost::asio::get_associated_cancellation_slot(handler);
    auto handler_executor = boost::asio::get_associated_executor(handler, executor);
    boost::asio::co_spawn(
        executor, std::move(call),
        boost::asio::bind_executor(handler_executor, boost::asio::bind_cancellation_slot(
                                                         slot, [h = std::move(handler)](const std::exception_ptr& e,
                                                                                        Result<Response> r) mutable {
                                                             // The coroutine reports every failure as an Error; only a
                                                             // failure to allocate can get here.
                                                             if (e) std::rethrow_exception(e);
                                                             std::move(h)(std::move(r));
                                                         })));
}

}  // namespace

template <class Request>
void start(std::shared_ptr<ClientImpl> impl, const boost::asio::any_io_executor& executor, Request request,
           CallOptions options, CallHandler<typename Request::response_type> handler)
{
    spawn(executor,
          call<operation_for_t<Request>>(std::move(impl), std::move(request), std::move(options), CallThread::own),
          std::move(handler));
}

// One for each of operations/all.hpp's list.
#define CLOUDFLOW_START(Op)                                                                                            \
    template void start<Op::request_type>(std::shared_ptr<ClientImpl>, const boost::asio::any_io_executor&,            \
                                          Op::request_type, CallOptions, CallHandler<Op::response_type>);
CLOUDFLOW_FOR_EACH_OPERATION(CLOUDFLOW_START)
#undef CLOUDFLOW_START

}  // namespace cloudflow::detail
