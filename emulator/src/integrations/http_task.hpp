// HTTP:Request: Parameters {url, method, headers, body} -> a real request through Outbound;
// the task's output is {"Header": {name: value}, "Code": status, "Body": text}. Any status
// completes the task (the flow reads Code); a request that cannot be made or answered fails it
// (FnF.TaskFailed, or FnF.Timeout when the deadline passed). With WaitForCustomCallback the
// request carries the task token in X-FnF-Http-Callback-Task-Token and the task then waits for
// its report (TaskResult::submitted).
#pragma once

#include "integrations/outbound.hpp"
#include "integrations/task_call.hpp"
#include "lang/problem.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

namespace cloudflow::local {

// Checks Parameters that are known when the flow is created (literal values): url, method,
// headers and body's types. Used by validation; the same rules apply again at run time.
Checked<void> check_http_parameters(const boost::json::value& parameters);

boost::asio::awaitable<TaskResult> http_request(Outbound& outbound, const TaskCall& call);

}  // namespace cloudflow::local
