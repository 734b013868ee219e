// Each operation's coroutine, compiled once: one line per operation, beside the engine.
#include "client/call_definition.hpp"

namespace cloudflow::detail {

#define CLOUDFLOW_CALL(Op)                                                                                             \
    template boost::asio::awaitable<Result<Op::response_type>> call<Op>(std::shared_ptr<ClientImpl>, Op::request_type, \
                                                                        CallOptions, CallThread)
CLOUDFLOW_CALL(StartSyncExecution);
CLOUDFLOW_CALL(StartExecution);
CLOUDFLOW_CALL(DescribeExecution);
CLOUDFLOW_CALL(StopExecution);
CLOUDFLOW_CALL(ListExecutions);
CLOUDFLOW_CALL(GetExecutionHistory);
CLOUDFLOW_CALL(ReportTaskSucceeded);
CLOUDFLOW_CALL(ReportTaskFailed);
CLOUDFLOW_CALL(CreateFlow);
CLOUDFLOW_CALL(DescribeFlow);
CLOUDFLOW_CALL(UpdateFlow);
CLOUDFLOW_CALL(DeleteFlow);
CLOUDFLOW_CALL(ListFlows);
CLOUDFLOW_CALL(PublishFlowVersion);
CLOUDFLOW_CALL(ListFlowVersions);
CLOUDFLOW_CALL(DeleteFlowVersion);
CLOUDFLOW_CALL(CreateFlowAlias);
CLOUDFLOW_CALL(DescribeFlowAlias);
CLOUDFLOW_CALL(UpdateFlowAlias);
CLOUDFLOW_CALL(ListFlowAliases);
CLOUDFLOW_CALL(DeleteFlowAlias);
CLOUDFLOW_CALL(CreateSchedule);
CLOUDFLOW_CALL(DescribeSchedule);
CLOUDFLOW_CALL(UpdateSchedule);
CLOUDFLOW_CALL(DeleteSchedule);
CLOUDFLOW_CALL(ListSchedules);
CLOUDFLOW_CALL(DescribeMapRun);
CLOUDFLOW_CALL(UpdateMapRun);
CLOUDFLOW_CALL(DescribeRegions);
CLOUDFLOW_CALL(Invoke);
#undef CLOUDFLOW_CALL

}  // namespace cloudflow::detail
