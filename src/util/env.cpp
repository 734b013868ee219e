#include "util/env.hpp"

#include <cstdlib>

namespace cloudflow::detail {

std::optional<std::string> environment(const char* name)
{
    const char* value = std::getenv(name);
    if (value == nullptr || *value == '\0') return std::nullopt;
    return std::string(value);
}

std::string environment_or_empty(const char* name)
{
    return environment(name).value_or(std::string());
}

bool environment_true(const char* name)
{
    return environment(name) == "true";
}

}  // namespace cloudflow::detail
