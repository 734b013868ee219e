// Every operation's descriptor, and with them operation_for of every request type.
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
