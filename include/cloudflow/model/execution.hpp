/// @file
/// An execution as the lifecycle operations describe it (StartExecution, DescribeExecution,
/// StopExecution, ListExecutions).
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

/// An execution as the lifecycle operations describe it; fields the answer lacks stay empty.
struct Execution {
    std::string flow_name{};  ///< the flow it runs
    std::string name{};       ///< its name, unique in the flow
    /// Its status; ExecutionStatus::unknown for a status this SDK does not know.
    ExecutionStatus status = ExecutionStatus::unknown;
    std::string status_text{};                       ///< the service's spelling, kept for ExecutionStatus::unknown
    std::optional<boost::json::value> input{};       ///< parsed from the service's JSON text
    std::optional<boost::json::value> output{};      ///< once the execution has ended with an output
    std::optional<std::string> flow_definition{};    ///< the definition of the flow it runs
    std::optional<Timestamp> started_time{};         ///< when it started
    std::optional<Timestamp> stopped_time{};         ///< when it ended, once it has
    std::vector<EnvironmentVariable> environment{};  ///< the environment variables it runs with
    std::optional<std::string> role_arn{};           ///< StopExecution's answer has it
};

/// Whether the execution has ended: Succeeded, Failed, TimedOut or Stopped.
bool is_terminal(ExecutionStatus status) noexcept;

/// One line for logs: flow, name and status.
std::ostream& operator<<(std::ostream& os, const Execution& e);

}  // namespace cloudflow
