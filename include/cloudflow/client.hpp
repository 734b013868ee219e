// The CloudFlow client: co_await-able StartSyncExecution with signing, retries and typed results.
#pragma once

#include <cloudflow/client_config.hpp>
#include <cloudflow/http/transport.hpp>
#include <cloudflow/operations/start_sync_execution.hpp>
#include <cloudflow/result.hpp>

#include <cloudflow/detail/call_initiation.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/deferred.hpp>

#include <memory>

namespace cloudflow {

namespace detail {
class ClientImpl;
}

// One client serves many concurrent calls, from any thread of its executor. Copies share the same
// connection state and retry budget; a call keeps what it needs alive until it completes.
class Client {
public:
    // Calls go over HTTPS (or plain http://, e.g. to cloudflow-local), with an HttpsTransport made from
    // `config.http`. Throws cloudflow::Exception (invalid_config) for an unusable configuration.
    Client(boost::asio::any_io_executor executor, ClientConfig config);
    // Calls go through `transport` (e.g. testing::MockTransport). Throws cloudflow::Exception
    // (invalid_config) for an unusable configuration: no credentials, a malformed endpoint or
    // region, no transport.
    Client(boost::asio::any_io_executor executor, ClientConfig config, std::shared_ptr<Transport> transport);

    const boost::asio::any_io_executor& get_executor() const noexcept { return executor_; }

    // Validates, signs, sends, retries and parses. Never throws for a failed call: the Error says
    // what went wrong. Cancel it through Asio per-operation cancellation (any type); the call then
    // completes with errc::cancelled.
    boost::asio::awaitable<Result<StartSyncExecutionResponse>> start_sync_execution(StartSyncExecutionRequest request,
                                                                                    CallOptions options = {});

    // Any operation with any Asio completion token (use_awaitable, deferred, use_future, a
    // callback); the request's type names the operation and its response. The completion
    // signature is void(Result<Request::response_type>). The call runs on the client's executor;
    // the handler's cancellation slot cancels it. Without a token, a deferred operation.
    template <class Request, class CompletionToken = boost::asio::deferred_t>
    auto async_call(Request request, CallOptions options = {}, CompletionToken&& token = {})
    {
        using Response = typename Request::response_type;
        return boost::asio::async_initiate<CompletionToken, void(Result<Response>)>(
            [executor = executor_, impl = impl_](detail::CallHandler<Response> handler, Request req, CallOptions opts) {
                detail::start(impl, executor, std::move(req), std::move(opts), std::move(handler));
            },
            token, std::move(request), std::move(options));
    }

    // StartSyncExecution with any completion token: async_call under its former name.
    template <class CompletionToken>
    auto async_start_sync_execution(StartSyncExecutionRequest request, CallOptions options, CompletionToken&& token)
    {
        return async_call(std::move(request), std::move(options), std::forward<CompletionToken>(token));
    }

private:
    static boost::asio::awaitable<Result<StartSyncExecutionResponse>>
    run_isolated(std::shared_ptr<detail::ClientImpl> impl, StartSyncExecutionRequest request, CallOptions options);

    boost::asio::any_io_executor executor_;
    std::shared_ptr<detail::ClientImpl> impl_;
};

}  // namespace cloudflow
