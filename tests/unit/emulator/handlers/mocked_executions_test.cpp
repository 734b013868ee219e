// cloudflow-local's mocks (--mocks FILE), through the API: the Task states a test case mocks
// return or throw what it says, in standard and express flows; an execution's name picks the test
// case ("<TestCase>--<anything>"), any other name the flow's DefaultTestCase.
#include "support/emulator_session.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace cloudflow::local;
using cloudflow::test::check_error;
using cloudflow::test::EmulatorSession;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

// orders (standard) charges with a Task that has no local integration, retried once when busy;
// quote (express) prices; ledger (standard) is not mocked at all.
constexpr const char* config_text = R"(
access_keys: [{id: id, secret: s3cret}]
flows:
  - name: orders
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Charge
      States:
        - Type: Task
          Name: Charge
          Action: Payments:Charge
          Parameters: {amount.$: $Input.amount}
          Retry:
            - {Errors: [Payments.Busy], MaxAttempts: 1, IntervalSeconds: 1}
          OutputConstructor: {charged.$: $Output.charged, amount.$: $Input.amount}
          End: true
  - name: quote
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Price
      States:
        - {Type: Task, Name: Price, Action: Pricing:Quote, End: true}
  - name: ledger
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Write
      States:
        - {Type: Task, Name: Write, Action: Ledger:Write, End: true}
)";

constexpr const char* mocks_text = R"({
  "Flows": {
    "orders": {"DefaultTestCase": "Ok",
               "TestCases": {"Ok": {"Charge": "Charged"}, "Flaky": {"Charge": "BusyOnce"},
                             "Busy": {"Charge": "AlwaysBusy"}}},
    "quote": {"DefaultTestCase": "Cheap",
              "TestCases": {"Cheap": {"Price": "Cheap"}, "Dear": {"Price": "Dear"}, "Late": {"Price": "FromSecond"},
                            "Unmocked": {}}}
  },
  "MockedResponses": {
    "Charged": {"0": {"Return": {"charged": true}}},
    "BusyOnce": {"0": {"Throw": {"Error": "Payments.Busy", "Cause": "try again"}},
                 "1": {"Return": {"charged": "on retry"}}},
    "AlwaysBusy": {"0-1": {"Throw": {"Error": "Payments.Busy", "Cause": "still busy"}}},
    "Cheap": {"0": {"Return": {"price": 10}}},
    "Dear": {"0": {"Return": {"price": 99}}},
    "FromSecond": {"1": {"Return": {"price": 1}}}
  }
})";

EmulatorConfig test_config()
{
    auto config = test::parse_test_config(config_text);
    config.time_scale = 0.01;  // the Retry's second: 10 ms
    auto mocks = MockSet::parse(json::parse(mocks_text));
    if (!mocks) FAIL("the mocks do not parse: " << mocks.error().text());
    config.mocks = std::move(*mocks);
    return config;
}

Parameters start(const std::string& flow, const std::string& name, const std::string& input = "{}")
{
    return {{"Action", "StartExecution"}, {"FlowName", flow}, {"ExecutionName", name}, {"Input", input}};
}

json::object wait_for(EmulatorSession& emulator, const std::string& flow, const std::string& name)
{
    return emulator.ok(
        {{"Action", "DescribeExecution"}, {"FlowName", flow}, {"ExecutionName", name}, {"WaitTimeSeconds", "10"}});
}

json::object run_sync(EmulatorSession& emulator, const std::string& flow, const std::string& name)
{
    return emulator.ok({{"Action", "StartSyncExecution"}, {"FlowName", flow}, {"ExecutionName", name}});
}

}  // namespace

TEST_CASE("emulator mocks: a standard flow's Task answers from the DefaultTestCase", "[emulator][mocks]")
{
    EmulatorSession emulator(test_config());
    emulator.ok(start("orders", "plain", R"({"amount":5})"));
    const auto described = wait_for(emulator, "orders", "plain");
    CHECK(described.at("Status") == "Succeeded");
    CHECK(json::parse(described.at("Output").as_string()) == json::parse(R"({"charged":true,"amount":5})"));
    const auto events = emulator.events("orders", "plain");
    CHECK(test::types(events) == std::vector<std::string>{"ExecutionStarted", "StepEntered", "StepStarted",
                                                          "TaskScheduled", "TaskStarted", "TaskSucceeded",
                                                          "StepSucceeded", "StepExited", "ExecutionSucceeded"});
    CHECK(test::detail(events[3]) ==
          json::parse(R"({"Action":"Payments:Charge","TaskMode":"RequestComplete","Parameters":{"amount":5}})"));
    CHECK(test::detail(events[5]) == json::parse(R"({"Output":{"charged":true}})"));
}

TEST_CASE("emulator mocks: an execution named <TestCase>--... uses that test case, with the flow's Retry",
          "[emulator][mocks]")
{
    EmulatorSession emulator(test_config());
    // Flaky: the first invocation throws, the Retry invokes it again, and the second returns.
    emulator.ok(start("orders", "Flaky--1", R"({"amount":7})"));
    // Busy: both invocations throw; the Retry's one attempt spent, the execution fails.
    emulator.ok(start("orders", "Busy--1", R"({"amount":8})"));
    auto described = wait_for(emulator, "orders", "Flaky--1");
    CHECK(described.at("Status") == "Succeeded");
    CHECK(json::parse(described.at("Output").as_string()) == json::parse(R"({"charged":"on retry","amount":7})"));
    auto events = emulator.events("orders", "Flaky--1");
    CHECK(test::types(events) == std::vector<std::string>{"ExecutionStarted", "StepEntered", "StepStarted",
                                                          "TaskScheduled", "TaskStarted", "TaskFailed", "TaskScheduled",
                                                          "TaskStarted", "TaskSucceeded", "StepSucceeded", "StepExited",
                                                          "ExecutionSucceeded"});
    CHECK(test::detail(events[5]) == json::parse(R"({"Error":"Payments.Busy","Cause":"try again"})"));
    CHECK(test::detail(events[8]) == json::parse(R"({"Output":{"charged":"on retry"}})"));
    // Each attempt's task events are scheduled by its own TaskScheduled.
    CHECK(events[5].at("ScheduleEventId") == events[3].at("EventId"));
    CHECK(events[8].at("ScheduleEventId") == events[6].at("EventId"));

    described = wait_for(emulator, "orders", "Busy--1");
    CHECK(described.at("Status") == "Failed");
    events = emulator.events("orders", "Busy--1");
    CHECK(test::types(events) == std::vector<std::string>{"ExecutionStarted", "StepEntered", "StepStarted",
                                                          "TaskScheduled", "TaskStarted", "TaskFailed", "TaskScheduled",
                                                          "TaskStarted", "TaskFailed", "StepFailed", "StepExited",
                                                          "ExecutionFailed"});
    CHECK(test::detail(events.back()) == json::parse(R"({"Error":"Payments.Busy","Cause":"still busy"})"));
}

TEST_CASE("emulator mocks: an express flow's Task answers from the test case of the execution's name",
          "[emulator][mocks]")
{
    EmulatorSession emulator(test_config());
    auto body = run_sync(emulator, "quote", "anything");  // no "--": the DefaultTestCase
    CHECK(body.at("Status") == "Succeeded");
    CHECK(body.at("Output") == R"({"price":10})");
    body = run_sync(emulator, "quote", "Dear--a");
    CHECK(body.at("Status") == "Succeeded");
    CHECK(body.at("Output") == R"({"price":99})");
    // Without an ExecutionName: the DefaultTestCase too.
    body = emulator.ok({{"Action", "StartSyncExecution"}, {"FlowName", "quote"}});
    CHECK(body.at("Output") == R"({"price":10})");
}

TEST_CASE("emulator mocks: a name whose test case the flow's mocks do not have is InvalidArgument", "[emulator][mocks]")
{
    EmulatorSession emulator(test_config());
    const std::string orders = "The parameter ExecutionName names no test case of the mocks: the execution name's "
                               "test case \"Nope\" (before \"--\") is not one of flow orders's test cases in the mock "
                               "file (Busy, Flaky, Ok)";
    check_error(emulator.call(start("orders", "Nope--1")), 400, "InvalidArgument", orders);
    check_error(emulator.call({{"Action", "DescribeExecution"}, {"FlowName", "orders"}, {"ExecutionName", "Nope--1"}}),
                404, "ExecutionNotExists");  // nothing started
    check_error(emulator.call({{"Action", "StartSyncExecution"}, {"FlowName", "quote"}, {"ExecutionName", "Nope--1"}}),
                400, "InvalidArgument",
                "The parameter ExecutionName names no test case of the mocks: the execution name's test case \"Nope\" "
                "(before \"--\") is not one of flow quote's test cases in the mock file (Cheap, Dear, Late, "
                "Unmocked)");
    // A flow without mocks takes any name.
    emulator.ok(start("ledger", "Nope--1"));
}

TEST_CASE("emulator mocks: an invocation without a mocked response, or a Task no mock answers, fails the task",
          "[emulator][mocks]")
{
    EmulatorSession emulator(test_config());
    // Late mocks the second invocation only: the first has no answer. The message names the flow,
    // the test case, the state and the invocation.
    auto body = run_sync(emulator, "quote", "Late--1");
    CHECK(body.at("Status") == "Failed");
    CHECK(body.at("ErrorCode") == "FnF.TaskFailed");
    CHECK(body.at("ErrorMessage") == "no mocked response for invocation 0 of state Price in test case Late of flow "
                                     "quote (its mock FromSecond has none for it)");
    // A test case that does not mock the state: the real integration, which does not exist here.
    body = run_sync(emulator, "quote", "Unmocked--1");
    CHECK(body.at("Status") == "Failed");
    CHECK(body.at("ErrorCode") == "FnF.TaskFailed");
    CHECK(body.at("ErrorMessage") == "no local integration for Pricing:Quote; mock it with --mocks");
    // A flow without mocks: the same.
    emulator.ok(start("ledger", "write"));
    CHECK(wait_for(emulator, "ledger", "write").at("Status") == "Failed");
    CHECK(test::detail(emulator.events("ledger", "write").back()) ==
          json::parse(
              R"({"Error":"FnF.TaskFailed","Cause":"no local integration for Ledger:Write; mock it with --mocks"})"));
}
