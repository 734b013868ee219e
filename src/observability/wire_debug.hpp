// The wire debug: CLOUDFLOW_DEBUG=wire makes every Client log each attempt (method, URL with its
// secrets redacted, HTTP status, time) and each call to standard error, through a LoggingObserver.
#pragma once

#include <cloudflow/observer.hpp>

#include <memory>
#include <string_view>

namespace cloudflow::detail {

// The environment variable read when a Client is constructed.
inline constexpr const char* debug_variable = "CLOUDFLOW_DEBUG";

// Whether a value of CLOUDFLOW_DEBUG asks for the wire debug: a comma-separated list of words
// (spaces around them ignored) of which one is `wire`. Other words are ignored.
bool wire_debug_requested(std::string_view value) noexcept;

// A LoggingObserver at LogLevel::debug writing to std::clog when CLOUDFLOW_DEBUG (read now) asks
// for the wire debug; null otherwise.
std::shared_ptr<CallObserver> wire_debug_observer_from_environment();

}  // namespace cloudflow::detail
