// The shapes several answers share, one reader each: an execution (StartExecution,
// DescribeExecution, StopExecution, ListExecutions), an environment, a flow (Create, Describe,
// Update, ListFlows), a version, an alias and a schedule.
#pragma once

#include <cloudflow/model/execution.hpp>
#include <cloudflow/model/flow.hpp>
#include <cloudflow/model/flow_version.hpp>
#include <cloudflow/model/schedule.hpp>
#include <cloudflow/operations/delete_response.hpp>

#include "operations/json_reader.hpp"

namespace cloudflow::detail {

void read_execution(JsonReader& in, Execution& out);
// The member `Environment`: {"Variables":[{"Name","Value","Description"}]}.
void read_environment(JsonReader& in, std::vector<EnvironmentVariable>& out);
void read_flow(JsonReader& in, Flow& out);
void read_flow_version(JsonReader& in, FlowVersion& out);
void read_flow_alias(JsonReader& in, FlowAlias& out);
void read_schedule(JsonReader& in, Schedule& out);
// The answer of the Delete operations: a RequestId.
void read_delete(JsonReader& in, DeleteResponse& out);

}  // namespace cloudflow::detail
