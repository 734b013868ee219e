#include <cloudflow/model/execution.hpp>

#include <ostream>

namespace cloudflow {

bool is_terminal(ExecutionStatus status) noexcept
{
    switch (status) {
    case ExecutionStatus::succeeded:
    case ExecutionStatus::failed:
    case ExecutionStatus::timed_out:
    case ExecutionStatus::stopped: return true;
    case ExecutionStatus::starting:
    case ExecutionStatus::running:
    case ExecutionStatus::unknown: return false;
    }
    return false;
}

std::ostream& operator<<(std::ostream& os, const Execution& e)
{
    return os << "Execution{FlowName=" << e.flow_name << ", Name=" << e.name << ", Status=" << e.status_text << '}';
}

}  // namespace cloudflow
