#include "lang/text.hpp"

#include <charconv>
#include <cstdio>

namespace cloudflow::local {
namespace {

namespace json = boost::json;

// A string as JSON text, escaped as Boost.JSON escapes it (string_json_size agrees).
void write_string(std::string_view text, std::string& out)
{
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte == '"' || byte == '\\')
            out += '\\', out += c;
        else if (byte >= 0x20)
            out += c;
        else if (byte == '\b')
            out += "\\b";
        else if (byte == '\t')
            out += "\\t";
        else if (byte == '\n')
            out += "\\n";
        else if (byte == '\f')
            out += "\\f";
        else if (byte == '\r')
            out += "\\r";
        else
            out += "\\u00", out += hex[byte >> 4], out += hex[byte & 15];
    }
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
    case json::kind::object: {
        out += '{';
        bool first = true;
        for (const auto& member : value.get_object()) {
            if (!first) out += ',';
            first = false;
            write_string(member.key(), out);
            out += ':';
            write_json(member.value(), out);
        }
        out += '}';
        break;
    }
    default: out += number_text(value); break;
    }
}

std::string json_text(const json::value& value)
{
    std::string out;
    write_json(value, out);
    return out;
}

std::string uuid_text(std::uint64_t a, std::uint64_t b)
{
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%08X-%04X-4%03X-%04X-%012llX", static_cast<unsigned>(a >> 32),
                  static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                  static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                  static_cast<unsigned long long>(b & 0xffffffffffffULL));
    return buffer;
}

}  // namespace cloudflow::local
