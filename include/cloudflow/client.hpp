// The CloudFlow client: co_await-able StartSyncExecution with signing, retries and typed results.
#pragma once

#include <cloudflow/client_config.hpp>
#include <cloudflow/result.hpp>
#include <cloudflow/start_sync_execution.hpp>
#include <cloudflow/transport.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>

#include <exception>
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

    // The same with any Asio completion token (use_awaitable, deferred, use_future, a callback);
    // the completion signature is void(Result<StartSyncExecutionResponse>). The operation runs on
    // the client's executor; the handler's cancellation slot cancels it.
    template <class CompletionToken>
    auto async_start_sync_execution(StartSyncExecutionRequest request, CallOptions options, CompletionToken&& token)
    {
        return boost::asio::async_initiate<CompletionToken, void(Result<StartSyncExecutionResponse>)>(
            [executor = executor_, impl = impl_](auto handler, StartSyncExecutionRequest req, CallOptions opts) {
                auto slot = boost::asio::get_associated_cancellation_slot(handler);
                auto ex = boost::asio::get_associated_executor(handler, executor);
                boost::asio::co_spawn(
                    executor, run(impl, std::move(req), std::move(opts)),
                    boost::asio::bind_executor(
                        ex, boost::asio::bind_cancellation_slot(
                                slot, [h = std::move(handler)](std::exception_ptr e,
                                                               Result<StartSyncExecutionResponse> r) mutable {
                                    // The coroutine reports every failure as an Error; only a
                                    // failure to allocate can get here.
                                    if (e) std::rethrow_exception(e);
                                    std::move(h)(std::move(r));
                                })));
            },
            token, std::move(request), std::move(options));
    }

private:
    static boost::asio::awaitable<Result<StartSyncExecutionResponse>>
    run_isolated(std::shared_ptr<detail::ClientImpl> impl, StartSyncExecutionRequest request, CallOptions options);
    static boost::asio::awaitable<Result<StartSyncExecutionResponse>>
    run(std::shared_ptr<detail::ClientImpl> impl, StartSyncExecutionRequest request, CallOptions options);

    boost::asio::any_io_executor executor_;
    std::shared_ptr<detail::ClientImpl> impl_;
};

}  // namespace cloudflow
