// cloudflow-local's expression language: syntax, operators, paths, variables and bounds.
#include "expr/expression.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>

using namespace cloudflow::local;
using namespace cloudflow::local::expr;
namespace json = boost::json;

namespace {

const json::value input_value = json::parse(R"({
    "a": 1, "s": "hello", "n": null, "t": true, "f": false, "d": 2.5, "max": 9223372036854775807,
    "b": {"c": [10, 20, {"d": "x"}]}, "under_score": 3, "0": "zero", "caf\u00e9": "cafe",
    "big": 18446744073709551615
})");
const json::value context_value =
    json::parse(R"({"Execution": {"Name": "run-1", "Input": {"v": 7}}, "Current": {"Name": "S"}})");
const json::value global_value = json::parse(R"({"count": 4})");
const json::value item_value = json::parse(R"({"id": "i-1"})");

Scope scope()
{
    Scope s;
    s.input = &input_value;
    s.context = &context_value;
    s.global = &global_value;
    s.item = &item_value;
    return s;
}

json::value eval(std::string_view text, const Limits& limits = {})
{
    auto compiled = Expression::compile(text, limits);
    INFO(text << " -> " << (compiled ? "" : compiled.error().text()));
    REQUIRE(compiled.has_value());
    auto value = compiled->evaluate(scope(), limits);
    INFO(text << " -> " << (value ? "" : value.error().text()));
    REQUIRE(value.has_value());
    return *value;
}

bool truth(std::string_view text)
{
    const auto value = eval(text);
    INFO(text << " -> " << json::serialize(value));
    REQUIRE(value.is_bool());
    return value.get_bool();
}

Problem compile_problem(std::string_view text, const Limits& limits = {})
{
    auto compiled = Expression::compile(text, limits);
    INFO(text);
    REQUIRE_FALSE(compiled.has_value());
    return compiled.error();
}

Problem eval_problem(std::string_view text, const Limits& limits = {})
{
    auto compiled = Expression::compile(text, limits);
    INFO(text << " -> " << (compiled ? "" : compiled.error().text()));
    REQUIRE(compiled.has_value());
    auto value = compiled->evaluate(scope(), limits);
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

TEST_CASE("expressions: paths read members and indexes", "[emulator][expr]")
{
    CHECK(eval("$Input.a") == 1);
    CHECK(eval("$Input") == input_value);
    CHECK(eval("$Input.b.c[1]") == 20);
    CHECK(eval("$Input.b.c[2].d") == "x");
    CHECK(eval("$Input.b.c[ 2 ].d") == "x");
    CHECK(eval("$Input .b .c[0]") == 10);
    CHECK(eval("$Input.under_score") == 3);
    CHECK(eval("$Input.0") == "zero");
    CHECK(eval("$Input.caf\xC3\xA9") == "cafe");  // bytes >= 0x80 are member characters
    CHECK(eval("$Context.Execution.Input.v") == 7);
    CHECK(eval("$Global.count") == 4);
    CHECK(eval("$Item.id") == "i-1");
}

TEST_CASE("expressions: a missing path is null (Q2)", "[emulator][expr]")
{
    CHECK(eval("$Input.missing").is_null());
    CHECK(eval("$Input.missing.deeper[3]").is_null());
    CHECK(eval("$Input.b.c[3]").is_null());
    CHECK(eval("$Input.b.c[18446744073709551615]").is_null());
    CHECK(eval("$Input.a.b").is_null());    // a member of a number
    CHECK(eval("$Input.s[0]").is_null());   // an index of a string
    CHECK(eval("$Input.b[0]").is_null());   // an index of an object
    CHECK(eval("$Input.b.c.d").is_null());  // a member of an array
    CHECK(eval("\"text\".length").is_null());
}

TEST_CASE("expressions: anything but .member and [n] in a path is a compile Problem (Q3)", "[emulator][expr]")
{
    for (const char* text : {"$Input.b.c[-1]", "$Input.b.c[$Input.a]", "$Input.b.c[*]", "$Input.b.c[\"c\"]",
                             "$Input.b.c['c']", "$Input.b.c[1+1]", "$Input.b.c[]", "$Input.b.c[0:1]"}) {
        const auto p = compile_problem(text);
        CHECK(p.where == "at character 12");
        CHECK_THAT(p.what, Catch::StartsWith("an index must be a whole number such as [0]"));
    }
    CHECK(compile_problem("$Input.b.c[99999999999999999999999]").what == "the index is too large");
    CHECK(compile_problem("$Input.").what == "expects a member name after '.' (got end of the expression)");
    CHECK(compile_problem("$Input. a").what == "expects a member name after '.' (got ' ')");
    CHECK(compile_problem("$Input.b.c[0").what == "expects ']' after the index (got end of the expression)");
}

TEST_CASE("expressions: a variable the scope does not have is a Problem", "[emulator][expr]")
{
    const auto p = eval_problem("1 + $Output.x");
    CHECK(p.what == "$Output is not available here");
    CHECK(p.where == "at character 5");
    CHECK(p.text() == "at character 5: $Output is not available here");
    Scope empty;
    auto compiled = Expression::compile("$Item");
    REQUIRE(compiled.has_value());
    CHECK(compiled->evaluate(empty).error().what == "$Item is not available here");
    const json::value out = json::parse(R"({"x": 5})");
    Scope with_output = scope();
    with_output.output = &out;
    CHECK(Expression::compile("1 + $Output.x")->evaluate(with_output).value() == 6);
}

TEST_CASE("expressions: variables are case-sensitive and only five", "[emulator][expr]")
{
    auto p = compile_problem("$input.a");
    CHECK(p.where == "at character 1");
    CHECK(p.what == "unknown variable $input (the variables are $Input, $Output, $Context, $Global and $Item)");
    CHECK(compile_problem("$.a").what ==
          "unknown variable $ (the variables are $Input, $Output, $Context, $Global and $Item)");
    CHECK(compile_problem("$Inputs").what ==
          "unknown variable $Inputs (the variables are $Input, $Output, $Context, $Global and $Item)");
}

TEST_CASE("expressions: variables() is the union of the variables read", "[emulator][expr]")
{
    CHECK(Expression::compile("1 + 2")->variables() == 0);
    CHECK(Expression::compile("$Input.a")->variables() == Variable::input);
    CHECK(Expression::compile("format('{} {}', $Output.x, $Global.y) || $Input.z == $Input.w")->variables() ==
          (Variable::input | Variable::output | Variable::global));
    CHECK(Expression::compile("[$Context, {\"k\": $Item}]")->variables() == (Variable::context | Variable::item));
    // Even a branch that short-circuits away counts: it may be read.
    CHECK(Expression::compile("false && $Output.x")->variables() == Variable::output);
    const auto e = Expression::compile(" $Input.a ");
    CHECK(e->text() == " $Input.a ");
}

TEST_CASE("expressions: number literals are JSON numbers", "[emulator][expr]")
{
    CHECK(eval("42").is_int64());
    CHECK(eval("42") == 42);
    CHECK(eval("0") == 0);
    CHECK(eval("-7") == -7);
    CHECK(eval("2.5").is_double());
    CHECK(eval("2.5") == 2.5);
    CHECK(eval("1e3").is_double());
    CHECK(eval("1e3") == 1000.0);
    CHECK(eval("1E-2") == 0.01);
    CHECK(eval("9223372036854775807") == std::numeric_limits<std::int64_t>::max());
    CHECK(eval("-9223372036854775808") == std::numeric_limits<std::int64_t>::min());
    CHECK(eval("-9223372036854775808").is_int64());
    CHECK(eval("18446744073709551615") == std::numeric_limits<std::uint64_t>::max());
    CHECK(eval("18446744073709551616").is_double());
    CHECK(eval("1e-400") == 0.0);
    CHECK(compile_problem("1e400").what == "the number is too large for a double");
    CHECK(compile_problem("007").what == "a number does not start with 0 (as in JSON)");
    CHECK(compile_problem("1e").what == "a number's exponent has no digits");
    CHECK(compile_problem("1.").what == "expects a member name after '.' (got end of the expression)");
}

TEST_CASE("expressions: string literals in three quotes", "[emulator][expr]")
{
    CHECK(eval(R"("a\"b\\c\/d\n\t\r\b\f")") == "a\"b\\c/d\n\t\r\b\f");
    CHECK(eval(R"("\u00e9\u65E5\ud83d\ude00")") == "\xC3\xA9\xE6\x97\xA5\xF0\x9F\x98\x80");
    CHECK(eval(R"('it\'s a \\ and a \n')") == "it's a \\ and a \\n");
    CHECK(eval(R"(`back\`tick \\ "quoted" 'single'`)") == "back`tick \\ \"quoted\" 'single'");
    CHECK(eval(R"('say "hi"')") == "say \"hi\"");
    CHECK(eval("''") == "");
    auto p = compile_problem(R"(1 + "abc)");
    CHECK(p.where == "at character 5");
    CHECK(p.what == "the string that starts here is not closed");
    CHECK(compile_problem(R"("\x")").what == "unknown escape \\x in a string");
    CHECK(compile_problem(R"("\u12")").what == "\\u needs four hexadecimal digits");
    CHECK(compile_problem(R"("\udc00")").what == "a \\u escape is an unpaired low surrogate");
    CHECK(compile_problem(R"("\ud800x")").what == "a \\u escape is an unpaired high surrogate");
    CHECK(compile_problem(R"('abc\')").what == "the string that starts here is not closed");
}

TEST_CASE("expressions: true, false, null, arrays and objects", "[emulator][expr]")
{
    CHECK(eval("true") == true);
    CHECK(eval("false") == false);
    CHECK(eval("null").is_null());
    CHECK(eval("[]") == json::array{});
    CHECK(eval("{}") == json::object{});
    CHECK(eval(R"([1, "two", [3], {"four": 4}, $Input.a, null])") == json::parse(R"([1,"two",[3],{"four":4},1,null])"));
    CHECK(eval(R"({"name": "Tom", 'age': 10, `k`: $Input.b.c[0] + 1})") ==
          json::parse(R"({"name":"Tom","age":10,"k":11})"));
    auto p = compile_problem(R"({"a": 1, "a": 2})");
    CHECK(p.what == "the key \"a\" is given twice in the object");
    CHECK(p.where == "at character 10");
    CHECK(compile_problem("{a: 1}").what == "expects a quoted key in the object (got 'a')");
    CHECK(compile_problem("[1, 2").what == "expects ',' or ']' in the array (got end of the expression)");
    CHECK(compile_problem("[1 2]").what == "expects ',' or ']' in the array (got '2')");
    CHECK(compile_problem("[1,]").what == "expects a value (got ']')");
    CHECK(compile_problem(R"({"a" 1})").what == "expects ':' after the key (got '1')");
}

TEST_CASE("expressions: == and != compare structurally, numbers by value", "[emulator][expr]")
{
    CHECK(truth("1 == 1.0"));
    CHECK(truth("1 == 1"));
    CHECK(truth("0 == -0.0"));
    CHECK(truth("$Input.max == 9223372036854775807"));
    CHECK_FALSE(truth("$Input.max == 9223372036854775806"));
    CHECK_FALSE(truth("9007199254740993 == 9007199254740992.0"));  // not equal, though equal as doubles
    CHECK(truth("$Input.big == 18446744073709551615"));
    CHECK_FALSE(truth("$Input.big == 18446744073709551615.0"));  // that double is 2^64
    CHECK_FALSE(truth("$Input.big == -1"));
    CHECK(truth("\"ready\" == 'ready'"));
    CHECK_FALSE(truth("\"1\" == 1"));
    CHECK(truth("null == null"));
    CHECK(truth("$Input.missing == null"));
    CHECK_FALSE(truth("false == null"));
    CHECK(truth("true != false"));
    CHECK(truth("[1, [2.0, {\"a\": null}]] == [1.0, [2, {\"a\": null}]]"));
    CHECK_FALSE(truth("[1, 2] == [2, 1]"));
    CHECK_FALSE(truth("[1, 2] == [1, 2, 3]"));
    CHECK(truth("{\"a\": 1, \"b\": [2]} == {\"b\": [2.0], \"a\": 1}"));  // key order does not matter
    CHECK_FALSE(truth("{\"a\": 1} == {\"a\": 1, \"b\": 2}"));
    CHECK_FALSE(truth("{\"a\": 1} == {\"b\": 1}"));
    CHECK(truth("$Input.b == {\"c\": [10, 20, {\"d\": \"x\"}]}"));
    CHECK(truth("$Input.b != {\"c\": []}"));
}

TEST_CASE("expressions: ordering compares two numbers or two strings, anything else is false", "[emulator][expr]")
{
    CHECK(truth("1 < 2"));
    CHECK(truth("2 <= 2.0"));
    CHECK(truth("2.5 > 2"));
    CHECK(truth("-1 >= -1"));
    CHECK_FALSE(truth("2 < 1"));
    CHECK(truth("9007199254740993 > 9007199254740992.0"));        // exact, not as doubles
    CHECK(truth("9223372036854775807 < 9223372036854775807.0"));  // that double is 2^63
    CHECK(truth("$Input.big > $Input.max"));
    CHECK(truth("$Input.big > 1e19 - 1e18"));
    CHECK(truth("\"abc\" < \"abd\""));
    CHECK(truth("\"B\" < \"a\""));         // byte order
    CHECK(truth("\"z\" < \"\xC3\xA9\""));  // bytes, unsigned: 0xC3 > 'z'
    CHECK(truth("\"ab\" < \"abc\""));
    CHECK(truth("$Context.Current.Name >= \"S\""));
    for (const char* text : {"1 < \"2\"", "\"1\" < 2", "null < 1", "1 >= null", "true > false", "[1] < [2]",
                             "$Input.missing <= 0", "{} >= {}"})
        CHECK_FALSE(truth(text));
    CHECK(truth("$Input.s==\"hello\""));  // spaces are optional
}

TEST_CASE("expressions: comparisons do not chain", "[emulator][expr]")
{
    auto p = compile_problem("1 < 2 < 3");
    CHECK(p.what == "comparisons do not chain: write a < b && b < c rather than a < b < c");
    CHECK(p.where == "at character 7");
    CHECK(compile_problem("1 == 1 == true").where == "at character 8");
    CHECK(truth("(1 < 2) == true"));
    CHECK(compile_problem("1 = 1").what == "'=' is not an operator (use == to compare)");
}

TEST_CASE("expressions: !, && and || take booleans, null is false, and short-circuit", "[emulator][expr]")
{
    CHECK(truth("!false"));
    CHECK(truth("!null"));
    CHECK(truth("!$Input.missing"));
    CHECK(truth("!!true"));
    CHECK(truth("true && true"));
    CHECK_FALSE(truth("true && null"));
    CHECK_FALSE(truth("null || false"));
    CHECK(truth("false || true"));
    CHECK(truth("$Input.t && !$Input.f && $Input.a == 1"));
    // Short-circuit: the right side is not evaluated ($Output is not in the scope).
    CHECK_FALSE(truth("false && $Output.x"));
    CHECK_FALSE(truth("null && $Output.x"));
    CHECK(truth("true || $Output.x"));
    CHECK(truth("false || false || true || $Output.x"));

    auto p = eval_problem("!1");
    CHECK(p.what == "!: expects booleans (got number)");
    CHECK(p.where == "at character 1");
    p = eval_problem("true && \"yes\"");
    CHECK(p.what == "&&: expects booleans (got string)");
    CHECK(p.where == "at character 6");
    p = eval_problem("[] || true");
    CHECK(p.what == "||: expects booleans (got array)");
    CHECK(p.where == "at character 4");
    p = eval_problem("false || true && {}");
    CHECK(p.what == "&&: expects booleans (got object)");
    CHECK(p.where == "at character 15");
    CHECK(compile_problem("true & false").what == "unexpected '&' after a complete expression");
    CHECK(compile_problem("true | false").what == "unexpected '|' after a complete expression");
}

TEST_CASE("expressions: arithmetic on numbers", "[emulator][expr]")
{
    CHECK(eval("1 + 2").is_int64());
    CHECK(eval("1 + 2") == 3);
    CHECK(eval("1 + 2.5") == 3.5);
    CHECK(eval("1.5 + 1.5").is_double());
    CHECK(eval("5 - 7") == -2);
    CHECK(eval("6 * 7") == 42);
    CHECK(eval("6 / 3").is_int64());
    CHECK(eval("6 / 3") == 2);
    CHECK(eval("7 / 2").is_double());
    CHECK(eval("7 / 2") == 3.5);
    CHECK(eval("-7 / 2") == -3.5);
    CHECK(eval("7.0 / 2") == 3.5);
    CHECK(eval("7 % 3") == 1);
    CHECK(eval("-7 % 3") == -1);  // the dividend's sign
    CHECK(eval("7 % -3") == 1);
    CHECK(eval("7.0 % 2") == 1);
    CHECK(eval("7.0 % 2").is_int64());
    CHECK(eval("-9223372036854775808 % -1") == 0);
    CHECK(eval("-$Input.a") == -1);
    CHECK(eval("-$Input.d") == -2.5);
    CHECK(eval("- -3") == 3);
    CHECK(eval("$Input.b.c[0] * $Input.a + $Global.count") == 14);
    // Integers stay integers until they overflow: then doubles.
    CHECK(eval("9223372036854775807 + 1").is_double());
    CHECK(eval("9223372036854775807 + 1") == 9223372036854775808.0);
    CHECK(eval("-9223372036854775808 - 1").is_double());
    CHECK(eval("4294967296 * 4294967296") == 18446744073709551616.0);
    CHECK(eval("-9223372036854775808 / -1") == 9223372036854775808.0);
    CHECK(eval("-(-9223372036854775808)") == 9223372036854775808.0);
    CHECK(eval("$Input.big + 1") == 18446744073709551616.0);  // past int64: doubles
    CHECK(eval("\"con\" + 'cat' + `enation`") == "concatenation");

    auto p = eval_problem("1 / 0");
    CHECK(p.what == "/: division by zero");
    CHECK(p.where == "at character 3");
    CHECK(eval_problem("1 / 0.0").what == "/: division by zero");
    CHECK(eval_problem("1 % 0").what == "%: division by zero");
    CHECK(eval_problem("7.5 % 2").what == "%: expects whole numbers (got 7.5)");
    CHECK(eval_problem("7 % 2.5").what == "%: expects whole numbers (got 2.5)");
    CHECK(eval_problem("1e308 * 10").what == "*: the result is not a finite number");
    CHECK(eval_problem("-1e308 - 1e308").what == "-: the result is not a finite number");
    CHECK(eval_problem("1 + \"1\"").what == "+: expects two numbers or two strings (got number and string)");
    CHECK(eval_problem("\"a\" - \"b\"").what == "-: expects two numbers (got string and string)");
    CHECK(eval_problem("null * 2").what == "*: expects two numbers (got null and number)");
    p = eval_problem("1 + 2 + $Input.s");
    CHECK(p.where == "at character 7");
    p = eval_problem("-$Input.s");
    CHECK(p.what == "-: expects a number (got string)");
    CHECK(p.where == "at character 1");
}

TEST_CASE("expressions: precedence, low to high: ||, &&, comparisons, + -, * / %, unary, postfix", "[emulator][expr]")
{
    CHECK(eval("1 + 2 * 3") == 7);
    CHECK(eval("(1 + 2) * 3") == 9);
    CHECK(eval("10 - 2 - 3") == 5);  // from the left
    CHECK(eval("100 / 10 / 5") == 2);
    CHECK(eval("2 * 3 % 4") == 2);
    CHECK(eval("2 + 3 % 2") == 3);
    CHECK(eval("-2 * 3") == -6);
    CHECK(eval("-$Input.b.c[1] + 1") == -19);  // postfix before unary
    CHECK(truth("1 + 2 == 3"));
    CHECK(truth("true || false && false"));  // && before ||
    CHECK_FALSE(truth("(true || false) && false"));
    CHECK(truth("!false && true"));
    CHECK_FALSE(truth("!(false || true)"));
    CHECK(truth("1 < 2 && 3 > 2 || false"));
    CHECK(truth("$Input.a + 1 >= 2 && $Input.s == 'hel' + 'lo'"));
    CHECK(eval("((((((1))))))") == 1);
}

TEST_CASE("expressions: postfix applies to any value", "[emulator][expr]")
{
    CHECK(eval("toArray(1, 2)[1]") == 2);
    CHECK(eval(R"({"a": {"b": [5, 6]}}.a.b[1])") == 6);
    CHECK(eval(R"(["x", "y"][0])") == "x");
    CHECK(eval("($Input.b).c[0]") == 10);
    CHECK(eval("stringToJson('{\"k\": [1, {\"m\": 2}]}').k[1].m") == 2);
}

TEST_CASE("expressions: syntax Problems say what and at which character", "[emulator][expr]")
{
    auto p = compile_problem("");
    CHECK(p.what == "expects a value (got end of the expression)");
    CHECK(p.where == "at character 1");
    p = compile_problem("1 +");
    CHECK(p.what == "expects a value (got end of the expression)");
    CHECK(p.where == "at character 4");
    p = compile_problem("(1 + 2");
    CHECK(p.what == "expects ')' (got end of the expression)");
    CHECK(p.where == "at character 7");
    p = compile_problem("1 2");
    CHECK(p.what == "unexpected '2' after a complete expression");
    CHECK(p.where == "at character 3");
    p = compile_problem("$Input.s == ready");
    CHECK(p.what == "unknown name ready (strings are quoted, variables start with $, functions are called with ())");
    CHECK(p.where == "at character 13");
    p = compile_problem("fromjson('{}')");
    CHECK(p.what == "unknown function fromjson");
    CHECK(p.where == "at character 1");
    p = compile_problem("1 + length(1, 2)");
    CHECK(p.what == "length: expects 1 argument (got 2)");
    CHECK(p.where == "at character 5");
    CHECK(compile_problem("hash('a')").what == "hash: expects 2 arguments (got 1)");
    CHECK(compile_problem("format()").what == "format: expects at least 1 argument (got 0)");
    CHECK(compile_problem("uuid(1)").what == "uuid: expects 0 arguments (got 1)");
    CHECK(compile_problem("length(1").what == "expects ',' or ')' after an argument (got end of the expression)");
    CHECK(compile_problem("1 + #").what == "expects a value (got '#')");
    CHECK(compile_problem("1 + \x01").what == "expects a value (got byte 0x01)");
    CHECK(compile_problem("a\xC3\xA9").what ==
          "unknown name a (strings are quoted, variables start with $, functions are called with ())");
    CHECK(compile_problem("1 !").what == "unexpected '!' after a complete expression");
    CHECK(compile_problem("!= 1").what == "expects a value (got '!=')");
}

TEST_CASE("expressions: the text must be UTF-8", "[emulator][expr]")
{
    for (const char* text : {"'\xA4'", "'\xC0\xAF'", "'\xED\xA0\x80'", "'\xF4\x90\x80\x80'", "'\xE6\x97'"}) {
        const auto p = compile_problem(text);
        CHECK(p.what == "the expression is not UTF-8 text");
        CHECK(p.where == "at character 2");
    }
    CHECK(eval("'\xE6\x97\xA5\xF0\x9F\x98\x80'") == "\xE6\x97\xA5\xF0\x9F\x98\x80");
}

TEST_CASE("expressions: evaluation Problems say where", "[emulator][expr]")
{
    auto p = eval_problem("$Input.a == 1 && length($Input.a) > 0");
    CHECK(p.what == "length: expects an array, object or string (got number)");
    CHECK(p.where == "at character 18");
    p = eval_problem("[1, 2 / 0]");
    CHECK(p.where == "at character 7");
}

TEST_CASE("expressions: an expression is compiled once and evaluated many times", "[emulator][expr]")
{
    const auto compiled = Expression::compile("$Input.n == null && $Input.a + 1 == 2");
    REQUIRE(compiled.has_value());
    const Expression copy = *compiled;  // copies share the tree
    for (int i = 0; i < 3; ++i) CHECK(copy.evaluate(scope()).value() == true);
    const json::value other = json::parse(R"({"a": 5})");
    Scope s;
    s.input = &other;
    CHECK(compiled->evaluate(s).value() == false);
    // A default Expression was never compiled.
    CHECK_FALSE(Expression().evaluate(s).has_value());
}

TEST_CASE("expressions: the text's length is bounded", "[emulator][expr]")
{
    const std::string long_text(4097, '1');
    auto p = compile_problem(long_text);
    CHECK(p.what == "the expression is longer than 4096 bytes (4097)");
    CHECK(p.where == "at character 4097");
    Limits small;
    small.max_length = 10;
    CHECK(compile_problem("1 + 2 + 3 + 4", small).what == "the expression is longer than 10 bytes (13)");
    CHECK(eval("'" + std::string(4094, 'x') + "'") == json::string(4094, 'x'));  // exactly 4096 bytes
}

TEST_CASE("expressions: nesting is bounded, and hostile text is refused without deep recursion", "[emulator][expr]")
{
    Limits unbounded_length;
    unbounded_length.max_length = 1'000'000;
    for (const char c : {'(', '!', '-', '['}) {
        const std::string text(100'000, c);
        double took = seconds([&] {
            const auto p = compile_problem(text, unbounded_length);
            CHECK(p.what ==
                  "the expression nests deeper than 64 levels (operators, parentheses, calls, arrays and objects)");
            CHECK(p.where == "at character 65");
        });
        CHECK(took < 1.0);
    }
    std::string objects;
    for (int i = 0; i < 100'000; ++i) objects += "{\"a\":";
    CHECK(compile_problem(objects, unbounded_length).what ==
          "the expression nests deeper than 64 levels (operators, parentheses, calls, arrays and objects)");
    std::string calls;
    for (int i = 0; i < 100'000; ++i) calls += "toArray(";
    CHECK_THAT(compile_problem(calls, unbounded_length).what, Catch::StartsWith("built-in calls nest deeper than 10"));

    // Right at the bound: 64 levels compile and evaluate.
    const std::string deep = std::string(63, '(') + "1" + std::string(63, ')');
    CHECK(eval(deep) == 1);
    CHECK(eval(std::string(64, '!') + "true") == true);
    CHECK(compile_problem(std::string(65, '!') + "true").where == "at character 65");
    Limits shallow;
    shallow.max_nesting = 3;
    CHECK(compile_problem("[[[[1]]]]", shallow).where == "at character 4");

    // Long chains of binary operators are flat: no nesting, any length within max_length.
    std::string sum = "0";
    for (int i = 0; i < 2000; ++i) sum += "+1";
    CHECK(eval(sum) == 2000);
    std::string ors = "false";
    for (int i = 0; i < 500; ++i) ors += "||false";
    CHECK(eval(ors) == false);
}

TEST_CASE("expressions: built-in calls nest at most 10 deep", "[emulator][expr]")
{
    std::string ten = "1";
    for (int i = 0; i < 10; ++i) ten = "toArray(" + ten + ")";
    CHECK(eval(ten).is_array());
    const auto p = compile_problem("toArray(" + ten + ")");
    CHECK(p.what == "built-in calls nest deeper than 10");
    CHECK(p.where == "at character 81");
    // Calls side by side are not nested.
    std::string wide = "toArray(";
    for (int i = 0; i < 50; ++i) wide += std::string(i ? "," : "") + "length('x')";
    CHECK(eval(wide + ")").as_array().size() == 50);
}

TEST_CASE("expressions: evaluation steps are bounded", "[emulator][expr]")
{
    Limits few;
    few.max_steps = 10;
    CHECK(eval("1 + 1", few) == 2);
    auto p = eval_problem("1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1", few);
    CHECK(p.what == "the evaluation takes more than 10 steps");
    // A comparison of large equal values counts every element it compares.
    json::array many;
    for (int i = 0; i < 10'000; ++i) many.emplace_back(i);
    const json::value big = {{"many", many}};
    Scope s;
    s.input = &big;
    few.max_steps = 5'000;
    auto compiled = Expression::compile("$Input.many == $Input.many");
    REQUIRE(compiled.has_value());
    CHECK(compiled->evaluate(s, few).error().what == "the evaluation takes more than 5000 steps");
    few.max_steps = 20'000;
    CHECK(compiled->evaluate(s, few).value() == true);
}

TEST_CASE("expressions: values built are bounded in bytes and depth", "[emulator][expr]")
{
    Limits small;
    small.max_value_bytes = 20;
    CHECK(eval("'0123456789' + '01234567'", small) == "012345678901234567");  // 18 bytes and two quotes
    auto p = eval_problem("'0123456789' + '012345678'", small);
    CHECK(p.what == "+: the result would be more than 20 bytes of JSON");
    CHECK(p.where == "at character 14");
    CHECK(eval_problem("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]", small).what ==
          "[...]: the result would be more than 20 bytes of JSON");
    CHECK(eval_problem(R"({"key": "0123456789abc"})", small).what ==
          "{...}: the result would be more than 20 bytes of JSON");
    // Escapes count as JSON text: ten newlines are 22 bytes.
    CHECK(eval_problem(R"("\n\n\n\n\n\n\n\n\n" + "\n")", small).what ==
          "+: the result would be more than 20 bytes of JSON");

    // Growing a 100 KiB string: refused at the bound, quickly.
    const json::value big = {{"long", std::string(100 * 1024, 'x')}};
    Scope s;
    s.input = &big;
    auto grow = Expression::compile("$Input.long + $Input.long + $Input.long + $Input.long + $Input.long");
    REQUIRE(grow.has_value());
    const double took = seconds(
        [&] { CHECK(grow->evaluate(s).error().what == "+: the result would be more than 262144 bytes of JSON"); });
    CHECK(took < 1.0);
    CHECK(Expression::compile("$Input.long + $Input.long")->evaluate(s).value().as_string().size() == 200 * 1024);

    Limits shallow;
    shallow.max_value_depth = 3;
    CHECK(eval("[[[1]]]", shallow) == json::parse("[[[1]]]"));
    CHECK(eval_problem("[[[[1]]]]", shallow).what == "[...]: the result would nest deeper than 3 arrays and objects");
    CHECK(eval_problem("[[$Input.b.c]]", shallow).what ==
          "[...]: the result would nest deeper than 3 arrays and objects");
    shallow.max_value_depth = 2;
    CHECK(eval_problem("$Input.b == $Input.b", shallow).what == "==: the values nest deeper than 2 arrays and objects");
    CHECK(eval("$Input.b == $Input.a", shallow) == false);  // different types: nothing to walk
}

TEST_CASE("expressions: in tests an array's elements and an object's keys", "[emulator][expr]")
{
    // The Choice page's 2024 revision (tc) lists `in`: an array has a value, an object a key.
    CHECK(eval(R"(2 in [1, 2, 3])") == json::value(true));
    CHECK(eval(R"("b" in {"a": 1, "b": 2})") == json::value(true));
    CHECK(eval(R"("c" in {"a": 1})") == json::value(false));
    CHECK(eval(R"({"x": [1]} in [{"x": [1.0]}])") == json::value(true));
    CHECK(eval(R"(1 in "123")") == json::value(false));
    CHECK(eval(R"(1 in [0] || 2 in [2])") == json::value(true));
}
