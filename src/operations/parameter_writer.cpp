#include "operations/parameter_writer.hpp"

#include <cloudflow/model/names.hpp>

#include "util/json.hpp"
#include "util/json_shape.hpp"

#include <boost/json/serialize.hpp>
#include <boost/json/string.hpp>

#include <algorithm>
#include <cmath>

namespace cloudflow {
namespace {

constexpr std::size_t max_name_length = 128;

bool is_letter(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

// A character as a message shows it: 'x', or its byte value when it is not printable.
std::string describe(char c)
{
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x21 && byte < 0x7f) return std::string("'") + c + "'";
    static constexpr char hex[] = "0123456789ABCDEF";
    return std::string("byte 0x") + hex[byte >> 4] + hex[byte & 0xf];
}

// A version, an environment variable's name: 1-128 characters, no white space or control characters.
std::optional<std::string> check_word(std::string_view word)
{
    if (word.empty() || word.size() > 128)
        return "must be 1 to 128 characters (got " + std::to_string(word.size()) + ")";
    for (const char c : word)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return "must not contain white space or control characters (" + describe(c) + ")";
    return std::nullopt;
}

}  // namespace

std::optional<std::string> check_name(std::string_view name)
{
    if (name.empty()) return "must not be empty (1 to 128 characters)";
    if (name.size() > max_name_length)
        return "must be at most 128 characters (got " + std::to_string(name.size()) + ")";
    if (!is_letter(name.front()) && name.front() != '_')
        return "must start with a letter or '_' (got " + describe(name.front()) + ")";
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (!is_letter(c) && !is_digit(c) && c != '_' && c != '-')
            return "may contain only letters, digits, '_' and '-' (" + describe(c) + " at position " +
                   std::to_string(i) + ")";
    }
    return std::nullopt;
}

namespace detail {

void ParameterWriter::fail(std::string_view field, const std::string& rule)
{
    if (!error_) error_ = make_error(errc::invalid_request, std::string(field) + " " + rule, std::string(field));
}

void ParameterWriter::name(std::string_view field, const std::string& value)
{
    if (failed()) return;
    if (auto rule = check_name(value)) return fail(field, *rule);
    params_.add(field, value);
}

void ParameterWriter::name(std::string_view field, const std::optional<std::string>& value)
{
    if (value) name(field, *value);
}

void ParameterWriter::qualifier(std::string_view field, const std::optional<std::string>& value)
{
    if (failed() || !value) return;
    if (auto rule = check_word(*value)) return fail(field, *rule);
    params_.add(field, *value);
}

void ParameterWriter::required_json_object(std::string_view field, std::string_view member,
                                           const std::optional<boost::json::value>& value,
                                           const std::optional<std::string>& text)
{
    if (failed()) return;
    if (!value && !text)
        return fail(field, "is required: set " + std::string(member) + " or " + std::string(member) + "_json");
    json_object(field, member, value, text);
}

void ParameterWriter::json_object(std::string_view field, std::string_view member,
                                  const std::optional<boost::json::value>& value,
                                  const std::optional<std::string>& text)
{
    if (failed() || (!value && !text)) return;
    if (value && text)
        return fail(field, "is given twice: set either " + std::string(member) + " or " + std::string(member) +
                               "_json, not both");
    std::string serialized;  // of `value`; a text is sent as it is
    if (value) {
        if (!value->is_object()) return fail(field, "must be a JSON object");
        serialized = boost::json::serialize(*value);
    } else {
        boost::system::error_code ec;
        const detail::JsonShape shape = detail::json_shape(*text, limits_.max_json_depth, ec);
        if (ec) return fail(field, "must be valid JSON text (" + ec.message() + ")");
        if (shape != detail::JsonShape::object) return fail(field, "must be a JSON object");
    }
    const std::string_view encoded = value ? std::string_view(serialized) : std::string_view(*text);
    if (limits_.max_input_bytes != 0 && encoded.size() > limits_.max_input_bytes)
        return fail(field, "is " + std::to_string(encoded.size()) + " bytes; the limit is " +
                               std::to_string(limits_.max_input_bytes) + " bytes");
    params_.add(field, encoded);
}

void ParameterWriter::text(std::string_view field, const std::string& value, std::size_t max_chars,
                           std::size_t min_chars)
{
    if (failed()) return;
    // Characters, as the service counts them: UTF-8 code points (bytes that do not continue one).
    const auto chars = static_cast<std::size_t>(std::count_if(
        value.begin(), value.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
    if (chars < min_chars || chars > max_chars)
        return fail(field, "must be " + std::to_string(min_chars) + " to " + std::to_string(max_chars) +
                               " characters (got " + std::to_string(chars) + ")");
    params_.add(field, value);
}

void ParameterWriter::text(std::string_view field, const std::optional<std::string>& value, std::size_t max_chars)
{
    if (value) text(field, *value, max_chars);
}

void ParameterWriter::token(std::string_view field, const std::string& value)
{
    if (failed()) return;
    constexpr std::size_t max_token_bytes = std::size_t{8} * 1024;
    if (value.empty()) return fail(field, "must not be empty");
    if (value.size() > max_token_bytes)
        return fail(field, "is " + std::to_string(value.size()) + " bytes; the limit is 8192 bytes");
    for (const char c : value)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
            return fail(field, "must not contain control characters (" + describe(c) + ")");
    params_.add(field, value);
}

void ParameterWriter::optional_token(std::string_view field, const std::optional<std::string>& value)
{
    if (value && !value->empty()) token(field, *value);
}

void ParameterWriter::integer(std::string_view field, const std::optional<long long>& value, long long low,
                              long long high)
{
    if (failed() || !value) return;
    if (*value < low || *value > high)
        return fail(field, "must be from " + std::to_string(low) + " to " + std::to_string(high) + " (got " +
                               std::to_string(*value) + ")");
    params_.add(field, std::to_string(*value));
}

void ParameterWriter::boolean(std::string_view field, const std::optional<bool>& value)
{
    if (failed() || !value) return;
    params_.add(field, *value ? "true" : "false");
}

void ParameterWriter::time(std::string_view field, const std::optional<Timestamp>& value)
{
    if (failed() || !value) return;
    if (value->time_since_epoch().count() < 0) return fail(field, "must not be before 1970");
    params_.add(field, format_timestamp(*value));
}

void ParameterWriter::status(std::string_view field, const std::optional<ExecutionStatus>& value)
{
    if (failed() || !value) return;
    if (*value == ExecutionStatus::unknown) return fail(field, "must be a status the service knows, not unknown");
    params_.add(field, to_string(*value));
}

void ParameterWriter::number(std::string_view field, const std::optional<double>& value, double low, double high)
{
    if (failed() || !value) return;
    if (!std::isfinite(*value) || *value < low || *value > high)
        return fail(field, "must be from " + number_text(low) + " to " + number_text(high) + " (got " +
                               number_text(*value) + ")");
    params_.add(field, number_text(*value));
}

void ParameterWriter::mode(std::string_view field, const std::optional<ExecutionMode>& value)
{
    if (failed() || !value) return;
    if (*value == ExecutionMode::unknown) return fail(field, "must be Standard or Express, not unknown");
    params_.add(field, to_string(*value));
}

void ParameterWriter::environment(std::string_view field, const std::optional<std::vector<EnvironmentVariable>>& value)
{
    if (failed() || !value) return;
    boost::json::array variables;
    variables.reserve(value->size());
    for (std::size_t i = 0; i < value->size(); ++i) {
        const EnvironmentVariable& v = (*value)[i];
        const std::string item = std::string(field) + ".Variables[" + std::to_string(i) + "].Name";
        if (auto rule = check_word(v.name)) return fail(item, *rule);
        for (std::size_t j = 0; j < i; ++j)
            if ((*value)[j].name == v.name) return fail(item, "repeats the name \"" + v.name + "\"");
        boost::json::object variable;
        variable["Name"] = v.name;
        variable["Value"] = v.value;
        if (v.description) variable["Description"] = *v.description;
        variables.emplace_back(std::move(variable));
    }
    boost::json::object environment;
    environment["Variables"] = std::move(variables);
    params_.add(field, boost::json::serialize(environment));
}

void ParameterWriter::routing(std::string_view field, const std::vector<RoutingConfiguration>& value)
{
    if (failed()) return;
    if (value.empty() || value.size() > 2)
        return fail(field, "must route to one or two versions (got " + std::to_string(value.size()) + ")");
    // Written by hand: Boost.JSON would write a weight of 12.5 as 1.25E1. The weights are
    // number_text's plain decimals, as UpdateMapRun's percentages; the versions JSON strings.
    std::string configurations = "[";
    for (std::size_t i = 0; i < value.size(); ++i) {
        const RoutingConfiguration& c = value[i];
        const std::string item = std::string(field) + "[" + std::to_string(i) + "]";
        if (auto rule = check_word(c.version)) return fail(item + ".Version", *rule);
        if (i == 1 && value[0].version == c.version)
            return fail(item + ".Version", "repeats the version \"" + c.version + "\"");
        if (!std::isfinite(c.weight) || c.weight < 0 || c.weight > 100)
            return fail(item + ".Weight", "must be from 0 to 100 (got " + number_text(c.weight) + ")");
        if (i > 0) configurations += ',';
        configurations += R"({"Version":)";
        configurations += boost::json::serialize(boost::json::string(c.version));
        configurations += R"(,"Weight":)";
        configurations += number_text(c.weight);
        configurations += '}';
    }
    configurations += ']';
    params_.add(field, configurations);
}

void ParameterWriter::routing(std::string_view field, const std::optional<std::vector<RoutingConfiguration>>& value)
{
    if (value) routing(field, *value);
}

Result<ParameterList> ParameterWriter::done() &&
{
    if (error_) return std::move(*error_);
    return std::move(params_);
}

}  // namespace detail
}  // namespace cloudflow
