/// @file
/// The environment variables of a flow (CreateFlow, UpdateFlow, DescribeFlow) and of the
/// executions it runs (DescribeExecution, StartSyncExecution).
#pragma once

#include <optional>
#include <string>

namespace cloudflow {

struct EnvironmentVariable {
    std::string name;
    std::string value;
    std::optional<std::string> description{};  ///< flows have one; executions do not

    friend bool operator==(const EnvironmentVariable&, const EnvironmentVariable&) = default;
};

}  // namespace cloudflow
