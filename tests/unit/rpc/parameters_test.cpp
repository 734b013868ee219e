#include <cloudflow/rpc/parameters.hpp>

#include "rpc/encoded_query.hpp"
#include "support/catch_result.hpp"

#include <catch2/catch.hpp>

#include <span>
#include <string>
#include <vector>

using namespace cloudflow;

TEST_CASE("parameters: RFC 3986 percent-encoding", "[parameters]")
{
    CHECK(percent_encode("AZaz09-_.~") == "AZaz09-_.~");
    CHECK(percent_encode(" *~/+=&\xC3\xA9") == "%20%2A~%2F%2B%3D%26%C3%A9");
    CHECK(percent_encode("%") == "%25");
    CHECK(percent_encode("") == "");
}

TEST_CASE("parameters: canonical query is sorted by name in byte order", "[parameters]")
{
    const Parameters params{{"b", "2"}, {"B", "1"}, {"a b", "x y"}, {"_", ""}};
    CHECK(canonical_query(params) == "B=1&_=&a%20b=x%20y&b=2");
}

TEST_CASE("parameters: the signed query's second encoding is the canonical query percent-encoded", "[parameters]")
{
    using detail::ParameterView;
    // Pieces with no escape (copied), with escapes (encoded twice), empty, and '%' itself.
    const std::vector<ParameterView> params{{"AccessKeyId", "id"},
                                            {"Input", "{\"k\":\"v w\",\"p\":\"50%\",\"u\":\"\xC3\xA9 +/&=\"}"},
                                            {"Name", ""},
                                            {"Timestamp", "2026-12-06T00:00:00Z"},
                                            {"a b", "~*"}};
    std::string canonical, to_sign;
    detail::append_signed_query(canonical, to_sign, params);
    std::string expected;
    detail::append_encoded_query(expected, params);
    CHECK(canonical == expected);
    CHECK(to_sign == percent_encode(canonical));

    // In two parts, as the request builder makes it around Signature: joined with '&', once.
    std::string split_canonical, split_to_sign;
    detail::append_signed_query(split_canonical, split_to_sign, std::span(params).first(2));
    detail::append_signed_query(split_canonical, split_to_sign, std::span(params).subspan(2));
    CHECK(split_canonical == canonical);
    CHECK(split_to_sign == to_sign);

    std::string none, none_to_sign;
    detail::append_signed_query(none, none_to_sign, {});
    CHECK(none.empty());
    CHECK(none_to_sign.empty());
}

TEST_CASE("parameters: a parameter written in the code is copied as it is, and reads as if it were encoded",
          "[parameters]")
{
    using detail::ParameterView;
    const std::vector<ParameterView> plain{detail::plain_parameter("Format", "JSON"),
                                           detail::with_plain_name("Timestamp", "2026-12-06T00:00:00Z"),
                                           detail::plain_parameter("SignatureVersion", "1.0")};
    CHECK(plain[0].plain_name);
    CHECK(plain[0].plain_value);
    CHECK(plain[1].plain_name);
    CHECK_FALSE(plain[1].plain_value);  // a value from outside is still checked, and encoded
    const std::vector<ParameterView> checked{
        {"Format", "JSON"}, {"Timestamp", "2026-12-06T00:00:00Z"}, {"SignatureVersion", "1.0"}};
    std::string a, a_to_sign, b, b_to_sign;
    detail::append_signed_query(a, a_to_sign, plain);
    detail::append_signed_query(b, b_to_sign, checked);
    CHECK(a == "Format=JSON&Timestamp=2026-12-06T00%3A00%3A00Z&SignatureVersion=1.0");
    CHECK(a == b);
    CHECK(a_to_sign == b_to_sign);
    std::string query;
    detail::append_encoded_query(query, plain);
    CHECK(query == a);
}

TEST_CASE("parameters: decoding a form body or query", "[parameters]")
{
    auto decoded = decode_parameters("Input=%7B%22k%22%3A%22v%20w%22%7D&FlowName=f&x=a+b&empty=&flag");
    REQUIRE(decoded);
    CHECK(decoded->at("Input") == R"({"k":"v w"})");
    CHECK(decoded->at("FlowName") == "f");
    CHECK(decoded->at("x") == "a b");
    CHECK(decoded->at("empty").empty());
    CHECK(decoded->at("flag").empty());

    CHECK(decode_parameters("").value().empty());
    auto bad = decode_parameters("a=%ZZ");
    REQUIRE_FALSE(bad);
    CHECK(bad.error().code == errc::invalid_argument);
}

TEST_CASE("parameters: what a query may hold, as RFC 3986 has it", "[parameters]")
{
    // A value holds every '=' after the first; empty pairs and names are skipped.
    CHECK(decode_parameters("a=b=c&&=x&d&").value() == Parameters{{"a", "b=c"}, {"d", ""}});
    CHECK(decode_parameters("p=/x?y:@!$'()*,;").value() == Parameters{{"p", "/x?y:@!$'()*,;"}});
    CHECK(decode_parameters("%41%62=%2b+%2B").value() == Parameters{{"Ab", "+ +"}});
    // Only query characters and whole escapes, in names and values alike.
    for (const char* bad : {"a=b c", "a=b#c", "a=\xC3\xA9", "a=%4", "a=%", "%G1=x", "a b=c", "a=[", "a=\x01"}) {
        INFO(bad);
        CHECK_FALSE(decode_parameters(bad));
    }
}

TEST_CASE("parameters: encoding and decoding round-trip", "[parameters]")
{
    const Parameters params{{"Input", "{\"msg\":\"\xE4\xBD\xA0\xE5\xA5\xBD +a/b&c=d\"}"}, {"Name", "a~b*c"}};
    CHECK(decode_parameters(canonical_query(params)).value() == params);
}

// Found by the percent_encoding fuzz target: Boost.URL 1.81's parse_query read past the end of
// the view (strlen) and decoded the bytes beyond it (boostorg/url#757).
TEST_CASE("parameters: decoding stops where the text does", "[parameters]")
{
    const std::string whole = "a=1&b=2";
    const auto first = decode_parameters(std::string_view(whole).substr(0, 3));
    REQUIRE(first);
    CHECK(*first == Parameters{{"a", "1"}});
    const auto tail = decode_parameters(std::string_view(whole).substr(4, 1));  // "b"
    REQUIRE(tail);
    CHECK(*tail == Parameters{{"b", ""}});
}

TEST_CASE("decode_parameters: any order, and a name given twice keeps its first value", "[parameters]")
{
    const auto sorted = cloudflow::decode_parameters("a=1&b=2&c=3");
    const auto unsorted = cloudflow::decode_parameters("c=3&a=1&b=2");
    REQUIRE(sorted);
    REQUIRE(unsorted);
    CHECK(*sorted == *unsorted);
    CHECK(sorted->size() == 3);

    const auto twice = cloudflow::decode_parameters("a=1&b=2&a=3&b=4&c=5");
    REQUIRE(twice);
    CHECK(*twice == cloudflow::Parameters{{"a", "1"}, {"b", "2"}, {"c", "5"}});
}
