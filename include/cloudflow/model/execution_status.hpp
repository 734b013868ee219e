/// @file
/// The status of an execution, as StartSyncExecution reports it.
#pragma once

#include <iosfwd>
#include <string_view>

namespace cloudflow {

/// The status of an execution; to_string gives the service's spelling.
enum class ExecutionStatus {
    starting,   ///< "Starting"
    running,    ///< "Running"
    stopped,    ///< "Stopped": stopped by StopExecution
    succeeded,  ///< "Succeeded"
    failed,     ///< "Failed"
    timed_out,  ///< "TimedOut"
    unknown,    ///< a status this SDK does not know; the response keeps its text in `status_text`
};

/// The service's spelling ("Succeeded", "TimedOut", ...); "Unknown" for ExecutionStatus::unknown.
std::string_view to_string(ExecutionStatus s) noexcept;

/// The status of a service spelling (exact, case-sensitive); ExecutionStatus::unknown otherwise.
ExecutionStatus parse_execution_status(std::string_view text) noexcept;

/// The service's spelling, as to_string gives it.
std::ostream& operator<<(std::ostream& os, ExecutionStatus s);

}  // namespace cloudflow
