#include "lang/text.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

namespace json = boost::json;
using namespace cloudflow::local;

TEST_CASE("text: JSON text is Boost.JSON's, with a double in its shortest form", "[text]")
{
    // Without a double the text is Boost.JSON's own; with one, the emulator's writer gives the same
    // escapes and its own number form.
    const json::value plain = json::parse(R"({"a":[1,-2,true,null,"q\"\\\n\u0001\u00e9"],"b":{"c":"x"}})");
    CHECK(json_text(plain) == json::serialize(plain));
    CHECK(json_text(plain.as_object()) == json::serialize(plain));

    json::value with_double = plain;
    with_double.as_object()["d"] = 40.0;
    with_double.as_object()["e"] = 0.1;
    CHECK(json_text(with_double) == R"({"a":[1,-2,true,null,"q\"\\\n\u0001)"
                                    "\xc3\xa9"
                                    R"("],"b":{"c":"x"},"d":40.0,"e":0.1})");
    CHECK(json_text(with_double.as_object()) == json_text(with_double));
    std::string appended = "x";
    write_json(with_double, appended);
    CHECK(appended == "x" + json_text(with_double));
}

TEST_CASE("text: every control character escaped as Boost.JSON escapes it", "[text]")
{
    std::string all;
    for (int c = 0; c < 0x20; ++c) all += static_cast<char>(c);
    all += "\"\\/";
    const json::value v = {{"s", all}, {"n", 1.5}};  // the double takes the emulator's writer
    const json::value back = json::parse(json_text(v));
    CHECK(back.at("s").as_string() == all);
    CHECK(json_text(v) == R"({"s":)" + json::serialize(json::value(all)) + R"(,"n":1.5})");
}

TEST_CASE("text: numbers", "[text]")
{
    CHECK(number_text(json::value(42)) == "42");
    CHECK(number_text(json::value(std::uint64_t{18446744073709551615ULL})) == "18446744073709551615");
    CHECK(number_text(json::value(40.0)) == "40.0");
    CHECK(number_text(json::value(1e300)) == "1e+300");
    CHECK(number_text(json::value(-0.25)) == "-0.25");
}

TEST_CASE("text: a UUID from two random words", "[text]")
{
    CHECK(uuid_text(0x0123456789ABCDEFULL, 0xFEDCBA9876543210ULL) == "01234567-89AB-4DEF-BEDC-BA9876543210");
    CHECK(uuid_text(0, 0) == "00000000-0000-4000-8000-000000000000");
    CHECK(uuid_text(~0ULL, ~0ULL) == "FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF");
}

TEST_CASE("text: kinds and UTF-8", "[text]")
{
    CHECK(json_kind(json::value(json::object_kind)) == "a map");
    CHECK(json_kind(json::value(1.5)) == "a number");
    CHECK(is_valid_utf8("caf\xc3\xa9"));
    CHECK_FALSE(is_valid_utf8("\xa7"));
}
