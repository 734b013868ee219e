// The typed Error of a service answer that is not a success.
#pragma once

#include <cloudflow/http/http.hpp>
#include <cloudflow/result.hpp>

#include <string_view>

namespace cloudflow::detail {

// The Error of an answer that is not a success: the service's JSON error body
// ({"RequestId","HostId","Code","Message","Recommend"}) mapped to its errc, or, for a body that is
// not such JSON, an error typed by the HTTP status alone.
Error parse_error_response(const HttpResponse& response, std::size_t max_json_depth = 1000);

}  // namespace cloudflow::detail
