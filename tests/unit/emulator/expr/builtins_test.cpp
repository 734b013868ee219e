// cloudflow-local's built-in functions: the docs' examples, types, and bounds on hostile input.
#include "expr/expression.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <regex>
#include <set>
#include <string>

using namespace cloudflow::local;
using namespace cloudflow::local::expr;
namespace json = boost::json;

namespace {

// A deterministic source of random values: SplitMix64 from a fixed seed.
class SplitMix : public Random {
public:
    explicit SplitMix(std::uint64_t seed) : state_(seed) {}
    std::uint64_t next() override
    {
        std::uint64_t z = state_ += 0x9e3779b97f4a7c15ULL;
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

private:
    std::uint64_t state_;
};

// Always the same value.
class Constant : public Random {
public:
    explicit Constant(std::uint64_t value) : value_(value) {}
    std::uint64_t next() override { return value_; }

private:
    std::uint64_t value_;
};

json::value make_input()
{
    json::array many;
    for (int i = 0; i < 10'000; ++i) many.emplace_back(i);
    json::array same;
    for (int i = 0; i < 10'000; ++i) same.emplace_back(json::object{{"k", "v"}, {"n", 1}});
    json::object wide;
    for (int i = 0; i < 5'000; ++i) wide["key" + std::to_string(i)] = std::string(20, 'v');
    json::value v = json::parse(R"({"user": {"name": "Tom", "age": 10}, "items": [3, 1, 3], "fmt": "{} and {}",
                                    "pattern": "^[a-z]+$", "bad": "(", "text": "a,b,,c", "n": 5})");
    v.as_object()["many"] = std::move(many);
    v.as_object()["same"] = std::move(same);
    v.as_object()["wide"] = std::move(wide);
    v.as_object()["long"] = std::string(100 * 1024, 'a');
    return v;
}

const json::value input_value = make_input();

json::value eval(std::string_view text, Random* random = nullptr, const Limits& limits = {})
{
    auto compiled = Expression::compile(text, limits);
    INFO(text << " -> " << (compiled ? "" : compiled.error().text()));
    REQUIRE(compiled.has_value());
    Scope scope;
    scope.input = &input_value;
    scope.random = random;
    auto value = compiled->evaluate(scope, limits);
    INFO(text << " -> " << (value ? "" : value.error().text()));
    REQUIRE(value.has_value());
    return *value;
}

Problem compile_problem(std::string_view text)
{
    auto compiled = Expression::compile(text);
    INFO(text);
    REQUIRE_FALSE(compiled.has_value());
    return compiled.error();
}

Problem eval_problem(std::string_view text, Random* random = nullptr, const Limits& limits = {})
{
    auto compiled = Expression::compile(text, limits);
    INFO(text << " -> " << (compiled ? "" : compiled.error().text()));
    REQUIRE(compiled.has_value());
    Scope scope;
    scope.input = &input_value;
    scope.random = random;
    auto value = compiled->evaluate(scope, limits);
    INFO(text << " -> " << (value ? json::serialize(*value) : ""));
    REQUIRE_FALSE(value.has_value());
    return value.error();
}

template <class F>
double seconds(F&& f)
{
    const auto start = std::chrono::steady_clock::now();
    f();
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST_CASE("built-ins: the docs' examples", "[emulator][expr][builtins]")
{
    // These are the examples of the built-in functions' reference (cloudflow-spec.md section 5),
    // each with the result the docs give.
    CHECK(eval(R"(arrayContains(["Tom",10], 10))") == true);
    CHECK(eval(R"(arrayContains(["Tom",10], "Jack"))") == false);
    CHECK(eval("arrayUnique([1,2,3,1])") == json::parse("[1,2,3]"));
    CHECK(eval(R"(format("hello {}", "world"))") == "hello world");
    CHECK(eval(R"(fromBase64("Rm5G"))") == "FnF");
    CHECK(eval(R"(stringToJson('{"name":"Tom","age":10}'))") == json::parse(R"({"name":"Tom","age":10})"));
    CHECK(eval(R"(hash("abc","MD5"))") == "900150983cd24fb0d6963f7d28e17f72");
    CHECK(eval(R"(jsonMerge({"name":"Tom","age":10},{"name":"Tom","address":"beijing"}))") ==
          json::parse(R"({"name":"Tom","age":10,"address":"beijing"})"));
    CHECK(eval("length([1,2,3])") == 3);
    CHECK(eval(R"(length({"name":"Tom","age":10}))") == 2);
    CHECK(eval(R"(length("name"))") == 4);
    CHECK(eval(R"(mapKeys({"a":1}))") == json::parse(R"(["a"])"));
    CHECK(eval(R"(mapValues({"a":1}))") == json::parse("[1]"));
    CHECK(eval(R"(regexMatchString("^a.*", "abc"))") == true);
    CHECK(eval(R"(split("a,b", ","))") == json::parse(R"(["a","b"])"));
    CHECK(eval(R"(toArray(1, "x"))") == json::parse(R"([1,"x"])"));
    CHECK(eval("get([5,6], 1)") == 6);
    CHECK(eval("intAdd(2, 3)") == 5);
    CHECK(eval(R"(toBase64("FnF"))") == "Rm5G");
    CHECK(eval(R"(jsonToString({"a":1}))") == "{\"a\":1}");
    // And the single-quoted example, with $Input for the docs' $input.
    CHECK(eval("format('Hello, {}', $Input.user.name)") == "Hello, Tom");
}

TEST_CASE("built-ins: arrayContains compares structurally", "[emulator][expr][builtins]")
{
    CHECK(eval("arrayContains([1, [2, 3], {\"a\": 1}], [2.0, 3])") == true);
    CHECK(eval("arrayContains([{\"a\": 1, \"b\": 2}], {\"b\": 2, \"a\": 1})") == true);
    CHECK(eval("arrayContains([], null)") == false);
    CHECK(eval("arrayContains([null], $Input.missing)") == true);
    CHECK(eval("arrayContains($Input.many, 9999)") == true);
    CHECK(eval_problem("arrayContains('abc', 'a')").what ==
          "arrayContains: expects an array as its first argument (got string)");
}

TEST_CASE("built-ins: arrayUnique keeps first occurrences, structurally, in linear work", "[emulator][expr][builtins]")
{
    CHECK(eval("arrayUnique([])") == json::array{});
    CHECK(eval("arrayUnique([1, 1.0, \"1\", [1], [1.0], {\"a\": 1, \"b\": 2}, {\"b\": 2, \"a\": 1}, null, null])") ==
          json::parse(R"([1, "1", [1], {"a": 1, "b": 2}, null])"));
    CHECK(eval("arrayUnique([3, 2, 3, 1, 2])") == json::parse("[3, 2, 1]"));
    CHECK(eval("arrayUnique($Input.items)") == json::parse("[3, 1]"));
    CHECK(eval_problem("arrayUnique({})").what == "arrayUnique: expects an array (got object)");

    // 10,000 distinct elements, and 10,000 equal objects: linear, well within the steps.
    json::value unique;
    const double took = seconds([&] {
        unique = eval("arrayUnique($Input.many)");
        CHECK(eval("length(arrayUnique($Input.same))") == 1);
    });
    CHECK(unique.as_array().size() == 10'000);
    CHECK(took < 2.0);
    // With few steps it is refused, not slow.
    Limits few;
    few.max_steps = 5'000;
    CHECK(eval_problem("arrayUnique($Input.many)", nullptr, few).what == "the evaluation takes more than 5000 steps");
}

TEST_CASE("built-ins: format", "[emulator][expr][builtins]")
{
    CHECK(eval("format('no placeholders')") == "no placeholders");
    CHECK(eval("format('{}', 'x')") == "x");
    CHECK(eval("format('{}{}', 1, 2)") == "12");
    // Strings as they are, anything else as compact JSON, numbers in their shortest form.
    CHECK(eval("format('{} {} {} {} {} {} {}', 'a\"b', 9.99, 100.0, true, null, [1, \"x\"], {\"k\": {}})") ==
          "a\"b 9.99 100.0 true null [1,\"x\"] {\"k\":{}}");
    CHECK(eval("format('{{}}', 'x')") == "{x}");  // no escapes
    CHECK(eval("format('{ }')") == "{ }");
    CHECK(eval("format($Input.fmt, 1, 'two')") == "1 and two");

    // A literal format string is checked when the expression is compiled...
    auto p = compile_problem("format('{} and {}', 1)");
    CHECK(p.what == "format: expects 2 arguments for its 2 {} (got 1)");
    CHECK(p.where == "at character 1");
    CHECK(compile_problem("format('{}')").what == "format: expects 1 argument for its 1 {} (got 0)");
    CHECK(compile_problem("format('x', 1)").what == "format: expects 0 arguments for its 0 {} (got 1)");
    // ... any other when it runs.
    CHECK(eval_problem("format($Input.fmt, 1)").what == "format: expects 2 arguments for its 2 {} (got 1)");
    CHECK(eval_problem("format(1)").what == "format: expects a string as its first argument (got number)");
}

TEST_CASE("built-ins: format's expansion is bounded", "[emulator][expr][builtins]")
{
    // 250 copies of a 100 KiB string would be 25 MB: refused at 256 KiB, quickly.
    std::string text = "format('";
    for (int i = 0; i < 250; ++i) text += "{}";
    text += "'";
    for (int i = 0; i < 250; ++i) text += ", $Input.long";
    text += ")";
    const double took = seconds(
        [&] { CHECK(eval_problem(text).what == "format: the result would be more than 262144 bytes of JSON"); });
    CHECK(took < 1.0);
    CHECK(eval("length(format('{}{}', $Input.long, $Input.long))") == 200 * 1024);
    CHECK(eval_problem("format('{}{}{}', $Input.long, $Input.long, $Input.long)").what ==
          "format: the result would be more than 262144 bytes of JSON");
    CHECK(eval_problem("format('{}{}{}', $Input.many, $Input.wide, $Input.wide)").what ==
          "format: the result would be more than 262144 bytes of JSON");
}

TEST_CASE("built-ins: Base64", "[emulator][expr][builtins]")
{
    CHECK(eval("toBase64('')") == "");
    CHECK(eval("toBase64('f')") == "Zg==");
    CHECK(eval("toBase64('fo')") == "Zm8=");
    CHECK(eval("toBase64('foobar')") == "Zm9vYmFy");
    CHECK(eval("toBase64('\xC3\xA9t\xC3\xA9')") == "w6l0w6k=");
    CHECK(eval("fromBase64('')") == "");
    CHECK(eval("fromBase64('Zg==')") == "f");
    CHECK(eval("fromBase64('Zm8=')") == "fo");
    CHECK(eval("fromBase64('w6l0w6k=')") == "\xC3\xA9t\xC3\xA9");
    CHECK(eval("fromBase64(toBase64($Input.long)) == $Input.long") == true);
    for (const char* bad : {"fromBase64('Zg')", "fromBase64('Zg=')", "fromBase64('Z===')", "fromBase64('Zm 8')",
                            "fromBase64('Zm8=Zm8=')", "fromBase64('Zm-_')", "fromBase64(' Zm8=')"})
        CHECK(eval_problem(bad).what ==
              "fromBase64: the text is not Base64 (A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4)");
    CHECK(eval_problem("fromBase64('/w==')").what == "fromBase64: the decoded bytes are not UTF-8 text");
    CHECK(eval_problem("fromBase64('7aCA')").what ==
          "fromBase64: the decoded bytes are not UTF-8 text");  // a surrogate
    CHECK(eval_problem("fromBase64('wK8=')").what == "fromBase64: the decoded bytes are not UTF-8 text");  // overlong
    CHECK(eval_problem("toBase64(1)").what == "toBase64: expects a string (got number)");
    CHECK(eval_problem("fromBase64(null)").what == "fromBase64: expects a string (got null)");
    // 100 KiB in three copies would encode to 400 KiB.
    CHECK(eval_problem("toBase64($Input.long + $Input.long + $Input.long)", nullptr,
                       Limits{.max_value_bytes = 400 * 1024})
              .what == "toBase64: the result would be more than 409600 bytes of JSON");
}

TEST_CASE("built-ins: hash with each algorithm", "[emulator][expr][builtins]")
{
    CHECK(eval("hash('abc', 'MD5')") == "900150983cd24fb0d6963f7d28e17f72");
    CHECK(eval("hash('abc', 'SHA-1')") == "a9993e364706816aba3e25717850c26c9cd0d89d");
    CHECK(eval("hash('abc', 'SHA-256')") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(eval("hash('abc', 'SHA-512')") == "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a27"
                                            "4fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
    CHECK(eval("hash('', 'MD5')") == "d41d8cd98f00b204e9800998ecf8427e");
    CHECK(eval_problem("hash('abc', 'sha256')").what ==
          "hash: the algorithm must be MD5, SHA-1, SHA-256 or SHA-512 (got \"sha256\")");
    CHECK(eval_problem("hash('abc', 5)").what ==
          "hash: the algorithm must be MD5, SHA-1, SHA-256 or SHA-512 (got number)");
    CHECK(eval_problem("hash(5, 'MD5')").what == "hash: expects a string to hash (got number)");
}

TEST_CASE("built-ins: stringToJson and jsonToString, and their aliases", "[emulator][expr][builtins]")
{
    CHECK(eval("stringToJson('[1, 2.5, \"x\", null]')") == json::parse(R"([1, 2.5, "x", null])"));
    CHECK(eval("stringToJson(' 42 ')") == 42);
    CHECK(eval("fromJSON('{\"a\": {\"b\": true}}').a.b") == true);
    CHECK(eval("jsonToString([1, \"x\", {\"k\": null}])") == R"([1,"x",{"k":null}])");
    CHECK(eval("jsonToString([9.99, 100.0, 1e300, -0.5e-7, 18446744073709551615, -9223372036854775808])") ==
          "[9.99,100.0,1e+300,-5e-08,18446744073709551615,-9223372036854775808]");
    CHECK(eval(R"(jsonToString("\u0001\t\"\\/\u00e9"))") == "\"\\u0001\\t\\\"\\\\/\xC3\xA9\"");
    CHECK(eval("format('{}', {\"a\": [2.5, {\"b\": \"\\n\"}]})") == R"({"a":[2.5,{"b":"\n"}]})");
    CHECK(eval("toJSON('quote\"d')") == R"("quote\"d")");
    CHECK(eval("stringToJson(jsonToString($Input.user)) == $Input.user") == true);
    CHECK_THAT(eval_problem("stringToJson('{')").what, Catch::StartsWith("stringToJson: the text is not JSON ("));
    CHECK_THAT(eval_problem("fromJSON('nope')").what, Catch::StartsWith("fromJSON: the text is not JSON ("));
    CHECK(eval_problem("stringToJson('1e400')").what == "stringToJson: a number is too large for a double");
    CHECK(eval_problem("stringToJson(1)").what == "stringToJson: expects a string of JSON text (got number)");
    // Depth and size are bounded before and after parsing.
    const std::string deep = std::string(200, '[') + std::string(200, ']');
    CHECK_THAT(eval_problem("stringToJson('" + deep + "')").what,
               Catch::StartsWith("stringToJson: the text is not JSON ("));
    const std::string ok = std::string(128, '[') + std::string(128, ']');
    CHECK(eval("stringToJson('" + ok + "')").is_array());
    CHECK(eval_problem("stringToJson($Input.long)", nullptr, Limits{.max_value_bytes = 50 * 1024}).what ==
          "stringToJson: the text is more than 51200 bytes");
    // Short text, longer value: "0.1" is three bytes in, and "1E-1" four out.
    Limits small;
    small.max_value_bytes = 30;
    CHECK(eval_problem("stringToJson('[0.1,0.1,0.1,0.1,0.1,0.1,0.1]')", nullptr, small).what ==
          "stringToJson: the result would be more than 30 bytes of JSON");
    CHECK(eval_problem("jsonToString($Input.many)", nullptr, small).what ==
          "jsonToString: the result would be more than 30 bytes of JSON");
}

TEST_CASE("built-ins: jsonMerge", "[emulator][expr][builtins]")
{
    // Shallow; the second wins; the first's keys first, then the second's new ones.
    const auto merged = eval(R"(jsonMerge({"b": 1, "a": {"x": 1}, "c": 3}, {"d": 4, "a": {"y": 2}}))");
    CHECK(merged == json::parse(R"({"b": 1, "a": {"y": 2}, "c": 3, "d": 4})"));
    std::vector<std::string> keys;
    for (const auto& member : merged.as_object()) keys.emplace_back(member.key());
    CHECK(keys == std::vector<std::string>{"b", "a", "c", "d"});
    CHECK(eval("jsonMerge({}, {})") == json::object{});
    CHECK(eval_problem("jsonMerge({}, [])").what == "jsonMerge: expects two objects (got object and array)");
    CHECK(eval_problem("jsonMerge(null, {})").what == "jsonMerge: expects two objects (got null and object)");

    // Nested merges of large objects: each result is sized before it is built.
    CHECK(eval("length(jsonMerge($Input.wide, $Input.wide))") == 5'000);
    const double took = seconds([&] {
        CHECK(eval_problem("jsonMerge(jsonMerge($Input.wide, {\"a\": $Input.long}), {\"b\": $Input.long, \"c\": "
                           "$Input.long})")
                  .what == "jsonMerge: the result would be more than 262144 bytes of JSON");
        CHECK(eval_problem("jsonMerge(jsonMerge(jsonMerge($Input.wide, {\"a\": $Input.long}), {\"b\": $Input.long}), "
                           "{\"c\": $Input.long})")
                  .what == "jsonMerge: the result would be more than 262144 bytes of JSON");
    });
    CHECK(took < 1.0);
}

TEST_CASE("built-ins: length counts elements, members and code points", "[emulator][expr][builtins]")
{
    CHECK(eval("length('')") == 0);
    CHECK(eval("length('h\xC3\xA9llo')") == 5);
    CHECK(eval("length('\xE6\x97\xA5\xE6\x9C\xAC')") == 2);
    CHECK(eval("length('\xF0\x9F\x98\x80')") == 1);
    CHECK(eval("length([])") == 0);
    CHECK(eval("length($Input.many)") == 10'000);
    CHECK(eval("length($Input.wide)") == 5'000);
    CHECK(eval_problem("length(5)").what == "length: expects an array, object or string (got number)");
    CHECK(eval_problem("length($Input.missing)").what == "length: expects an array, object or string (got null)");
}

TEST_CASE("built-ins: mapKeys and mapValues in the object's order", "[emulator][expr][builtins]")
{
    CHECK(eval(R"(mapKeys({"z": 1, "a": 2, "m": 3}))") == json::parse(R"(["z", "a", "m"])"));
    CHECK(eval(R"(mapValues({"z": 1, "a": [2], "m": {"x": 3}}))") == json::parse(R"([1, [2], {"x": 3}])"));
    CHECK(eval("mapKeys({})") == json::array{});
    CHECK(eval("length(mapKeys($Input.wide))") == 5'000);
    CHECK(eval_problem("mapKeys([1])").what == "mapKeys: expects an object (got array)");
    CHECK(eval_problem("mapValues('x')").what == "mapValues: expects an object (got string)");
    Limits small;
    small.max_value_bytes = 1000;
    CHECK(eval_problem("mapValues($Input.wide)", nullptr, small).what ==
          "mapValues: the result would be more than 1000 bytes of JSON");
    CHECK(eval_problem("mapKeys($Input.wide)", nullptr, small).what ==
          "mapKeys: the result would be more than 1000 bytes of JSON");
}

TEST_CASE("built-ins: regexMatchString searches with RE2", "[emulator][expr][builtins]")
{
    CHECK(eval("regexMatchString('b', 'abc')") == true);  // anywhere in the string
    CHECK(eval("regexMatchString('^b', 'abc')") == false);
    CHECK(eval("regexMatchString('^[a-z]+$', 'abc')") == true);
    CHECK(eval("regexMatchString('^\\d{3}-\\d{4}$', '555-1234')") == true);
    CHECK(eval("regexMatchString($Input.pattern, 'abc')") == true);
    CHECK(eval("regexMatchString($Input.pattern, 'ab1')") == false);
    CHECK(eval("regexMatchString('^.$', '\xC3\xA9')") == true);  // UTF-8: one character

    // A literal pattern is compiled with the expression: a bad one is a compile Problem.
    auto p = compile_problem("1 == 1 && regexMatchString('(', 'x')");
    CHECK(p.what == "regexMatchString: the pattern does not compile (missing ): ()");
    CHECK(p.where == "at character 11");
    CHECK(eval_problem("regexMatchString($Input.bad, 'x')").what ==
          "regexMatchString: the pattern does not compile (missing ): ()");
    CHECK(compile_problem("regexMatchString('" + std::string(1025, 'a') + "', 'x')").what ==
          "regexMatchString: the pattern is longer than 1024 bytes");
    CHECK(eval("regexMatchString('" + std::string(1024, 'a') + "', 'x')") == false);
    CHECK(eval_problem("regexMatchString(1, 'x')").what ==
          "regexMatchString: expects a string pattern as its first argument (got number)");
    CHECK(eval_problem("regexMatchString('x', [])").what ==
          "regexMatchString: expects a string to match as its second argument (got array)");
    // Too much memory for RE2's bound (1 MiB): refused as a pattern that does not compile.
    CHECK_THAT(compile_problem("regexMatchString('((a{100}){100}){100}', 'x')").what,
               Catch::StartsWith("regexMatchString: the pattern does not compile ("));
}

TEST_CASE("built-ins: regexMatchString is linear on catastrophic patterns", "[emulator][expr][builtins]")
{
    // Backtracking engines take exponential time on these; RE2 does not backtrack.
    const std::pair<const char*, bool> cases[] = {
        {"(a+)+$", false},   {"(a|aa)+b", false}, {"(a*)*b", false},         {"^(([a-z])+.)+[A-Z]([a-z])+$", false},
        {"(x+x+)+y", false}, {"(.*a){20}", true}, {"(?:a?){30}a{30}", true}, {"^(a|a?)+$", false},
    };
    const double took = seconds([&] {
        for (const auto& [pattern, matches] : cases) {
            INFO(pattern);
            CHECK(eval(std::string("regexMatchString('") + pattern + "', $Input.long + '!')") == matches);
        }
    });
    CHECK(took < 5.0);
}

TEST_CASE("built-ins: regexMatchString's work is counted in steps", "[emulator][expr][builtins]")
{
    // A program of 8,000 instructions, all live on every byte: 100 KiB of text would take seconds
    // in RE2's NFA. It costs 127 steps a byte, so it is refused before it runs.
    double took = seconds([&] {
        CHECK(eval_problem("regexMatchString('.{1,900}!', $Input.long)").what ==
              "the evaluation takes more than 1000000 steps");
        CHECK(eval_problem("regexMatchString(format('{}', '.{1,900}!'), $Input.long)").what ==
              "the evaluation takes more than 1000000 steps");
    });
    CHECK(took < 1.0);
    // The same pattern on a short text is fine.
    CHECK(eval("regexMatchString('.{1,900}!', 'abc!')") == true);
    // Programs too large for RE2's memory bound are refused as patterns.
    CHECK(compile_problem("regexMatchString('\\p{L}{200}', 'x')").what ==
          "regexMatchString: the pattern does not compile (pattern too large - compile failed)");
    CHECK(eval("regexMatchString('^\\p{L}{1,30}$', 'h\xC3\xA9llo')") == true);
}

TEST_CASE("built-ins: split", "[emulator][expr][builtins]")
{
    CHECK(eval("split($Input.text, ',')") == json::parse(R"(["a", "b", "", "c"])"));
    CHECK(eval("split('a,', ',')") == json::parse(R"(["a", ""])"));
    CHECK(eval("split('', ',')") == json::parse(R"([""])"));
    CHECK(eval("split('abc', ',')") == json::parse(R"(["abc"])"));
    CHECK(eval("split('a::b::c', '::')") == json::parse(R"(["a", "b", "c"])"));
    CHECK(eval("split('h\xC3\xA9llo', '\xC3\xA9')") == json::parse(R"(["h", "llo"])"));
    CHECK(eval_problem("split('abc', '')").what ==
          "split: the separator must be a string that is not empty (got \"\")");
    CHECK(eval_problem("split('abc', 1)").what ==
          "split: the separator must be a string that is not empty (got number)");
    CHECK(eval_problem("split(1, ',')").what == "split: expects a string to split (got number)");
    // 100 Ki pieces of "" would be 400 KiB of JSON ("",): refused.
    CHECK(eval_problem("split($Input.long, 'a')").what == "split: the result would be more than 262144 bytes of JSON");
}

TEST_CASE("built-ins: toArray", "[emulator][expr][builtins]")
{
    CHECK(eval("toArray()") == json::array{});
    CHECK(eval("toArray(null, [1], {\"a\": 2}, $Input.user.name)") == json::parse(R"([null, [1], {"a": 2}, "Tom"])"));
    CHECK(eval("length(toArray($Input.long, $Input.long))") == 2);
    CHECK(eval_problem("toArray($Input.long, $Input.long, $Input.long)").what ==
          "toArray: the result would be more than 262144 bytes of JSON");
    // Growing depth one level per call stops at max_value_depth.
    Limits shallow;
    shallow.max_value_depth = 5;
    CHECK(eval("toArray(toArray(toArray(toArray(toArray(1)))))", nullptr, shallow).is_array());
    CHECK(eval_problem("toArray(toArray(toArray(toArray(toArray(toArray(1))))))", nullptr, shallow).what ==
          "toArray: the result would nest deeper than 5 arrays and objects");
}

TEST_CASE("built-ins: get", "[emulator][expr][builtins]")
{
    CHECK(eval("get([5, 6], 0)") == 5);
    CHECK(eval("get([5, 6], 1.0)") == 6);
    CHECK(eval("get([5, 6], 2)").is_null());
    CHECK(eval("get($Input.many, 9999)") == 9999);
    CHECK(eval("get($Input.user, 'name')") == "Tom");
    CHECK(eval("get($Input.user, 'missing')").is_null());
    CHECK(eval("get(toArray([1, 2]), 0)") == json::parse("[1, 2]"));
    CHECK(eval_problem("get([5, 6], -1)").what == "get: an array's index must be a whole number from 0 (got -1)");
    CHECK(eval_problem("get([5, 6], 0.5)").what == "get: an array's index must be a whole number from 0 (got 0.5)");
    CHECK(eval_problem("get([5, 6], '0')").what == "get: an array's index must be a whole number from 0 (got string)");
    CHECK(eval_problem("get({}, 0)").what == "get: expects a string key for an object (got number)");
    CHECK(eval_problem("get('abc', 0)").what ==
          "get: expects an array or an object as its first argument (got string)");
}

TEST_CASE("built-ins: intAdd", "[emulator][expr][builtins]")
{
    CHECK(eval("intAdd(-2, 3)") == 1);
    CHECK(eval("intAdd(2.0, 3)").is_int64());
    CHECK(eval("intAdd(9223372036854775806, 1)") == std::numeric_limits<std::int64_t>::max());
    CHECK(eval_problem("intAdd(9223372036854775807, 1)").what == "intAdd: the sum does not fit in a 64-bit integer");
    CHECK(eval_problem("intAdd(-9223372036854775808, -1)").what == "intAdd: the sum does not fit in a 64-bit integer");
    CHECK(eval_problem("intAdd(1.5, 1)").what == "intAdd: expects whole numbers (got 1.5)");
    CHECK(eval_problem("intAdd(1, '1')").what == "intAdd: expects whole numbers (got string)");
    CHECK(eval_problem("intAdd(18446744073709551615, 0)").what ==
          "intAdd: expects whole numbers (got 18446744073709551615)");
}

TEST_CASE("built-ins: uuid and randomInt from a deterministic Random", "[emulator][expr][builtins]")
{
    SplitMix random(42);
    const std::regex v4("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$");
    std::set<std::string> seen;
    for (int i = 0; i < 100; ++i) {
        const auto id = eval("uuid()", &random);
        REQUIRE(id.is_string());
        const std::string text(id.as_string());
        CHECK(std::regex_match(text, v4));
        seen.insert(text);
    }
    CHECK(seen.size() == 100);
    // The same seed gives the same values.
    SplitMix a(7), b(7);
    CHECK(eval("uuid()", &a) == eval("uuid()", &b));
    // Whatever the bits, the version and variant are set.
    Constant ones(~std::uint64_t{0}), zeros(0);
    CHECK(eval("uuid()", &ones) == "ffffffff-ffff-4fff-bfff-ffffffffffff");
    CHECK(eval("uuid()", &zeros) == "00000000-0000-4000-8000-000000000000");

    std::set<std::int64_t> drawn;
    for (int i = 0; i < 1000; ++i) {
        const auto n = eval("randomInt(1, 10)", &random);
        REQUIRE(n.is_int64());
        CHECK(n.as_int64() >= 1);
        CHECK(n.as_int64() <= 10);
        drawn.insert(n.as_int64());
    }
    CHECK(drawn.size() == 10);  // every value turns up
    CHECK(eval("randomInt(-3, -3)", &random) == -3);
    CHECK(eval("randomInt(-5, 5)", &ones) == -1);  // (2^64 - 1) mod 11 is 4
    CHECK(eval("randomInt(-9223372036854775808, 9223372036854775807)", &zeros) ==
          std::numeric_limits<std::int64_t>::min());
    CHECK(eval("randomInt(-9223372036854775808, 9223372036854775807)", &ones) ==
          std::numeric_limits<std::int64_t>::max());
    CHECK(eval_problem("randomInt(5, 1)", &random).what == "randomInt: min must not be more than max (got 5 and 1)");
    CHECK(eval_problem("randomInt(1, 'x')", &random).what == "randomInt: expects whole numbers (got string)");
    // Without a Random in the scope, they are a Problem.
    CHECK(eval_problem("uuid()").what == "uuid: random values are not available here");
    CHECK(eval_problem("randomInt(1, 2)").what == "randomInt: random values are not available here");
}

TEST_CASE("built-ins: names are case-sensitive and arity is checked when compiling", "[emulator][expr][builtins]")
{
    CHECK(compile_problem("Length('x')").what == "unknown function Length");
    CHECK(compile_problem("fromjson('{}')").what == "unknown function fromjson");
    CHECK(compile_problem("tojson(1)").what == "unknown function tojson");
    CHECK(compile_problem("arrayContains([1])").what == "arrayContains: expects 2 arguments (got 1)");
    CHECK(compile_problem("arrayUnique()").what == "arrayUnique: expects 1 argument (got 0)");
    CHECK(compile_problem("get([1], 0, 1)").what == "get: expects 2 arguments (got 3)");
    CHECK(compile_problem("randomInt(1)").what == "randomInt: expects 2 arguments (got 1)");
    CHECK(compile_problem("split('a')").what == "split: expects 2 arguments (got 1)");
    CHECK(compile_problem("jsonMerge({})").what == "jsonMerge: expects 2 arguments (got 1)");
    CHECK(compile_problem("intAdd(1, 2, 3)").what == "intAdd: expects 2 arguments (got 3)");
    CHECK(compile_problem("mapKeys()").what == "mapKeys: expects 1 argument (got 0)");
    CHECK(eval("toArray( )") == json::array{});
}
