#include "integrations/fc_task.hpp"

#include "lang/error_names.hpp"
#include "lang/text.hpp"

#include <cloudflow/http/http.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <vector>

namespace cloudflow::local {
namespace {

namespace json = boost::json;

constexpr std::size_t max_error_name_bytes = 128;  // a callback's Error: the longest error name
constexpr std::size_t max_cause_bytes = 4096;

// The function's name in an FC ARN: acs:fc:{region}:{account}:functions/{name}[/{qualifier}] (FC
// 3.0) or acs:fc:{region}:{account}:services/{service}.{qualifier}/functions/{name} (FC 2.0).
std::optional<std::string> function_name(std::string_view arn)
{
    constexpr std::string_view prefix = "acs:fc:";
    if (!arn.starts_with(prefix)) return std::nullopt;
    arn.remove_prefix(prefix.size());
    for (int field = 0; field < 2; ++field) {  // region, account (either may be empty)
        const auto colon = arn.find(':');
        if (colon == std::string_view::npos) return std::nullopt;
        arn.remove_prefix(colon + 1);
    }
    std::vector<std::string_view> parts;
    for (std::size_t from = 0;;) {
        const auto slash = arn.find('/', from);
        parts.push_back(arn.substr(from, slash == std::string_view::npos ? std::string_view::npos : slash - from));
        if (slash == std::string_view::npos) break;
        from = slash + 1;
    }
    std::string_view name;
    if (parts.size() >= 2 && parts[0] == "functions") name = parts[1];
    if (parts.size() >= 4 && parts[0] == "services" && parts[2] == "functions") name = parts[3];
    if (name.empty()) return std::nullopt;
    return std::string(name);
}

// At most `bytes` of UTF-8 text, cut between characters.
std::string clipped(std::string text, std::size_t bytes)
{
    if (text.size() <= bytes) return text;
    std::size_t end = bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text.resize(end);
    return text;
}

const json::string* string_member(const json::value& value, std::string_view key)
{
    const json::object* object = value.if_object();
    const json::value* member = object != nullptr ? object->if_contains(key) : nullptr;
    return member != nullptr && member->is_string() && !member->get_string().empty() ? &member->get_string() : nullptr;
}

// An answer that is an error: not 2xx, or a function error (FC answers those with 200 and
// X-Fc-Error-Type). FC.<code>: the body's ErrorCode, else X-Fc-Error-Type, else by status.
std::optional<TaskResult> error_answer(const OutboundResponse& response, const json::value& body)
{
    const Headers& headers = response.headers;
    const auto type = find_header(headers, "X-Fc-Error-Type");
    if (response.status >= 200 && response.status < 300 && !type) return std::nullopt;
    std::string code;
    if (const json::string* error_code = string_member(body, "ErrorCode"))
        code = *error_code;
    else if (type && !type->empty())
        code = *type;
    else if (response.status == 429)
        code = "ResourceThrottled";
    else if (response.status == 503)
        code = "ResourceExhausted";
    else
        code = "HTTP" + std::to_string(response.status);
    // The cause: FC's ErrorMessage, a function error's errorMessage, else the body's text.
    std::string cause;
    if (const json::string* message = string_member(body, "ErrorMessage"))
        cause = *message;
    else if (const json::string* message = string_member(body, "errorMessage"))
        cause = *message;
    else
        cause = response.body.empty() ? "the function's endpoint answered HTTP " + std::to_string(response.status)
                                      : response.body;
    return TaskResult::failure(std::string(error_names::fc_prefix) + clipped(valid_utf8(code), max_error_name_bytes),
                               clipped(valid_utf8(cause), max_cause_bytes));
}

Checked<void> check_invocation_type(const json::value& type)
{
    if (!type.is_string() || (type.get_string() != "Sync" && type.get_string() != "Async"))
        return problem("invocationType", "must be Sync or Async");
    return {};
}

}  // namespace

Checked<FunctionEndpoints> FunctionEndpoints::parse(const json::value& functions)
{
    const json::object* object = functions.if_object();
    if (object == nullptr) return problem("functions", "must be an object of function ARNs or names and URLs");
    FunctionEndpoints out;
    for (const auto& [key, url] : *object) {
        const std::string where = "functions." + std::string(key);
        if (!url.is_string()) return problem(where, "must be a string (an http:// or https:// URL)");
        if (auto added = out.add(std::string(key), std::string(url.get_string())); !added)
            return problem(where, added.error().what);
    }
    return out;
}

Checked<void> FunctionEndpoints::add(const std::string& name, const std::string& url)
{
    if (name.empty()) return problem("", "a function needs an ARN or a name");
    if (auto form = check_url_form(url); !form) return problem("", form.error().what);
    urls_.insert_or_assign(name, url);
    return {};
}

std::optional<std::string> FunctionEndpoints::find(std::string_view resource_arn) const
{
    if (const auto exact = urls_.find(resource_arn); exact != urls_.end()) return exact->second;
    const auto name = function_name(resource_arn);
    if (!name) return std::nullopt;
    if (const auto named = urls_.find(*name); named != urls_.end()) return named->second;
    return std::nullopt;
}

Checked<void> check_fc_parameters(const json::value& parameters)
{
    const json::object* p = parameters.if_object();
    if (p == nullptr) return problem("", "Parameters of FC:InvokeFunction must be an object");
    for (const std::string_view key : {"resourceArn", "invocationType"})
        if (!p->contains(key) && !p->contains(std::string(key) + ".$"))
            return problem(std::string(key), "is required (or " + std::string(key) + ".$)");
    if (const json::value* arn = p->if_contains("resourceArn"))
        if (!arn->is_string() || arn->get_string().empty())
            return problem("resourceArn", "must be a string (the function's ARN)");
    if (const json::value* type = p->if_contains("invocationType"))
        if (auto checked = check_invocation_type(*type); !checked) return checked;
    if (const json::value* body = p->if_contains("body"))
        if (!body->is_object() && !body->is_string()) return problem("body", "must be an object or a string");
    return {};
}

boost::asio::awaitable<TaskResult> invoke_function(Outbound& outbound, const FunctionEndpoints& functions,
                                                   const TaskCall& call)
{
    const std::string action = "FC:InvokeFunction: ";
    const auto bad = [&](const std::string& what) {
        return TaskResult::failure(std::string(error_names::runtime), action + what);
    };
    const json::object* p = call.parameters.if_object();
    if (p == nullptr) co_return bad("Parameters must be an object");
    const json::value* arn = p->if_contains("resourceArn");
    if (arn == nullptr || !arn->is_string() || arn->get_string().empty())
        co_return bad("Parameters.resourceArn must be a string (the function's ARN)");
    const json::value* type = p->if_contains("invocationType");
    if (type == nullptr || !check_invocation_type(*type))
        co_return bad("Parameters.invocationType must be Sync or Async");
    const bool async = type->get_string() == "Async";

    const std::string resource(arn->get_string());
    const auto url = functions.find(resource);
    if (!url)
        co_return TaskResult::failure(std::string(error_names::task_failed),
                                      "no local integration for FC:InvokeFunction: function " +
                                          function_name(resource).value_or(resource) +
                                          " has no endpoint in the config's \"functions\"; mock it with --mocks");

    OutboundRequest request;
    request.url = *url;
    request.method = "POST";
    // The body is the function's event, as bytes: a string as it is (text/plain, as JSON strings
    // are UTF-8 text), anything else as compact JSON (application/json); none, an empty event.
    if (const json::value* body = p->if_contains("body"); body != nullptr && !body->is_null()) {
        if (body->is_string()) {
            request.body = body->get_string();
            request.headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
        } else {
            request.body = json_text(*body);
            request.headers.emplace_back("Content-Type", "application/json");
        }
    }
    request.headers.emplace_back("X-Fc-Invocation-Type", async ? "Async" : "Sync");

    auto response = co_await outbound.send(std::move(request), call.deadline);
    if (!response) {
        const bool late = std::chrono::steady_clock::now() >= call.deadline;
        co_return TaskResult::failure(std::string(late ? error_names::timeout : error_names::task_failed),
                                      action + response.error().text());
    }

    // The function's return value: JSON when it parses, else its text.
    json::value body;
    {
        json::parse_options options;
        options.max_depth = 64;
        json::error_code ec;
        body = json::parse(response->body, ec, {}, options);
        if (ec) body = json::string(valid_utf8(response->body));
    }
    if (auto error = error_answer(*response, body)) co_return std::move(*error);
    if (call.mode == TaskMode::wait_for_custom_callback) co_return TaskResult::submitted();
    // RequestComplete with Async: the invocation was accepted, and that is all it tells. With
    // WaitForSystemCallback the local endpoint answers when the function is done: its answer is
    // the result, whichever invocationType.
    if (async && call.mode == TaskMode::request_complete) co_return TaskResult::success(json::object{{"Body", ""}});
    co_return TaskResult::success(json::object{{"Body", std::move(body)}});
}

}  // namespace cloudflow::local
