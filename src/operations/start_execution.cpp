#include "operations/start_execution.hpp"

#include "operations/parameter_writer.hpp"
#include "operations/readers.hpp"
#include "rpc/nonce.hpp"

namespace cloudflow::detail {

Result<ParameterList> StartExecution::encode(const request_type& r, const RequestLimits& limits)
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
std::optional<RepeatRule> StartExecution::prepare(request_type& r)
{
    if (r.execution_name) return std::nullopt;
    r.execution_name = "exec-" + random_nonce();
    return RepeatRule{.service_code = "ExecutionAlreadyExists", .after_lost_answer = false};
}

DescribeExecutionRequest StartExecution::repeat_lookup(const request_type& r)
{
    return {.flow_name = r.flow_name, .execution_name = r.execution_name.value_or(std::string())};
}

void StartExecution::from_lookup(DescribeExecutionResponse&& found, response_type& out)
{
    static_cast<Execution&>(out) = std::move(static_cast<Execution&>(found));
    out.request_id = std::move(found.request_id);
}
static_assert(Operation<StartExecution>);

}  // namespace cloudflow::detail
