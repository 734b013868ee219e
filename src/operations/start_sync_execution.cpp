// StartSyncExecution: runs an express flow and answers with its result.
#include <cloudflow/client.hpp>
#include <cloudflow/start_sync_execution.hpp>
#include <cloudflow/validation.hpp>

#include "client/client_impl.hpp"
#include "detail/response_parser.hpp"
#include "operations/parameter_writer.hpp"

#include <ostream>

namespace cloudflow {
namespace detail {

struct StartSyncExecution {
    using request_type = StartSyncExecutionRequest;
    using response_type = StartSyncExecutionResponse;
    static constexpr std::string_view action = "StartSyncExecution";
    static constexpr RequestMethod method = RequestMethod::post;

    // The execution may have run when an answer is lost: never sent twice unless the caller says.
    static Idempotency idempotency(const request_type&) { return Idempotency::not_idempotent; }

    static Result<Parameters> encode(const request_type& r, const RequestLimits& limits)
    {
        ParameterWriter w(limits);
        w.name("FlowName", r.flow_name);
        w.name("ExecutionName", r.execution_name);
        w.json_object("Input", r.input, r.input_json);
        w.qualifier("Qualifier", r.qualifier);
        return std::move(w).done();
    }

    static void decode(JsonReader& in, response_type& out)
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
    }
};
static_assert(Operation<StartSyncExecution>);

Result<StartSyncExecutionResponse> parse_start_sync_execution_response(std::string_view body,
                                                                       std::size_t max_json_depth)
{
    auto root = parse_json_object(body, max_json_depth);
    if (!root) return root.error();
    JsonReader in(root->get_object(), max_json_depth);
    StartSyncExecutionResponse out;
    StartSyncExecution::decode(in, out);
    if (!in.ok()) return *in.error();
    return out;
}

boost::asio::awaitable<Result<StartSyncExecutionResponse>> run(std::shared_ptr<ClientImpl> impl,
                                                               StartSyncExecutionRequest request, CallOptions options)
{
    co_return co_await call<StartSyncExecution>(*impl, std::move(request), std::move(options));
}

}  // namespace detail

Result<std::optional<std::string>> validate(const StartSyncExecutionRequest& request, const RequestLimits& limits)
{
    auto params = detail::StartSyncExecution::encode(request, limits);
    if (!params) return params.error();
    const auto input = params->find("Input");
    if (input == params->end()) return std::optional<std::string>();
    return std::optional<std::string>(std::move(input->second));
}

std::ostream& operator<<(std::ostream& os, const StartSyncExecutionResponse& r)
{
    os << "StartSyncExecutionResponse{RequestId=" << r.request_id << ", FlowName=" << r.flow_name << ", Name=" << r.name
       << ", Status=" << r.status_text;
    if (r.error_code) os << ", ErrorCode=" << *r.error_code;
    return os << '}';
}

}  // namespace cloudflow
