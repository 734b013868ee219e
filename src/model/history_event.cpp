#include <cloudflow/model/history_event.hpp>

#include <array>
#include <ostream>
#include <utility>

namespace cloudflow {
namespace {

// The types of GetExecutionHistory's Events[].Type in the API reference.
constexpr std::array<std::pair<EventType, std::string_view>, 21> event_spellings{{
    {EventType::step_entered, "StepEntered"},
    {EventType::step_started, "StepStarted"},
    {EventType::step_succeeded, "StepSucceeded"},
    {EventType::step_failed, "StepFailed"},
    {EventType::step_exited, "StepExited"},
    {EventType::branch_entered, "BranchEntered"},
    {EventType::branch_exited, "BranchExited"},
    {EventType::iteration_entered, "IterationEntered"},
    {EventType::iteration_exited, "IterationExited"},
    {EventType::task_scheduled, "TaskScheduled"},
    {EventType::task_started, "TaskStarted"},
    {EventType::task_submitted, "TaskSubmitted"},
    {EventType::task_submit_failed, "TaskSubmitFailed"},
    {EventType::task_succeeded, "TaskSucceeded"},
    {EventType::task_failed, "TaskFailed"},
    {EventType::task_timed_out, "TaskTimedOut"},
    {EventType::execution_started, "ExecutionStarted"},
    {EventType::execution_stopped, "ExecutionStopped"},
    {EventType::execution_succeeded, "ExecutionSucceeded"},
    {EventType::execution_failed, "ExecutionFailed"},
    {EventType::execution_timed_out, "ExecutionTimedOut"},
}};

}  // namespace

std::string_view to_string(EventType t) noexcept
{
    for (const auto& [type, text] : event_spellings)
        if (type == t) return text;
    return "Unknown";
}

EventType parse_event_type(std::string_view text) noexcept
{
    for (const auto& [type, spelling] : event_spellings)
        if (spelling == text) return type;
    return EventType::unknown;
}

std::ostream& operator<<(std::ostream& os, EventType t)
{
    return os << to_string(t);
}

}  // namespace cloudflow
