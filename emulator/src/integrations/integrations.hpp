// What a Task state's Action reaches in cloudflow-local: the mock file first (a test case that
// mocks the state answers it), then the local integrations, HTTP:Request and FC:InvokeFunction.
// FNF:StartExecution is the runner's, which starts executions. Any other Action fails the task:
// "no local integration for <Action>; mock it with --mocks".
#pragma once

#include "integrations/fc_task.hpp"
#include "integrations/mocks.hpp"
#include "integrations/outbound.hpp"
#include "integrations/task_call.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <memory>
#include <optional>
#include <string_view>

namespace cloudflow::local {

class Integrations {
public:
    Integrations(MockSet mocks, FunctionEndpoints functions, OutboundOptions outbound);

    const MockSet& mocks() const { return mocks_; }

    // The mock's answer to `call` when its test case mocks the state: its Return or Throw, or a
    // failure that names the flow, test case, state and invocation nothing answers; nullopt when
    // the state is not mocked.
    std::optional<TaskResult> mocked(const TaskCall& call) const;

    // The local integration of call.action (HTTP:Request, FC:InvokeFunction), or the failure that
    // says there is none.
    boost::asio::awaitable<TaskResult> call(TaskCall call);

    // Closes the HTTP and FC tasks' pooled connections (a new client is made on next use): for an
    // owner whose io_context goes before the Integrations, with no exchange in flight.
    void close_connections() { outbound_.reset(); }

    // The literal Parameters of a Task, checked when its flow is created (flow::ParameterCheck).
    static Checked<void> check_parameters(std::string_view action, const boost::json::value& parameters);

private:
    MockSet mocks_;
    FunctionEndpoints functions_;
    OutboundOptions outbound_options_;
    std::unique_ptr<Outbound> outbound_;  // made on first use, on the run's executor
};

}  // namespace cloudflow::local
