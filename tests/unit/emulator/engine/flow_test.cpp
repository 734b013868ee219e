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
