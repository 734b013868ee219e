/// @file
/// The naming rule of flows, executions and schedules (fnf 2019-03-15).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cloudflow {

/// The rule a flow or execution name breaks, or nullopt when it is valid: 1-128 characters of
/// [A-Za-z0-9_-], starting with a letter or `_`.
std::optional<std::string> check_name(std::string_view name);

}  // namespace cloudflow
