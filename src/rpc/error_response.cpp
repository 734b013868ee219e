#include "rpc/error_response.hpp"
#include "util/json.hpp"

#include <boost/json/parse.hpp>

namespace cloudflow::detail {
namespace json = boost::json;

Error parse_error_response(const HttpResponse& response, std::size_t max_json_depth)
{
    Error e;
    e.http_status = response.status;

    boost::system::error_code ec;
    const json::value root = json::parse(response.body, ec, {}, json::parse_options{.max_depth = max_json_depth});
    const json::object* object = ec ? nullptr : root.if_object();
    if (object != nullptr) {
        const auto text = [&](std::string_view key) { return string_or_empty(*object, key); };
        e.service_code = text("Code");
        e.message = text("Message");
        e.request_id = text("RequestId");
        e.host_id = text("HostId");
        e.recommend = text("Recommend");
    }
    if (!e.service_code.empty()) {
        e.code = errc_from_service_code(e.service_code);
        return e;
    }

    // No Code in the body: type the error by the HTTP status alone.
    switch (response.status) {
    case 429: e.code = errc::resource_throttled; break;
    case 500: e.code = errc::internal_server_error; break;
    default: e.code = errc::service_error; break;
    }
    if (e.message.empty())
        e.message = object != nullptr ? "the error response has no Code"
                                      : "the error response is not JSON (HTTP " + std::to_string(response.status) + ")";
    return e;
}

}  // namespace cloudflow::detail
