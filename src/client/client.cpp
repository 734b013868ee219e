// The public Client: its constructors, and each call made the top coroutine of its own Asio
// thread. The call loop is in invoke.cpp; each operation's entry is in src/operations/.
#include <cloudflow/client.hpp>
#include <cloudflow/http/https_transport.hpp>

#include "client/client_impl.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace cloudflow {

Client::Client(boost::asio::any_io_executor executor, ClientConfig config)
    : Client(executor, config, std::make_shared<HttpsTransport>(executor, config.http))
{
}

Client::Client(boost::asio::any_io_executor executor, ClientConfig config, std::shared_ptr<Transport> transport)
    : executor_(std::move(executor)),
      impl_(std::make_shared<detail::ClientImpl>(std::move(config), std::move(transport)))
{
}

boost::asio::awaitable<Result<StartSyncExecutionResponse>>
Client::start_sync_execution(StartSyncExecutionRequest request, CallOptions options)
{
    return run_isolated(impl_, std::move(request), std::move(options));
}

boost::asio::awaitable<Result<StartSyncExecutionResponse>>
Client::run_isolated(std::shared_ptr<detail::ClientImpl> impl, StartSyncExecutionRequest request, CallOptions options)
{
    // The call runs as a coroutine of its own on the caller's executor: its cancellation settings
    // stay its own, and the caller's cancellation still reaches it through co_spawn.
    const auto executor = co_await boost::asio::this_coro::executor;
    co_return co_await boost::asio::co_spawn(
        executor, detail::run(std::move(impl), std::move(request), std::move(options)), boost::asio::use_awaitable);
}

}  // namespace cloudflow
