#include "operations/describe_execution.hpp"

#include "operations/parameter_writer.hpp"
#include "operations/readers.hpp"

namespace cloudflow::detail {

Result<ParameterList> DescribeExecution::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    w.name("ExecutionName", r.execution_name);
    if (r.wait_time) w.integer("WaitTimeSeconds", r.wait_time->count(), 0, 60);
    return std::move(w).done();
}

void DescribeExecution::decode(JsonReader& in, response_type& out)
{
    in.required("RequestId", out.request_id);
    read_execution(in, out);
}

std::chrono::milliseconds DescribeExecution::server_wait(const request_type& r)
{
    // Out-of-range values are refused by encode; clamp so that nothing here can overflow.
    const auto seconds = r.wait_time ? std::clamp<long long>(r.wait_time->count(), 0, 60) : 0;
    return std::chrono::seconds(seconds);
}
static_assert(Operation<DescribeExecution>);

}  // namespace cloudflow::detail
