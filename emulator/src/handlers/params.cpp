#include "handlers/params.hpp"

#include <cloudflow/model/names.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace cloudflow::local {
namespace {

namespace json = boost::json;

// The deepest JSON object text accepted: as deep as the SDK's default limit.
constexpr std::size_t max_json_depth = 1000;

}  // namespace

Refusal invalid(std::string message)
{
    return Refusal{400, "InvalidArgument", std::move(message)};
}

const std::string* optional(const RpcContext& ctx, const char* name)
{
    const auto it = ctx.params.find(name);
    return it == ctx.params.end() ? nullptr : &it->second;
}

const std::string& required(const RpcContext& ctx, const char* name)
{
    const std::string* value = optional(ctx, name);
    if (!value || value->empty())
        throw Refusal{400, "MissingRequiredParams", "The HTTP query '" + std::string(name) + "' must be specified."};
    return *value;
}

const std::string* name(const RpcContext& ctx, const char* field, bool needed)
{
    const std::string* value = needed ? &required(ctx, field) : optional(ctx, field);
    if (value)
        if (auto rule = check_name(*value)) throw invalid(std::string(field) + " " + *rule);
    return value;
}

long long integer(const RpcContext& ctx, const char* field, long long lo, long long hi, long long fallback)
{
    const std::string* text = optional(ctx, field);
    if (!text) return fallback;
    long long value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || end != text->data() + text->size() || value < lo || value > hi)
        throw invalid("The parameter " + std::string(field) + " must be a whole number from " + std::to_string(lo) +
                      " to " + std::to_string(hi) + ".");
    return value;
}

std::optional<double> parse_decimal(std::string_view text)
{
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::optional<double> decimal(const RpcContext& ctx, const char* field, double lo, double hi)
{
    const std::string* text = optional(ctx, field);
    if (!text) return std::nullopt;
    const auto value = parse_decimal(*text);
    if (!value || *value < lo || *value > hi)
        throw invalid("The parameter " + std::string(field) + " must be a number from " + number_text(lo) + " to " +
                      number_text(hi) + ".");
    return value;
}

std::optional<bool> boolean(const RpcContext& ctx, const char* field)
{
    const std::string* text = optional(ctx, field);
    if (!text) return std::nullopt;
    if (*text != "true" && *text != "false")
        throw invalid("The parameter " + std::string(field) + " must be true or false.");
    return *text == "true";
}

void at_most(const RpcContext& ctx, const char* field, std::size_t characters)
{
    // Characters, not bytes: count the bytes that do not continue a UTF-8 sequence.
    if (const std::string* text = optional(ctx, field)) {
        const auto n = std::count_if(text->begin(), text->end(), [](char c) { return (c & 0xC0) != 0x80; });
        if (static_cast<std::size_t>(n) > characters)
            throw invalid("The parameter " + std::string(field) + " must be at most " + std::to_string(characters) +
                          " characters.");
    }
}

json::value json_object(const RpcContext& ctx, const char* field, const std::string* text)
{
    if (!text || text->empty()) return json::object{};
    if (text->size() > ctx.backend.config.max_input_bytes)
        throw Refusal{400, "EntityTooLarge",
                      "The payload size exceeds maximum allowed size (" +
                          std::to_string(ctx.backend.config.max_input_bytes) + " bytes)."};
    boost::system::error_code ec;
    json::value value = json::parse(*text, ec, {}, json::parse_options{.max_depth = max_json_depth});
    if (ec || !value.is_object()) throw invalid("The " + std::string(field) + " must be a JSON object.");
    return value;
}

json::value number_value(double v)
{
    if (v == std::floor(v) && std::fabs(v) < 9e15) return static_cast<std::int64_t>(v);
    return v;
}

std::string number_text(double v)
{
    if (v == std::floor(v) && std::fabs(v) < 9e15) return std::to_string(static_cast<std::int64_t>(v));
    char buffer[400];  // fixed notation, as the service writes decimals; at most about 330 characters
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed);
    return ec == std::errc{} ? std::string(buffer, end) : std::string("0");
}

}  // namespace cloudflow::local
