/// @file
/// StartExecution: starts a standard-mode execution and answers at once (fnf 2019-03-15).
#pragma once

#include <cloudflow/model/execution.hpp>

#include <optional>
#include <string>

namespace cloudflow {

struct StartExecutionResponse;

/// Starts an execution of a flow (StartExecution), without waiting for it to end.
struct StartExecutionRequest {
    /// The answer of this operation: Client::async_call completes with `Result<StartExecutionResponse>`.
    using response_type = StartExecutionResponse;

    std::string flow_name{};  ///< required; the name rules of check_name
    /// The same name while the execution runs returns it; after it ended the service answers
    /// ExecutionAlreadyExists. Without one the SDK names the execution "exec-" and a random UUID,
    /// once per call, so a retry after a lost answer sends the same name and cannot start a
    /// second execution; ExecutionAlreadyExists then means this call started it, and the call
    /// answers with it (docs/operations.md, "Repeats after a lost answer").
    std::optional<std::string> execution_name{};
    std::optional<boost::json::value> input{};  ///< a JSON object
    std::optional<std::string> input_json{};    ///< or the same as JSON text; at most one of the two
    std::optional<std::string> qualifier{};     ///< a flow version or alias
    /// The task token of a parent execution's task, called back when this execution ends.
    std::optional<std::string> callback_task_token{};
};

/// The execution started.
struct StartExecutionResponse : Execution {
    std::string request_id{};  ///< the RequestId the service gave the call
};

}  // namespace cloudflow
