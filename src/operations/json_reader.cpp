#include "operations/json_reader.hpp"

#include <boost/json/parse.hpp>

#include <charconv>
#include <cmath>

namespace cloudflow::detail {

namespace json = boost::json;

Result<json::value> parse_json_object(std::string_view body, std::size_t max_depth, json::storage_ptr storage)
{
    boost::system::error_code ec;
    json::value root = json::parse(body, ec, std::move(storage), json::parse_options{.max_depth = max_depth});
    if (ec) return make_error(errc::malformed_response, "the response body is not JSON (" + ec.message() + ")");
    if (!root.is_object()) return make_error(errc::malformed_response, "the response body is not a JSON object");
    return root;
}

JsonReader::JsonReader(const json::object& object, std::size_t max_depth) : object_(object), max_depth_(max_depth)
{
    // The RequestId first, so that every later problem carries it. A mistyped one is ignored here.
    const json::value* id = object_.if_contains("RequestId");
    if (id != nullptr && id->is_string()) request_id_ = id->get_string();
}

JsonReader::JsonReader(const json::object& object, const JsonReader& parent, std::string prefix)
    : object_(object), max_depth_(parent.max_depth_), prefix_(std::move(prefix)), request_id_(parent.request_id_)
{
}

void JsonReader::adopt(const JsonReader& nested)
{
    if (nested.error_ && !error_) error_ = nested.error_;
}

void JsonReader::fail(std::string message)
{
    if (error_) return;
    error_ = make_error(errc::malformed_response, std::move(message));
    error_->request_id = request_id_;
}

const json::string* JsonReader::string_member(std::string_view key)
{
    if (error_) return nullptr;
    const json::value* v = object_.if_contains(key);
    if (v == nullptr || v->is_null()) return nullptr;
    if (!v->is_string()) {
        fail("the response field " + path(key) + " is not a string");
        return nullptr;
    }
    return &v->get_string();
}

void JsonReader::required(std::string_view key, std::string& out)
{
    if (!ok()) return;
    const json::string* s = string_member(key);
    if (s != nullptr)
        out = std::string(*s);
    else if (ok())
        fail("the response has no " + path(key));
}

void JsonReader::optional(std::string_view key, std::optional<std::string>& out)
{
    const json::string* s = string_member(key);
    if (s != nullptr && !s->empty()) out = std::string(*s);
}

void JsonReader::optional(std::string_view key, std::string& out)
{
    const json::string* s = string_member(key);
    if (s != nullptr) out = std::string(*s);
}

void JsonReader::status(std::string_view key, ExecutionStatus& status, std::string& text)
{
    required(key, text);
    if (ok()) status = parse_execution_status(text);
}

void JsonReader::json_text(std::string_view key, std::optional<json::value>& out)
{
    const json::string* text = string_member(key);
    if (text == nullptr || text->empty()) return;
    // The default storage: a copy of a boost::json::value shares its source's memory resource, and
    // users copy a response's values on any thread, which only the default resource allows (a
    // monotonic one of the value's own made a parse a few allocations, and its copies a data race).
    boost::system::error_code ec;
    json::value parsed = json::parse(*text, ec, {}, json::parse_options{.max_depth = max_depth_});
    if (ec) return fail("the response field " + path(key) + " is not JSON (" + ec.message() + ")");
    out = std::move(parsed);
}

void JsonReader::time(std::string_view key, std::optional<Timestamp>& out)
{
    const json::string* text = string_member(key);
    if (text == nullptr || text->empty()) return;
    out = parse_timestamp(*text);
    if (!out) fail("the response field " + path(key) + " is not an ISO 8601 time");
}

const json::value* JsonReader::member(std::string_view key, bool required)
{
    if (error_) return nullptr;
    const json::value* v = object_.if_contains(key);
    if (v != nullptr && !v->is_null()) return v;
    if (required) fail("the response has no " + path(key));
    return nullptr;
}

void JsonReader::integer(std::string_view key, std::optional<std::int64_t>& out)
{
    if (member(key, false) == nullptr) return;
    std::int64_t value = 0;
    integer(key, value, true);
    if (ok()) out = value;
}

void JsonReader::number(std::string_view key, double& out, bool required)
{
    const json::value* v = member(key, required);
    if (v == nullptr) return;
    if (v->is_number()) {
        out = v->to_number<double>();
        return;
    }
    if (const json::string* s = v->if_string()) {
        double value = 0;
        const char* end = s->data() + s->size();
        const auto [ptr, ec] = std::from_chars(s->data(), end, value);
        if (ec == std::errc() && ptr == end && !s->empty() && std::isfinite(value)) {
            out = value;
            return;
        }
    }
    fail("the response field " + path(key) + " is not a number");
}

void JsonReader::number(std::string_view key, std::optional<double>& out)
{
    if (member(key, false) == nullptr) return;
    double value = 0;
    number(key, value, true);
    if (ok()) out = value;
}

void JsonReader::boolean(std::string_view key, bool& out, bool required)
{
    const json::value* v = member(key, required);
    if (v == nullptr) return;
    if (const bool* b = v->if_bool())
        out = *b;
    else
        fail("the response field " + path(key) + " is not a boolean");
}

void JsonReader::integer(std::string_view key, std::int64_t& out, bool required)
{
    const json::value* v = member(key, required);
    if (v == nullptr) return;
    if (const auto* i = v->if_int64()) {
        out = *i;
    } else if (const auto* u = v->if_uint64(); u != nullptr && *u <= static_cast<std::uint64_t>(INT64_MAX)) {
        out = static_cast<std::int64_t>(*u);
    } else {
        fail("the response field " + path(key) + " is not an integer");
    }
}

}  // namespace cloudflow::detail
