#include <cloudflow/start_sync_execution.hpp>

#include <ostream>

namespace cloudflow {

std::ostream& operator<<(std::ostream& os, const StartSyncExecutionResponse& r)
{
    os << "StartSyncExecutionResponse{RequestId=" << r.request_id << ", FlowName=" << r.flow_name << ", Name=" << r.name
       << ", Status=" << r.status_text;
    if (r.error_code) os << ", ErrorCode=" << *r.error_code;
    return os << '}';
}

}  // namespace cloudflow
