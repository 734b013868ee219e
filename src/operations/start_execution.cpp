#include "operations/start_execution.hpp"

#include "operations/parameter_writer.hpp"
#include "operations/readers.hpp"

namespace cloudflow::detail {

Result<Parameters> StartExecution::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    w.name("ExecutionName", r.execution_name);
    w.json_object("Input", "input", r.input, r.input_json);
    w.qualifier("Qualifier", r.qualifier);
    w.optional_token("CallbackFnFTaskToken", r.callback_task_token);
    return std::move(w).done();
}

void StartExecution::decode(JsonReader& in, response_type& out)
{
    in.required("RequestId", out.request_id);
    read_execution(in, out);
}
static_assert(Operation<StartExecution>);

}  // namespace cloudflow::detail
