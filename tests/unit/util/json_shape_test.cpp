// The document-free check of a request's JSON fields (util/json_shape.hpp): the same verdicts and
// errors as a full parse, for every kind of top value.
#include "util/json_shape.hpp"

#include <boost/json/error.hpp>
#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <string>

using cloudflow::detail::json_shape;
using cloudflow::detail::JsonShape;

namespace {

JsonShape shape_of(std::string_view text, std::size_t max_depth = 64)
{
    boost::system::error_code ec;
    const JsonShape shape = json_shape(text, max_depth, ec);
    REQUIRE_FALSE(ec);
    return shape;
}

boost::system::error_code error_of(std::string_view text, std::size_t max_depth = 64)
{
    boost::system::error_code ec;
    (void)json_shape(text, max_depth, ec);
    return ec;
}

}  // namespace

TEST_CASE("json_shape: an object, whatever it holds", "[json-shape]")
{
    CHECK(shape_of("{}") == JsonShape::object);
    CHECK(shape_of(R"( {"a": [1, {"b": null}], "c": "d"} )") == JsonShape::object);
    CHECK(shape_of("\n\t{\"k\":true}\r\n") == JsonShape::object);
}

TEST_CASE("json_shape: every other top value", "[json-shape]")
{
    for (const char* text : {"[]", "[{}]", "\"{}\"", "1", "-2.5e3", "18446744073709551615", "true", "null"}) {
        INFO(text);
        CHECK(shape_of(text) == JsonShape::other);
    }
}

TEST_CASE("json_shape: malformed text has the parser's own error", "[json-shape]")
{
    for (const char* text : {"", "{", "{\"a\":}", "{} {}", "{}x", "{'a':1}", "[1,]", "{\"a\":1,}"}) {
        INFO(text);
        boost::system::error_code full;
        (void)boost::json::parse(text, full);
        REQUIRE(full);
        CHECK(error_of(text) == full);
    }
}

TEST_CASE("json_shape: nesting past the limit is refused", "[json-shape]")
{
    const std::string deep = std::string(10, '[') + std::string(10, ']');
    const std::string wrapped = "{\"a\":" + deep + "}";
    CHECK(error_of(wrapped, 10) == boost::json::error::too_deep);
    CHECK_FALSE(error_of(wrapped, 11));
}
