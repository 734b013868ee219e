#include "observability/wire_debug.hpp"

#include <cloudflow/logging_observer.hpp>

#include "util/env.hpp"

namespace cloudflow::detail {

bool wire_debug_requested(std::string_view value) noexcept
{
    while (true) {
        const auto comma = value.find(',');
        std::string_view word = value.substr(0, comma);
        while (!word.empty() && word.front() == ' ') word.remove_prefix(1);
        while (!word.empty() && word.back() == ' ') word.remove_suffix(1);
        if (word == "wire") return true;
        if (comma == std::string_view::npos) return false;
        value.remove_prefix(comma + 1);
    }
}

std::shared_ptr<CallObserver> wire_debug_observer_from_environment()
{
    const auto value = environment(debug_variable);
    if (!value || !wire_debug_requested(*value)) return nullptr;
    return std::make_shared<LoggingObserver>(write_to_clog, LogLevel::debug);
}

}  // namespace cloudflow::detail
