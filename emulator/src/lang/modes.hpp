// The two small enums every layer of the flow language names: a flow's execution mode and a
// Task's TaskMode.
#pragma once

#include <optional>
#include <string_view>

namespace cloudflow::local {

// Express: synchronous (StartSyncExecution), 5 minutes, RequestComplete tasks only, Wait at most
// 20 s. Standard: asynchronous (StartExecution), a year, every TaskMode, Wait at most 300 s.
enum class FlowMode { express, standard };

enum class TaskMode { request_complete, wait_for_system_callback, wait_for_custom_callback };

inline std::string_view to_string(TaskMode mode)
{
    switch (mode) {
    case TaskMode::request_complete: return "RequestComplete";
    case TaskMode::wait_for_system_callback: return "WaitForSystemCallback";
    case TaskMode::wait_for_custom_callback: return "WaitForCustomCallback";
    }
    return "RequestComplete";
}

inline std::optional<TaskMode> task_mode(std::string_view text)
{
    if (text == "RequestComplete") return TaskMode::request_complete;
    if (text == "WaitForSystemCallback") return TaskMode::wait_for_system_callback;
    if (text == "WaitForCustomCallback") return TaskMode::wait_for_custom_callback;
    return std::nullopt;
}

}  // namespace cloudflow::local
