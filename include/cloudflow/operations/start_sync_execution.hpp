/// @file
/// The StartSyncExecution operation's request and response (fnf 2019-03-15).
#pragma once

#include <cloudflow/model/environment.hpp>
#include <cloudflow/model/execution_status.hpp>
#include <cloudflow/model/timestamp.hpp>

#include <boost/json/value.hpp>

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace cloudflow {

struct StartSyncExecutionResponse;

/// Runs an execution of an Express flow and waits for it to end (StartSyncExecution).
struct StartSyncExecutionRequest {
    using response_type = StartSyncExecutionResponse;  ///< what Client::async_call completes with

    /// Required. 1-128 characters of [A-Za-z0-9_-], starting with a letter or `_`.
    std::string flow_name{};
    /// Same rules as flow_name. The service appends `:{UUID}`, so names need not be unique.
    std::optional<std::string> execution_name{};
    /// The execution's input: a JSON object, serialized once when the request is built.
    std::optional<boost::json::value> input{};
    /// The same input as JSON text, sent as it is after it was checked to be a JSON object.
    /// Set at most one of `input` and `input_json`.
    std::optional<std::string> input_json{};
    /// The flow version or alias to run (a newer request field). 1-128 characters, no white space
    /// or control characters.
    std::optional<std::string> qualifier{};
};

/// The execution, ended: its status and output, or its own error.
struct StartSyncExecutionResponse {
    std::string request_id{};  ///< the RequestId the service gave the call
    std::string flow_name{};   ///< the flow it ran
    std::string name{};        ///< the execution's name, `{ExecutionName}:{UUID}` or generated
    /// Its status; ExecutionStatus::unknown for a status this SDK does not know.
    ExecutionStatus status = ExecutionStatus::unknown;
    std::string status_text{};  ///< the service's spelling, kept for ExecutionStatus::unknown
    /// The execution's own failure (status Failed or TimedOut): the call itself succeeded.
    std::optional<std::string> error_code{};
    std::optional<std::string> error_message{};  ///< with error_code: what the execution's failure was
    std::optional<boost::json::value> output{};  ///< the execution's output, parsed
    std::optional<Timestamp> started_time{};     ///< when it started
    std::optional<Timestamp> stopped_time{};     ///< when it ended
    /// The environment variables it ran with (`Environment.Variables`); empty when the answer has none.
    std::vector<EnvironmentVariable> environment{};
};

/// One line for logs: RequestId, flow, execution name, status and the execution's error code.
std::ostream& operator<<(std::ostream& os, const StartSyncExecutionResponse& r);

}  // namespace cloudflow
