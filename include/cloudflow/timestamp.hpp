// UTC time points as the service writes them: ISO 8601, `2019-01-01T01:01:01.001Z`.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cloudflow {

using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

// Parses `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`, strictly (a real calendar date, hours < 24,
// ...). Digits of the fraction past milliseconds are truncated. nullopt when the text is not such
// a time.
std::optional<Timestamp> parse_timestamp(std::string_view text) noexcept;

// `YYYY-MM-DDThh:mm:ss.mmmZ`.
std::string format_timestamp(Timestamp t);

}  // namespace cloudflow
