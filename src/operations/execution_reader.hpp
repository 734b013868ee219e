// The members of an execution, as StartExecution, DescribeExecution, StopExecution and each item
// of ListExecutions write them: one reader for all four.
#pragma once

#include <cloudflow/model/execution.hpp>

#include "operations/json_reader.hpp"

namespace cloudflow::detail {

void read_execution(JsonReader& in, Execution& out);

}  // namespace cloudflow::detail
