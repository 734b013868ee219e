#include "lang/text.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <charconv>

namespace cloudflow::local {
namespace {

namespace json = boost::json;

// A string as JSON text, escaped as Boost.JSON escapes it (string_json_size agrees). The runs of
// characters that need no escape are appended whole.
void write_string(std::string_view text, std::string& out)
{
    static constexpr char hex[] = "0123456789abcdef";
    out.reserve(out.size() + text.size() + 2);
    out += '"';
    std::size_t clean = 0;  // where the run of characters written as they are starts
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte >= 0x20 && byte != '"' && byte != '\\') continue;
        out.append(text, clean, i - clean);
        clean = i + 1;
        switch (byte) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\f': out += "\\f"; break;
        case '\r': out += "\\r"; break;
        default: out += "\\u00", out += hex[byte >> 4], out += hex[byte & 15];
        }
    }
    out.append(text, clean, text.size() - clean);
    out += '"';
}

}  // namespace

std::string_view json_kind(const json::value& value)
{
    switch (value.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "a boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_: return "a number";
    case json::kind::string: return "a string";
    case json::kind::array: return "an array";
    case json::kind::object: return "a map";
    }
    return "a value";
}

std::string number_text(const json::value& number)
{
    if (number.is_int64()) return std::to_string(number.get_int64());
    if (number.is_uint64()) return std::to_string(number.get_uint64());
    char text[64];
    const auto end = std::to_chars(text, text + sizeof text, number.get_double()).ptr;
    std::string out(text, end);
    // A whole double keeps a fraction (40.0, not 40): read back, it is a double again.
    if (out.find_first_of(".en") == std::string::npos) out += ".0";
    return out;
}

std::size_t utf8_error(std::string_view text)
{
    std::size_t i = 0;
    while (i < text.size()) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x80) {
            ++i;
            continue;
        }
        std::size_t extra = 0;
        std::uint32_t code = 0;
        if (byte >= 0xC2 && byte <= 0xDF)
            extra = 1, code = byte & 0x1Fu;
        else if (byte >= 0xE0 && byte <= 0xEF)
            extra = 2, code = byte & 0x0Fu;
        else if (byte >= 0xF0 && byte <= 0xF4)
            extra = 3, code = byte & 0x07u;
        else
            return i;
        if (i + extra >= text.size()) return i;
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xC0) != 0x80) return i;
            code = code << 6 | (next & 0x3Fu);
        }
        if ((extra == 2 && code < 0x800) || (extra == 3 && code < 0x10000) || (code >= 0xD800 && code <= 0xDFFF) ||
            code > 0x10FFFF)
            return i;
        i += extra + 1;
    }
    return std::string_view::npos;
}

bool is_valid_utf8(std::string_view text)
{
    return utf8_error(text) == std::string_view::npos;
}

std::string valid_utf8(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    while (!text.empty()) {
        const std::size_t bad = utf8_error(text);
        out.append(text.substr(0, bad));
        if (bad == std::string_view::npos) break;
        out.append("\xEF\xBF\xBD");  // U+FFFD for the byte that starts no well-formed sequence
        text.remove_prefix(bad + 1);
    }
    return out;
}

namespace {

void write_object(const json::object& object, std::string& out);

bool has_double(const json::object& object);

bool has_double(const json::value& value)
{
    switch (value.kind()) {
    case json::kind::double_: return true;
    case json::kind::array:
        return std::any_of(value.get_array().begin(), value.get_array().end(),
                           [](const json::value& v) { return has_double(v); });
    case json::kind::object: return has_double(value.get_object());
    default: return false;
    }
}

bool has_double(const json::object& object)
{
    return std::any_of(object.begin(), object.end(),
                       [](const json::key_value_pair& m) { return has_double(m.value()); });
}

}  // namespace

void write_json(const json::value& value, std::string& out)
{
    switch (value.kind()) {
    case json::kind::null: out += "null"; break;
    case json::kind::bool_: out += value.get_bool() ? "true" : "false"; break;
    case json::kind::string: write_string(value.get_string(), out); break;
    case json::kind::array: {
        out += '[';
        bool first = true;
        for (const auto& element : value.get_array()) {
            if (!first) out += ',';
            first = false;
            write_json(element, out);
        }
        out += ']';
        break;
    }
    case json::kind::object: write_object(value.get_object(), out); break;
    default: out += number_text(value); break;
    }
}

namespace {

void write_object(const json::object& object, std::string& out)
{
    out += '{';
    bool first = true;
    for (const auto& member : object) {
        if (!first) out += ',';
        first = false;
        write_string(member.key(), out);
        out += ':';
        write_json(member.value(), out);
    }
    out += '}';
}

}  // namespace

std::string json_text(const json::object& object)
{
    if (!has_double(object)) return json::serialize(object);
    std::string out;
    write_object(object, out);
    return out;
}

std::string json_text(const json::value& value)
{
    // Without a double, Boost.JSON writes the same text, faster.
    if (!has_double(value)) return json::serialize(value);
    std::string out;
    write_json(value, out);
    return out;
}

std::string uuid_text(std::uint64_t a, std::uint64_t b)
{
    // 8-4-4-4-12 upper-case hex digits: a's high 32 bits, its next 16, "4" (the version) and its
    // low 12, the variant (binary 10) and 14 bits of b, b's low 48 bits.
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out(36, '-');
    const auto put = [&out](std::size_t at, std::size_t digits, std::uint64_t value) {
        for (std::size_t i = at + digits; i > at; value >>= 4) out[--i] = hex[value & 15];
    };
    put(0, 8, a >> 32);
    put(9, 4, (a >> 16) & 0xffff);
    out[14] = '4';
    put(15, 3, a & 0xfff);
    put(19, 4, 0x8000 | ((b >> 48) & 0x3fff));
    put(24, 12, b & 0xffffffffffffULL);
    return out;
}

}  // namespace cloudflow::local
