/// @file
/// Success bodies of each operation, as the service writes them, for MockTransport's scripts and
/// on_action handlers: `mock.on_action("DescribeExecution", [](auto&) { return replies::describe_execution(e); })`.
#pragma once

#include <cloudflow/model/execution.hpp>
#include <cloudflow/model/flow.hpp>
#include <cloudflow/model/flow_version.hpp>
#include <cloudflow/model/history_event.hpp>
#include <cloudflow/model/map_run.hpp>
#include <cloudflow/model/region.hpp>
#include <cloudflow/model/schedule.hpp>
#include <cloudflow/operations/start_sync_execution.hpp>
#include <cloudflow/testing/mock_transport.hpp>

#include <boost/json/object.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudflow::testing::replies {

/// The RequestId of every answer that is not given one.
inline constexpr std::string_view default_request_id = "mock-request-id";

/// A 200 answer whose JSON body is `body` plus RequestId.
MockReply ok(boost::json::object body, std::string_view request_id = default_request_id);

/// The members of an execution (FlowName, Name, Status, Input, Output, times, ...), as the
/// lifecycle operations write them; absent optional members are left out.
boost::json::object execution_members(const Execution& e);

/// StartSyncExecution's answer, written from the response it decodes to: FlowName, Name, Status,
/// Output, ErrorCode, ErrorMessage, StartedTime, StoppedTime and Environment as the service writes
/// them (absent optional members left out; an empty `name` is "exec:" and a zero UUID). Its RequestId
/// is `r.request_id`, or default_request_id when that is empty.
MockReply start_sync_execution(const StartSyncExecutionResponse& r);
/// A Succeeded StartSyncExecution of `flow_name` whose execution gave `output`.
MockReply sync_execution_succeeded(std::string_view flow_name, boost::json::object output = {},
                                   std::string_view request_id = default_request_id);
/// A Failed StartSyncExecution of `flow_name`: the execution's own error (ErrorCode, ErrorMessage),
/// in a successful call.
MockReply sync_execution_failed(std::string_view flow_name, std::string_view error_code, std::string_view error_message,
                                std::string_view request_id = default_request_id);

/// StartExecution's answer.
MockReply start_execution(const Execution& e, std::string_view request_id = default_request_id);
/// DescribeExecution's answer.
MockReply describe_execution(const Execution& e, std::string_view request_id = default_request_id);
/// StopExecution's answer.
MockReply stop_execution(const Execution& e, std::string_view request_id = default_request_id);
/// ListExecutions' answer: one page, with `next_token` when more pages follow.
MockReply list_executions(const std::vector<Execution>& executions, const std::optional<std::string>& next_token = {},
                          std::string_view request_id = default_request_id);
/// GetExecutionHistory's answer: one page, with `next_token` when more pages follow.
MockReply get_execution_history(const std::vector<HistoryEvent>& events,
                                const std::optional<std::string>& next_token = {},
                                std::string_view request_id = default_request_id);
/// ReportTaskSucceeded's and ReportTaskFailed's answer.
MockReply report_task(std::int64_t event_id, std::string_view request_id = default_request_id);

/// The members of a flow (Name, Id, Definition, ..., Environment), as the service writes them;
/// absent optional members are left out.
boost::json::object flow_members(const Flow& f);
/// The members of a version (Version, Description, CreatedTime), as the service writes them.
boost::json::object flow_version_members(const FlowVersion& v);
/// The members of an alias (Name, Description, RoutingConfigurations, ...), as the service writes them.
boost::json::object flow_alias_members(const FlowAlias& a);
/// The members of a schedule (ScheduleName, CronExpression, Enable, ...), as the service writes them.
boost::json::object schedule_members(const Schedule& s);

/// CreateFlow's, DescribeFlow's and UpdateFlow's answer.
MockReply flow(const Flow& f, std::string_view request_id = default_request_id);
/// ListFlows' answer: one page, with `next_token` when more pages follow.
MockReply list_flows(const std::vector<Flow>& flows, const std::optional<std::string>& next_token = {},
                     std::string_view request_id = default_request_id);
/// The answer of every Delete operation: the RequestId alone.
MockReply deleted(std::string_view request_id = default_request_id);

/// PublishFlowVersion's answer (the version's members and FlowName).
MockReply publish_flow_version(std::string_view flow_name, const FlowVersion& v,
                               std::string_view request_id = default_request_id);
/// ListFlowVersions' answer: one page, with `next_token` when more pages follow.
MockReply list_flow_versions(const std::vector<FlowVersion>& versions,
                             const std::optional<std::string>& next_token = {},
                             std::string_view request_id = default_request_id);

/// CreateFlowAlias's answer (the alias's members and FlowName at the top level).
MockReply create_flow_alias(std::string_view flow_name, const FlowAlias& a,
                            std::string_view request_id = default_request_id);
/// DescribeFlowAlias's and UpdateFlowAlias's answer (the alias nested in Alias).
MockReply flow_alias(const FlowAlias& a, std::string_view request_id = default_request_id);
/// ListFlowAliases' answer: each Weight as a string, as the service writes it in this one answer.
MockReply list_flow_aliases(const std::vector<FlowAlias>& aliases, const std::optional<std::string>& next_token = {},
                            std::string_view request_id = default_request_id);

/// CreateSchedule's, DescribeSchedule's and UpdateSchedule's answer.
MockReply schedule(const Schedule& s, std::string_view request_id = default_request_id);
/// ListSchedules' answer: one page, with `next_token` when more pages follow.
MockReply list_schedules(const std::vector<Schedule>& schedules, const std::optional<std::string>& next_token = {},
                         std::string_view request_id = default_request_id);

/// The map run a DescribeMapRun answer describes (describe_map_run).
struct MapRunReply {
    std::string execution_name{};                       ///< the execution whose Map state runs it
    std::string map_run_name{};                         ///< its name
    ExecutionStatus status = ExecutionStatus::running;  ///< its status
    MapRunSettings settings{};                          ///< its concurrency and tolerated failures
    MapRunItemCounts item_counts{};                     ///< its items by state
    std::optional<Timestamp> started_time{};            ///< when it started
    std::optional<Timestamp> stopped_time{};            ///< when it ended, if it has
};
/// DescribeMapRun's answer.
MockReply describe_map_run(const MapRunReply& m, std::string_view request_id = default_request_id);
/// UpdateMapRun's answer.
MockReply update_map_run(std::string_view flow_name, std::string_view execution_name, std::string_view map_run_name,
                         const MapRunSettings& settings, std::string_view request_id = default_request_id);

/// DescribeRegions' answer.
MockReply describe_regions(const std::vector<Region>& regions, std::string_view request_id = default_request_id);

}  // namespace cloudflow::testing::replies
