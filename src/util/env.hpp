// The process environment, read one way everywhere: a variable that is unset or empty is absent.
#pragma once

#include <optional>
#include <string>

namespace cloudflow::detail {

// The variable's value; nullopt when it is unset or empty.
std::optional<std::string> environment(const char* name);

// The variable's value, or "" when it is unset or empty.
std::string environment_or_empty(const char* name);

// Whether the variable is exactly "true" (the official SDKs' switches).
bool environment_true(const char* name);

}  // namespace cloudflow::detail
