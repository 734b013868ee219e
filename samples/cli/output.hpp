// What the CLI prints: responses as one JSON object on stdout, errors as one on stderr.
#pragma once

#include <cloudflow/cloudflow.hpp>

#include <boost/json/object.hpp>

namespace cloudflow::cli {

boost::json::object to_json(const StartSyncExecutionResponse& r);
// FlowName, Name, Status, Input, Output, FlowDefinition, StartedTime, StoppedTime (null when absent).
boost::json::object to_json(const Execution& e);
boost::json::object to_json(const HistoryEvent& e);
boost::json::object to_json(const ReportTaskResponse& r);  // RequestId, EventId
boost::json::object to_json(const InvokeResponse& r);      // the body as the service sent it

// Flows, versions, aliases, schedules, map runs and regions, with the service's member names; every
// member appears, null when absent. Times are ISO 8601 UTC with milliseconds.

// Name, Id, Description, Definition, Type, ExecutionMode, Environment {"Variables": [{Name, Value,
// Description}]}, RoleArn, ResourceGroupId, ExternalStorageLocation, CreatedTime, LastModifiedTime.
boost::json::object to_json(const Flow& f);
boost::json::object to_json(const FlowResponse& r);  // RequestId, then the flow
// Version, Description, CreatedTime.
boost::json::object to_json(const FlowVersion& v);
boost::json::object to_json(const PublishFlowVersionResponse& r);  // RequestId, FlowName, then the version
// Name, Description, RoutingConfigurations [{Version, Weight}], CreatedTime.
boost::json::object to_json(const FlowAlias& a);
// RequestId, FlowName (null unless the service named it: CreateFlowAlias does), then the alias.
boost::json::object to_json(const FlowAliasResponse& r);
// ScheduleName, ScheduleId, CronExpression, Enable, Description, Payload (parsed JSON),
// CreatedTime, LastModifiedTime.
boost::json::object to_json(const Schedule& s);
boost::json::object to_json(const ScheduleResponse& r);  // RequestId, then the schedule
boost::json::object to_json(const DeleteResponse& r);    // RequestId
// RequestId, ExecutionName, MapRunName, Status, StartedTime, StoppedTime, Concurrency,
// ToleratedFailedCount, ToleratedFailedPercentage, ItemCounts {Total, Succeed, Failed, Running,
// Pending, Aborted}.
boost::json::object to_json(const DescribeMapRunResponse& r);
// RequestId, FlowName, ExecutionName, MapRunName, Concurrency, ToleratedFailedCount,
// ToleratedFailedPercentage.
boost::json::object to_json(const UpdateMapRunResponse& r);
boost::json::object to_json(const Region& r);                   // RegionId, LocalName, RegionEndpoint
boost::json::object to_json(const DescribeRegionsResponse& r);  // RequestId, Regions [...]

// {"RequestId": request_id} followed by `members`.
boost::json::object with_request_id(const std::string& request_id, const boost::json::object& members);
// Error, Description, HttpStatus, Code, Message, RequestId, Attempts (+ Cause, Field).
boost::json::object to_json(const Error& e);

// Prints `response` on stdout: exit status 0.
int print_success(const boost::json::object& response);
// Prints `error` on stderr: exit status 1.
int print_failure(const Error& error);

}  // namespace cloudflow::cli
