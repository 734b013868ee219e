// read_document: YAML (core schema) and JSON text to a JSON value, within its bounds.
#include "lang/document.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace cloudflow::local;
namespace json = boost::json;

namespace {

json::value read(std::string_view text, const DocumentLimits& limits = {})
{
    auto read = read_document(text, limits);
    const std::string why = read ? "" : read.error().text();
    INFO(why);
    REQUIRE(read.has_value());
    return *read;
}

Problem refused(std::string_view text, const DocumentLimits& limits = {})
{
    auto read = read_document(text, limits);
    if (read) INFO("read as " + json::serialize(*read));
    REQUIRE_FALSE(read.has_value());
    return read.error();
}

// The value of `key` in a one-line YAML mapping "key: <scalar>".
json::value scalar(const std::string& text)
{
    return read("v: " + text).at("v");
}

// "a0: &a0 [lol x9]", then each level an anchored sequence of nine aliases of the one before:
// `levels` levels; `nodes` is what reading it makes, every alias expanded.
std::string laughs(int levels, std::size_t& nodes)
{
    std::string text;
    std::size_t level_nodes = 0;
    nodes = 1;  // the top mapping
    for (int i = 0; i < levels; ++i) {
        const std::string name = "a" + std::to_string(i);
        text += name + ": &" + name + " [";
        for (int j = 0; j < 9; ++j)
            text += (j ? ", " : "") + (i == 0 ? std::string("lol") : "*a" + std::to_string(i - 1));
        text += "]\n";
        level_nodes = i == 0 ? 10 : 1 + 9 * level_nodes;
        nodes += 1 + level_nodes;  // the key and the sequence
    }
    return text;
}

}  // namespace

TEST_CASE("documents: plain scalars resolve by the core schema", "[emulator][document]")
{
    for (const char* null : {"~", "null", "Null", "NULL", ""}) CHECK(scalar(null).is_null());
    for (const char* yes : {"true", "True", "TRUE"}) CHECK(scalar(yes) == json::value(true));
    for (const char* no : {"false", "False", "FALSE"}) CHECK(scalar(no) == json::value(false));
    CHECK(scalar("0") == json::value(0));
    CHECK(scalar("42").is_int64());
    CHECK(scalar("-17") == json::value(-17));
    CHECK(scalar("+17") == json::value(17));
    CHECK(scalar("012") == json::value(12));  // decimal in YAML 1.2, not octal
    CHECK(scalar("0o17") == json::value(15));
    CHECK(scalar("0x1F") == json::value(31));
    CHECK(scalar("0xff") == json::value(255));
    CHECK(scalar("9223372036854775807") == json::value(INT64_MAX));
    CHECK(scalar("-9223372036854775808") == json::value(INT64_MIN));
    CHECK(scalar("18446744073709551615").is_uint64());
    CHECK(scalar("18446744073709551616").is_double());  // as JSON reads it
    CHECK(scalar("1.5") == json::value(1.5));
    CHECK(scalar("-1.5E-2") == json::value(-0.015));
    CHECK(scalar(".5") == json::value(0.5));
    CHECK(scalar("1.") == json::value(1.0));
    CHECK(scalar("1e3") == json::value(1000.0));
    CHECK(scalar("1e3").is_double());
    CHECK(scalar("+2.5") == json::value(2.5));
    // Everything else is a string: YAML 1.1's booleans and sexagesimals are not the core schema's.
    for (const char* text :
         {"yes", "no", "on", "off", "y", "1:30", "0b101", "1_000", "0x", "0o8", "1e", "e3", "-1-2", "hello world",
          "$Input.x", "acs:fc:cn-hangzhou:123:functions/f/LATEST", "nulls", "true1", "2024-01-01"})
        CHECK(scalar(text) == json::value(text));
}

TEST_CASE("documents: quoted scalars are strings, with their escapes", "[emulator][document]")
{
    CHECK(scalar("\"123\"") == json::value("123"));
    CHECK(scalar("'true'") == json::value("true"));
    CHECK(scalar("''") == json::value(""));
    CHECK(scalar("\"null\"") == json::value("null"));
    CHECK(scalar("'it''s'") == json::value("it's"));
    CHECK(scalar(R"("tab\there\nline \u00e9 \"q\" \\")") == json::value("tab\there\nline \xC3\xA9 \"q\" \\"));
    CHECK(scalar(R"("a\x41")") == json::value("aA"));
    CHECK(scalar("'no \\n escape'") == json::value("no \\n escape"));
    CHECK(scalar("\"$Input.status == \\\"ready\\\"\"") == json::value("$Input.status == \"ready\""));
    // A plain scalar may hold quotes, '#' without a space before it, and ": " only when quoted.
    CHECK(scalar("$Input.status == \"ready\"") == json::value("$Input.status == \"ready\""));
    CHECK(scalar("a#b") == json::value("a#b"));
    CHECK(scalar("'a: b'") == json::value("a: b"));
    CHECK(scalar("\"caf\xC3\xA9\"") == json::value("caf\xC3\xA9"));
}

TEST_CASE("documents: block and flow styles give the same value", "[emulator][document]")
{
    const auto block = read(R"(
top:
  list:
    - 1
    - two
    - nested:
        - a
        - b
      more:
        x: 1
        y:
          - true
          - null
  empty_map: {}
  empty_list: []
)");
    // (A text whose first character is '{' or '[' is JSON: this flow mapping is a value.)
    const auto flow = read(R"(v: {top: {list: [1, two, {nested: [a, b], more: {x: 1, y: [true, ~]}}],
                             empty_map: {}, empty_list: []}})")
                          .at("v");
    const auto json = json::parse(R"({"top": {"list": [1, "two", {"nested": ["a", "b"], "more": {"x": 1,
        "y": [true, null]}}], "empty_map": {}, "empty_list": []}})");
    CHECK(block == json);
    CHECK(flow == json);
    // A sequence at the top, a scalar at the top, and a flow sequence spread over lines.
    CHECK(read("- a\n- b\n") == json::parse(R"(["a", "b"])"));
    CHECK(read("just text") == json::value("just text"));
    CHECK(read("[1,\n  2,\n  3]") == json::parse("[1, 2, 3]"));  // JSON: its first character is '['
    CHECK(read("--- [1,\n  2]\n...\n") == json::parse("[1, 2]"));
    CHECK(read("? complex\n: key\n") == json::parse(R"({"complex": "key"})"));
    CHECK(read("a:\nb: 1") == json::parse(R"({"a": null, "b": 1})"));
}

TEST_CASE("documents: keys keep their text, whatever it resolves to", "[emulator][document]")
{
    CHECK(read("1: one\ntrue: yes\nnull: x\n~: y\n1.50: z\n") ==
          json::parse(R"({"1": "one", "true": "yes", "null": "x", "~": "y", "1.50": "z"})"));
    CHECK(read("\"quoted key\": 1\n'single': 2\nid.$: $Input.id\n") ==
          json::parse(R"({"quoted key": 1, "single": 2, "id.$": "$Input.id"})"));
}

TEST_CASE("documents: literal and folded block scalars", "[emulator][document]")
{
    const auto v = read(R"(
literal: |
  line one
    indented
  line three
folded: >
  folded
  into one

  paragraph two
strip: |-
  no newline
keep: |+
  kept

after: 1
indented: |2
    two extra
)");
    CHECK(v.at("literal") == json::value("line one\n  indented\nline three\n"));
    CHECK(v.at("folded") == json::value("folded into one\nparagraph two\n"));
    CHECK(v.at("strip") == json::value("no newline"));
    CHECK(v.at("keep") == json::value("kept\n\n"));
    CHECK(v.at("indented") == json::value("  two extra\n"));
    // A multi-line plain scalar folds too; a literal never resolves ("|\n  42" is a string).
    CHECK(read("a: one\n  two\n").at("a") == json::value("one two"));
    CHECK(read("a: |\n  42\n").at("a") == json::value("42\n"));
}

TEST_CASE("documents: comments are ignored", "[emulator][document]")
{
    const auto v = read(R"(# a comment first
%YAML 1.2
---
a: 1 # after a value
# between
b: [x, # inside a flow sequence
    y]
c: "# not a comment"
d: text#not a comment
)");
    CHECK(v == json::parse(R"({"a": 1, "b": ["x", "y"], "c": "# not a comment", "d": "text#not a comment"})"));
    CHECK(read("# only a comment\nnull\n").is_null());
}

TEST_CASE("documents: anchors and aliases repeat nodes", "[emulator][document]")
{
    const auto v = read(R"(
base: &base {retries: 3, wait: [1, 2]}
copy: *base
name: &n orders
names: [*n, *n]
&k key: 1
other: {*k : 2}
again: &base [redefined]
after: *base
)");
    CHECK(v.at("copy") == json::parse(R"({"retries": 3, "wait": [1, 2]})"));
    CHECK(v.at("names") == json::parse(R"(["orders", "orders"])"));
    CHECK(v.at("other") == json::parse(R"({"key": 2})"));
    CHECK(v.at("after") == json::parse(R"(["redefined"])"));
    // A scalar's anchor keeps its resolved value.
    CHECK(read("a: &x 12\nb: *x\n").at("b") == json::value(12));

    CHECK(refused("a: *nowhere\n").text() ==
          "line 1, column 4: the alias *nowhere names no anchor whose node is complete before it");
    CHECK(refused("a: &self [1, *self]\n").what.find("no anchor whose node is complete") != std::string::npos);
    CHECK(refused("a: &m {x: 1}\n*m : 2\n").text() == "line 2, column 1: a mapping key must be a scalar");
}

TEST_CASE("documents: a billion laughs is refused when its nodes pass the limit", "[emulator][document]")
{
    std::size_t nodes = 0;
    const std::string nine = laughs(9, nodes);  // 9^9 "lol"s: more than 387 million nodes
    CHECK(nodes > 387'000'000);
    const auto p = refused(nine);
    CHECK(p.what.find("more than 100000 nodes") != std::string::npos);
    CHECK(p.where == "line 6, column 10");  // the first alias of a5 passes the limit (a4 has 66430)
    CHECK(refused(nine, {.max_nodes = 1000}).where == "line 4, column 10");

    // Reading stops exactly at the limit, so a refusal costs at most max_nodes nodes: the nodes of
    // four levels, every alias expanded, are read with that limit and refused with one less.
    const std::string four = laughs(4, nodes);
    CHECK(nodes == 8307);
    const auto whole = read(four, {.max_nodes = nodes});
    CHECK(whole.at("a3").as_array().size() == 9);
    CHECK(whole.at("a3").at(8).at(8).at(8) ==
          json::parse(R"(["lol","lol","lol","lol","lol","lol","lol","lol","lol"])"));
    CHECK(refused(four, {.max_nodes = nodes - 1}).what.find("more than 8306 nodes") != std::string::npos);
}

TEST_CASE("documents: the copies anchors keep are bounded too", "[emulator][document]")
{
    // 60 anchored sequences inside each other: 120 nodes, but each anchor keeps a copy of what it
    // holds, 3660 nodes together.
    std::string nested = "v: ";
    for (int i = 0; i < 60; ++i) nested += "&a" + std::to_string(i) + " [x, ";
    nested += "end" + std::string(60, ']');
    CHECK(read(nested, {.max_nodes = 4000}).at("v").at(0) == json::value("x"));
    CHECK(refused(nested, {.max_nodes = 200}).what == "anchors keep more than 200 nodes");
}

TEST_CASE("documents: standard tags are honoured, others refused", "[emulator][document]")
{
    CHECK(scalar("!!str 123") == json::value("123"));
    CHECK(scalar("!!str true") == json::value("true"));
    CHECK(scalar("! 123") == json::value("123"));
    CHECK(scalar("!!int \"12\"") == json::value(12));
    CHECK(scalar("!!int 0x10") == json::value(16));
    CHECK(scalar("!!float 1") == json::value(1.0));
    CHECK(scalar("!!float 1").is_double());
    CHECK(scalar("!!float '2.5'") == json::value(2.5));
    CHECK(scalar("!!bool 'true'") == json::value(true));
    CHECK(scalar("!!null ''").is_null());
    CHECK(scalar("!!null ~").is_null());
    CHECK(read("!!map {a: !!seq [1]}") == json::parse(R"({"a": [1]})"));
    CHECK(read("%TAG !e! tag:yaml.org,2002:\n--- !e!str 5\n") == json::value("5"));

    CHECK(refused("v: !!int abc").text() == "line 1, column 4: \"abc\" is not an integer (tagged !!int)");
    CHECK(refused("v: !!float abc").what == "\"abc\" is not a finite float (tagged !!float)");
    CHECK(refused("v: !!bool yes").what == "\"yes\" is not a boolean (tagged !!bool)");
    CHECK(refused("v: !!null 0").what == "\"0\" is not null (tagged !!null)");
    CHECK(refused("v: !!map x").what == "the tag \"!!map\" is on a scalar");
    CHECK(refused("v: !!binary aGVsbG8=").what == "the tag \"!!binary\" is not supported (only the core schema's)");
    CHECK(refused("v: !custom x").what == "the tag \"!custom\" is not supported (only the core schema's)");
    CHECK(refused("v: !!set {a: null}").what == "the tag \"!!set\" is not supported on a mapping");
    CHECK(refused("v: !!map [a]").what == "the tag \"!!map\" is not supported on a sequence");
    CHECK(refused("v: !<tag:example.com:x> y").what ==
          "the tag \"tag:example.com:x\" is not supported (only the core schema's)");
}

TEST_CASE("documents: numbers JSON cannot hold are refused", "[emulator][document]")
{
    for (const char* text : {".inf", "-.inf", "+.Inf", ".NaN", ".nan", ".NAN"})
        CHECK(refused(std::string("v: ") + text).what.find("JSON has no infinity or NaN") != std::string::npos);
    CHECK(refused("v: 1e400").what == "the number \"1e400\" is out of the range of a double");
    CHECK(refused("v: 0x10000000000000000").what == "the integer \"0x10000000000000000\" is too large");
    CHECK(refused("v: !!int 0o7777777777777777777777777").what.find("is too large") != std::string::npos);
    CHECK(refused(R"({"v": 1e400})").what == "a number is out of the range of a double");
    CHECK(refused(R"({"v": -1e400})").what == "a number is out of the range of a double");
}

TEST_CASE("documents: duplicate keys are refused, named with their line", "[emulator][document]")
{
    CHECK(refused("Name: a\nType: Pass\nName: b\n").text() == "line 3, column 1: duplicate key \"Name\"");
    CHECK(refused("States:\n  - {Name: a, Next: b, Name: c}\n").text() == "line 2, column 24: duplicate key \"Name\"");
    CHECK(refused("a: 1\n\"a\": 2\n").text() == "line 2, column 1: duplicate key \"a\"");
    CHECK(refused("1: x\n'1': y\n").what == "duplicate key \"1\"");
    // Equal keys in different mappings are fine.
    CHECK(read("a: {x: 1}\nb: {x: 2}\n") == json::parse(R"({"a": {"x": 1}, "b": {"x": 2}})"));
    // JSON too (Boost.JSON alone would keep the last).
    CHECK(refused("{\"a\": 1,\n \"b\": {\"c\": 1, \"c\": 2}}").text() == "line 2, column 16: duplicate key \"c\"");
    CHECK(refused(R"({"a\u0062": 1, "ab": 2})").what == "duplicate key \"ab\"");
    CHECK(refused(R"({"a\"b": 1, "a\"b": 2})").text() == R"(line 1, column 13: duplicate key "a\"b")");
    CHECK(read(R"({"a": {"x": 1}, "b": {"x": 2}, "x": [{"x": 3}, {"x": 4}]})").at("x").at(1).at("x") == json::value(4));
    // A long key is cut in the message.
    const std::string key(300, 'k');
    CHECK(refused(key + ": 1\n" + key + ": 2\n").what == "duplicate key \"" + std::string(64, 'k') + "\"...");
}

TEST_CASE("documents: mapping keys must be scalars", "[emulator][document]")
{
    CHECK(refused("? [a, b]\n: c\n").text() == "line 1, column 3: a mapping key must be a scalar");
    CHECK(refused("v: {[a]: b}").what == "a mapping key must be a scalar");
    CHECK(refused("? {a: 1}\n: c\n").what == "a mapping key must be a scalar");
}

TEST_CASE("documents: one document per text, and one at least", "[emulator][document]")
{
    CHECK(refused("a: 1\n---\nb: 2\n").text() == "line 2, column 1: the text holds more than one document");
    CHECK(refused("").text() == "the text holds no document");
    CHECK(refused("# nothing but a comment\n").what == "the text holds no document");
    CHECK(refused("   \n\n").what == "the text holds no document");
    CHECK(read("---\n").is_null());  // an empty document is null
    CHECK(refused("{} {}").text() == "line 1, column 4: there is more after the JSON value (one document per text)");
    CHECK(refused("[1]\n[2]").text() == "line 2, column 1: there is more after the JSON value (one document per text)");
}

TEST_CASE("documents: the byte limit is checked before reading", "[emulator][document]")
{
    const std::string big = "a: " + std::string(200, 'x');
    CHECK(refused(big, {.max_bytes = 100}).text() == "the text is 203 bytes, more than the limit of 100");
    CHECK(read(big, {.max_bytes = 203}).at("a").as_string().size() == 200);
    const std::string json_text = "[" + std::string(200, ' ') + "]";
    CHECK(refused(json_text, {.max_bytes = 201}).what == "the text is 202 bytes, more than the limit of 201");
    CHECK(refused(std::string(128 * 1024 + 1, ' ')).what == "the text is 131073 bytes, more than the limit of 131072");
}

TEST_CASE("documents: nesting deeper than the limit is refused", "[emulator][document]")
{
    const auto flow = [](std::size_t depth) { return "v: " + std::string(depth, '[') + std::string(depth, ']'); };
    CHECK(read(flow(63)).at("v").is_array());  // the mapping and 63 sequences: 64 deep
    CHECK(refused(flow(64)).text() == "line 1, column 67: mappings and sequences are nested more than 64 deep");
    CHECK(read(flow(3), {.max_depth = 4}).at("v").at(0).at(0).is_array());
    CHECK(refused(flow(4), {.max_depth = 4}).what == "mappings and sequences are nested more than 4 deep");
    // Block style, and an alias that would go deeper than its anchor did.
    std::string block;
    for (int i = 0; i < 5; ++i) block += std::string(2 * i, ' ') + "k" + std::to_string(i) + ":\n";
    CHECK(refused(block, {.max_depth = 4}).where == "line 5, column 9");  // k3's mapping
    CHECK(read("a: &a [[1]]\nb: *a\n", {.max_depth = 3}).at("b") == json::parse("[[1]]"));
    CHECK(refused("a: &a [[1]]\nb: [*a]\n", {.max_depth = 3}).text() ==
          "line 2, column 5: mappings and sequences are nested more than 3 deep");
    // A very deep text stops at the limit, not at its end.
    CHECK(refused("v: " + std::string(100'000, '[')).where == "line 1, column 67");
    // JSON: Boost.JSON's parser with the same limit.
    CHECK(read(std::string(64, '[') + std::string(64, ']')).is_array());
    CHECK(refused(std::string(65, '[') + std::string(65, ']')).text() ==
          "line 1, column 65: mappings and sequences are nested more than 64 deep");
    CHECK(refused("{\"a\": [[1]]}", {.max_depth = 2}).what == "mappings and sequences are nested more than 2 deep");
}

TEST_CASE("documents: the node limit counts scalars, mappings and sequences", "[emulator][document]")
{
    CHECK(read("[1, 2, 3]", {.max_nodes = 4}).as_array().size() == 3);
    CHECK(refused("[1, 2, 3]", {.max_nodes = 3}).what.find("more than 3 nodes") != std::string::npos);
    CHECK(read("a: [1, 2]", {.max_nodes = 5}).at("a").as_array().size() == 2);  // the mapping, "a", the sequence, 1, 2
    CHECK(refused("a: [1, 2]", {.max_nodes = 4})
              .text()
              .starts_with("line 1, column 8: the document has more than 4 nodes"));
    // JSON counts the same way.
    CHECK(read(R"({"a": [1, 2]})", {.max_nodes = 5}).at("a").as_array().size() == 2);
    CHECK(refused(R"({"a": [1, 2]})", {.max_nodes = 4}).what.find("more than 4 nodes") != std::string::npos);
}

TEST_CASE("documents: YAML syntax errors say where", "[emulator][document]")
{
    CHECK(refused("a: [1, 2\nb: 3\n").where.starts_with("line "));
    CHECK(refused("a: 'unterminated\n").text().find("found unexpected end of stream") != std::string::npos);
    const auto indent = refused("a:\n  b: 1\n c: 2\n");
    CHECK(indent.where == "line 3, column 2");
    CHECK(indent.what == "did not find expected key (while parsing a block mapping at line 1, column 1)");
    CHECK(refused("a: b: c").text() == "line 1, column 5: mapping values are not allowed in this context");
    CHECK(refused("a:\n\tb: 1\n").where == "line 2, column 1");  // a tab indents nothing
    CHECK(refused("a: \"\\q\"").what.find("found unknown escape character") != std::string::npos);
    CHECK(refused("a: *").what.find("did not find expected alphabetic or numeric character") != std::string::npos);
    CHECK(refused("a: @x").what.find("cannot start any token") != std::string::npos);
}

TEST_CASE("documents: text that is not UTF-8 is refused, with its place", "[emulator][document]")
{
    CHECK(refused("a: 1\nb: \xFF\n").text() == "line 2, column 4: invalid leading UTF-8 octet");
    CHECK(refused("a: \xC3\n").what == "invalid trailing UTF-8 octet");
    CHECK(refused("a: \xC3").what == "incomplete UTF-8 octet sequence");
    CHECK(refused(std::string("a: x\0y\n", 7)).text() == "line 1, column 5: control characters are not allowed");
    CHECK(refused("{\"a\": \"\xFF\"}").text() == "line 1, column 8: invalid JSON: syntax error");
}

TEST_CASE("documents: JSON text is read as JSON, exactly", "[emulator][document]")
{
    const auto v = read(R"(  {"Type": "StateMachine", "n": 1.0, "i": 10, "big": 18446744073709551615, "s": "\u00e9",
        "list": [null, true, false, {"a.$": "$Input"}]})");
    CHECK(v.at("n").is_double());
    CHECK(v.at("i").is_int64());
    CHECK(v.at("big").is_uint64());
    CHECK(v.at("s") == json::value("\xC3\xA9"));
    CHECK(v.at("list").at(3).at("a.$") == json::value("$Input"));
    // What YAML would take, JSON does not: comments, single quotes, trailing commas, bare words.
    CHECK(refused("{\"a\": 1, // note\n \"b\": 2}").text() == "line 1, column 10: invalid JSON: syntax error");
    CHECK(refused("{'a': 1}").where == "line 1, column 2");
    CHECK(refused("[1, 2,]").where == "line 1, column 7");
    CHECK(refused("{\"a\": yes}").where == "line 1, column 7");
    CHECK(refused("{\"a\":\n  [1, 2").text() == "line 2, column 8: the JSON text ends too soon");
    CHECK(refused("[\"caf\xC3\xA9\", x]").text() == "line 1, column 10: invalid JSON: syntax error");
}

// The examples of the flow language's reference (cloudflow-spec.md), in YAML as it writes them
// and the same definitions written as JSON.
TEST_CASE("documents: the reference's example definitions read as YAML equal their JSON", "[emulator][document]")
{
    const std::pair<const char*, const char*> examples[] = {
        {R"(Type: StateMachine
Name: hello
SpecVersion: v1
StartAt: Greet
States:
  - Type: Pass
    Name: Greet
    End: true
)",
         R"({"Type": "StateMachine", "Name": "hello", "SpecVersion": "v1", "StartAt": "Greet",
             "States": [{"Type": "Pass", "Name": "Greet", "End": true}]})"},
        {R"(- {Type: Pass, Name: Shape, OutputConstructor: {id.$: $Input.order.id, fixed: 42}, Next: Done}
- {Type: Wait, Name: Pause, Seconds.$: $Input.delay, Next: Poll}
- {Type: Fail, Name: Reject, Code: OrderRejected, Detail: amount above limit}
)",
         R"([{"Type": "Pass", "Name": "Shape", "OutputConstructor": {"id.$": "$Input.order.id", "fixed": 42},
              "Next": "Done"},
             {"Type": "Wait", "Name": "Pause", "Seconds.$": "$Input.delay", "Next": "Poll"},
             {"Type": "Fail", "Name": "Reject", "Code": "OrderRejected", "Detail": "amount above limit"}])"},
        {R"(- Type: Task
  Name: Invoke
  Action: FC:InvokeFunction
  TaskMode: RequestComplete
  Timeout: "30"
  Parameters:
    resourceArn: acs:fc:cn-hangzhou:123456789:functions/echo/LATEST
    invocationType: Sync
    body: {orderId.$: $Input.orderId}
  OutputConstructor: {result.$: $Output.Body}
  Retry:
    - {Errors: [FC.ResourceThrottled], Description: throttled, MaxAttempts: 3,
       IntervalSeconds: 2, BackoffRate: 2, MaxBackoffSeconds: 30}
  Catch:
    - Errors: [FnF.ALL]
      Description: any
      OutputConstructor: {error.$: $Context.Current.Error.Code, cause.$: $Context.Current.Error.Detail}
      Next: Cleanup
  End: true
)",
         R"([{"Type": "Task", "Name": "Invoke", "Action": "FC:InvokeFunction", "TaskMode": "RequestComplete",
              "Timeout": "30",
              "Parameters": {"resourceArn": "acs:fc:cn-hangzhou:123456789:functions/echo/LATEST",
                             "invocationType": "Sync", "body": {"orderId.$": "$Input.orderId"}},
              "OutputConstructor": {"result.$": "$Output.Body"},
              "Retry": [{"Errors": ["FC.ResourceThrottled"], "Description": "throttled", "MaxAttempts": 3,
                         "IntervalSeconds": 2, "BackoffRate": 2, "MaxBackoffSeconds": 30}],
              "Catch": [{"Errors": ["FnF.ALL"], "Description": "any",
                         "OutputConstructor": {"error.$": "$Context.Current.Error.Code",
                                               "cause.$": "$Context.Current.Error.Detail"},
                         "Next": "Cleanup"}],
              "End": true}])"},
        {R"(- Type: Choice
  Name: Route
  Branches:
    - Condition: $Input.amount > 100 && $Input.currency == "CNY"
      Next: Review
  Default: Approve
)",
         R"([{"Type": "Choice", "Name": "Route",
              "Branches": [{"Condition": "$Input.amount > 100 && $Input.currency == \"CNY\"", "Next": "Review"}],
              "Default": "Approve"}])"},
        {R"(- Type: Parallel
  Name: FanOut
  Branches:
    - {StartAt: A, States: [{Type: Pass, Name: A, End: true}]}
    - {StartAt: B, States: [{Type: Pass, Name: B, End: true}]}
  OutputConstructor: {a.$: $Output.Branch0}
  End: true
- Type: Map
  Name: EachOrder
  ItemsPath: $Input.orders
  MaxConcuccency: 10
  Processor: {StartAt: Check, States: [{Type: Pass, Name: Check, End: true}]}
  End: true
)",
         R"([{"Type": "Parallel", "Name": "FanOut",
              "Branches": [{"StartAt": "A", "States": [{"Type": "Pass", "Name": "A", "End": true}]},
                           {"StartAt": "B", "States": [{"Type": "Pass", "Name": "B", "End": true}]}],
              "OutputConstructor": {"a.$": "$Output.Branch0"}, "End": true},
             {"Type": "Map", "Name": "EachOrder", "ItemsPath": "$Input.orders", "MaxConcuccency": 10,
              "Processor": {"StartAt": "Check", "States": [{"Type": "Pass", "Name": "Check", "End": true}]},
              "End": true}])"},
        {R"(- Type: Task
  Name: Approve
  Action: HTTP:Request
  TaskMode: WaitForCustomCallback
  Timeout: "3600"
  Parameters:
    url: https://approvals.example.com/requests
    method: POST
    body: {token.$: $Context.Current.TaskToken, order.$: $Input.orderId}
  Next: Ship
)",
         R"([{"Type": "Task", "Name": "Approve", "Action": "HTTP:Request", "TaskMode": "WaitForCustomCallback",
              "Timeout": "3600",
              "Parameters": {"url": "https://approvals.example.com/requests", "method": "POST",
                             "body": {"token.$": "$Context.Current.TaskToken", "order.$": "$Input.orderId"}},
              "Next": "Ship"}])"},
    };
    for (const auto& [yaml, json_text] : examples) {
        INFO(yaml);
        const auto from_json = read(json_text);
        CHECK(read(yaml) == from_json);
        CHECK(from_json == json::parse(json_text));
    }
}
