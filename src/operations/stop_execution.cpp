#include "operations/stop_execution.hpp"

#include "operations/parameter_writer.hpp"
#include "operations/readers.hpp"

namespace cloudflow::detail {

Result<ParameterList> StopExecution::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    w.name("ExecutionName", r.execution_name);
    w.text("Error", r.error, 128);
    w.text("Cause", r.cause, 4096);
    return std::move(w).done();
}

void StopExecution::decode(JsonReader& in, response_type& out)
{
    in.required("RequestId", out.request_id);
    read_execution(in, out);
}
static_assert(Operation<StopExecution>);

}  // namespace cloudflow::detail
