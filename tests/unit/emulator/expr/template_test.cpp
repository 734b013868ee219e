// cloudflow-local's templates: constructors and Parameters with `.$` keys.
#include "expr/template.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

using namespace cloudflow::local;
using namespace cloudflow::local::expr;
namespace json = boost::json;

namespace {

const json::value input_value = json::parse(R"({"id": 7, "name": "Tom", "videoUrl": "oss://v.mp4", "list": [1, 2, 3],
                                          "text": "hello"})");
const json::value output_value = json::parse(R"({"Body": {"orderId": "o-1"}})");
const json::value global_value = json::parse(R"({"count": 2})");

Scope scope()
{
    Scope s;
    s.input = &input_value;
    s.output = &output_value;
    s.global = &global_value;
    return s;
}

Template compile(const char* text, const Limits& limits = {})
{
    auto compiled = Template::compile(json::parse(text), limits);
    INFO(text << " -> " << (compiled ? "" : compiled.error().text()));
    REQUIRE(compiled.has_value());
    return *compiled;
}

json::value evaluate(const char* text, const Scope& s = scope(), const Limits& limits = {})
{
    const auto compiled = compile(text, limits);
    auto value = compiled.evaluate(s, limits);
    INFO(text << " -> " << (value ? "" : value.error().text()));
    REQUIRE(value.has_value());
    return *value;
}

Problem compile_problem(const char* text, const Limits& limits = {})
{
    auto compiled = Template::compile(json::parse(text), limits);
    INFO(text);
    REQUIRE_FALSE(compiled.has_value());
    return compiled.error();
}

Problem eval_problem(const char* text, const Scope& s = scope(), const Limits& limits = {})
{
    const auto compiled = compile(text, limits);
    auto value = compiled.evaluate(s, limits);
    INFO(text << " -> " << (value ? json::serialize(*value) : ""));
    REQUIRE_FALSE(value.has_value());
    return value.error();
}

}  // namespace

TEST_CASE("templates: keys without .$ are literal, keys with .$ are expressions", "[emulator][expr][templates]")
{
    CHECK(evaluate(R"({"id.$": "$Input.id", "name": "$Input.name", "n": 5, "b": true, "z": null})") ==
          json::parse(R"({"id": 7, "name": "$Input.name", "n": 5, "b": true, "z": null})"));
    CHECK(evaluate(R"j({"returnID.$": "format('{}-{}', $Input.name, $Input.id)"})j") ==
          json::parse(R"({"returnID": "Tom-7"})"));
    CHECK(evaluate(R"({"lastOrder.$": "$Output.Body.orderId", "count.$": "$Global.count + 1"})") ==
          json::parse(R"({"lastOrder": "o-1", "count": 3})"));
    CHECK(evaluate(R"({"missing.$": "$Input.nothing"})") == json::parse(R"({"missing": null})"));
    // A template with no expression is its own value.
    CHECK(evaluate(R"({"a": [1, {"b": "$Input"}], "c": {}})") ==
          json::parse(R"({"a": [1, {"b": "$Input"}], "c": {}})"));
    CHECK(evaluate(R"("just a string")") == "just a string");
    CHECK(evaluate("[]") == json::array{});
}

TEST_CASE("templates: nested objects and arrays are processed at any depth", "[emulator][expr][templates]")
{
    CHECK(evaluate(R"({"body": {"videoUrl.$": "$Input.videoUrl", "opts": {"deep": {"id.$": "$Input.id"}}}})") ==
          json::parse(R"({"body": {"videoUrl": "oss://v.mp4", "opts": {"deep": {"id": 7}}}})"));
    CHECK(evaluate(R"({"items": [{"name.$": "$Input.name"}, "$Input.name", [{"x.$": "$Input.list[1]"}], 4]})") ==
          json::parse(R"({"items": [{"name": "Tom"}, "$Input.name", [{"x": 2}], 4]})"));
    CHECK(evaluate(R"([{"a.$": "$Input.id"}, {"b": 1}])") == json::parse(R"([{"a": 7}, {"b": 1}])"));
}

TEST_CASE("templates: a .$ key may hold an object or array whose strings are expressions (Q14)",
          "[emulator][expr][templates]")
{
    CHECK(evaluate(
              R"({"input.$": {"a": "$Input.id", "b": ["$Input.name", 5, true, null], "c": {"d": "$Input.text"}}})") ==
          json::parse(R"({"input": {"a": 7, "b": ["Tom", 5, true, null], "c": {"d": "hello"}}})"));
    CHECK(evaluate(R"j({"list.$": ["$Input.list[0]", "length($Input.list)"]})j") == json::parse(R"({"list": [1, 3]})"));
    // Inside, a .$ suffix is dropped as well.
    CHECK(evaluate(R"({"input.$": {"a.$": "$Input.id"}})") == json::parse(R"({"input": {"a": 7}})"));
    CHECK(evaluate(R"({"input.$": {}})") == json::parse(R"({"input": {}})"));
}

TEST_CASE("templates: inside a .$ object, a string that is neither a variable nor a call stays literal",
          "[emulator][expr][templates]")
{
    // The child-flow integration page's own example: input.$: {key1: val1, key2: $Input.age}.
    CHECK(evaluate(R"({"input.$": {"key1": "val1", "key2": "$Input.id"}})") ==
          json::parse(R"({"input": {"key1": "val1", "key2": 7}})"));
    CHECK(evaluate(R"j({"input.$": ["plain text", " $Input.name", "format('{}!', $Input.name)", "f (x"]})j") ==
          json::parse(R"({"input": ["plain text", "Tom", "Tom!", "f (x"]})"));
    // A leaf that is meant as an expression must still be one.
    CHECK(compile_problem(R"({"input.$": {"a": "$Input."}})").where.starts_with("input.$.a at character"));
    // The value of a .$ key itself is always an expression.
    CHECK(compile_problem(R"({"name.$": "val1"})").where.starts_with("name.$"));
}

TEST_CASE("templates: a .$ key with a number, boolean or null is a compile Problem", "[emulator][expr][templates]")
{
    for (const char* text : {R"({"a.$": 5})", R"({"a.$": true})", R"({"a.$": null})"}) {
        const auto p = compile_problem(text);
        CHECK(p.where == "a.$");
        CHECK_THAT(p.what, Catch::StartsWith("a key ending in .$ needs an expression (a string), or an object or "
                                             "array of them (got "));
    }
    CHECK(compile_problem(R"({"body": {"x": [0, {"n.$": 1.5}]}})").where == "body.x[1].n.$");
    CHECK(compile_problem(R"({"a.$": 5})").what ==
          "a key ending in .$ needs an expression (a string), or an object or array of them (got number)");
}

TEST_CASE("templates: a key that is only .$ is a compile Problem", "[emulator][expr][templates]")
{
    const auto p = compile_problem(R"({"body": {".$": "$Input"}})");
    CHECK(p.where == "body..$");
    CHECK(p.what == "a key must have a name before .$");
}

TEST_CASE("templates: two keys giving the same key are a compile Problem", "[emulator][expr][templates]")
{
    auto p = compile_problem(R"({"id": 1, "id.$": "$Input.id"})");
    CHECK(p.where == "id.$");
    CHECK(p.what == "gives the key \"id\" that another key of the same object gives");
    p = compile_problem(R"({"body": {"x.$": "$Input.id", "x": 2}})");
    CHECK(p.where == "body.x");
    // The same name in different objects is fine.
    CHECK(evaluate(R"({"id.$": "$Input.id", "sub": {"id": 1}})") == json::parse(R"({"id": 7, "sub": {"id": 1}})"));
}

TEST_CASE("templates: where-paths of Problems in expressions", "[emulator][expr][templates]")
{
    auto p = compile_problem(R"({"body": {"id.$": "$Input.(id"}})");
    CHECK(p.where == "body.id.$ at character 8");
    CHECK(p.what == "expects a member name after '.' (got '(')");
    CHECK(p.text() == "body.id.$ at character 8: expects a member name after '.' (got '(')");
    p = compile_problem(R"j({"items": [0, 1, {"name.$": "unknownFn()"}]})j");
    CHECK(p.where == "items[2].name.$ at character 1");
    CHECK(p.what == "unknown function unknownFn");
    p = compile_problem(R"([{"a.$": "1 +"}])");
    CHECK(p.where == "[0].a.$ at character 4");
    p = compile_problem(R"({"input.$": {"list": ["$Input", "$nope"]}})");
    CHECK(p.where == "input.$.list[1] at character 1");

    p = eval_problem(R"j({"ok.$": "$Input.id", "body": {"len.$": "1 + length($Input.id)"}})j");
    CHECK(p.where == "body.len.$ at character 5");
    CHECK(p.what == "length: expects an array, object or string (got number)");
    p = eval_problem(R"({"x.$": "$Item.id"})");
    CHECK(p.where == "x.$ at character 1");
    CHECK(p.what == "$Item is not available here");
    // Problem::within puts the template's place in the definition in front.
    CHECK(p.within("States[0].InputConstructor").text() ==
          "States[0].InputConstructor.x.$ at character 1: $Item is not available here");
}

TEST_CASE("templates: compiling goes on after a Problem, and gives every one in the order of the keys",
          "[emulator][expr][templates]")
{
    const auto source = json::parse(R"j({"a.$": "foo(1)", "ok.$": "$Input.id", "b": {"c.$": "length()", ".$": "x"},
                                         "d.$": 1, "e": [{"f.$": "abc"}]})j");
    std::vector<Problem> more;
    const auto compiled = Template::compile(source, {}, more);
    REQUIRE_FALSE(compiled.has_value());
    CHECK(compiled.error().text() == "a.$ at character 1: unknown function foo");
    REQUIRE(more.size() == 4);
    CHECK(more[0].text() == "b.c.$ at character 1: length: expects 1 argument (got 0)");
    CHECK(more[1].text() == "b..$: a key must have a name before .$");
    CHECK(more[2].text() == "d.$: a key ending in .$ needs an expression (a string), or an object or array of them "
                            "(got number)");
    CHECK(more[3].where == "e[0].f.$ at character 1");
    // One problem: nothing more; none: the template.
    more.clear();
    CHECK_FALSE(Template::compile(json::parse(R"j({"a.$": "foo(1)"})j"), {}, more).has_value());
    CHECK(more.empty());
    CHECK(Template::compile(json::parse(R"({"a.$": "$Input"})"), {}, more).has_value());
    CHECK(more.empty());
}

TEST_CASE("templates: variables() is the union over the expressions", "[emulator][expr][templates]")
{
    CHECK(compile(R"({"a": "$Input", "b": 1})").variables() == 0);
    CHECK(compile(R"({"a.$": "$Input.id", "b": {"c.$": "$Global.x"}, "d": [{"e.$": "[$Output, $Input]"}]})")
              .variables() == (Variable::input | Variable::global | Variable::output));
    CHECK(compile(R"({"m.$": {"x": "$Context.Current.Name", "y": ["$Item"]}})").variables() ==
          (Variable::context | Variable::item));
}

TEST_CASE("templates: source() is the value as written; copies share the compiled form", "[emulator][expr][templates]")
{
    const auto source = json::parse(R"({"id.$": "$Input.id", "k": [1, "x"]})");
    auto compiled = Template::compile(source);
    REQUIRE(compiled.has_value());
    CHECK(compiled->source() == source);
    const Template copy = *compiled;
    CHECK(copy.evaluate(scope()).value() == json::parse(R"({"id": 7, "k": [1, "x"]})"));
    CHECK(compiled->evaluate(scope()).value() == copy.evaluate(scope()).value());
    CHECK_FALSE(Template().evaluate(scope()).has_value());
}

TEST_CASE("templates: the expressions share one step budget", "[emulator][expr][templates]")
{
    // Each expression alone is a few steps (the path, the variable, its member, measuring the result); ten
    // of them are 40.
    std::string text = "{";
    for (int i = 0; i < 10; ++i) text += std::string(i ? "," : "") + "\"k" + std::to_string(i) + ".$\": \"$Input.id\"";
    text += "}";
    Limits limits;
    limits.max_steps = 15;
    const auto compiled = Template::compile(json::parse(text), limits);
    REQUIRE(compiled.has_value());
    const auto p = compiled->evaluate(scope(), limits).error();
    CHECK(p.what == "the evaluation takes more than 15 steps");
    CHECK_THAT(p.where, Catch::StartsWith("k"));
    limits.max_steps = 100;
    CHECK(compiled->evaluate(scope(), limits).has_value());
}

TEST_CASE("templates: the result is bounded in bytes, early", "[emulator][expr][templates]")
{
    const json::value big = {{"long", std::string(100 * 1024, 'x')}};
    Scope s;
    s.input = &big;
    CHECK(evaluate(R"({"a.$": "$Input.long", "b.$": "$Input.long"})", s).as_object().size() == 2);
    // Three copies of 100 KiB are more than 256 KiB: refused, not built.
    auto p = eval_problem(R"({"a.$": "$Input.long", "b.$": "$Input.long", "c.$": "$Input.long"})", s);
    CHECK(p.what == "the result would be more than 262144 bytes of JSON");
    CHECK(p.where.empty());
    // A thousand of them stop at the third.
    std::string many = "{";
    for (int i = 0; i < 1000; ++i)
        many += std::string(i ? "," : "") + "\"k" + std::to_string(i) + ".$\": \"$Input.long\"";
    many += "}";
    const auto compiled = Template::compile(json::parse(many));
    REQUIRE(compiled.has_value());
    const auto start = std::chrono::steady_clock::now();
    CHECK(compiled->evaluate(s).error().what == "the result would be more than 262144 bytes of JSON");
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(1));
    // Literal parts count too.
    Limits small;
    small.max_value_bytes = 30;
    CHECK(eval_problem(R"({"a.$": "$Input.id", "pad": "0123456789012345678901234567890"})", scope(), small).what ==
          "the result would be more than 30 bytes of JSON");
}

TEST_CASE("templates: nesting of the template itself is bounded", "[emulator][expr][templates]")
{
    Limits shallow;
    shallow.max_value_depth = 3;
    CHECK(compile_problem(R"({"a": {"b": {"c": {"d.$": "$Input"}}}})", shallow).what ==
          "the template nests deeper than 3 arrays and objects");
    CHECK(compile(R"({"a": {"b": {"c.$": "$Input.id"}}})", shallow).variables() == Variable::input);
}
