/// @file
/// One event of an execution's history (GetExecutionHistory).
#pragma once

#include <cloudflow/model/timestamp.hpp>

#include <boost/json/value.hpp>

#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>

namespace cloudflow {

/// The event types of the API reference; `unknown` keeps a type this SDK does not know.
enum class EventType {
    step_entered,         ///< "StepEntered"
    step_started,         ///< "StepStarted"
    step_succeeded,       ///< "StepSucceeded"
    step_failed,          ///< "StepFailed"
    step_exited,          ///< "StepExited"
    branch_entered,       ///< "BranchEntered"
    branch_exited,        ///< "BranchExited"
    iteration_entered,    ///< "IterationEntered"
    iteration_exited,     ///< "IterationExited"
    task_scheduled,       ///< "TaskScheduled"
    task_started,         ///< "TaskStarted"
    task_submitted,       ///< "TaskSubmitted"
    task_submit_failed,   ///< "TaskSubmitFailed"
    task_succeeded,       ///< "TaskSucceeded"
    task_failed,          ///< "TaskFailed"
    task_timed_out,       ///< "TaskTimedOut"
    execution_started,    ///< "ExecutionStarted"
    execution_stopped,    ///< "ExecutionStopped"
    execution_succeeded,  ///< "ExecutionSucceeded"
    execution_failed,     ///< "ExecutionFailed"
    execution_timed_out,  ///< "ExecutionTimedOut"
    unknown,              ///< a type this SDK does not know; the event keeps its text in `type_text`
};

/// The service's spelling ("TaskSubmitted", ...); "Unknown" for EventType::unknown.
std::string_view to_string(EventType t) noexcept;
/// The type of a service spelling (exact); EventType::unknown otherwise.
EventType parse_event_type(std::string_view text) noexcept;
/// The service's spelling, as to_string gives it.
std::ostream& operator<<(std::ostream& os, EventType t);

/// One event of an execution's history.
struct HistoryEvent {
    std::int64_t event_id = 0;                   ///< its id, increasing through the history
    std::int64_t schedule_event_id = 0;          ///< the event that scheduled this one; 0 for none
    std::string step_name{};                     ///< the step it belongs to; empty for the execution's own events
    EventType type = EventType::unknown;         ///< its type; EventType::unknown for a type this SDK does not know
    std::string type_text{};                     ///< the service's spelling
    std::optional<Timestamp> time{};             ///< when it happened
    std::optional<boost::json::value> detail{};  ///< EventDetail, parsed
};

}  // namespace cloudflow
