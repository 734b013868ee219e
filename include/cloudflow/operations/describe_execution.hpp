/// @file
/// DescribeExecution: an execution's status, input and output; a long poll (fnf 2019-03-15).
#pragma once

#include <cloudflow/model/execution.hpp>

#include <chrono>
#include <optional>
#include <string>

namespace cloudflow {

struct DescribeExecutionResponse;

/// Describes one execution (DescribeExecution), or waits for it to end with a long poll.
struct DescribeExecutionRequest {
    /// The answer of this operation: Client::async_call completes with `Result<DescribeExecutionResponse>`.
    using response_type = DescribeExecutionResponse;

    std::string flow_name{};       ///< required
    std::string execution_name{};  ///< required
    /// The long poll, 0-60 s: the service answers when the execution ends or when this time has
    /// passed. Each attempt's timeout is extended by it.
    std::optional<std::chrono::seconds> wait_time{};
};

/// The execution described.
struct DescribeExecutionResponse : Execution {
    std::string request_id{};  ///< the RequestId the service gave the call
};

}  // namespace cloudflow
