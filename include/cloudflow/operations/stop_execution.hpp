/// @file
/// StopExecution: stops an execution in progress (fnf 2019-03-15).
#pragma once

#include <cloudflow/model/execution.hpp>

#include <optional>
#include <string>

namespace cloudflow {

struct StopExecutionResponse;

/// Stops an execution in progress (StopExecution), with an optional error and cause.
struct StopExecutionRequest {
    /// The answer of this operation: Client::async_call completes with `Result<StopExecutionResponse>`.
    using response_type = StopExecutionResponse;

    std::string flow_name{};             ///< required
    std::string execution_name{};        ///< required
    std::optional<std::string> error{};  ///< 1-128 characters
    std::optional<std::string> cause{};  ///< 1-4096 characters
};

/// The execution stopped.
struct StopExecutionResponse : Execution {
    std::string request_id{};  ///< the RequestId the service gave the call
};

}  // namespace cloudflow
