// The execution operations of fnf 2019-03-15: StartSyncExecution, StartExecution,
// DescribeExecution, StopExecution, ListExecutions, GetExecutionHistory, ReportTaskSucceeded,
// ReportTaskFailed, and the map runs of executions: DescribeMapRun, UpdateMapRun. One function
// per action; each throws a Refusal for what it refuses.
#pragma once

#include "rpc/router.hpp"

#include <span>

namespace cloudflow::local {

std::span<const Route> execution_routes();

}  // namespace cloudflow::local
