/// @file
/// The environment variables of a flow (CreateFlow, UpdateFlow, DescribeFlow) and of the
/// executions it runs (DescribeExecution, StartSyncExecution).
#pragma once

#include <optional>
#include <string>

namespace cloudflow {

/// An environment variable of a flow or an execution.
struct EnvironmentVariable {
    std::string name{};                        ///< its name
    std::string value{};                       ///< its value
    std::optional<std::string> description{};  ///< flows have one; executions do not

    /// Equal when the name, value and description are.
    friend bool operator==(const EnvironmentVariable&, const EnvironmentVariable&) = default;
};

}  // namespace cloudflow
