/// @file
/// Published versions of a flow and the aliases that route executions to them (PublishFlowVersion,
/// ListFlowVersions, the FlowAlias operations; fnf 2019-03-15). A version or an alias is the
/// Qualifier of StartExecution and StartSyncExecution.
#pragma once

#include <cloudflow/model/timestamp.hpp>

#include <optional>
#include <string>
#include <vector>

namespace cloudflow {

/// An immutable snapshot of a flow's definition: "1", "2", ... in the order they were published.
struct FlowVersion {
    std::string version{};                     ///< "1", "2", ...
    std::optional<std::string> description{};  ///< as given to PublishFlowVersion
    std::optional<Timestamp> created_time{};   ///< when it was published
};

/// One version an alias routes to, and its share of the executions started through the alias.
struct RoutingConfiguration {
    std::string version{};  ///< required: a published version
    double weight = 0;      ///< 0-100; the service documents integers, its model allows fractions

    /// Equal when the version and weight are.
    friend bool operator==(const RoutingConfiguration&, const RoutingConfiguration&) = default;
};

/// A named pointer to one or two versions, with weights.
struct FlowAlias {
    std::string name{};                                          ///< its name, unique in the flow
    std::optional<std::string> description{};                    ///< as given when it was created or updated
    std::vector<RoutingConfiguration> routing_configurations{};  ///< the versions it routes to, with their weights
    std::optional<Timestamp> created_time{};                     ///< when it was created
};

}  // namespace cloudflow
