#include <cloudflow/model/flow.hpp>

#include <ostream>

namespace cloudflow {

std::string_view to_string(ExecutionMode mode) noexcept
{
    switch (mode) {
    case ExecutionMode::standard: return "Standard";
    case ExecutionMode::express: return "Express";
    case ExecutionMode::unknown: break;
    }
    return "Unknown";
}

ExecutionMode parse_execution_mode(std::string_view text) noexcept
{
    if (text == "Standard") return ExecutionMode::standard;
    if (text == "Express") return ExecutionMode::express;
    return ExecutionMode::unknown;
}

std::ostream& operator<<(std::ostream& os, ExecutionMode mode)
{
    return os << to_string(mode);
}

std::ostream& operator<<(std::ostream& os, const Flow& flow)
{
    os << "Flow{Name=" << flow.name << ", Id=" << flow.id;
    if (flow.execution_mode) os << ", ExecutionMode=" << flow.execution_mode_text;
    return os << '}';
}

}  // namespace cloudflow
