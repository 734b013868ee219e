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
// Error, Description, HttpStatus, Code, Message, RequestId, Attempts (+ Cause, Field).
boost::json::object to_json(const Error& e);

// Prints `response` on stdout: exit status 0.
int print_success(const boost::json::object& response);
// Prints `error` on stderr: exit status 1.
int print_failure(const Error& error);

}  // namespace cloudflow::cli
