// Turns the service's answers into typed values: the StartSyncExecution response and errors.
#pragma once

#include <cloudflow/http.hpp>
#include <cloudflow/result.hpp>
#include <cloudflow/start_sync_execution.hpp>

#include <string_view>

namespace cloudflow::detail {

// Parses a success body strictly: a body that is not a JSON object, a missing or mistyped
// required field (RequestId, FlowName, Name, Status), an unparseable time or an Output that is not
// JSON gives malformed_response (with the RequestId when the body had one). Unknown fields are
// ignored; empty optional fields count as absent.
// Documents nested deeper than `max_json_depth` are malformed.
Result<StartSyncExecutionResponse> parse_start_sync_execution_response(std::string_view body,
                                                                       std::size_t max_json_depth = 1000);

// The Error of an answer that is not a success: the service's JSON error body
// ({"RequestId","HostId","Code","Message","Recommend"}) mapped to its errc, or, for a body that is
// not such JSON, an error typed by the HTTP status alone.
Error parse_error_response(const HttpResponse& response, std::size_t max_json_depth = 1000);

}  // namespace cloudflow::detail
