#include "service.hpp"

#include <cloudflow/model/names.hpp>
#include <cloudflow/model/timestamp.hpp>
#include <cloudflow/rpc/signer_v3.hpp>

#include <boost/algorithm/string/predicate.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cstdio>

namespace cloudflow::local {
namespace {

namespace json = boost::json;

// The deepest Input accepted: as deep as the SDK's default limit.
constexpr std::size_t max_json_depth = 1000;

Timestamp now_ms()
{
    return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

// The length of the well-formed UTF-8 sequence at the start of `s` (Unicode 15, table 3-7), or 0.
std::size_t utf8_sequence(std::string_view s)
{
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
    const auto in = [&](std::size_t i, unsigned lo, unsigned hi) {
        return i < s.size() && byte(i) >= lo && byte(i) <= hi;
    };
    const unsigned lead = byte(0);
    if (lead < 0x80) return 1;
    if (lead >= 0xC2 && lead <= 0xDF) return in(1, 0x80, 0xBF) ? 2 : 0;
    if (lead >= 0xE0 && lead <= 0xEF) {
        const unsigned lo = lead == 0xE0 ? 0xA0 : 0x80, hi = lead == 0xED ? 0x9F : 0xBF;
        return in(1, lo, hi) && in(2, 0x80, 0xBF) ? 3 : 0;
    }
    if (lead >= 0xF0 && lead <= 0xF4) {
        const unsigned lo = lead == 0xF0 ? 0x90 : 0x80, hi = lead == 0xF4 ? 0x8F : 0xBF;
        return in(1, lo, hi) && in(2, 0x80, 0xBF) && in(3, 0x80, 0xBF) ? 4 : 0;
    }
    return 0;
}

}  // namespace

std::string valid_utf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        const std::size_t n = utf8_sequence(text);
        out.append(n != 0 ? text.substr(0, n) : std::string_view("\xEF\xBF\xBD"));  // U+FFFD
        text.remove_prefix(n != 0 ? n : 1);
    }
    return out;
}

Service::Service(EmulatorConfig config, std::string host_id)
    : config_(std::move(config)), host_id_(std::move(host_id)), verifier_(config_), random_(config_.seed)
{
}

std::string Service::request_id()
{
    // A UUID-shaped id, as the service's RequestId; from the seeded generator.
    const std::uint64_t a = random_(), b = random_();
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%08X-%04X-4%03X-%04X-%012llX", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                  static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                  static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buffer;
}

ServiceReply Service::refuse(int status, std::string code, std::string message)
{
    // The message may quote what the client sent (an AccessKeyId, an Action): JSON text must be UTF-8.
    const json::object body{{"RequestId", request_id()},
                            {"HostId", host_id_},
                            {"Code", valid_utf8(code)},
                            {"Message", valid_utf8(message)}};
    ServiceReply reply{status, json::serialize(body)};
    reply.summary = std::to_string(status) + " " + std::string(body.at("Code").get_string());
    return reply;
}

ServiceReply Service::entity_too_large()
{
    return refuse(400, "EntityTooLarge",
                  "The payload size exceeds maximum allowed size (" + std::to_string(config_.max_request_bytes) +
                      " bytes).");
}

ServiceReply Service::headers_too_large()
{
    return refuse(400, "InvalidArgument",
                  "The request headers (or the chunk extensions of its body) exceed the maximum allowed size.");
}

int Service::next_fault(const FlowConfig& flow)
{
    const FaultPlan& plan = flow.faults ? *flow.faults : config_.faults;
    std::size_t& position = sequence_position_[flow.name];
    if (position < plan.sequence.size()) return plan.sequence[position++];
    std::uniform_real_distribution<double> draw(0.0, 1.0);
    if (plan.throttle_rate > 0 && draw(random_) < plan.throttle_rate) return 429;
    if (plan.error_rate > 0 && draw(random_) < plan.error_rate) return 500;
    if (plan.drop_rate > 0 && draw(random_) < plan.drop_rate) return drop_connection;
    return 0;
}

boost::asio::awaitable<ServiceReply> Service::handle(ServiceRequest request)
{
    if (!request.has_host) co_return refuse(400, "MissingRequiredHeader", "The HTTP header 'Host' must be specified.");
    if (request.method != "GET" && request.method != "POST")
        co_return refuse(400, "InvalidArgument", "The HTTP method " + request.method + " is not supported.");

    // The parameters: the query and, for a form body, the body too.
    Parameters params;
    const auto q = request.target.find('?');
    if (q != std::string::npos) {
        auto query = decode_parameters(std::string_view(request.target).substr(q + 1));
        if (!query) co_return refuse(400, "InvalidArgument", "The query string is not valid percent-encoded text.");
        params = std::move(*query);
    }
    if (!request.body.empty()) {
        if (!boost::algorithm::istarts_with(request.content_type, "application/x-www-form-urlencoded"))
            co_return refuse(415, "UnsupportedMediaType",
                             "The content type must be \"application/x-www-form-urlencoded\".");
        auto form = decode_parameters(request.body);
        if (!form) co_return refuse(400, "InvalidArgument", "The form body is not valid percent-encoded text.");
        params.insert(form->begin(), form->end());
    }

    const auto param = [&](const char* name) -> const std::string* {
        const auto it = params.find(name);
        return it == params.end() ? nullptr : &it->second;
    };
    // V3 signs in the Authorization header and names the operation in x-acs-* headers; V1 signs
    // among the parameters.
    const auto authorization = find_header(request.headers, "Authorization");
    const bool v3 = authorization && authorization->starts_with(acs3_algorithm);
    const auto header = [&](std::string_view name) -> std::optional<std::string> {
        if (auto v = find_header(request.headers, name)) return std::string(*v);
        return std::nullopt;
    };
    std::optional<std::string> action = v3 ? header("x-acs-action") : std::nullopt;
    std::optional<std::string> version = v3 ? header("x-acs-version") : std::nullopt;
    if (!action && param("Action")) action = *param("Action");
    if (!version && param("Version")) version = *param("Version");
    if (!action) co_return refuse(400, "MissingRequiredParams", "The HTTP query 'Action' must be specified.");
    if (*action != "StartSyncExecution")
        co_return refuse(400, "ActionNotSupported",
                         "The requested API operation " + *action + " is incorrect. Please check.");
    if (!version) co_return refuse(400, "MissingRequiredParams", "The HTTP query 'Version' must be specified.");
    if (*version != "2019-03-15")
        co_return refuse(400, "APIVersionNotSupported",
                         "The requested API version " + *version + " is not supported yet. Please check.");

    const auto now = std::chrono::system_clock::now();
    auto verified = v3 ? verifier_.verify_v3(request.method, request.target, request.headers, request.body, now)
                       : verifier_.verify(request.method, params, now);
    if (auto* refusal = std::get_if<Refusal>(&verified))
        co_return refuse(refusal->status, std::move(refusal->code), std::move(refusal->message));
    const AccessKey& key = *std::get<const AccessKey*>(verified);

    const std::string* flow_name = param("FlowName");
    if (!flow_name) co_return refuse(400, "MissingRequiredParams", "The HTTP query 'FlowName' must be specified.");
    if (auto rule = check_name(*flow_name)) co_return refuse(400, "InvalidArgument", "FlowName " + *rule);
    const std::string* execution_name = param("ExecutionName");
    if (execution_name)
        if (auto rule = check_name(*execution_name)) co_return refuse(400, "InvalidArgument", "ExecutionName " + *rule);

    json::value input = json::object{};
    if (const std::string* text = param("Input"); text && !text->empty()) {
        if (text->size() > config_.max_input_bytes)
            co_return refuse(400, "EntityTooLarge",
                             "The payload size exceeds maximum allowed size (" +
                                 std::to_string(config_.max_input_bytes) + " bytes).");
        boost::system::error_code ec;
        input = json::parse(*text, ec, {}, json::parse_options{.max_depth = max_json_depth});
        if (ec || !input.is_object()) co_return refuse(400, "InvalidArgument", "The Input must be a JSON object.");
    }

    const FlowConfig* flow = config_.find_flow(*flow_name);
    if (!flow) co_return refuse(404, "FlowNotExists", "Flow " + *flow_name + " does not exist.");
    if (!key.flows.empty() && std::find(key.flows.begin(), key.flows.end(), *flow_name) == key.flows.end())
        co_return refuse(403, "AccessDenied", "The resources does not belong to you.");
    if (!flow->express) co_return refuse(400, "ActionNotSupported", "Standard execution is not supported");

    const FaultPlan& plan = flow->faults ? *flow->faults : config_.faults;
    const int fault = next_fault(*flow);
    ServiceReply reply;
    if (fault == 429) {
        reply = refuse(429, "ResourceThrottled", "The request is throttled. Please try again later.");
    } else if (fault == 500) {
        reply = refuse(500, "InternalServerError", "An internal error has occurred. Please retry.");
    } else if (fault == 503) {
        reply = refuse(503, "ServiceUnavailable", "The service is temporarily unavailable. Please retry.");
    } else {
        const Timestamp started = now_ms();
        ExecutionResult result = co_await run_flow(flow->definition, std::move(input), flow->timeout);
        json::object body{{"RequestId", request_id()},
                          {"FlowName", *flow_name},
                          {"Name", (execution_name ? *execution_name : "exec") + ":" + request_id()},
                          {"Status", result.status},
                          {"StartedTime", format_timestamp(started)},
                          {"StoppedTime", format_timestamp(now_ms())}};
        if (result.output) body["Output"] = json::serialize(*result.output);
        if (!result.error_code.empty()) body["ErrorCode"] = result.error_code;
        if (!result.error_message.empty()) body["ErrorMessage"] = result.error_message;
        reply = ServiceReply{200, json::serialize(body)};
        reply.summary = "200 Status " + result.status;
        reply.drop = fault == drop_connection;
        if (reply.drop) reply.summary += " (connection dropped mid-answer)";
    }
    reply.latency = plan.latency;
    reply.summary = "flow " + *flow_name + ": " + reply.summary;
    co_return reply;
}

}  // namespace cloudflow::local
