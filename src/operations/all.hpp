// Every operation's descriptor, and with them operation_for of every request type; and the one list
// of operations that the code compiled once per operation expands.
#pragma once

#include "operations/describe_execution.hpp"
#include "operations/flow_aliases.hpp"
#include "operations/flow_versions.hpp"
#include "operations/flows.hpp"
#include "operations/get_execution_history.hpp"
#include "operations/invoke.hpp"
#include "operations/list_executions.hpp"
#include "operations/map_runs.hpp"
#include "operations/regions.hpp"
#include "operations/report_task.hpp"
#include "operations/schedules.hpp"
#include "operations/start_execution.hpp"
#include "operations/start_sync_execution.hpp"
#include "operations/stop_execution.hpp"

// X(Descriptor) for every operation: calls.cpp compiles each one's coroutine, async_entry.cpp its
// entry for Client::async_call, validate.cpp its check. Adding an operation adds one line here.
#define CLOUDFLOW_FOR_EACH_OPERATION(X)                                                                                \
    X(StartSyncExecution)                                                                                              \
    X(StartExecution)                                                                                                  \
    X(DescribeExecution)                                                                                               \
    X(StopExecution)                                                                                                   \
    X(ListExecutions)                                                                                                  \
    X(GetExecutionHistory)                                                                                             \
    X(ReportTaskSucceeded)                                                                                             \
    X(ReportTaskFailed)                                                                                                \
    X(CreateFlow)                                                                                                      \
    X(DescribeFlow)                                                                                                    \
    X(UpdateFlow)                                                                                                      \
    X(DeleteFlow)                                                                                                      \
    X(ListFlows)                                                                                                       \
    X(PublishFlowVersion)                                                                                              \
    X(ListFlowVersions)                                                                                                \
    X(DeleteFlowVersion)                                                                                               \
    X(CreateFlowAlias)                                                                                                 \
    X(DescribeFlowAlias)                                                                                               \
    X(UpdateFlowAlias)                                                                                                 \
    X(ListFlowAliases)                                                                                                 \
    X(DeleteFlowAlias)                                                                                                 \
    X(CreateSchedule)                                                                                                  \
    X(DescribeSchedule)                                                                                                \
    X(UpdateSchedule)                                                                                                  \
    X(DeleteSchedule)                                                                                                  \
    X(ListSchedules)                                                                                                   \
    X(DescribeMapRun)                                                                                                  \
    X(UpdateMapRun)                                                                                                    \
    X(DescribeRegions)                                                                                                 \
    X(Invoke)
