/// @file
/// A flow as CreateFlow, DescribeFlow, UpdateFlow and ListFlows describe it (fnf 2019-03-15).
#pragma once

#include <cloudflow/model/environment.hpp>
#include <cloudflow/model/timestamp.hpp>

#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudflow {

/// How a flow's executions run: Standard (asynchronous, StartExecution, up to a year) or Express
/// (synchronous, StartSyncExecution, up to 5 minutes).
enum class ExecutionMode {
    standard,  ///< "Standard"
    express,   ///< "Express"
    unknown,   ///< a mode this SDK does not know; the flow keeps its text in `execution_mode_text`
};

/// "Standard", "Express"; "Unknown" for ExecutionMode::unknown.
std::string_view to_string(ExecutionMode mode) noexcept;
/// The mode of a service spelling (exact); ExecutionMode::unknown otherwise.
ExecutionMode parse_execution_mode(std::string_view text) noexcept;
/// The service's spelling, as to_string gives it.
std::ostream& operator<<(std::ostream& os, ExecutionMode mode);

/// A flow: its definition and the settings its executions run with.
struct Flow {
    std::string name{};                        ///< its name, unique in the region of the account
    std::string id{};                          ///< the service's id of the flow
    std::string definition{};                  ///< the flow definition (FDL), as the service keeps it
    std::string type{};                        ///< "FDL"
    std::optional<std::string> description{};  ///< absent when empty
    /// Absent in UpdateFlow's answer, which does not carry it.
    std::optional<ExecutionMode> execution_mode{};
    std::string execution_mode_text{};               ///< the service's spelling, kept for ExecutionMode::unknown
    std::vector<EnvironmentVariable> environment{};  ///< the environment variables of its executions
    std::optional<std::string> role_arn{};           ///< the RAM role its executions assume to call other services
    std::optional<std::string> resource_group_id{};  ///< the resource group it belongs to
    std::optional<std::string> external_storage_location{};  ///< where the service keeps inputs and outputs too large
                                                             ///< for the execution (ExternalStorageLocation)
    std::optional<Timestamp> created_time{};                 ///< when it was created
    std::optional<Timestamp> last_modified_time{};           ///< when it was last updated
};

/// One line for logs: name, id and mode.
std::ostream& operator<<(std::ostream& os, const Flow& flow);

}  // namespace cloudflow
