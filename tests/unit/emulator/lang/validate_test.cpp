// Spec v1 definitions, read and validated: the model they become, the languages told apart, and
// problems that name their path, field and rule. tests/fixtures/flows/invalid/ has a definition
// for every rule (corpus_test.cpp); these are the ones the model's shape depends on.
#include "flow/validate.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <string>

using namespace cloudflow::local;
using namespace cloudflow::local::flow;
namespace json = boost::json;

namespace {

ReadDefinition read(std::string_view text, FlowMode mode = FlowMode::standard)
{
    return read_definition(text, mode);
}

std::string first_problem(std::string_view text, FlowMode mode = FlowMode::standard)
{
    const ReadDefinition r = read(text, mode);
    REQUIRE_FALSE(r.valid());
    REQUIRE_FALSE(r.problems.empty());
    return r.problems.front().text();
}

}  // namespace

TEST_CASE("definitions: the docs' one-state example is a valid definition", "[definitions]")
{
    // CloudFlow's process-definition introduction, verbatim.
    const ReadDefinition r = read(R"(Type: StateMachine
Name: hello
SpecVersion: v1
StartAt: Greet
States:
  - Type: Pass
    Name: Greet
    End: true
)");
    INFO(r.summary());
    REQUIRE(r.valid());
    CHECK(r.language == Language::spec_v1);
    CHECK(r.definition->name == "hello");
    CHECK(r.definition->state_count == 1);
    CHECK(r.definition->root.first().name == "Greet");
    CHECK(r.definition->root.first().type == StateType::pass);
    CHECK_FALSE(r.definition->root.first().target);
}

TEST_CASE("definitions: JSON and YAML texts of one definition give the same model", "[definitions]")
{
    const char* yaml = R"(
Type: StateMachine
SpecVersion: v1
StartAt: A
States:
  - {Type: Pass, Name: A, Next: B}
  - {Type: Succeed, Name: B}
)";
    const char* json_text = R"({"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "A", "States": [
        {"Type": "Pass", "Name": "A", "Next": "B"}, {"Type": "Succeed", "Name": "B"}]})";
    const ReadDefinition a = read(yaml), b = read(json_text);
    REQUIRE(a.valid());
    REQUIRE(b.valid());
    CHECK(a.definition->root.states.size() == b.definition->root.states.size());
    CHECK(a.definition->root.states[0].target == std::optional<std::size_t>(1));
    CHECK(b.definition->root.states[0].target == std::optional<std::size_t>(1));
}

TEST_CASE("definitions: the legacy FDL is recognised, not validated; other documents are refused", "[definitions]")
{
    const ReadDefinition fdl = read("version: v1beta1\ntype: flow\nsteps:\n  - type: pass\n    name: hello\n");
    CHECK(fdl.language == Language::legacy_fdl);
    CHECK(fdl.problems.empty());
    CHECK_FALSE(fdl.valid());

    CHECK(first_problem(R"({"StartAt": "A", "States": []})") ==
          "Type: is required: a Spec v1 definition starts with Type: StateMachine and SpecVersion: v1 (the legacy FDL "
          "starts with type: flow and has steps)");
    CHECK(first_problem("[1, 2]") == "a definition must be a map (got an array)");
    CHECK(
        first_problem("Type: StateMachine\nSpecVersion: v2\nStartAt: A\nStates: [{Type: Pass, Name: A, End: true}]") ==
        "SpecVersion: must be v1, the only version of the language (got a string: \"v2\")");
}

TEST_CASE("definitions: a problem names the path, the field and the rule", "[definitions]")
{
    // The issue's example, exactly.
    CHECK(first_problem(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Order
States:
  - {Type: Pass, Name: Order, Next: Charge}
  - Type: Task
    Name: Charge
    Action: FC:InvokeFunction
    Retry: [{Errors: [FnF.ALL], MaxAttempts: 3, IntervalSeconds: 0}]
    End: true
)") == "States[1] (Charge).Retry[0].IntervalSeconds: must be 1-86400 (got 0)");
}

TEST_CASE("definitions: a problem writes numbers as the definition does (0.5, 1-10), not in E notation",
          "[definitions]")
{
    // Found by the corpus (tests/fixtures/flows/invalid/retry-backoff-*.yaml): Boost.JSON writes
    // doubles as 5E-1, and the ranges of number fields were written from doubles too (1E0-1E1).
    const auto with_retry = [](std::string_view rule) {
        return "Type: StateMachine\nSpecVersion: v1\nStartAt: A\nStates:\n  - Type: Task\n    Name: A\n"
               "    Action: Billing:Charge\n    Retry: [" +
               std::string(rule) + "]\n    End: true\n";
    };
    CHECK(first_problem(with_retry("{Errors: [FnF.ALL], MaxAttempts: 1, IntervalSeconds: 1, BackoffRate: 0.5}")) ==
          "States[0] (A).Retry[0].BackoffRate: must be 1-10 (got 0.5)");
    CHECK(first_problem(with_retry("{Errors: [FnF.ALL], MaxAttempts: 1, IntervalSeconds: 1, BackoffRate: \"2\"}")) ==
          "States[0] (A).Retry[0].BackoffRate: must be a number 1-10 (got a string: \"2\")");
    CHECK(first_problem(with_retry("{Errors: [FnF.ALL], MaxAttempts: 1.25, IntervalSeconds: 1}")) ==
          "States[0] (A).Retry[0].MaxAttempts: must be a whole number 0-1000 (got a number: 1.25)");
    CHECK(first_problem(R"(
Type: StateMachine
SpecVersion: v1
StartAt: A
States:
  - Type: Map
    Name: A
    ItemsPath: $Input.items
    ProcessorConfig: {ExecutionMode: Express}
    ToleratedFailurePercentage: 100.5
    Processor: {StartAt: P, States: [{Type: Pass, Name: P, End: true}]}
    End: true
)") == "States[0] (A).ToleratedFailurePercentage: must be 0-100 (got 100.5)");
}

TEST_CASE("definitions: a long value is quoted to 60 bytes, cut between characters", "[definitions]")
{
    // Found by the corpus (tests/fixtures/flows/invalid/definition-type-long-text.yaml): the quote
    // was cut at 57 bytes, inside a character, and CreateFlow's answer, which quotes the problem,
    // was not UTF-8 (nor JSON).
    std::string type;
    for (int i = 0; i < 3; ++i) type += "一二三四五六七八九十";
    CHECK(first_problem("Type: " + type +
                        "\nSpecVersion: v1\nStartAt: A\nStates: [{Type: Pass, Name: A, End: true}]\n") ==
          "Type: must be StateMachine (got a string: \"一二三四五六七八九十一二三四五六七八...)");
    CHECK(first_problem("Type: " + std::string(70, 'x') +
                        "\nSpecVersion: v1\nStartAt: A\nStates: [{Type: Pass, Name: A, End: true}]\n") ==
          "Type: must be StateMachine (got a string: \"" + std::string(56, 'x') + "...)");
}

TEST_CASE("definitions: every problem is reported, up to the limit, with a count of the rest", "[definitions]")
{
    const ReadDefinition r = read(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Nowhere
States:
  - {Type: Pass, Name: A, Next: B, End: true}
  - {Type: Wait, Name: W, Seconds: 0, Next: A}
  - {Type: Teleport, Name: T}
)");
    REQUIRE_FALSE(r.valid());
    std::vector<std::string> texts;
    for (const auto& p : r.problems) texts.push_back(p.text());
    CHECK(texts == std::vector<std::string>{
                       "States[0] (A).End: cannot be true with a Next: write one of them",
                       "States[1] (W).Seconds: must be 1-300 (got 0)",
                       "States[2] (T).Type: must be Pass, Task, Choice, Wait, Parallel, Map, Succeed or Fail (got a "
                       "string: \"Teleport\")",
                       "StartAt: names no state of its States (got Nowhere)",
                       "States[0] (A).Next: names no state of its States (got B)",
                   });
    CHECK(r.summary() == "States[0] (A).End: cannot be true with a Next: write one of them (and 4 more problems)");

    DefinitionLimits few;
    few.max_problems = 2;
    const ReadDefinition capped =
        validate_definition(json::parse(R"({"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "A", "States": [
            {"Type": "Pass", "Name": "A"}, {"Type": "Pass", "Name": "B"}, {"Type": "Pass", "Name": "C"}]})"),
                            FlowMode::standard, few);
    CHECK(capped.problems.size() == 2);
    CHECK(capped.more_problems == 1);
}

TEST_CASE("definitions: an unknown field is refused, with what the object has", "[definitions]")
{
    CHECK(first_problem(R"(
Type: StateMachine
SpecVersion: v1
StartAt: A
States:
  - {Type: Pass, Name: A, Result: {x: 1}, End: true}
)") == "States[0] (A).Result: unknown field of a Pass state: Spec v1's states have no Result: build the output with "
       "OutputConstructor (it has Name, Type, Description, Next, End, InputConstructor, OutputConstructor, "
       "GlobalConstructor)");
    CHECK(first_problem(R"(
Type: StateMachine
SpecVersion: v1
StartAt: A
Timeout: 60
States:
  - {Type: Pass, Name: A, End: true}
)") == "Timeout: unknown field of a definition (it has Type, SpecVersion, Name, Description, StartAt, States)");
}

TEST_CASE("definitions: names are unique per States, and transitions stay in their States", "[definitions]")
{
    CHECK(first_problem(R"(
Type: StateMachine
SpecVersion: v1
StartAt: A
States:
  - {Type: Pass, Name: A, Next: A2}
  - {Type: Pass, Name: A2, End: true}
  - {Type: Pass, Name: A, End: true}
)") == "States[2] (A).Name: another state of these States is named A (States[0])");
    // A branch's state cannot go to a state of the top level, nor the other way.
    CHECK(first_problem(R"(
Type: StateMachine
SpecVersion: v1
StartAt: P
States:
  - Type: Parallel
    Name: P
    Branches:
      - StartAt: In
        States: [{Type: Pass, Name: In, Next: Out}]
    Next: Out
  - {Type: Succeed, Name: Out}
)") == "States[0] (P).Branches[0].States[0] (In).Next: names no state of its States (got Out)");
}

TEST_CASE("definitions: the mode's rules: Express waits at most 20 s and has no callbacks", "[definitions]")
{
    const char* waits = R"(
Type: StateMachine
SpecVersion: v1
StartAt: W
States:
  - {Type: Wait, Name: W, Seconds: 60, End: true}
)";
    CHECK(read(waits, FlowMode::standard).valid());
    CHECK(first_problem(waits, FlowMode::express) == "States[0] (W).Seconds: must be 1-20 in an Express flow (got 60)");
    const char* callback = R"(
Type: StateMachine
SpecVersion: v1
StartAt: T
States:
  - {Type: Task, Name: T, Action: FC:InvokeFunction, TaskMode: WaitForCustomCallback, End: true}
)";
    const ReadDefinition standard = read(callback, FlowMode::standard);
    REQUIRE(standard.valid());
    CHECK(standard.definition->callbacks);
    CHECK(first_problem(callback, FlowMode::express) ==
          "States[0] (T).TaskMode: must be RequestComplete in an Express flow (got WaitForCustomCallback)");
}

TEST_CASE("definitions: where an expression may read each variable", "[definitions]")
{
    CHECK(first_problem(R"(
Type: StateMachine
SpecVersion: v1
StartAt: A
States:
  - {Type: Pass, Name: A, InputConstructor: {x.$: $Output.y}, End: true}
)") == "States[0] (A).InputConstructor: reads $Output, which only OutputConstructor and GlobalConstructor have");
    CHECK(first_problem(R"(
Type: StateMachine
SpecVersion: v1
StartAt: A
States:
  - Type: Choice
    Name: A
    Branches: [{Condition: $Item.x == 1, Next: B}]
    Default: B
  - {Type: Succeed, Name: B}
)") == "States[0] (A).Branches[0].Condition: reads $Item, which only a distributed Map's ItemConstructor has");
}

TEST_CASE("definitions: Map's spellings, modes and refused OSS fields", "[definitions]")
{
    const auto map = [](std::string fields) {
        return "Type: StateMachine\nSpecVersion: v1\nStartAt: M\nStates:\n  - Type: Map\n    Name: M\n"
               "    ItemsPath: $Input.items\n    Processor: {StartAt: P, States: [{Type: Pass, Name: P, End: true}]}\n"
               "    End: true\n" +
               fields;
    };
    const ReadDefinition docs = read(map("    MaxConcuccency: 40\n"));
    REQUIRE(docs.valid());
    CHECK(std::get<Map>(docs.definition->root.first().spec).max_concurrency == 40);
    CHECK(read(map("    MaxConcurrency: 3\n")).valid());
    CHECK(first_problem(map("    MaxConcurrency: 41\n")) ==
          "States[0] (M).MaxConcurrency: must be 1-40 in inline mode (got 41)");
    CHECK(first_problem(map("    MaxConcurrency: 3\n    MaxConcuccency: 3\n")) ==
          "States[0] (M).MaxConcurrency: cannot be given with MaxConcuccency (the docs' spelling): write one of them");
    const ReadDefinition distributed =
        read(map("    ProcessorConfig: {ExecutionMode: Express}\n    MaxConcurrency: 100\n"));
    REQUIRE(distributed.valid());
    CHECK(std::get<Map>(distributed.definition->root.first().spec).distributed);
    CHECK(first_problem(map("    ToleratedFailureCount: 1\n")) ==
          "States[0] (M).ToleratedFailureCount: applies to a distributed Map only (one with ProcessorConfig)");
    CHECK(first_problem(map("    ProcessorConfig: {ExecutionMode: Express}\n    ItemReader: {}\n")) ==
          "States[0] (M).ItemReader: is not supported by cloudflow-local (it reads and writes no OSS): give the items "
          "with ItemsPath");
}

TEST_CASE("definitions: bounds on states, nesting and Parallel's branches", "[definitions]")
{
    std::string chain = "Type: StateMachine\nSpecVersion: v1\nStartAt: S0\nStates:\n";
    for (int i = 0; i < 1001; ++i)
        chain += "  - {Type: Pass, Name: S" + std::to_string(i) +
                 (i == 1000 ? ", End: true}\n" : ", Next: S" + std::to_string(i + 1) + "}\n");
    CHECK(first_problem(chain) == "States: a definition may have at most 1000 states in all");

    std::string branches = "Type: StateMachine\nSpecVersion: v1\nStartAt: P\nStates:\n  - Type: Parallel\n    Name: "
                           "P\n    End: true\n    Branches:\n";
    for (int i = 0; i < 51; ++i) branches += "      - {StartAt: A, States: [{Type: Pass, Name: A, End: true}]}\n";
    CHECK(first_problem(branches) == "States[0] (P).Branches: must have at most 50 branches (got 51)");

    // Parallels nested 9 deep.
    std::string nested = "Type: StateMachine\nSpecVersion: v1\nStartAt: P\nStates:\n";
    std::string indent = "  ";
    for (int depth = 0; depth < 9; ++depth) {
        nested += indent + "- Type: Parallel\n" + indent + "  Name: P\n" + indent + "  End: true\n" + indent +
                  "  Branches:\n" + indent + "    - StartAt: P\n" + indent + "      States:\n";
        indent += "        ";
    }
    nested += indent + "- {Type: Pass, Name: P, End: true}\n";
    CHECK_THAT(first_problem(nested),
               Catch::EndsWith("Parallel branches and Map processors may be nested at most 8 deep"));
}

TEST_CASE("definitions: a document over the size limit or an alias bomb is refused", "[definitions]")
{
    const std::string big(128 * 1024 + 1, ' ');
    CHECK_FALSE(read(big).valid());
    const char* laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
                         "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                         "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n"
                         "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                         "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n"
                         "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                         "g: [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n";
    const ReadDefinition bomb = read(laughs);
    REQUIRE_FALSE(bomb.valid());
    CHECK(bomb.problems.size() == 1);
}

TEST_CASE("definitions: a Fail state takes no constructor: it would be ignored", "[definitions]")
{
    CHECK(first_problem(R"(
Type: StateMachine
SpecVersion: v1
StartAt: F
States:
  - {Type: Fail, Name: F, Code: X, OutputConstructor: {a: 1}}
)") == "States[0] (F).OutputConstructor: a Fail state has no output and its Code and Detail are fixed text: it "
       "takes no constructor");
}

TEST_CASE("definitions: a distributed Map's Express items follow Express's rules in a Standard flow", "[definitions]")
{
    const auto map = [](const char* mode) {
        return std::string("Type: StateMachine\nSpecVersion: v1\nStartAt: M\nStates:\n  - Type: Map\n    Name: M\n"
                           "    ItemsPath: $Input.items\n    ProcessorConfig: {ExecutionMode: ") +
               mode +
               "}\n    Processor: {StartAt: W, States: [{Type: Wait, Name: W, Seconds: 60, End: true}]}\n"
               "    End: true\n";
    };
    CHECK(read(map("Standard"), FlowMode::standard).valid());
    CHECK(first_problem(map("Express"), FlowMode::standard) ==
          "States[0] (M).Processor.States[0] (W).Seconds: must be 1-20 in an Express flow (got 60)");
}

TEST_CASE("definitions: every problem of a constructor is listed, not only its first", "[definitions]")
{
    const ReadDefinition r = read(R"(
Type: StateMachine
SpecVersion: v1
StartAt: A
States:
  - Type: Pass
    Name: A
    OutputConstructor: {a.$: foo(1), ok.$: $Input, b.$: length()}
    End: true
)");
    REQUIRE(r.problems.size() == 2);
    CHECK(r.problems[0].text() == "States[0] (A).OutputConstructor.a.$ at character 1: unknown function foo");
    CHECK(r.problems[1].text() ==
          "States[0] (A).OutputConstructor.b.$ at character 1: length: expects 1 argument (got 0)");
}
