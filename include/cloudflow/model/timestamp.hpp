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
/// a time. Any four-digit year fits a Timestamp (milliseconds); converting one to
/// system_clock::time_point (nanoseconds) may overflow outside 1677-2262.
std::optional<Timestamp> parse_timestamp(std::string_view text) noexcept;

/// `YYYY-MM-DDThh:mm:ss.mmmZ`.
std::string format_timestamp(Timestamp t);

/// HTTP dates (RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT"), as in the Date and
/// Retry-After headers. nullopt as well for a date outside system_clock's range (with libstdc++'s
/// nanoseconds, before 1677-09-21 00:12:44 or after 2262-04-11 23:47:16): no such time point exists.
std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view text) noexcept;
/// An HTTP date (RFC 9110 IMF-fixdate, "Sun, 06 Nov 1994 08:49:37 GMT") of a time point, truncated to the second.
std::string format_http_date(std::chrono::system_clock::time_point t);

}  // namespace cloudflow
