/// @file
/// The models and answers as JSON: as the service writes them (the inverse of what the client reads,
/// for scripted answers: cloudflow::testing::replies), or for people and scripts (what the
/// `cloudflow` command prints).
#pragma once

#include <cloudflow/model/execution.hpp>
#include <cloudflow/model/flow.hpp>
#include <cloudflow/model/flow_version.hpp>
#include <cloudflow/model/history_event.hpp>
#include <cloudflow/model/region.hpp>
#include <cloudflow/model/schedule.hpp>
#include <cloudflow/operations/delete_response.hpp>
#include <cloudflow/operations/flow_aliases.hpp>
#include <cloudflow/operations/flow_versions.hpp>
#include <cloudflow/operations/flows.hpp>
#include <cloudflow/operations/invoke.hpp>
#include <cloudflow/operations/map_runs.hpp>
#include <cloudflow/operations/regions.hpp>
#include <cloudflow/operations/report_task.hpp>
#include <cloudflow/operations/schedules.hpp>
#include <cloudflow/operations/start_sync_execution.hpp>

#include <boost/json/object.hpp>

namespace cloudflow {

/// How to_json writes. Both use the service's member names, in the same order.
enum class JsonStyle {
    /// As the service writes its answers, and the client reads them back to the same value: members
    /// the value does not have are left out; Input, Output, EventDetail and Payload are JSON text
    /// in a string; DescribeRegions' list is `{"Regions": {"Region": [...]}}`.
    service,
    /// For people and scripts: every member, null when the value does not have it (an empty
    /// Environment as `{"Variables": []}`); Input, Output, EventDetail and Payload as the JSON
    /// they hold; DescribeRegions' list is `{"Regions": [...]}`.
    display,
};

/// An execution: FlowName, Name, Status, Input, Output, FlowDefinition, StartedTime, StoppedTime,
/// RoleArn, Environment. Times are ISO 8601 UTC with milliseconds; a Status is `status_text`, or
/// the spelling of `status` when that is empty.
boost::json::object to_json(const Execution& e, JsonStyle style = JsonStyle::service);
/// RequestId, FlowName, Name, Status, ErrorCode, ErrorMessage, Output, StartedTime, StoppedTime,
/// Environment.
boost::json::object to_json(const StartSyncExecutionResponse& r, JsonStyle style = JsonStyle::service);
/// EventId, ScheduleEventId, StepName, Type, Time, EventDetail.
boost::json::object to_json(const HistoryEvent& e, JsonStyle style = JsonStyle::service);
/// RequestId, EventId.
boost::json::object to_json(const ReportTaskResponse& r, JsonStyle style = JsonStyle::service);
/// The answer's body as the service sent it, in either style.
boost::json::object to_json(const InvokeResponse& r, JsonStyle style = JsonStyle::service);

/// Name, Id, Description, Definition, Type, ExecutionMode, Environment (each variable: Name, Value,
/// Description), RoleArn, ResourceGroupId, ExternalStorageLocation, CreatedTime, LastModifiedTime.
boost::json::object to_json(const Flow& f, JsonStyle style = JsonStyle::service);
/// RequestId, then the flow.
boost::json::object to_json(const FlowResponse& r, JsonStyle style = JsonStyle::service);
/// Version, Description, CreatedTime.
boost::json::object to_json(const FlowVersion& v, JsonStyle style = JsonStyle::service);
/// RequestId, FlowName, then the version.
boost::json::object to_json(const PublishFlowVersionResponse& r, JsonStyle style = JsonStyle::service);
/// Name, Description, RoutingConfigurations (each: Version, Weight), CreatedTime. A Weight is a
/// whole number when it is one (30, not 3E1).
boost::json::object to_json(const FlowAlias& a, JsonStyle style = JsonStyle::service);
/// RequestId, FlowName, then the alias. In the service style, as the two answers differ: with a
/// flow_name, CreateFlowAlias's (the alias's members beside FlowName); without,
/// DescribeFlowAlias's and UpdateFlowAlias's (the alias nested in `Alias`).
boost::json::object to_json(const FlowAliasResponse& r, JsonStyle style = JsonStyle::service);
/// ScheduleName, ScheduleId, CronExpression, Enable, Description, Payload, CreatedTime,
/// LastModifiedTime.
boost::json::object to_json(const Schedule& s, JsonStyle style = JsonStyle::service);
/// RequestId, then the schedule.
boost::json::object to_json(const ScheduleResponse& r, JsonStyle style = JsonStyle::service);
/// RequestId.
boost::json::object to_json(const DeleteResponse& r, JsonStyle style = JsonStyle::service);
/// RequestId, ExecutionName, MapRunName, Status, StartedTime, StoppedTime, Concurrency,
/// ToleratedFailedCount, ToleratedFailedPercentage, ItemCounts (Total, Succeed, Failed, Running,
/// Pending, Aborted).
boost::json::object to_json(const DescribeMapRunResponse& r, JsonStyle style = JsonStyle::service);
/// RequestId, FlowName, ExecutionName, MapRunName, Concurrency, ToleratedFailedCount,
/// ToleratedFailedPercentage.
boost::json::object to_json(const UpdateMapRunResponse& r, JsonStyle style = JsonStyle::service);
/// RegionId, LocalName, RegionEndpoint.
boost::json::object to_json(const Region& r, JsonStyle style = JsonStyle::service);
/// RequestId, Regions.
boost::json::object to_json(const DescribeRegionsResponse& r, JsonStyle style = JsonStyle::service);

}  // namespace cloudflow
