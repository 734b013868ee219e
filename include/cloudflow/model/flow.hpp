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
    standard,
    express,
    unknown,  ///< a mode this SDK does not know; the flow keeps its text in `execution_mode_text`
};

/// "Standard", "Express"; "Unknown" for ExecutionMode::unknown.
std::string_view to_string(ExecutionMode mode) noexcept;
/// The mode of a service spelling (exact); ExecutionMode::unknown otherwise.
ExecutionMode parse_execution_mode(std::string_view text) noexcept;
std::ostream& operator<<(std::ostream& os, ExecutionMode mode);

struct Flow {
    std::string name;
    std::string id;                            ///< the service's id of the flow
    std::string definition;                    ///< the flow definition (FDL), as the service keeps it
    std::string type;                          ///< "FDL"
    std::optional<std::string> description{};  ///< absent when empty
    /// Absent in UpdateFlow's answer, which does not carry it.
    std::optional<ExecutionMode> execution_mode{};
    std::string execution_mode_text{};  ///< the service's spelling, kept for ExecutionMode::unknown
    std::vector<EnvironmentVariable> environment{};
    std::optional<std::string> role_arn{};
    std::optional<std::string> resource_group_id{};
    std::optional<std::string> external_storage_location{};
    std::optional<Timestamp> created_time{};
    std::optional<Timestamp> last_modified_time{};
};

/// One line for logs: name, id and mode.
std::ostream& operator<<(std::ostream& os, const Flow& flow);

}  // namespace cloudflow
