/// @file
/// ReportTaskSucceeded and ReportTaskFailed: the result of a task that waits for a callback
/// (TaskMode WaitForCustomCallback), by its task token (fnf 2019-03-15).
#pragma once

#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace cloudflow {

/// The answer of ReportTaskSucceeded and ReportTaskFailed.
struct ReportTaskResponse {
    std::string request_id{};  ///< the RequestId the service gave the call
    /// The history event the report made; 0 when the report's answer was lost and its repeat was
    /// answered TaskAlreadyCompleted (docs/operations.md, "Repeats after a lost answer").
    std::int64_t event_id = 0;
};

/// Reports that a task waiting for a callback succeeded, with its output (ReportTaskSucceeded).
struct ReportTaskSucceededRequest {
    /// The answer of this operation: Client::async_call completes with `Result<ReportTaskResponse>`.
    using response_type = ReportTaskResponse;

    std::string task_token{};                    ///< required
    std::optional<boost::json::value> output{};  ///< required: the task's output, a JSON object
    std::optional<std::string> output_json{};    ///< or the same as JSON text; exactly one of the two
};

/// Reports that a task waiting for a callback failed, with an error and a cause (ReportTaskFailed).
struct ReportTaskFailedRequest {
    /// The answer of this operation: Client::async_call completes with `Result<ReportTaskResponse>`.
    using response_type = ReportTaskResponse;

    std::string task_token{};            ///< required
    std::string error{};                 ///< required, 1-128 characters
    std::optional<std::string> cause{};  ///< 1-4096 characters
};

}  // namespace cloudflow
