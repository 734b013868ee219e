// The execution operations of fnf 2019-03-15: StartSyncExecution, StartExecution,
// DescribeExecution, StopExecution, ListExecutions, GetExecutionHistory, ReportTaskSucceeded and
// ReportTaskFailed. One function per action; each throws a Refusal for what it refuses.
#pragma once

#include "rpc/router.hpp"

#include <span>

namespace cloudflow::local {

std::span<const Route> execution_routes();

}  // namespace cloudflow::local
