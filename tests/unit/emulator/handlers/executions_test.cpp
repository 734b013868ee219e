// cloudflow-local's execution operations, in process: each action's answer and errors, paging,
// the long poll, StopExecution, callback tasks, the bounds, and the shape of every success body
// against the golden fixtures.
#include "support/emulator_session.hpp"
#include "support/golden.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace cloudflow::local;
using cloudflow::test::check_against_fixture;
using cloudflow::test::check_error;
using cloudflow::test::EmulatorSession;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

constexpr const char* config_text = R"({
  "access_keys": [{"id": "id", "secret": "s3cret"}, {"id": "echo-only", "secret": "x", "flows": ["echo"]}],
  "flows": [
    {"name": "echo", "definition": {"States": [{"Name": "Echo", "Type": "Pass"}]}},
    {"name": "quick", "mode": "standard",
     "definition": {"States": [{"Name": "Stamp", "Type": "Pass", "Result": {"done": true}}]}},
    {"name": "slow", "mode": "standard",
     "definition": {"States": [{"Name": "Nap", "Type": "Wait", "Seconds": 0.3, "Next": "End"},
                               {"Name": "End", "Type": "Succeed"}]}},
    {"name": "sleepy", "mode": "standard",
     "definition": {"States": [{"Name": "Nap", "Type": "Wait", "Seconds": 60}]}},
    {"name": "approval", "mode": "standard",
     "definition": {"States": [{"Name": "Approve", "Type": "Task", "TaskMode": "WaitForCustomCallback", "Next": "Done"},
                               {"Name": "Done", "Type": "Succeed"}]}},
    {"name": "hasty", "mode": "standard",
     "definition": {"States": [{"Name": "Approve", "Type": "Task", "TaskMode": "WaitForCustomCallback",
                                "TimeoutSeconds": 0.1}]}},
    {"name": "flaky", "mode": "standard", "faults": {"sequence": [503, 0]},
     "definition": {"States": [{"Name": "Stamp", "Type": "Pass"}]}}
  ]
})";

EmulatorConfig test_config()
{
    return test::parse_test_config(config_text);
}

Parameters start(const std::string& flow, const std::string& name = "", const std::string& input = "")
{
    Parameters p{{"Action", "StartExecution"}, {"FlowName", flow}};
    if (!name.empty()) p["ExecutionName"] = name;
    if (!input.empty()) p["Input"] = input;
    return p;
}

Parameters describe(const std::string& flow, const std::string& name, int wait = 0)
{
    Parameters p{{"Action", "DescribeExecution"}, {"FlowName", flow}, {"ExecutionName", name}};
    if (wait) p["WaitTimeSeconds"] = std::to_string(wait);
    return p;
}

Parameters history(const std::string& flow, const std::string& name)
{
    return {{"Action", "GetExecutionHistory"}, {"FlowName", flow}, {"ExecutionName", name}};
}

std::vector<std::string> event_types(const json::object& history_body)
{
    std::vector<std::string> out;
    for (const auto& e : history_body.at("Events").as_array()) out.emplace_back(e.at("Type").as_string());
    return out;
}

// The task token of the execution's pending task, from its TaskSubmitted event.
std::string task_token(EmulatorSession& emulator, const std::string& flow, const std::string& name)
{
    for (int i = 0; i < 100; ++i) {
        const auto events = emulator.ok(history(flow, name)).at("Events").as_array();
        for (const auto& e : events)
            if (e.at("Type") == "TaskSubmitted")
                return std::string(json::parse(e.at("EventDetail").as_string()).at("TaskToken").as_string());
        emulator.run_for(10ms);
    }
    FAIL("no TaskSubmitted event");
    return {};
}

}  // namespace

TEST_CASE("emulator executions: StartExecution runs a standard flow in the background", "[emulator][executions]")
{
    EmulatorSession emulator(test_config());
    auto body = emulator.ok(start("quick", "first", R"({"n":1})"));
    CHECK(body.at("FlowName") == "quick");
    CHECK(body.at("Name") == "first");
    CHECK(body.at("Status") == "Running");
    CHECK(body.at("Input") == R"({"n":1})");
    CHECK(json::parse(body.at("FlowDefinition").as_string()).at("States").is_array());
    CHECK(body.at("Output") == "");
    CHECK(body.at("StoppedTime") == "");
    CHECK(parse_timestamp(body.at("StartedTime").as_string()));

    emulator.run_for(100ms);
    body = emulator.ok(describe("quick", "first"));
    CHECK(body.at("Status") == "Succeeded");
    CHECK(body.at("Output") == R"({"done":true})");
    CHECK(parse_timestamp(body.at("StoppedTime").as_string()));
    CHECK(body.at("Environment").at("Variables").as_array().empty());

    const auto events = emulator.ok(history("quick", "first"));
    CHECK(event_types(events) ==
          std::vector<std::string>{"ExecutionStarted", "StepEntered", "StepExited", "ExecutionSucceeded"});
    const auto& list = events.at("Events").as_array();
    for (std::size_t i = 0; i < list.size(); ++i) CHECK(list[i].at("EventId") == static_cast<std::int64_t>(i + 1));
    CHECK(list[0].at("ScheduleEventId") == 0);
    CHECK(list[2].at("ScheduleEventId") == 2);  // exited: scheduled by its StepEntered
    CHECK(list[1].at("StepName") == "Stamp");
    CHECK(json::parse(list[0].at("EventDetail").as_string()) == json::parse(R"({"input":{"n":1}})"));

    // Without a name: a fresh UUID-shaped one that the name rules accept; GET works too.
    body = emulator.ok(start("quick"), {.get = true});
    const std::string generated(body.at("Name").as_string());
    CHECK(generated.size() == 36);
    CHECK(emulator.ok(describe("quick", generated)).at("Name") == generated.c_str());
}

TEST_CASE("emulator executions: StartExecution refusals", "[emulator][executions]")
{
    EmulatorSession emulator(test_config());
    check_error(emulator.call(start("echo")), 400, "ActionNotSupported", "Express execution is not supported");
    check_error(emulator.call({{"Action", "StartExecution"}}), 400, "MissingRequiredParams",
                "The HTTP query 'FlowName' must be specified.");
    auto reply = emulator.call(start("quick", "9lives"));
    check_error(reply, 400, "InvalidArgument");
    CHECK(std::string(EmulatorSession::body(reply).at("Message").as_string()).starts_with("ExecutionName "));
    check_error(emulator.call(start("nope")), 404, "FlowNotExists", "Flow nope does not exist.");
    check_error(emulator.call(start("quick"), {.key_id = "echo-only", .secret = "x"}), 403, "AccessDenied");
    check_error(emulator.call(start("quick", "", "[1]")), 400, "InvalidArgument", "The Input must be a JSON object.");
    check_error(emulator.call(start("quick", "", std::string(70'000, ' ') + "{}")), 400, "EntityTooLarge");

    // The same name while it runs: that execution, as is; after it ended: ExecutionAlreadyExists.
    emulator.ok(start("slow", "once", R"({"a":1})"));
    const auto again = emulator.ok(start("slow", "once", R"({"b":2})"));
    CHECK(again.at("Status") == "Running");
    CHECK(again.at("Input") == R"({"a":1})");
    emulator.ok(describe("slow", "once", 5));
    check_error(emulator.call(start("slow", "once")), 400, "ExecutionAlreadyExists",
                "Execution once for flow slow already exists.");
}

TEST_CASE("emulator executions: running executions are capped", "[emulator][executions][bounds]")
{
    auto config = test_config();
    config.store.max_running = 2;
    EmulatorSession emulator(config);
    emulator.ok(start("sleepy", "a"));
    emulator.ok(start("sleepy", "b"));
    check_error(emulator.call(start("sleepy", "c")), 400, "ExecutionLimitExceeded");
    emulator.ok({{"Action", "StopExecution"}, {"FlowName", "sleepy"}, {"ExecutionName", "a"}});
    emulator.ok(start("sleepy", "c"));
}

TEST_CASE("emulator executions: finished executions past the cap are forgotten oldest first",
          "[emulator][executions][bounds]")
{
    auto config = test_config();
    config.store.max_finished = 2;
    EmulatorSession emulator(config);
    for (const char* name : {"e1", "e2", "e3"}) {
        emulator.ok(start("quick", name));
        emulator.run_for(50ms);
    }
    check_error(emulator.call(describe("quick", "e1")), 404, "ExecutionNotExists", "Execution e1 does not exist.");
    CHECK(emulator.ok(describe("quick", "e3")).at("Status") == "Succeeded");
    CHECK(emulator.service().store().size() == 2);
}

TEST_CASE("emulator executions: DescribeExecution refusals", "[emulator][executions]")
{
    EmulatorSession emulator(test_config());
    check_error(emulator.call(describe("quick", "ghost")), 404, "ExecutionNotExists",
                "Execution ghost does not exist.");
    check_error(emulator.call(describe("nope", "ghost")), 404, "FlowNotExists");
    check_error(emulator.call({{"Action", "DescribeExecution"}, {"FlowName", "quick"}}), 400, "MissingRequiredParams",
                "The HTTP query 'ExecutionName' must be specified.");
    check_error(emulator.call(describe("quick", "ghost", 61)), 400, "InvalidArgument");
    auto p = describe("quick", "ghost");
    p["WaitTimeSeconds"] = "-1";
    check_error(emulator.call(p), 400, "InvalidArgument");
}

TEST_CASE("emulator executions: the long poll answers when the execution ends", "[emulator][executions][long-poll]")
{
    EmulatorSession emulator(test_config());
    emulator.ok(start("slow", "nap"));
    const auto begun = std::chrono::steady_clock::now();
    const auto body = emulator.ok(describe("slow", "nap", 30));
    const auto took = std::chrono::steady_clock::now() - begun;
    CHECK(body.at("Status") == "Succeeded");
    CHECK(took >= 200ms);
    CHECK(took < 5s);
}

TEST_CASE("emulator executions: the long poll answers Running when the wait passes",
          "[emulator][executions][long-poll]")
{
    EmulatorSession emulator(test_config());
    emulator.ok(start("sleepy", "long"));
    const auto begun = std::chrono::steady_clock::now();
    const auto body = emulator.ok(describe("sleepy", "long", 1));
    const auto took = std::chrono::steady_clock::now() - begun;
    CHECK(body.at("Status") == "Running");
    CHECK_FALSE(body.contains("StoppedTime"));
    CHECK(took >= 900ms);
    CHECK(took < 5s);
}

TEST_CASE("emulator executions: StopExecution ends a Wait in progress at once", "[emulator][executions][stop]")
{
    EmulatorSession emulator(test_config());
    emulator.ok(start("sleepy", "nap"));
    emulator.run_for(20ms);
    const Parameters stop{{"Action", "StopExecution"},
                          {"FlowName", "sleepy"},
                          {"ExecutionName", "nap"},
                          {"Error", "Enough"},
                          {"Cause", "the test is over"}};
    const auto begun = std::chrono::steady_clock::now();
    auto body = emulator.ok(stop);
    CHECK(body.at("Status") == "Stopped");
    CHECK(body.at("Output") == "");
    CHECK(parse_timestamp(body.at("StoppedTime").as_string()));
    emulator.run_for(50ms);  // the run is cancelled and changes nothing after the stop
    CHECK(std::chrono::steady_clock::now() - begun < 2s);
    CHECK(emulator.ok(describe("sleepy", "nap")).at("Status") == "Stopped");
    const auto types = event_types(emulator.ok(history("sleepy", "nap")));
    CHECK(types == std::vector<std::string>{"ExecutionStarted", "StepEntered", "ExecutionStopped"});

    check_error(emulator.call(stop), 400, "InvalidArgument", "Execution nap has already ended (Stopped).");
    check_error(emulator.call({{"Action", "StopExecution"}, {"FlowName", "sleepy"}, {"ExecutionName", "ghost"}}), 404,
                "ExecutionNotExists");
    auto long_error = stop;
    long_error["Error"] = std::string(129, 'e');
    check_error(emulator.call(long_error), 400, "InvalidArgument",
                "The parameter Error must be at most 128 characters.");
}

TEST_CASE("emulator executions: ListExecutions pages newest first with an opaque NextToken",
          "[emulator][executions][paging]")
{
    EmulatorSession emulator(test_config());
    for (int i = 1; i <= 5; ++i) emulator.ok(start("quick", "run" + std::to_string(i)));
    emulator.run_for(50ms);

    Parameters list{{"Action", "ListExecutions"}, {"FlowName", "quick"}, {"Limit", "2"}};
    std::vector<std::string> names;
    std::vector<std::size_t> sizes;
    for (int page = 0; page < 10; ++page) {
        const auto body = emulator.ok(list);
        const auto& executions = body.at("Executions").as_array();
        sizes.push_back(executions.size());
        for (const auto& e : executions) names.emplace_back(e.at("Name").as_string());
        if (!body.contains("NextToken")) break;
        list["NextToken"] = std::string(body.at("NextToken").as_string());
        // A new execution does not move the pages already handed out.
        if (page == 0) emulator.ok(start("quick", "late"));
    }
    CHECK(sizes == std::vector<std::size_t>{2, 2, 1});
    CHECK(names == std::vector<std::string>{"run5", "run4", "run3", "run2", "run1"});

    list["NextToken"] = "00000000000000030000000000000000";
    check_error(emulator.call(list), 400, "InvalidArgument", "The NextToken is not valid.");
    list["NextToken"] = "3";
    check_error(emulator.call(list), 400, "InvalidArgument");
}

TEST_CASE("emulator executions: ListExecutions filters", "[emulator][executions][paging]")
{
    EmulatorSession emulator(test_config());
    emulator.ok(start("approval", "wait-a"));
    emulator.ok(start("approval", "wait-b"));
    emulator.ok(start("approval", "other"));
    emulator.ok({{"Action", "StopExecution"}, {"FlowName", "approval"}, {"ExecutionName", "wait-b"}});

    const auto names = [&](Parameters extra) {
        extra["Action"] = "ListExecutions";
        extra["FlowName"] = "approval";
        std::vector<std::string> out;
        const auto body = emulator.ok(extra);
        for (const auto& e : body.at("Executions").as_array()) out.emplace_back(e.at("Name").as_string());
        return out;
    };
    CHECK(names({}) == std::vector<std::string>{"other", "wait-b", "wait-a"});
    CHECK(names({{"Status", "Running"}}) == std::vector<std::string>{"other", "wait-a"});
    CHECK(names({{"ExecutionNamePrefix", "wait-"}}) == std::vector<std::string>{"wait-b", "wait-a"});
    CHECK(names({{"StartedTimeBegin", "2999-01-01T00:00:00Z"}}).empty());
    CHECK(names({{"StartedTimeEnd", "2999-01-01T00:00:00.000Z"}}).size() == 3);
    CHECK(names({{"Qualifier", "1"}}).empty());   // none ran a version
    CHECK(names({{"MapRunName", "m"}}).empty());  // none has a map run

    const auto metadata =
        emulator.ok({{"Action", "ListExecutions"}, {"FlowName", "approval"}, {"MetadataOnly", "true"}});
    for (const auto& e : metadata.at("Executions").as_array()) {
        CHECK_FALSE(e.as_object().contains("Input"));
        CHECK_FALSE(e.as_object().contains("FlowDefinition"));
        CHECK(e.as_object().contains("Status"));
    }

    check_error(emulator.call({{"Action", "ListExecutions"}, {"FlowName", "approval"}, {"Status", "Done"}}), 400,
                "InvalidArgument");
    check_error(emulator.call({{"Action", "ListExecutions"}, {"FlowName", "approval"}, {"Limit", "100"}}), 400,
                "InvalidArgument", "The parameter Limit must be a whole number from 1 to 99.");
    check_error(
        emulator.call({{"Action", "ListExecutions"}, {"FlowName", "approval"}, {"StartedTimeBegin", "yesterday"}}), 400,
        "InvalidArgument");
    check_error(emulator.call({{"Action", "ListExecutions"}, {"FlowName", "approval"}, {"MetadataOnly", "yes"}}), 400,
                "InvalidArgument");
    check_error(emulator.call({{"Action", "ListExecutions"}}), 400, "MissingRequiredParams");
}

TEST_CASE("emulator executions: GetExecutionHistory pages its events", "[emulator][executions][paging]")
{
    EmulatorSession emulator(test_config());
    emulator.ok(start("slow", "h"));
    emulator.ok(describe("slow", "h", 10));

    auto p = history("slow", "h");
    p["Limit"] = "2";
    std::vector<std::string> types;
    for (int page = 0; page < 10; ++page) {
        const auto body = emulator.ok(p);
        CHECK(body.at("Events").as_array().size() <= 2);
        for (const auto& t : event_types(body)) types.push_back(t);
        if (!body.contains("NextToken")) break;
        p["NextToken"] = std::string(body.at("NextToken").as_string());
    }
    CHECK(types == std::vector<std::string>{"ExecutionStarted", "StepEntered", "StepExited", "StepEntered",
                                            "StepExited", "ExecutionSucceeded"});

    // A token of another list is not valid here.
    emulator.ok(start("slow", "other"));
    auto q = history("slow", "other");
    q["NextToken"] = p["NextToken"];
    check_error(emulator.call(q), 400, "InvalidArgument", "The NextToken is not valid.");
    q["NextToken"] = "forged";
    check_error(emulator.call(q), 400, "InvalidArgument");
    q.erase("NextToken");
    q["Limit"] = "1000";
    check_error(emulator.call(q), 400, "InvalidArgument");
    check_error(emulator.call(history("slow", "ghost")), 404, "ExecutionNotExists");
}

TEST_CASE("emulator executions: a callback task goes on with ReportTaskSucceeded", "[emulator][executions][task]")
{
    EmulatorSession emulator(test_config());
    emulator.ok(start("approval", "ok", R"({"order":7})"));
    const std::string token = task_token(emulator, "approval", "ok");
    CHECK(token.size() == 64);
    CHECK(emulator.ok(describe("approval", "ok")).at("Status") == "Running");

    // TaskToken in the query, as the official SDK sends it.
    const auto body =
        emulator.ok({{"Action", "ReportTaskSucceeded"}, {"TaskToken", token}, {"Output", R"({"approved":true})"}},
                    {.in_query = {"TaskToken"}});
    const auto event_id = body.at("EventId").as_int64();
    const auto described = emulator.ok(describe("approval", "ok", 5));
    CHECK(described.at("Status") == "Succeeded");
    CHECK(described.at("Output") == R"({"approved":true})");

    const auto events = emulator.ok(history("approval", "ok"));
    CHECK(event_types(events) == std::vector<std::string>{"ExecutionStarted", "StepEntered", "TaskSubmitted",
                                                          "TaskSucceeded", "StepExited", "StepEntered", "StepExited",
                                                          "ExecutionSucceeded"});
    const auto& succeeded = events.at("Events").as_array()[3];
    CHECK(succeeded.at("EventId").as_int64() == event_id);
    CHECK(succeeded.at("ScheduleEventId") == 3);  // its TaskSubmitted
    const auto submitted = json::parse(events.at("Events").as_array()[2].at("EventDetail").as_string());
    CHECK(submitted.at("Input") == json::parse(R"({"order":7})"));

    // The token is used: TaskAlreadyCompleted, for either report.
    check_error(emulator.call({{"Action", "ReportTaskSucceeded"}, {"TaskToken", token}, {"Output", "{}"}}), 400,
                "TaskAlreadyCompleted", "Task " + token + " has already completed.");
    check_error(emulator.call({{"Action", "ReportTaskFailed"}, {"TaskToken", token}, {"Error", "Late"}}), 400,
                "TaskAlreadyCompleted");
}

TEST_CASE("emulator executions: ReportTaskFailed fails the execution", "[emulator][executions][task]")
{
    EmulatorSession emulator(test_config());
    emulator.ok(start("approval", "no"));
    const std::string token = task_token(emulator, "approval", "no");
    emulator.ok(
        {{"Action", "ReportTaskFailed"}, {"TaskToken", token}, {"Error", "Rejected"}, {"Cause", "too expensive"}});
    CHECK(emulator.ok(describe("approval", "no", 5)).at("Status") == "Failed");
    const auto events = emulator.ok(history("approval", "no")).at("Events").as_array();
    CHECK(events.back().at("Type") == "ExecutionFailed");
    CHECK(json::parse(events.back().at("EventDetail").as_string()) ==
          json::parse(R"({"error":"Rejected","cause":"too expensive"})"));
}

TEST_CASE("emulator executions: task report refusals and timeouts", "[emulator][executions][task]")
{
    EmulatorSession emulator(test_config());
    check_error(emulator.call({{"Action", "ReportTaskSucceeded"}, {"TaskToken", "never-issued"}, {"Output", "{}"}}),
                400, "InvalidArgument", "The TaskToken is not valid.");
    check_error(emulator.call({{"Action", "ReportTaskSucceeded"}, {"Output", "{}"}}), 400, "MissingRequiredParams",
                "The HTTP query 'TaskToken' must be specified.");

    emulator.ok(start("approval", "pending"));
    const std::string token = task_token(emulator, "approval", "pending");
    check_error(emulator.call({{"Action", "ReportTaskSucceeded"}, {"TaskToken", token}}), 400, "MissingRequiredParams",
                "The HTTP query 'Output' must be specified.");
    check_error(emulator.call({{"Action", "ReportTaskSucceeded"}, {"TaskToken", token}, {"Output", "not json"}}), 400,
                "InvalidArgument");
    check_error(emulator.call({{"Action", "ReportTaskFailed"}, {"TaskToken", token}}), 400, "MissingRequiredParams");
    check_error(emulator.call({{"Action", "ReportTaskFailed"}, {"TaskToken", token}, {"Error", std::string(129, 'x')}}),
                400, "InvalidArgument");
    // The execution stopped: its task is over.
    emulator.ok({{"Action", "StopExecution"}, {"FlowName", "approval"}, {"ExecutionName", "pending"}});
    check_error(emulator.call({{"Action", "ReportTaskSucceeded"}, {"TaskToken", token}, {"Output", "{}"}}), 400,
                "TaskAlreadyCompleted");

    // TimeoutSeconds passes: TaskTimedOut, the execution TimedOut.
    emulator.ok(start("hasty", "late"));
    CHECK(emulator.ok(describe("hasty", "late", 5)).at("Status") == "TimedOut");
    const auto types = event_types(emulator.ok(history("hasty", "late")));
    CHECK(types == std::vector<std::string>{"ExecutionStarted", "StepEntered", "TaskSubmitted", "TaskTimedOut",
                                            "ExecutionTimedOut"});
}

TEST_CASE("emulator executions: fault plans apply to every action that names a flow", "[emulator][executions][faults]")
{
    EmulatorSession emulator(test_config());
    const auto reply = emulator.call(start("flaky", "f"));
    check_error(reply, 503, "ServiceUnavailable");
    CHECK(reply.summary == "flow flaky: 503 ServiceUnavailable");
    CHECK(emulator.ok(start("flaky", "f")).at("Status") == "Running");
}

TEST_CASE("emulator executions: the actions it does not serve are ActionNotSupported", "[emulator][executions]")
{
    EmulatorSession emulator(test_config());
    check_error(emulator.call({{"Action", "CreateFlowTemplate"}, {"Name", "x"}}), 400, "ActionNotSupported",
                "The requested API operation CreateFlowTemplate is incorrect. Please check.");
}

TEST_CASE("emulator config: a callback Task is refused in an express flow", "[emulator][config]")
{
    std::string error;
    CHECK_FALSE(parse_config(json::parse(R"({"access_keys": [{"id": "a", "secret": "b"}], "flows": [
        {"name": "fast", "definition": {"States": [{"Name": "Ask", "Type": "Task", "TaskMode": "WaitForCustomCallback"}]}}]})"),
                             error));
    CHECK(error == "flow fast: state Ask is a Task (WaitForCustomCallback): only standard flows may have one");
    CHECK_FALSE(parse_config(json::parse(R"({"access_keys": [{"id": "a", "secret": "b"}], "flows": [
        {"name": "f", "mode": "standard", "definition": {"States": [{"Name": "Ask", "Type": "Task"}]}}]})"),
                             error));
    CHECK(error.find("WaitForCustomCallback") != std::string::npos);
}

TEST_CASE("emulator executions: StopExecution's answer names the flow's RoleArn", "[emulator][executions]")
{
    EmulatorSession emulator(test_config());
    emulator.ok({{"Action", "CreateFlow"},
                 {"Name", "roled"},
                 {"Definition", R"({"States": [{"Name": "Nap", "Type": "Wait", "Seconds": 60}]})"},
                 {"Description", ""},
                 {"Type", "FDL"},
                 {"ExecutionMode", "Standard"},
                 {"RoleArn", "acs:ram::1:role/fnf"}});
    emulator.ok(start("roled", "r"));
    const auto stopped = emulator.ok({{"Action", "StopExecution"}, {"FlowName", "roled"}, {"ExecutionName", "r"}});
    CHECK(stopped.at("Status") == "Stopped");
    CHECK(stopped.at("RoleArn") == "acs:ram::1:role/fnf");
    // A flow without a role: "", as the answer writes its other absent members.
    emulator.ok(start("sleepy", "s"));
    CHECK(emulator.ok({{"Action", "StopExecution"}, {"FlowName", "sleepy"}, {"ExecutionName", "s"}}).at("RoleArn") ==
          "");
}

// Every success body has only members the golden fixture has, with the same JSON types, and a
// RequestId: a misspelt or mistyped field would break the SDK's decoding. And every member of the
// golden body is there too, but for those an answer leaves out in the state it describes (an
// execution still running has no Output or StoppedTime; one that succeeded no ErrorCode).
TEST_CASE("emulator executions: every success body matches its golden fixture", "[emulator][executions][fixtures]")
{
    EmulatorSession emulator(test_config());
    check_against_fixture(
        "StartSyncExecution",
        emulator.ok({{"Action", "StartSyncExecution"}, {"FlowName", "echo"}, {"Input", R"({"a":1})"}}),
        {"StartSyncExecution.ErrorCode", "StartSyncExecution.ErrorMessage"});
    check_against_fixture("StartExecution", emulator.ok(start("approval", "shape", R"({"a":1})")), {});
    const std::string token = task_token(emulator, "approval", "shape");
    check_against_fixture("DescribeExecution", emulator.ok(describe("approval", "shape")),
                          {"DescribeExecution.Output", "DescribeExecution.StoppedTime"});  // still running
    check_against_fixture("ReportTaskSucceeded",
                          emulator.ok({{"Action", "ReportTaskSucceeded"}, {"TaskToken", token}, {"Output", "{}"}}), {});
    check_against_fixture("DescribeExecution", emulator.ok(describe("approval", "shape", 5)), {});  // with Output
    // The last page has no NextToken.
    check_against_fixture("GetExecutionHistory", emulator.ok(history("approval", "shape")),
                          {"GetExecutionHistory.NextToken"});
    auto paged = history("approval", "shape");
    paged["Limit"] = "1";
    check_against_fixture("GetExecutionHistory", emulator.ok(paged), {});  // with NextToken
    // One execution, ended: every member of an item, and no NextToken.
    check_against_fixture("ListExecutions",
                          emulator.ok({{"Action", "ListExecutions"}, {"FlowName", "approval"}, {"Limit", "1"}}),
                          {"ListExecutions.NextToken"});

    emulator.ok(start("approval", "refused"));
    const std::string second = task_token(emulator, "approval", "refused");
    // Two, the newest still running: a NextToken.
    check_against_fixture("ListExecutions",
                          emulator.ok({{"Action", "ListExecutions"}, {"FlowName", "approval"}, {"Limit", "1"}}),
                          {"ListExecutions.Executions[].Output", "ListExecutions.Executions[].StoppedTime"});
    check_against_fixture("ReportTaskFailed",
                          emulator.ok({{"Action", "ReportTaskFailed"}, {"TaskToken", second}, {"Error", "No"}}), {});
    emulator.ok(start("sleepy", "halt"));
    check_against_fixture("StopExecution",
                          emulator.ok({{"Action", "StopExecution"}, {"FlowName", "sleepy"}, {"ExecutionName", "halt"}}),
                          {});
    // The newest first: "refused" ended Failed, without Output.
    check_against_fixture("ListExecutions", emulator.ok({{"Action", "ListExecutions"}, {"FlowName", "approval"}}),
                          {"ListExecutions.NextToken", "ListExecutions.Executions[].Output"});
}
