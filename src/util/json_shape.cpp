#include "util/json_shape.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <cstdint>

namespace cloudflow::detail {
namespace {

namespace json = boost::json;
using boost::system::error_code;

// Boost.JSON's push parser with a handler that only notes the first value's kind.
struct ShapeHandler {
    static constexpr std::size_t max_object_size = std::size_t(-1);
    static constexpr std::size_t max_array_size = std::size_t(-1);
    static constexpr std::size_t max_key_size = std::size_t(-1);
    static constexpr std::size_t max_string_size = std::size_t(-1);

    bool any = false;  // a value began
    JsonShape shape = JsonShape::other;

    bool first(JsonShape s)
    {
        if (!any) shape = s;
        any = true;
        return true;
    }
    bool on_document_begin(error_code&) { return true; }
    bool on_document_end(error_code&) { return true; }
    bool on_object_begin(error_code&) { return first(JsonShape::object); }
    bool on_object_end(std::size_t, error_code&) { return true; }
    bool on_array_begin(error_code&) { return first(JsonShape::other); }
    bool on_array_end(std::size_t, error_code&) { return true; }
    bool on_key_part(std::string_view, std::size_t, error_code&) { return true; }
    bool on_key(std::string_view, std::size_t, error_code&) { return true; }
    bool on_string_part(std::string_view, std::size_t, error_code&) { return first(JsonShape::other); }
    bool on_string(std::string_view, std::size_t, error_code&) { return first(JsonShape::other); }
    bool on_number_part(std::string_view, error_code&) { return first(JsonShape::other); }
    bool on_int64(std::int64_t, std::string_view, error_code&) { return first(JsonShape::other); }
    bool on_uint64(std::uint64_t, std::string_view, error_code&) { return first(JsonShape::other); }
    bool on_double(double, std::string_view, error_code&) { return first(JsonShape::other); }
    bool on_bool(bool, error_code&) { return first(JsonShape::other); }
    bool on_null(error_code&) { return first(JsonShape::other); }
    bool on_comment_part(std::string_view, error_code&) { return true; }
    bool on_comment(std::string_view, error_code&) { return true; }
};

}  // namespace

JsonShape json_shape(std::string_view text, std::size_t max_depth, error_code& ec)
{
    json::parse_options options;
    options.max_depth = max_depth;
    json::basic_parser<ShapeHandler> parser(options);
    const std::size_t used = parser.write_some(false, text.data(), text.size(), ec);
    // As json::parse: text after the value is an error.
    if (!ec && used < text.size()) ec = json::error::extra_data;
    return parser.handler().shape;
}

}  // namespace cloudflow::detail
