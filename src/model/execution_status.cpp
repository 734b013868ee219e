#include <cloudflow/model/execution_status.hpp>

#include <array>
#include <ostream>
#include <utility>

namespace cloudflow {
namespace {

constexpr std::array<std::pair<ExecutionStatus, std::string_view>, 6> spellings{{
    {ExecutionStatus::starting, "Starting"},
    {ExecutionStatus::running, "Running"},
    {ExecutionStatus::stopped, "Stopped"},
    {ExecutionStatus::succeeded, "Succeeded"},
    {ExecutionStatus::failed, "Failed"},
    {ExecutionStatus::timed_out, "TimedOut"},
}};

}  // namespace

std::string_view to_string(ExecutionStatus s) noexcept
{
    for (const auto& [status, text] : spellings)
        if (status == s) return text;
    return "Unknown";
}

ExecutionStatus parse_execution_status(std::string_view text) noexcept
{
    for (const auto& [status, spelling] : spellings)
        if (spelling == text) return status;
    return ExecutionStatus::unknown;
}

std::ostream& operator<<(std::ostream& os, ExecutionStatus s)
{
    return os << to_string(s);
}

}  // namespace cloudflow
