// The flow, version, alias, schedule and region operations of fnf 2019-03-15, one function per
// action (each throws a Refusal for what it refuses), by concern: flows.cpp (CreateFlow,
// DescribeFlow, UpdateFlow, DeleteFlow, ListFlows, DescribeRegions), versions.cpp
// (PublishFlowVersion, ListFlowVersions, DeleteFlowVersion), aliases.cpp (the five alias
// actions), schedules.cpp (the five schedule actions). The map runs are executions.cpp's.
#pragma once

#include "rpc/router.hpp"

#include <span>

namespace cloudflow::local {

std::span<const Route> flow_routes();
std::span<const Route> version_routes();
std::span<const Route> alias_routes();
std::span<const Route> schedule_routes();

}  // namespace cloudflow::local
