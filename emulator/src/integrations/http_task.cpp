#include "integrations/http_task.hpp"

#include "lang/error_names.hpp"
#include "lang/text.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <array>
#include <optional>

namespace cloudflow::local {
namespace {

namespace json = boost::json;

constexpr std::string_view callback_header = "X-FnF-Http-Callback-Task-Token";
constexpr std::array<std::string_view, 6> methods{"GET", "POST", "PATCH", "PUT", "DELETE", "HEAD"};

// Headers a flow may not set: the transport writes the framing and the connection's own.
constexpr std::array<std::string_view, 8> reserved_headers{
    "Host", "Content-Length", "Transfer-Encoding", "Connection", "Keep-Alive", "Upgrade", "TE", "Trailer"};

std::string upper(std::string_view text)
{
    std::string out(text);
    for (char& c : out)
        if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    return out;
}

bool same_name(std::string_view a, std::string_view b)
{
    return upper(a) == upper(b);
}

bool is_token(std::string_view name)
{
    constexpr std::string_view specials = "!#$%&'*+-.^_`|~";
    return !name.empty() && std::all_of(name.begin(), name.end(), [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               specials.find(c) != std::string_view::npos;
    });
}

std::string method_rule()
{
    return "must be one of GET, POST, PATCH, PUT, DELETE, HEAD (any case)";
}

Checked<void> check_method(const json::value& method)
{
    if (!method.is_string()) return problem("method", method_rule());
    const std::string name = upper(method.get_string());
    if (std::find(methods.begin(), methods.end(), name) == methods.end()) return problem("method", method_rule());
    return {};
}

Checked<void> check_headers(const json::value& headers)
{
    const json::object* object = headers.if_object();
    if (object == nullptr) return problem("headers", "must be an object of header names and string values");
    for (const auto& [name, value] : *object) {
        if (name.ends_with(".$")) continue;  // an expression, evaluated at run time
        const std::string where = "headers." + std::string(name);
        if (!is_token(name)) return problem(where, "is not a header name (letters, digits and !#$%&'*+-.^_`|~)");
        for (const auto reserved : reserved_headers)
            if (same_name(name, reserved)) return problem(where, "is set by cloudflow-local, not by the flow");
        if (!value.is_string()) return problem(where, "must be a string");
        // Never quote the value: it may be a secret.
        if (value.get_string().find_first_of(std::string_view("\r\n\0", 3)) != json::string::npos)
            return problem(where, "must not hold CR, LF or NUL");
    }
    return {};
}

// The request Parameters describe, or the rule they break (where "url", what "must be ...").
Checked<OutboundRequest> build(const json::value& parameters)
{
    const json::object* p = parameters.if_object();
    if (p == nullptr) return problem("", "Parameters must be an object");
    OutboundRequest out;

    const json::value* url = p->if_contains("url");
    if (url == nullptr || !url->is_string()) return problem("url", "must be a string (an http:// or https:// URL)");
    out.url = url->get_string();
    if (auto form = check_url_form(out.url); !form) return problem("url", form.error().what);

    const json::value* method = p->if_contains("method");
    if (method == nullptr) return problem("method", method_rule());
    if (auto checked = check_method(*method); !checked) return checked.error();
    out.method = upper(method->get_string());

    bool has_content_type = false;
    if (const json::value* headers = p->if_contains("headers")) {
        if (auto checked = check_headers(*headers); !checked) return checked.error();
        for (const auto& [name, value] : headers->get_object()) {
            has_content_type = has_content_type || same_name(name, "Content-Type");
            out.headers.emplace_back(std::string(name), std::string(value.get_string()));
        }
    }

    // A string is sent as it is; null (a path that led nowhere) sends nothing; any other value
    // is sent as compact JSON.
    if (const json::value* body = p->if_contains("body"); body != nullptr && !body->is_null()) {
        if (body->is_string()) {
            out.body = body->get_string();
        } else {
            out.body = json_text(*body);
            if (!has_content_type) out.headers.emplace_back("Content-Type", "application/json");
        }
    }
    return out;
}

// {"Header": {name: value, ...}, "Code": status, "Body": text}; a name that repeats has its
// values joined with ", " under its first spelling. Text that is not UTF-8 gets U+FFFD.
json::value output(const OutboundResponse& response)
{
    json::object header;
    std::vector<std::pair<std::string, std::string>> joined;
    for (const auto& received : response.headers) {
        const auto same = std::find_if(joined.begin(), joined.end(),
                                       [&](const auto& h) { return same_name(h.first, received.first); });
        if (same == joined.end())
            joined.emplace_back(valid_utf8(received.first), valid_utf8(received.second));
        else
            same->second.append(", ").append(valid_utf8(received.second));
    }
    for (const auto& [name, value] : joined) header[name] = value;
    return json::object{{"Header", std::move(header)}, {"Code", response.status}, {"Body", valid_utf8(response.body)}};
}

}  // namespace

Checked<void> check_http_parameters(const json::value& parameters)
{
    const json::object* p = parameters.if_object();
    if (p == nullptr) return problem("", "Parameters of HTTP:Request must be an object");
    for (const std::string_view key : {"url", "method"})
        if (!p->contains(key) && !p->contains(std::string(key) + ".$"))
            return problem(std::string(key), "is required (or " + std::string(key) + ".$)");
    if (const json::value* url = p->if_contains("url")) {
        if (!url->is_string()) return problem("url", "must be a string (an http:// or https:// URL)");
        if (auto form = check_url_form(std::string(url->get_string())); !form) return problem("url", form.error().what);
    }
    if (const json::value* method = p->if_contains("method"))
        if (auto checked = check_method(*method); !checked) return checked;
    if (const json::value* headers = p->if_contains("headers"))
        if (auto checked = check_headers(*headers); !checked) return checked;
    return {};  // any body is fine: a string as it is, anything else as JSON
}

boost::asio::awaitable<TaskResult> http_request(Outbound& outbound, const TaskCall& call)
{
    const std::string action = "HTTP:Request: ";
    if (call.mode == TaskMode::wait_for_system_callback)
        co_return TaskResult::failure(std::string(error_names::task_failed),
                                      "HTTP:Request does not support WaitForSystemCallback");
    auto request = build(call.parameters);
    if (!request) {
        const Problem& p = request.error();
        co_return TaskResult::failure(std::string(error_names::runtime),
                                      action + (p.where.empty() ? p.what : "Parameters." + p.where + " " + p.what));
    }
    if (call.mode == TaskMode::wait_for_custom_callback) {
        std::erase_if(request->headers, [](const auto& h) { return same_name(h.first, callback_header); });
        request->headers.emplace_back(std::string(callback_header), call.token);
    }

    auto response = co_await outbound.send(std::move(*request), call.deadline);
    if (!response) {
        const bool late = std::chrono::steady_clock::now() >= call.deadline;
        co_return TaskResult::failure(std::string(late ? error_names::timeout : error_names::task_failed),
                                      action + response.error().text());
    }
    if (call.mode == TaskMode::wait_for_custom_callback) co_return TaskResult::submitted();
    co_return TaskResult::success(output(*response));
}

}  // namespace cloudflow::local
