// HTTP dates as whole seconds, whatever their year: a server's Retry-After in year 9999 is a very
// long wait, though no system_clock::time_point can hold it (parse_http_date says nullopt).
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace cloudflow::detail {

// An IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT") of any four-digit year; nullopt when the text
// is not one.
std::optional<std::chrono::sys_seconds> parse_http_date_seconds(std::string_view text) noexcept;

}  // namespace cloudflow::detail
