/// @file
/// UTC time points as the service writes them: ISO 8601, `2019-01-01T01:01:01.001Z`.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace cloudflow {

/// A UTC time point with millisecond precision.
using Timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

/// Parses `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`, strictly (a real calendar date, hours < 24,
/// ...). Digits of the fraction past milliseconds are truncated. nullopt when the text is not such
/// a time.
std::optional<Timestamp> parse_timestamp(std::string_view text) noexcept;

/// `YYYY-MM-DDThh:mm:ss.mmmZ`.
std::string format_timestamp(Timestamp t);

/// HTTP dates (RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT"), as in the Date and
/// Retry-After headers.
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) noexcept;
/// An HTTP date (RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT") of a time point, truncated to the second.
std::string format_http_date(std::chrono::system_clock::time_point t);

}  // namespace cloudflow
