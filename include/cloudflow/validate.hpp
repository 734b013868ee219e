/// @file
/// A request checked as its call checks it, without sending it.
#pragma once

#include <cloudflow/request_limits.hpp>
#include <cloudflow/result.hpp>

namespace cloudflow {

/// Checks `request` by the rules its call applies before anything is sent (the fields' names,
/// lengths, characters and JSON, required fields, `limits`; docs/errors.md), and sends nothing:
/// success, or the invalid_request Error the call would end with, its `field` naming the parameter
/// and its message the rule. Defined for the request type of every operation
/// (`StartSyncExecutionRequest`, `CreateFlowRequest`, ..., `InvokeRequest`).
template <class Request>
Result<void> validate(const Request& request, const RequestLimits& limits = {});

}  // namespace cloudflow
