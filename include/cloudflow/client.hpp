/// @file
/// The CloudFlow client: every modelled fnf operation, co_await-able or with any completion token,
/// with signing, retries and typed results.
#pragma once

#include <cloudflow/client_config.hpp>
#include <cloudflow/http/transport.hpp>
#include <cloudflow/operations/describe_execution.hpp>
#include <cloudflow/operations/flow_aliases.hpp>
#include <cloudflow/operations/flow_versions.hpp>
#include <cloudflow/operations/flows.hpp>
#include <cloudflow/operations/get_execution_history.hpp>
#include <cloudflow/operations/invoke.hpp>
#include <cloudflow/operations/list_executions.hpp>
#include <cloudflow/operations/map_runs.hpp>
#include <cloudflow/operations/regions.hpp>
#include <cloudflow/operations/report_task.hpp>
#include <cloudflow/operations/schedules.hpp>
#include <cloudflow/operations/start_execution.hpp>
#include <cloudflow/operations/start_sync_execution.hpp>
#include <cloudflow/operations/stop_execution.hpp>
#include <cloudflow/result.hpp>

#include <cloudflow/detail/call_initiation.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/json/object.hpp>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>

namespace cloudflow {

/// How Client::wait_for_execution waits.
struct WaitOptions {
    /// The whole wait; when it passes, the wait ends with errc::timeout (its message says the last
    /// status seen). None: until the execution ends, or the caller cancels.
    std::optional<std::chrono::milliseconds> timeout{};
    /// WaitTimeSeconds of each DescribeExecution long poll, 1-60 s.
    std::chrono::seconds poll{20};
    /// Each DescribeExecution call's options (its retries, its own timeout).
    CallOptions call{};
};

namespace detail {
class ClientImpl;
}

/// One client serves many concurrent calls, from any thread of its executor. Copies share the same
/// connection state and retry budget; a call keeps what it needs alive until it completes.
///
/// GCC 12 (Debian 12's compiler) miscompiles three forms inside a coroutine (GCC bugs 101976 and
/// 103871, fixed in GCC 13, and 106188):
/// - a braced aggregate temporary in a statement that has a `co_await`, such as the request in
///   `co_await client.start_sync_execution({.flow_name = "x"})`: its members are destroyed twice
///   (a crash, "free(): invalid pointer");
/// - a `std::initializer_list` in such a statement, such as `boost::json::object{{"order", 1}}`:
///   refused at compile time ("array used as initializer", at the coroutine's closing brace);
/// - a `co_await` in the condition of an `if`, `switch`, `while` or `for` of a coroutine that
///   declares no variable in its outermost block: it crashes or never resumes.
///
/// Safe: a request in a named variable (`co_await client.start_sync_execution(request)`), the
/// flow name and a named input (`co_await client.start_sync_execution("orders", input)`), braced
/// CallOptions (`{.timeout = 10s}`: nothing in them is destroyed), a `co_await`'s result stored in a
/// variable before a condition tests it. tests/unit/client/gcc12_forms_test.cpp runs each of these.
class Client {
public:
    /// Calls go over HTTPS (or plain http://, e.g. to cloudflow-local), with an HttpsTransport made from
    /// `config.http`. Throws cloudflow::Exception (invalid_config) for an unusable configuration.
    Client(const boost::asio::any_io_executor& executor, const ClientConfig& config);
    /// Calls go through `transport` (e.g. testing::MockTransport). Throws cloudflow::Exception
    /// (invalid_config) for an unusable configuration: no credentials, a malformed endpoint or
    /// region, no transport.
    Client(boost::asio::any_io_executor executor, ClientConfig config, std::shared_ptr<Transport> transport);

    /// The executor the client's calls run on.
    const boost::asio::any_io_executor& get_executor() const noexcept { return executor_; }

    /// StartSyncExecution: runs an execution of an Express flow and answers with its result.
    /// Validates, signs, sends, retries and parses. Never throws for a failed call: the Error says
    /// what went wrong. The call runs inside the awaiting coroutine (nothing is spawned); cancelling
    /// that coroutine (terminal cancellation, unless its cancellation state lets more through)
    /// ends the call with errc::cancelled. async_call accepts any type of cancellation.
    boost::asio::awaitable<Result<StartSyncExecutionResponse>> start_sync_execution(StartSyncExecutionRequest request,
                                                                                    CallOptions options = {});
    /// StartSyncExecution of `flow_name` with `input`: start_sync_execution with a request of those
    /// two fields. Not a coroutine itself, it builds the request outside the caller's `co_await`, so
    /// `co_await client.start_sync_execution("orders", input)` is safe on GCC 12 (above).
    boost::asio::awaitable<Result<StartSyncExecutionResponse>>
    start_sync_execution(std::string flow_name, boost::json::object input, CallOptions options = {})
    {
        StartSyncExecutionRequest request;
        request.flow_name = std::move(flow_name);
        request.input = boost::json::value(std::move(input));
        return start_sync_execution(std::move(request), std::move(options));
    }
    /// A number is no input (boost::json::object would take it as a capacity).
    template <class Number>
    requires std::is_arithmetic_v<Number>
    void start_sync_execution(std::string, Number, CallOptions = {}) = delete;

    /// @name The execution lifecycle
    /// Each runs like start_sync_execution (docs/operations.md).
    ///@{

    /// StartExecution: starts an execution of a flow and answers at once, without waiting for it to end.
    boost::asio::awaitable<Result<StartExecutionResponse>> start_execution(StartExecutionRequest request,
                                                                           CallOptions options = {});
    /// StartExecution of `flow_name` named `execution_name` with `input`: start_execution with a
    /// request of those three fields, safe inline in a `co_await` on GCC 12 as the overload of
    /// start_sync_execution is.
    boost::asio::awaitable<Result<StartExecutionResponse>> start_execution(std::string flow_name,
                                                                           std::string execution_name,
                                                                           boost::json::object input,
                                                                           CallOptions options = {})
    {
        StartExecutionRequest request;
        request.flow_name = std::move(flow_name);
        request.execution_name = std::move(execution_name);
        request.input = boost::json::value(std::move(input));
        return start_execution(std::move(request), std::move(options));
    }
    /// DescribeExecution: an execution's status, input and output; with a wait time, a long poll.
    boost::asio::awaitable<Result<DescribeExecutionResponse>> describe_execution(DescribeExecutionRequest request,
                                                                                 CallOptions options = {});
    /// StopExecution: stops an execution in progress.
    boost::asio::awaitable<Result<StopExecutionResponse>> stop_execution(StopExecutionRequest request,
                                                                         CallOptions options = {});
    /// ListExecutions: one page of a flow's executions (Paginator walks them all).
    boost::asio::awaitable<Result<ListExecutionsResponse>> list_executions(ListExecutionsRequest request,
                                                                           CallOptions options = {});
    /// GetExecutionHistory: one page of an execution's events (Paginator walks them all).
    boost::asio::awaitable<Result<GetExecutionHistoryResponse>>
    get_execution_history(GetExecutionHistoryRequest request, CallOptions options = {});
    /// ReportTaskSucceeded: a task waiting for a callback succeeded, with its output.
    boost::asio::awaitable<Result<ReportTaskResponse>> report_task_succeeded(ReportTaskSucceededRequest request,
                                                                             CallOptions options = {});
    /// ReportTaskFailed: a task waiting for a callback failed, with an error and a cause.
    boost::asio::awaitable<Result<ReportTaskResponse>> report_task_failed(ReportTaskFailedRequest request,
                                                                          CallOptions options = {});

    ///@}

    /// @name Flows
    /// Each runs like start_sync_execution (docs/operations.md).
    ///@{

    /// CreateFlow: creates a flow.
    boost::asio::awaitable<Result<FlowResponse>> create_flow(CreateFlowRequest request, CallOptions options = {});
    /// DescribeFlow: a flow, or one of its published versions.
    boost::asio::awaitable<Result<FlowResponse>> describe_flow(DescribeFlowRequest request, CallOptions options = {});
    /// UpdateFlow: changes what the request sets of a flow.
    boost::asio::awaitable<Result<FlowResponse>> update_flow(UpdateFlowRequest request, CallOptions options = {});
    /// DeleteFlow: deletes a flow.
    boost::asio::awaitable<Result<DeleteResponse>> delete_flow(DeleteFlowRequest request, CallOptions options = {});
    /// ListFlows: one page of the account's flows (Paginator walks them all).
    boost::asio::awaitable<Result<ListFlowsResponse>> list_flows(ListFlowsRequest request, CallOptions options = {});
    ///@}

    /// @name Versions
    ///@{

    /// PublishFlowVersion: publishes the flow's current definition as a new version.
    boost::asio::awaitable<Result<PublishFlowVersionResponse>> publish_flow_version(PublishFlowVersionRequest request,
                                                                                    CallOptions options = {});
    /// ListFlowVersions: one page of a flow's versions (Paginator walks them all).
    boost::asio::awaitable<Result<ListFlowVersionsResponse>> list_flow_versions(ListFlowVersionsRequest request,
                                                                                CallOptions options = {});
    /// DeleteFlowVersion: deletes a published version.
    boost::asio::awaitable<Result<DeleteResponse>> delete_flow_version(DeleteFlowVersionRequest request,
                                                                       CallOptions options = {});
    ///@}

    /// @name Aliases
    /// A version or an alias is the Qualifier of start_execution and start_sync_execution.
    ///@{

    /// CreateFlowAlias: creates an alias routing to one or two versions.
    boost::asio::awaitable<Result<FlowAliasResponse>> create_flow_alias(CreateFlowAliasRequest request,
                                                                        CallOptions options = {});
    /// DescribeFlowAlias: an alias of a flow.
    boost::asio::awaitable<Result<FlowAliasResponse>> describe_flow_alias(DescribeFlowAliasRequest request,
                                                                          CallOptions options = {});
    /// UpdateFlowAlias: changes what the request sets of an alias.
    boost::asio::awaitable<Result<FlowAliasResponse>> update_flow_alias(UpdateFlowAliasRequest request,
                                                                        CallOptions options = {});
    /// ListFlowAliases: one page of a flow's aliases (Paginator walks them all).
    boost::asio::awaitable<Result<ListFlowAliasesResponse>> list_flow_aliases(ListFlowAliasesRequest request,
                                                                              CallOptions options = {});
    /// DeleteFlowAlias: deletes an alias.
    boost::asio::awaitable<Result<DeleteResponse>> delete_flow_alias(DeleteFlowAliasRequest request,
                                                                     CallOptions options = {});
    ///@}

    /// @name Schedules
    ///@{

    /// CreateSchedule: creates a schedule that starts executions of a flow.
    boost::asio::awaitable<Result<ScheduleResponse>> create_schedule(CreateScheduleRequest request,
                                                                     CallOptions options = {});
    /// DescribeSchedule: a schedule of a flow.
    boost::asio::awaitable<Result<ScheduleResponse>> describe_schedule(DescribeScheduleRequest request,
                                                                       CallOptions options = {});
    /// UpdateSchedule: changes what the request sets of a schedule.
    boost::asio::awaitable<Result<ScheduleResponse>> update_schedule(UpdateScheduleRequest request,
                                                                     CallOptions options = {});
    /// DeleteSchedule: deletes a schedule.
    boost::asio::awaitable<Result<DeleteResponse>> delete_schedule(DeleteScheduleRequest request,
                                                                   CallOptions options = {});
    /// ListSchedules: one page of a flow's schedules (Paginator walks them all).
    boost::asio::awaitable<Result<ListSchedulesResponse>> list_schedules(ListSchedulesRequest request,
                                                                         CallOptions options = {});
    ///@}

    /// @name Map runs and regions
    /// A map run is the child executions of a Map state in distributed mode.
    ///@{

    /// DescribeMapRun: a map run's status, settings and item counts.
    boost::asio::awaitable<Result<DescribeMapRunResponse>> describe_map_run(DescribeMapRunRequest request,
                                                                            CallOptions options = {});
    /// UpdateMapRun: changes how a running map run proceeds.
    boost::asio::awaitable<Result<UpdateMapRunResponse>> update_map_run(UpdateMapRunRequest request,
                                                                        CallOptions options = {});
    /// DescribeRegions: the regions where CloudFlow is offered.
    boost::asio::awaitable<Result<DescribeRegionsResponse>> describe_regions(DescribeRegionsRequest request,
                                                                             CallOptions options = {});
    ///@}

    /// Any action by name (the raw entry): the answer's JSON body.
    boost::asio::awaitable<Result<InvokeResponse>> invoke(InvokeRequest request, CallOptions options = {});

    /// Waits for an execution to end (Succeeded, Failed, TimedOut or Stopped) with DescribeExecution's
    /// long poll, and answers with its last description. Ends with the first failed call's Error,
    /// errc::timeout when WaitOptions::timeout passes, or errc::cancelled when cancelled.
    boost::asio::awaitable<Result<DescribeExecutionResponse>>
    wait_for_execution(std::string flow_name, std::string execution_name, WaitOptions options = {});

    /// Any operation with any Asio completion token (use_awaitable, deferred, use_future, a
    /// callback); the request's type names the operation and its response. The completion
    /// signature is void(Result<Request::response_type>). The call runs on the client's executor;
    /// the handler's cancellation slot cancels it. Without a token, a deferred operation.
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

    /// StartSyncExecution with any completion token: async_call under its former name.
    template <class CompletionToken>
    [[deprecated("use async_call: the same call, for every operation")]] auto
    async_start_sync_execution(StartSyncExecutionRequest request, CallOptions options, CompletionToken&& token)
    {
        return async_call(std::move(request), std::move(options), std::forward<CompletionToken>(token));
    }

private:
    boost::asio::any_io_executor executor_;
    std::shared_ptr<detail::ClientImpl> impl_;
};

}  // namespace cloudflow
