// The public Client: its constructors, and each operation's awaitable method, which runs the call
// inside the caller's coroutine (no spawn; async_call spawns one, in async_entry.cpp). The call
// loop is in call_loop.cpp; each operation's descriptor is in src/operations/, reached through
// operation_for.
#include <cloudflow/client.hpp>
#include <cloudflow/http/https_transport.hpp>

#include "client/call.hpp"

namespace cloudflow {

using boost::asio::awaitable;

Client::Client(const boost::asio::any_io_executor& executor, const ClientConfig& config)
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
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<StartExecutionResponse>> Client::start_execution(StartExecutionRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<DescribeExecutionResponse>> Client::describe_execution(DescribeExecutionRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<StopExecutionResponse>> Client::stop_execution(StopExecutionRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<ListExecutionsResponse>> Client::list_executions(ListExecutionsRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<GetExecutionHistoryResponse>> Client::get_execution_history(GetExecutionHistoryRequest r,
                                                                             CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<ReportTaskResponse>> Client::report_task_succeeded(ReportTaskSucceededRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<ReportTaskResponse>> Client::report_task_failed(ReportTaskFailedRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<FlowResponse>> Client::create_flow(CreateFlowRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<FlowResponse>> Client::describe_flow(DescribeFlowRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<FlowResponse>> Client::update_flow(UpdateFlowRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<DeleteResponse>> Client::delete_flow(DeleteFlowRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<ListFlowsResponse>> Client::list_flows(ListFlowsRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<PublishFlowVersionResponse>> Client::publish_flow_version(PublishFlowVersionRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<ListFlowVersionsResponse>> Client::list_flow_versions(ListFlowVersionsRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<DeleteResponse>> Client::delete_flow_version(DeleteFlowVersionRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<FlowAliasResponse>> Client::create_flow_alias(CreateFlowAliasRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<FlowAliasResponse>> Client::describe_flow_alias(DescribeFlowAliasRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<FlowAliasResponse>> Client::update_flow_alias(UpdateFlowAliasRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<ListFlowAliasesResponse>> Client::list_flow_aliases(ListFlowAliasesRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<DeleteResponse>> Client::delete_flow_alias(DeleteFlowAliasRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<ScheduleResponse>> Client::create_schedule(CreateScheduleRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<ScheduleResponse>> Client::describe_schedule(DescribeScheduleRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<ScheduleResponse>> Client::update_schedule(UpdateScheduleRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<DeleteResponse>> Client::delete_schedule(DeleteScheduleRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<ListSchedulesResponse>> Client::list_schedules(ListSchedulesRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<DescribeMapRunResponse>> Client::describe_map_run(DescribeMapRunRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<UpdateMapRunResponse>> Client::update_map_run(UpdateMapRunRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<DescribeRegionsResponse>> Client::describe_regions(DescribeRegionsRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

awaitable<Result<InvokeResponse>> Client::invoke(InvokeRequest r, CallOptions o)
{
    return detail::call<detail::operation_for_t<decltype(r)>>(impl_, std::move(r), std::move(o),
                                                              detail::CallThread::callers);
}

}  // namespace cloudflow
