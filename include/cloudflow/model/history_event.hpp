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
    step_entered,
    step_started,
    step_succeeded,
    step_failed,
    step_exited,
    branch_entered,
    branch_exited,
    iteration_entered,
    iteration_exited,
    task_scheduled,
    task_started,
    task_submitted,
    task_submit_failed,
    task_succeeded,
    task_failed,
    task_timed_out,
    execution_started,
    execution_stopped,
    execution_succeeded,
    execution_failed,
    execution_timed_out,
    unknown,
};

/// The service's spelling ("TaskSubmitted", ...); "Unknown" for EventType::unknown.
std::string_view to_string(EventType t) noexcept;
/// The type of a service spelling (exact); EventType::unknown otherwise.
EventType parse_event_type(std::string_view text) noexcept;
std::ostream& operator<<(std::ostream& os, EventType t);

struct HistoryEvent {
    std::int64_t event_id = 0;
    std::int64_t schedule_event_id = 0;  ///< the event that scheduled this one; 0 for none
    std::string step_name{};
    EventType type = EventType::unknown;
    std::string type_text{};  ///< the service's spelling
    std::optional<Timestamp> time{};
    std::optional<boost::json::value> detail{};  ///< EventDetail, parsed
};

}  // namespace cloudflow
