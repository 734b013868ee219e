#include "operations/stop_execution.hpp"

#include "client/client_impl.hpp"
#include "operations/execution_reader.hpp"
#include "operations/parameter_writer.hpp"

namespace cloudflow::detail {

Result<Parameters> StopExecution::encode(const request_type& r, const RequestLimits& limits)
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

template <>
boost::asio::awaitable<Result<StopExecutionResponse>>
run(std::shared_ptr<ClientImpl> impl, StopExecutionRequest request, CallOptions options, CallThread thread)
{
    return call<StopExecution>(std::move(impl), std::move(request), std::move(options), thread);
}

}  // namespace cloudflow::detail
