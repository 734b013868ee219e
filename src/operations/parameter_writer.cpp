#include "operations/parameter_writer.hpp"

#include <cloudflow/model/names.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

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

void ParameterWriter::fail(std::string_view field, std::string rule)
{
    if (!error_) error_ = make_error(errc::invalid_request, std::string(field) + " " + rule, std::string(field));
}

void ParameterWriter::name(std::string_view field, const std::string& value)
{
    if (failed()) return;
    if (auto rule = check_name(value)) return fail(field, std::move(*rule));
    params_[std::string(field)] = value;
}

void ParameterWriter::name(std::string_view field, const std::optional<std::string>& value)
{
    if (value) name(field, *value);
}

void ParameterWriter::qualifier(std::string_view field, const std::optional<std::string>& value)
{
    if (failed() || !value) return;
    const std::string_view q = *value;
    if (q.empty() || q.size() > max_name_length)
        return fail(field, "must be 1 to 128 characters (got " + std::to_string(q.size()) + ")");
    for (const char c : q)
        if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
            return fail(field, "must not contain white space or control characters (" + describe(c) + ")");
    params_[std::string(field)] = *value;
}

void ParameterWriter::json_object(std::string_view field, const std::optional<boost::json::value>& value,
                                  const std::optional<std::string>& text)
{
    if (failed() || (!value && !text)) return;
    if (value && text) return fail(field, "is given twice: set either input or input_json, not both");
    std::string encoded;
    if (value) {
        if (!value->is_object()) return fail(field, "must be a JSON object");
        encoded = boost::json::serialize(*value);
    } else {
        boost::system::error_code ec;
        const boost::json::value parsed =
            boost::json::parse(*text, ec, {}, boost::json::parse_options{.max_depth = limits_.max_json_depth});
        if (ec) return fail(field, "must be valid JSON text (" + ec.message() + ")");
        if (!parsed.is_object()) return fail(field, "must be a JSON object");
        encoded = *text;
    }
    if (limits_.max_input_bytes != 0 && encoded.size() > limits_.max_input_bytes)
        return fail(field, "is " + std::to_string(encoded.size()) + " bytes; the limit is " +
                               std::to_string(limits_.max_input_bytes) + " bytes");
    params_[std::string(field)] = std::move(encoded);
}

Result<Parameters> ParameterWriter::done() &&
{
    if (error_) return std::move(*error_);
    return std::move(params_);
}

}  // namespace detail
}  // namespace cloudflow
