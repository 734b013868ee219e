#include <cloudflow/validation.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace cloudflow {
namespace {

constexpr std::size_t max_name_length = 128;

bool is_letter(char c) noexcept
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}
bool is_digit(char c) noexcept
{
    return c >= '0' && c <= '9';
}

Error invalid(std::string_view field, std::string rule)
{
    return make_error(errc::invalid_request, std::string(field) + " " + rule, std::string(field));
}

std::optional<Error> check_named(std::string_view field, std::string_view value)
{
    if (auto rule = check_name(value)) return invalid(field, *rule);
    return std::nullopt;
}

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

Result<std::optional<std::string>> validate(const StartSyncExecutionRequest& request, const RequestLimits& limits)
{
    if (auto e = check_named("FlowName", request.flow_name)) return *e;
    if (request.execution_name)
        if (auto e = check_named("ExecutionName", *request.execution_name)) return *e;

    if (request.qualifier) {
        const std::string_view q = *request.qualifier;
        if (q.empty() || q.size() > max_name_length)
            return invalid("Qualifier", "must be 1 to 128 characters (got " + std::to_string(q.size()) + ")");
        for (const char c : q)
            if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
                return invalid("Qualifier", "must not contain white space or control characters (" + describe(c) + ")");
    }

    if (request.input && request.input_json)
        return invalid("Input", "is given twice: set either input or input_json, not both");

    std::optional<std::string> input;
    if (request.input) {
        if (!request.input->is_object()) return invalid("Input", "must be a JSON object");
        input = boost::json::serialize(*request.input);
    } else if (request.input_json) {
        boost::system::error_code ec;
        const boost::json::value parsed = boost::json::parse(
            *request.input_json, ec, {}, boost::json::parse_options{.max_depth = limits.max_json_depth});
        if (ec) return invalid("Input", "must be valid JSON text (" + ec.message() + ")");
        if (!parsed.is_object()) return invalid("Input", "must be a JSON object");
        input = *request.input_json;
    }
    if (input && limits.max_input_bytes != 0 && input->size() > limits.max_input_bytes)
        return invalid("Input", "is " + std::to_string(input->size()) + " bytes; the limit is " +
                                    std::to_string(limits.max_input_bytes) + " bytes");
    return input;
}

}  // namespace cloudflow
