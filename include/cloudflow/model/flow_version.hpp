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
    std::string version;
    std::optional<std::string> description{};
    std::optional<Timestamp> created_time{};
};

/// One version an alias routes to, and its share of the executions started through the alias.
struct RoutingConfiguration {
    std::string version;  ///< required: a published version
    double weight = 0;    ///< 0-100; the service documents integers, its model allows fractions

    friend bool operator==(const RoutingConfiguration&, const RoutingConfiguration&) = default;
};

/// A named pointer to one or two versions, with weights.
struct FlowAlias {
    std::string name;
    std::optional<std::string> description{};
    std::vector<RoutingConfiguration> routing_configurations{};
    std::optional<Timestamp> created_time{};
};

}  // namespace cloudflow
