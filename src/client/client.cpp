// The public Client: its constructors, and each operation's awaitable method, which runs the call
// inside the caller's coroutine (no spawn; async_call spawns one, in async_entry.cpp). The call
// loop is in invoke.cpp; each operation's descriptor is in src/operations/.
#include <cloudflow/client.hpp>
#include <cloudflow/http/https_transport.hpp>

#include "client/client_impl.hpp"

namespace cloudflow {

using boost::asio::awaitable;

Client::Client(boost::asio::any_io_executor executor, ClientConfig config)
    : Client(executor, config, std::make_shared<HttpsTransport>(executor, config.http))
{
}

Client::Client(boost::asio::any_io_executor executor, ClientConfig config, std::shared_ptr<Transport> transport)
    : executor_(std::move(executor)),
      impl_(std::make_shared<detail::ClientImpl>(std::move(config), std::move(transport)))
{
}

awaitable<Result<StartSyncExecutionResponse>> Client::start_sync_execution(StartSyncExecutionRequest r, CallOptions o)
{
    return detail::run(impl_, std::move(r), std::move(o), detail::CallThread::callers);
}

awaitable<Result<StartExecutionResponse>> Client::start_execution(StartExecutionRequest r, CallOptions o)
{
    return detail::run(impl_, std::move(r), std::move(o), detail::CallThread::callers);
}

awaitable<Result<DescribeExecutionResponse>> Client::describe_execution(DescribeExecutionRequest r, CallOptions o)
{
    return detail::run(impl_, std::move(r), std::move(o), detail::CallThread::callers);
}

awaitable<Result<StopExecutionResponse>> Client::stop_execution(StopExecutionRequest r, CallOptions o)
{
    return detail::run(impl_, std::move(r), std::move(o), detail::CallThread::callers);
}

awaitable<Result<ListExecutionsResponse>> Client::list_executions(ListExecutionsRequest r, CallOptions o)
{
    return detail::run(impl_, std::move(r), std::move(o), detail::CallThread::callers);
}

awaitable<Result<GetExecutionHistoryResponse>> Client::get_execution_history(GetExecutionHistoryRequest r,
                                                                             CallOptions o)
{
    return detail::run(impl_, std::move(r), std::move(o), detail::CallThread::callers);
}

awaitable<Result<ReportTaskResponse>> Client::report_task_succeeded(ReportTaskSucceededRequest r, CallOptions o)
{
    return detail::run(impl_, std::move(r), std::move(o), detail::CallThread::callers);
}

awaitable<Result<ReportTaskResponse>> Client::report_task_failed(ReportTaskFailedRequest r, CallOptions o)
{
    return detail::run(impl_, std::move(r), std::move(o), detail::CallThread::callers);
}

awaitable<Result<InvokeResponse>> Client::invoke(InvokeRequest r, CallOptions o)
{
    return detail::run(impl_, std::move(r), std::move(o), detail::CallThread::callers);
}

}  // namespace cloudflow
