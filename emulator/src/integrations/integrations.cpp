#include "integrations/integrations.hpp"

#include "integrations/http_task.hpp"
#include "lang/error_names.hpp"

#include <boost/asio/this_coro.hpp>

namespace cloudflow::local {

Integrations::Integrations(MockSet mocks, FunctionEndpoints functions, OutboundOptions outbound)
    : mocks_(std::move(mocks)), functions_(std::move(functions)), outbound_options_(std::move(outbound))
{
}

std::optional<TaskResult> Integrations::mocked(const TaskCall& call) const
{
    if (call.test_case.empty()) return std::nullopt;
    const MockSet::Found found = mocks_.find(call.flow, call.test_case, call.state, call.invocation);
    switch (found.lookup) {
    case MockSet::Lookup::not_mocked: return std::nullopt;
    case MockSet::Lookup::no_response:
        return TaskResult::failure(std::string(error_names::task_failed),
                                   "no mocked response for invocation " + std::to_string(call.invocation) +
                                       " of state " + call.state + " in test case " + call.test_case + " of flow " +
                                       call.flow + " (its mock " + found.mock_name + " has none for it)");
    case MockSet::Lookup::mocked: break;
    }
    const MockedResponse& response = *found.response;
    TaskResult result = response.kind == MockedResponse::Kind::returns
                            ? TaskResult::success(response.value)
                            : TaskResult::failure(response.error, response.cause);
    result.mocked = true;
    return result;
}

boost::asio::awaitable<TaskResult> Integrations::call(TaskCall call)
{
    if (call.action != "HTTP:Request" && call.action != "FC:InvokeFunction")
        co_return TaskResult::failure(std::string(error_names::task_failed),
                                      "no local integration for " + call.action + "; mock it with --mocks");
    if (!outbound_)
        outbound_ = std::make_unique<Outbound>(co_await boost::asio::this_coro::executor, outbound_options_);
    if (call.action == "HTTP:Request") co_return co_await http_request(*outbound_, call);
    co_return co_await invoke_function(*outbound_, functions_, call);
}

Checked<void> Integrations::check_parameters(std::string_view action, const boost::json::value& parameters)
{
    if (action == "HTTP:Request") return check_http_parameters(parameters);
    if (action == "FC:InvokeFunction") return check_fc_parameters(parameters);
    return {};
}

}  // namespace cloudflow::local
