// Success bodies of each operation, as the service writes them, for MockTransport's scripts and
// on_action handlers: `mock.on_action("DescribeExecution", [](auto&) { return replies::describe_execution(e); })`.
#pragma once

#include <cloudflow/model/execution.hpp>
#include <cloudflow/model/history_event.hpp>
#include <cloudflow/testing/mock_transport.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudflow::testing::replies {

inline constexpr std::string_view default_request_id = "mock-request-id";

// A 200 answer whose JSON body is `body` plus RequestId.
MockReply ok(boost::json::object body, std::string_view request_id = default_request_id);

// The members of an execution (FlowName, Name, Status, Input, Output, times, ...), as the
// lifecycle operations write them; absent optional members are left out.
boost::json::object execution_members(const Execution& e);

MockReply start_execution(const Execution& e, std::string_view request_id = default_request_id);
MockReply describe_execution(const Execution& e, std::string_view request_id = default_request_id);
MockReply stop_execution(const Execution& e, std::string_view request_id = default_request_id);
MockReply list_executions(const std::vector<Execution>& executions, std::optional<std::string> next_token = {},
                          std::string_view request_id = default_request_id);
MockReply get_execution_history(const std::vector<HistoryEvent>& events, std::optional<std::string> next_token = {},
                                std::string_view request_id = default_request_id);
// ReportTaskSucceeded's and ReportTaskFailed's answer.
MockReply report_task(std::int64_t event_id, std::string_view request_id = default_request_id);

}  // namespace cloudflow::testing::replies
