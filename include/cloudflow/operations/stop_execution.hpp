/// @file
/// StopExecution: stops an execution in progress (fnf 2019-03-15).
#pragma once

#include <cloudflow/model/execution.hpp>

#include <optional>
#include <string>

namespace cloudflow {

struct StopExecutionResponse;

struct StopExecutionRequest {
    using response_type = StopExecutionResponse;

    std::string flow_name;               ///< required
    std::string execution_name;          ///< required
    std::optional<std::string> error{};  ///< 1-128 characters
    std::optional<std::string> cause{};  ///< 1-4096 characters
};

struct StopExecutionResponse : Execution {
    std::string request_id;
};

}  // namespace cloudflow
