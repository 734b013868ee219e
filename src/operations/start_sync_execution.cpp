#include "operations/start_sync_execution.hpp"

#include "operations/parameter_writer.hpp"
#include "operations/readers.hpp"

#include <ostream>

namespace cloudflow {
namespace detail {

Result<ParameterList> StartSyncExecution::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    w.name("ExecutionName", r.execution_name);
    w.json_object("Input", "input", r.input, r.input_json);
    w.qualifier("Qualifier", r.qualifier);
    return std::move(w).done();
}

void StartSyncExecution::decode(JsonReader& in, response_type& out)
{
    in.required("RequestId", out.request_id);
    in.required("FlowName", out.flow_name);
    in.required("Name", out.name);
    in.status("Status", out.status, out.status_text);
    in.optional("ErrorCode", out.error_code);
    in.optional("ErrorMessage", out.error_message);
    in.json_text("Output", out.output);
    in.time("StartedTime", out.started_time);
    in.time("StoppedTime", out.stopped_time);
    read_environment(in, out.environment);
}
static_assert(Operation<StartSyncExecution>);

}  // namespace detail

std::ostream& operator<<(std::ostream& os, const StartSyncExecutionResponse& r)
{
    os << "StartSyncExecutionResponse{RequestId=" << r.request_id << ", FlowName=" << r.flow_name << ", Name=" << r.name
       << ", Status=" << r.status_text;
    if (r.error_code) os << ", ErrorCode=" << *r.error_code;
    return os << '}';
}

}  // namespace cloudflow
