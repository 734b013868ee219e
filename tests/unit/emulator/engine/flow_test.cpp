// cloudflow-local's flow language: parsing and running.
#include "engine/flow.hpp"

#include "support/run.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow::local;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

FlowDefinition parse(const char* text)
{
    std::string error;
    auto flow = parse_flow_definition(json::parse(text), error);
    INFO(error);
    REQUIRE(flow);
    return *flow;
}

std::string refused(const char* text)
{
    std::string error;
    CHECK_FALSE(parse_flow_definition(json::parse(text), error));
    return error;
}

ExecutionResult execute(const FlowDefinition& flow, const char* input, std::chrono::milliseconds timeout = 5min)
{
    boost::asio::io_context ioc;
    return cloudflow::test::run(ioc, run_flow(flow, json::parse(input), timeout));
}

const char* router = R"({"StartAt": "Route", "States": [
  {"Name": "Route", "Type": "Choice", "Default": "Other",
   "Choices": [{"Variable": "$.order.amount", "NumericGreaterThan": 100, "Next": "Big"},
               {"Variable": "$.kind", "StringEquals": "gift", "Next": "Gift"},
               {"Variable": "$.stop", "IsPresent": true, "Next": "Stop"}]},
  {"Name": "Big", "Type": "Pass", "Result": {"size": "big"}},
  {"Name": "Gift", "Type": "Wait", "Seconds": 0.01, "Next": "Wrap"},
  {"Name": "Wrap", "Type": "Pass", "Result": {"wrapped": true}, "Next": "Done"},
  {"Name": "Done", "Type": "Succeed"},
  {"Name": "Other", "Type": "Pass"},
  {"Name": "Stop", "Type": "Fail", "Error": "Stopped", "Cause": "asked to stop"}]})";

}  // namespace

TEST_CASE("emulator flow: choices, pass, wait, succeed and fail", "[emulator][flow]")
{
    const auto flow = parse(router);
    auto r = execute(flow, R"({"order":{"amount":150}})");
    CHECK(r.status == "Succeeded");
    CHECK(r.output == json::parse(R"({"size":"big"})"));

    r = execute(flow, R"({"kind":"gift"})");
    CHECK(r.status == "Succeeded");
    CHECK(r.output == json::parse(R"({"wrapped":true})"));

    r = execute(flow, R"({"order":{"amount":"150"},"x":1})");  // not a number: no match, Default
    CHECK(r.status == "Succeeded");
    CHECK(r.output == json::parse(R"({"order":{"amount":"150"},"x":1})"));

    r = execute(flow, R"({"stop":null})");
    CHECK(r.status == "Failed");
    CHECK(r.error_code == "Stopped");
    CHECK(r.error_message == "asked to stop");
    CHECK_FALSE(r.output);
}

TEST_CASE("emulator flow: time limits and endless loops", "[emulator][flow]")
{
    const auto slow = parse(R"({"States": [{"Name": "Nap", "Type": "Wait", "Seconds": 10}]})");
    const auto started = std::chrono::steady_clock::now();
    const auto r = execute(slow, "{}", 50ms);
    CHECK(r.status == "TimedOut");
    CHECK(std::chrono::steady_clock::now() - started < 5s);

    const auto loop = parse(R"({"States": [{"Name": "A", "Type": "Pass", "Next": "B"},
                                            {"Name": "B", "Type": "Pass", "Next": "A"}]})");
    CHECK(execute(loop, "{}").error_code == "States.TooManyTransitions");

    const auto no_default = parse(R"({"States": [{"Name": "C", "Type": "Choice", "Choices": [
                   {"Variable": "$.x", "BooleanEquals": true, "Next": "C"}]}]})");
    CHECK(execute(no_default, R"({"x":false})").error_code == "States.NoChoiceMatched");
}

TEST_CASE("emulator flow: definitions that are refused say why", "[emulator][flow]")
{
    CHECK(refused("[]") == "the definition is not an object");
    CHECK(refused(R"({"States": []})") == "States must be a non-empty array");
    CHECK(refused(R"({"StartAt": "X", "States": [{"Name": "A", "Type": "Succeed"}]})") == "StartAt names no state: X");
    CHECK(refused(R"({"States": [{"Name": "A", "Type": "Pass", "Next": "Z"}]})") == "state A: Next names no state: Z");
    CHECK(refused(R"({"States": [{"Name": "A", "Type": "Parallel"}]})") ==
          "state A: Type must be Pass, Choice, Wait, Succeed, Fail or Map (got 'Parallel')");
    CHECK(refused(R"({"States": [{"Name": "A", "Type": "Fail"}]})") == "state A: a Fail state needs an Error");
    CHECK(refused(R"({"States": [{"Name": "A", "Type": "Wait", "Seconds": -1}]})") ==
          "state A: Seconds must be a number >= 0");
    CHECK(refused(R"({"States": [{"Name": "A", "Type": "Succeed"}, {"Name": "A", "Type": "Succeed"}]})") ==
          "two states are named A");
    CHECK(refused(R"({"States": [{"Name": "A", "Type": "Choice", "Choices": [
                    {"Variable": "$a", "IsPresent": true, "Next": "A"}]}]})")
              .ends_with("a choice rule needs a Variable: $ or a path like $.order.amount"));
    CHECK(refused(R"({"States": [{"Name": "A", "Type": "Choice", "Choices": [
                    {"Variable": "$.a", "NumericEquals": "1", "Next": "A"}]}]})")
              .ends_with("the operand of NumericEquals has the wrong type"));
}

TEST_CASE("emulator flow: a Map state runs its items and collects their outputs", "[emulator][flow][map]")
{
    const auto flow = parse(R"({"States": [
      {"Name": "Each", "Type": "Map", "ItemsPath": "$.orders", "MaxConcurrency": 2,
       "ItemProcessor": {"StartAt": "Route", "States": [
         {"Name": "Route", "Type": "Choice", "Default": "Keep",
          "Choices": [{"Variable": "$.bad", "IsPresent": true, "Next": "Refuse"},
                      {"Variable": "$.big", "BooleanEquals": true, "Next": "Big"}]},
         {"Name": "Big", "Type": "Pass", "Result": {"size": "big"}},
         {"Name": "Keep", "Type": "Wait", "Seconds": 0.01},
         {"Name": "Refuse", "Type": "Fail", "Error": "BadOrder", "Cause": "order refused"}]},
       "Next": "Done"},
      {"Name": "Done", "Type": "Succeed"}]})");
    auto r = execute(flow, R"({"orders":[{"id":1},{"big":true},{"id":3}]})");
    CHECK(r.status == "Succeeded");
    CHECK(r.output == json::parse(R"([{"id":1},{"size":"big"},{"id":3}])"));
    CHECK(execute(flow, R"({"orders":[]})").output == json::parse("[]"));

    // Inline: the first failed item fails the execution with its error.
    r = execute(flow, R"({"orders":[{"id":1},{"bad":1},{"id":3}]})");
    CHECK(r.status == "Failed");
    CHECK(r.error_code == "BadOrder");
    CHECK(r.error_message == "order refused");

    r = execute(flow, R"({"orders":{"id":1}})");
    CHECK(r.status == "Failed");
    CHECK(r.error_code == "States.Runtime");
    CHECK(r.error_message == "state Each: ItemsPath $.orders is not an array");
    CHECK(execute(flow, "{}").error_code == "States.Runtime");
}

TEST_CASE("emulator flow: a Map state runs MaxConcurrency items at a time within the time limit",
          "[emulator][flow][map]")
{
    const auto timed = [](const char* concurrency) {
        const auto flow =
            parse((R"({"States": [{"Name": "Each", "Type": "Map", "MaxConcurrency": )" + std::string(concurrency) +
                   R"(, "ItemProcessor": {"States": [{"Name": "Nap", "Type": "Wait", "Seconds": 0.1}]}}]})")
                      .c_str());
        const auto started = std::chrono::steady_clock::now();
        CHECK(execute(flow, "[1,2,3,4]").status == "Succeeded");
        return std::chrono::steady_clock::now() - started;
    };
    CHECK(timed("1") >= 390ms);
    CHECK(timed("2") >= 190ms);
    CHECK(timed("4") < 300ms);

    const auto slow = parse(R"({"States": [{"Name": "Each", "Type": "Map",
        "ItemProcessor": {"States": [{"Name": "Nap", "Type": "Wait", "Seconds": 10}]}}]})");
    const auto started = std::chrono::steady_clock::now();
    const auto r = execute(slow, "[1,2,3]", 50ms);
    CHECK(r.status == "TimedOut");
    CHECK(std::chrono::steady_clock::now() - started < 5s);

    // Distributed without an execution to show it (a synchronous run): the same, with its tolerance.
    const auto tolerant = parse(R"({"States": [{"Name": "Each", "Type": "Map",
        "ProcessorConfig": {"Mode": "Distributed"}, "ToleratedFailedCount": 1,
        "ItemProcessor": {"States": [{"Name": "Check", "Type": "Choice", "Default": "Ok",
           "Choices": [{"Variable": "$", "NumericLessThan": 0, "Next": "No"}]},
         {"Name": "Ok", "Type": "Pass"}, {"Name": "No", "Type": "Fail", "Error": "Neg"}]}}]})");
    CHECK(execute(tolerant, "[1,-1,2]").status == "Succeeded");
    CHECK(execute(tolerant, "[1,-1,-2]").error_code == "States.ExceedToleratedFailureThreshold");
}

TEST_CASE("emulator flow: Map states that are refused say why", "[emulator][flow][map]")
{
    CHECK(refused(R"({"States": [{"Name": "M", "Type": "Map"}]})") ==
          R"(state M: a Map state needs an ItemProcessor: {"StartAt": ..., "States": [...]})");
    CHECK(refused(R"({"States": [{"Name": "M", "Type": "Map", "ItemProcessor": {"States": []}}]})") ==
          "state M: ItemProcessor: States must be a non-empty array");
    CHECK(refused(R"({"States": [{"Name": "M", "Type": "Map", "ItemProcessor": {"States": [
            {"Name": "T", "Type": "Task", "TaskMode": "WaitForCustomCallback"}]}}]})") ==
          "state M: ItemProcessor: state T: a Task state cannot be inside a Map's ItemProcessor");
    // Nested Maps, inline or distributed, would multiply each Map's bounds: refused.
    CHECK(refused(R"({"States": [{"Name": "M", "Type": "Map", "ItemProcessor": {"States": [
            {"Name": "D", "Type": "Map", "ProcessorConfig": {"Mode": "Distributed"},
             "ItemProcessor": {"States": [{"Name": "P", "Type": "Pass"}]}}]}}]})") ==
          "state M: ItemProcessor: state D: a Map state cannot be inside a Map's ItemProcessor");
    CHECK(refused(R"({"States": [{"Name": "Rows", "Type": "Map", "ItemProcessor": {"States": [
            {"Name": "Cells", "Type": "Map", "ItemProcessor": {"States": [{"Name": "Cell", "Type": "Pass"}]}}]}}]})") ==
          "state Rows: ItemProcessor: state Cells: a Map state cannot be inside a Map's ItemProcessor");
    const std::string pass = R"("ItemProcessor": {"States": [{"Name": "P", "Type": "Pass"}]})";
    const auto map = [&](const std::string& fields) {
        return refused((R"({"States": [{"Name": "M", "Type": "Map", )" + pass + ", " + fields + "}]}").c_str());
    };
    CHECK(map(R"("MaxConcurrency": 0)") == "state M: MaxConcurrency must be a whole number from 1 to 1000");
    CHECK(map(R"("MaxConcurrency": 2.5)") == "state M: MaxConcurrency must be a whole number from 1 to 1000");
    CHECK(map(R"("ItemsPath": "items")") == "state M: ItemsPath must be $ or a path like $.items");
    CHECK(map(R"("ProcessorConfig": {"Mode": "Parallel"})") ==
          R"(state M: ProcessorConfig must be {"Mode": "Inline"} or {"Mode": "Distributed"})");
    CHECK(map(R"("ToleratedFailedCount": 1)") ==
          "state M: ToleratedFailedCount and ToleratedFailedPercentage apply to a distributed Map only");
    CHECK(map(R"("ProcessorConfig": {"Mode": "Distributed"}, "ToleratedFailedPercentage": 101)") ==
          "state M: ToleratedFailedPercentage must be a number from 0 to 100");
    CHECK(map(R"("ProcessorConfig": {"Mode": "Distributed"}, "ToleratedFailedCount": -1)") ==
          "state M: ToleratedFailedCount must be a whole number from 0 to 10000");
}
