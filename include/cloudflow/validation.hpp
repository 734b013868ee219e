// Client-side validation of a StartSyncExecution request, before anything is sent.
#pragma once

#include <cloudflow/error.hpp>
#include <cloudflow/request_limits.hpp>
#include <cloudflow/result.hpp>
#include <cloudflow/start_sync_execution.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cloudflow {

// The rule a flow or execution name breaks, or nullopt when it is valid: 1-128 characters of
// [A-Za-z0-9_-], starting with a letter or `_`.
std::optional<std::string> check_name(std::string_view name);

// Checks every field. On success: the Input as it will be sent (serialized `input`, or
// `input_json` as it is), nullopt when there is none. On failure: an invalid_request Error whose
// `field` names the parameter (`FlowName`, `ExecutionName`, `Input`, `Qualifier`) and whose
// message says the rule it broke.
Result<std::optional<std::string>> validate(const StartSyncExecutionRequest& request, const RequestLimits& limits);

}  // namespace cloudflow
