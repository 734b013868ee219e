#include "detail/response_parser.hpp"

#include <boost/json/parse.hpp>

namespace cloudflow::detail {
namespace {

namespace json = boost::json;

Error malformed(std::string message, std::string request_id = {})
{
    Error e = make_error(errc::malformed_response, std::move(message));
    e.request_id = std::move(request_id);
    return e;
}

// The string member `key`: nullptr when absent or null; `wrong_type` set when it is not a string.
const json::string* string_member(const json::object& object, std::string_view key, bool& wrong_type)
{
    const json::value* v = object.if_contains(key);
    if (v == nullptr || v->is_null()) return nullptr;
    if (!v->is_string()) {
        wrong_type = true;
        return nullptr;
    }
    return &v->get_string();
}

}  // namespace

Result<StartSyncExecutionResponse> parse_start_sync_execution_response(std::string_view body,
                                                                       std::size_t max_json_depth)
{
    const json::parse_options options{.max_depth = max_json_depth};
    boost::system::error_code ec;
    json::value root = json::parse(body, ec, {}, options);
    if (ec) return malformed("the response body is not JSON (" + ec.message() + ")");
    if (!root.is_object()) return malformed("the response body is not a JSON object");
    const json::object& object = root.get_object();

    bool wrong_type = false;
    const json::string* request_id = string_member(object, "RequestId", wrong_type);
    const std::string id = request_id != nullptr ? std::string(*request_id) : std::string();

    StartSyncExecutionResponse out;
    out.request_id = id;
    for (const auto& [key, target] : {std::pair<std::string_view, std::string*>{"RequestId", &out.request_id},
                                      {"FlowName", &out.flow_name},
                                      {"Name", &out.name},
                                      {"Status", &out.status_text}}) {
        bool mistyped = false;
        const json::string* s = string_member(object, key, mistyped);
        if (mistyped) return malformed("the response field " + std::string(key) + " is not a string", id);
        if (s == nullptr) return malformed("the response has no " + std::string(key), id);
        *target = std::string(*s);
    }
    out.status = parse_execution_status(out.status_text);

    // Optional text fields; an empty string is the same as absent.
    const auto optional_text = [&](std::string_view key, std::optional<std::string>& target) -> std::optional<Error> {
        bool mistyped = false;
        const json::string* s = string_member(object, key, mistyped);
        if (mistyped) return malformed("the response field " + std::string(key) + " is not a string", id);
        if (s != nullptr && !s->empty()) target = std::string(*s);
        return std::nullopt;
    };
    std::optional<std::string> output_text, started_text, stopped_text;
    for (const auto& [key, target] :
         {std::pair<std::string_view, std::optional<std::string>*>{"ErrorCode", &out.error_code},
          {"ErrorMessage", &out.error_message},
          {"Output", &output_text},
          {"StartedTime", &started_text},
          {"StoppedTime", &stopped_text}})
        if (auto e = optional_text(key, *target)) return *e;

    if (output_text) {
        json::value output = json::parse(*output_text, ec, {}, options);
        if (ec) return malformed("the response field Output is not JSON (" + ec.message() + ")", id);
        out.output = std::move(output);
    }
    for (const auto& [key, text, target] :
         {std::tuple<std::string_view, std::optional<std::string>*, std::optional<Timestamp>*>{
              "StartedTime", &started_text, &out.started_time},
          {"StoppedTime", &stopped_text, &out.stopped_time}}) {
        if (!*text) continue;
        *target = parse_timestamp(**text);
        if (!*target) return malformed("the response field " + std::string(key) + " is not an ISO 8601 time", id);
    }
    return out;
}

Error parse_error_response(const HttpResponse& response, std::size_t max_json_depth)
{
    Error e;
    e.http_status = response.status;

    boost::system::error_code ec;
    const json::value root = json::parse(response.body, ec, {}, json::parse_options{.max_depth = max_json_depth});
    const json::object* object = ec ? nullptr : root.if_object();
    if (object != nullptr) {
        bool ignored = false;
        const auto text = [&](std::string_view key) {
            const json::string* s = string_member(*object, key, ignored);
            return s != nullptr ? std::string(*s) : std::string();
        };
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
