// cloudflow-local's execution operations, in process: each action's answer and errors, paging,
// the long poll, StopExecution, callback tasks, the bounds, and the shape of every success body
// against the golden fixtures.
#include "support/emulator_session.hpp"
#include "support/golden.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

using namespace cloudflow;
using namespace cloudflow::local;
using cloudflow::test::check_against_fixture;
using cloudflow::test::check_error;
using cloudflow::test::EmulatorSession;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

// request: what the callback tasks start (a Pass: its input holds the task's token). approval,
// hasty, brief and pair hold their executions on callback tasks until a test reports them.
constexpr const char* config_text = R"(
access_keys:
  - {id: id, secret: s3cret}
  - {id: echo-only, secret: x, flows: [echo]}
flows:
  - name: echo
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Echo
      States:
        - {Type: Pass, Name: Echo, End: true}
  - name: quick
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Stamp
      States:
        - {Type: Pass, Name: Stamp, OutputConstructor: {done: true}, End: true}
  - name: steps
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Stamp
      States:
        - {Type: Pass, Name: Stamp, Next: Done}
        - {Type: Succeed, Name: Done}
  - name: sleepy
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Nap
      States:
        - {Type: Wait, Name: Nap, Seconds: 60, End: true}
  - name: request
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Received
      States:
        - {Type: Pass, Name: Received, End: true}
  - name: refuse
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Refuse
      States:
        - {Type: Fail, Name: Refuse, Code: Rejected, Detail: not this time}
  - name: approval
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Approve
      States:
        - Type: Task
          Name: Approve
          Action: FNF:StartExecution
          TaskMode: WaitForCustomCallback
          Parameters:
            resourceArn: acs:fnf:cn-hangzhou::flow/request
            input: {token.$: $Context.Current.TaskToken, request.$: $Input}
          Next: Done
        - {Type: Succeed, Name: Done}
  - name: hasty
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Approve
      States:
        - Type: Task
          Name: Approve
          Action: FNF:StartExecution
          TaskMode: WaitForCustomCallback
          Timeout: 1
          Parameters:
            resourceArn: acs:fnf:cn-hangzhou::flow/request
            input: {token.$: $Context.Current.TaskToken}
          End: true
  - name: brief
    mode: standard
    timeout_seconds: 0.3
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Approve
      States:
        - Type: Task
          Name: Approve
          Action: FNF:StartExecution
          TaskMode: WaitForCustomCallback
          Parameters:
            resourceArn: acs:fnf:cn-hangzhou::flow/request
            input: {token.$: $Context.Current.TaskToken}
          End: true
  - name: pair
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Both
      States:
        - Type: Parallel
          Name: Both
          Branches:
            - StartAt: Left
              States:
                - Type: Task
                  Name: Left
                  Action: FNF:StartExecution
                  TaskMode: WaitForCustomCallback
                  Parameters:
                    resourceArn: acs:fnf:cn-hangzhou::flow/request
                    input: {token.$: $Context.Current.TaskToken}
                  End: true
            - StartAt: Right
              States:
                - Type: Task
                  Name: Right
                  Action: FNF:StartExecution
                  TaskMode: WaitForCustomCallback
                  Parameters:
                    resourceArn: acs:fnf:cn-hangzhou::flow/request
                    input: {token.$: $Context.Current.TaskToken}
                  End: true
          End: true
  - name: flaky
    mode: standard
    faults: {sequence: [503, 0]}
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Stamp
      States:
        - {Type: Pass, Name: Stamp, End: true}
)";

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
    return test::types(history_body.at("Events").as_array());
}

Parameters report_succeeded(const std::string& token, const std::string& output)
{
    return {{"Action", "ReportTaskSucceeded"}, {"TaskToken", token}, {"Output", output}};
}

Parameters report_failed(const std::string& token, const std::string& error, const std::string& cause = "")
{
    Parameters p{{"Action", "ReportTaskFailed"}, {"TaskToken", token}, {"Error", error}};
    if (!cause.empty()) p["Cause"] = cause;
    return p;
}

// The ScheduleEventId of each event, in order.
std::vector<std::int64_t> scheduled_by(const json::array& events)
{
    std::vector<std::int64_t> out;
    for (const auto& e : events) out.push_back(e.at("ScheduleEventId").as_int64());
    return out;
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
    CHECK(event_types(events) == std::vector<std::string>{"ExecutionStarted", "StepEntered", "StepStarted",
                                                          "StepSucceeded", "StepExited", "ExecutionSucceeded"});
    const auto& list = events.at("Events").as_array();
    for (std::size_t i = 0; i < list.size(); ++i) CHECK(list[i].at("EventId") == static_cast<std::int64_t>(i + 1));
    // The step's events are scheduled by its StepEntered; the execution's end by the last event.
    CHECK(scheduled_by(list) == std::vector<std::int64_t>{0, 1, 2, 2, 2, 5});
    CHECK(list[0].at("StepName") == "first");
    for (std::size_t i = 1; i <= 4; ++i) CHECK(list[i].at("StepName") == "Stamp");
    CHECK(test::detail(list[0]) == json::parse(R"({"Input":{"n":1}})"));
    CHECK(test::detail(list[1]) == json::parse(R"({"Input":{"n":1}})"));
    CHECK(test::detail(list[2]) == json::parse(R"({"Input":{"n":1}})"));
    CHECK(test::detail(list[3]) == json::parse(R"({"Output":{"done":true}})"));
    CHECK(test::detail(list[4]) == json::object());
    CHECK(test::detail(list[5]) == json::parse(R"({"Output":{"done":true}})"));

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

    // The same name while it runs (held by its callback task): that execution, as is; after it
    // ended: ExecutionAlreadyExists.
    emulator.ok(start("approval", "once", R"({"a":1})"));
    const auto again = emulator.ok(start("approval", "once", R"({"b":2})"));
    CHECK(again.at("Status") == "Running");
    CHECK(again.at("Input") == R"({"a":1})");
    emulator.ok(report_succeeded(emulator.task_token("approval", "once"), "{}"));
    CHECK(emulator.ok(describe("approval", "once", 5)).at("Status") == "Succeeded");
    check_error(emulator.call(start("approval", "once")), 400, "ExecutionAlreadyExists",
                "Execution once for flow approval already exists.");
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
    emulator.ok(start("approval", "held"));
    const std::string token = emulator.task_token("approval", "held");
    // The task is reported 200 ms into the long poll: the poll answers then, not at its end.
    const auto begun = std::chrono::steady_clock::now();
    const auto report = emulator.call_after(200ms, report_succeeded(token, R"({"late":true})"));
    const auto body = emulator.ok(describe("approval", "held", 30));
    const auto took = std::chrono::steady_clock::now() - begun;
    REQUIRE(*report);
    CHECK((*report)->status == 200);
    CHECK(body.at("Status") == "Succeeded");
    CHECK(body.at("Output") == R"({"late":true})");
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
    const auto events = emulator.ok(history("sleepy", "nap"));
    CHECK(event_types(events) ==
          std::vector<std::string>{"ExecutionStarted", "StepEntered", "StepStarted", "ExecutionStopped"});
    CHECK(scheduled_by(events.at("Events").as_array()) == std::vector<std::int64_t>{0, 1, 2, 3});
    CHECK(test::detail(events.at("Events").as_array().back()) ==
          json::parse(R"({"Error":"Enough","Cause":"the test is over"})"));

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
    CHECK(names({{"MapRunName", "m"}}).empty());  // no map run has that name

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
    emulator.ok(start("steps", "h"));
    CHECK(emulator.ok(describe("steps", "h", 10)).at("Status") == "Succeeded");

    auto p = history("steps", "h");
    p["Limit"] = "3";
    std::vector<std::string> types;
    std::vector<std::size_t> sizes;
    for (int page = 0; page < 10; ++page) {
        const auto body = emulator.ok(p);
        sizes.push_back(body.at("Events").as_array().size());
        for (const auto& t : event_types(body)) types.push_back(t);
        if (!body.contains("NextToken")) break;
        p["NextToken"] = std::string(body.at("NextToken").as_string());
    }
    CHECK(sizes == std::vector<std::size_t>{3, 3, 3, 1});
    CHECK(types == std::vector<std::string>{"ExecutionStarted", "StepEntered", "StepStarted", "StepSucceeded",
                                            "StepExited", "StepEntered", "StepStarted", "StepSucceeded", "StepExited",
                                            "ExecutionSucceeded"});
    // The second step is scheduled by the first step's last event.
    CHECK(scheduled_by(emulator.events("steps", "h")) == std::vector<std::int64_t>{0, 1, 2, 2, 2, 5, 6, 6, 6, 9});

    // A token of another list is not valid here.
    emulator.ok(start("steps", "other"));
    auto q = history("steps", "other");
    q["NextToken"] = p["NextToken"];
    check_error(emulator.call(q), 400, "InvalidArgument", "The NextToken is not valid.");
    q["NextToken"] = "forged";
    check_error(emulator.call(q), 400, "InvalidArgument");
    q.erase("NextToken");
    q["Limit"] = "1000";
    check_error(emulator.call(q), 400, "InvalidArgument");
    check_error(emulator.call(history("steps", "ghost")), 404, "ExecutionNotExists");
}

TEST_CASE("emulator executions: a callback task goes on with ReportTaskSucceeded", "[emulator][executions][task]")
{
    EmulatorSession emulator(test_config());
    emulator.ok(start("approval", "ok", R"({"order":7})"));
    const std::string token = emulator.task_token("approval", "ok");
    CHECK(token.size() == 64);
    CHECK(emulator.ok(describe("approval", "ok")).at("Status") == "Running");

    // The task started the child flow with its token.
    const auto children = emulator.ok({{"Action", "ListExecutions"}, {"FlowName", "request"}});
    REQUIRE(children.at("Executions").as_array().size() == 1);
    const auto child = children.at("Executions").as_array().front();
    CHECK(json::parse(child.at("Input").as_string()) ==
          json::object{{"token", token}, {"request", json::parse(R"({"order":7})")}});

    // TaskToken in the query, as the official SDK sends it.
    const auto body = emulator.ok(report_succeeded(token, R"({"approved":true})"), {.in_query = {"TaskToken"}});
    const auto event_id = body.at("EventId").as_int64();
    const auto described = emulator.ok(describe("approval", "ok", 5));
    CHECK(described.at("Status") == "Succeeded");
    CHECK(described.at("Output") == R"({"approved":true})");

    const auto events = emulator.ok(history("approval", "ok"));
    CHECK(event_types(events) ==
          std::vector<std::string>{"ExecutionStarted", "StepEntered", "StepStarted", "TaskScheduled", "TaskStarted",
                                   "TaskSubmitted", "TaskSucceeded", "StepSucceeded", "StepExited", "StepEntered",
                                   "StepStarted", "StepSucceeded", "StepExited", "ExecutionSucceeded"});
    const auto& list = events.at("Events").as_array();
    // The task's events are scheduled by its TaskScheduled (4), the report's too.
    CHECK(scheduled_by(list) == std::vector<std::int64_t>{0, 1, 2, 2, 4, 4, 4, 2, 2, 9, 10, 10, 10, 13});
    CHECK(list[6].at("EventId").as_int64() == event_id);
    CHECK(test::detail(list[3]) ==
          json::object{
              {"Action", "FNF:StartExecution"},
              {"TaskMode", "WaitForCustomCallback"},
              {"Parameters",
               json::object{{"resourceArn", "acs:fnf:cn-hangzhou::flow/request"},
                            {"input", json::object{{"token", token}, {"request", json::parse(R"({"order":7})")}}}}}});
    CHECK(test::detail(list[5]) == json::object{{"TaskToken", token}});
    CHECK(test::detail(list[6]) == json::parse(R"({"Output":{"approved":true}})"));
    for (std::size_t i = 1; i <= 8; ++i) CHECK(list[i].at("StepName") == "Approve");

    // The token is used: TaskAlreadyCompleted, for either report.
    check_error(emulator.call(report_succeeded(token, "{}")), 400, "TaskAlreadyCompleted",
                "Task " + token + " has already completed.");
    check_error(emulator.call(report_failed(token, "Late")), 400, "TaskAlreadyCompleted");
}

TEST_CASE("emulator executions: ReportTaskFailed fails the execution", "[emulator][executions][task]")
{
    EmulatorSession emulator(test_config());
    emulator.ok(start("approval", "no"));
    const std::string token = emulator.task_token("approval", "no");
    emulator.ok(report_failed(token, "Rejected", "too expensive"));
    CHECK(emulator.ok(describe("approval", "no", 5)).at("Status") == "Failed");
    const auto events = emulator.events("approval", "no");
    CHECK(test::types(events) == std::vector<std::string>{"ExecutionStarted", "StepEntered", "StepStarted",
                                                          "TaskScheduled", "TaskStarted", "TaskSubmitted", "TaskFailed",
                                                          "StepFailed", "StepExited", "ExecutionFailed"});
    CHECK(scheduled_by(events) == std::vector<std::int64_t>{0, 1, 2, 2, 4, 4, 4, 2, 2, 9});
    const auto failed = json::parse(R"({"Error":"Rejected","Cause":"too expensive"})");
    CHECK(test::detail(events[6]) == failed);
    CHECK(test::detail(events[7]) == failed);
    CHECK(test::detail(events.back()) == failed);
}

TEST_CASE("emulator executions: task report refusals", "[emulator][executions][task]")
{
    EmulatorSession emulator(test_config());
    check_error(emulator.call(report_succeeded("never-issued", "{}")), 400, "InvalidArgument",
                "The TaskToken is not valid.");
    check_error(emulator.call({{"Action", "ReportTaskSucceeded"}, {"Output", "{}"}}), 400, "MissingRequiredParams",
                "The HTTP query 'TaskToken' must be specified.");

    emulator.ok(start("approval", "pending"));
    const std::string token = emulator.task_token("approval", "pending");
    check_error(emulator.call({{"Action", "ReportTaskSucceeded"}, {"TaskToken", token}}), 400, "MissingRequiredParams",
                "The HTTP query 'Output' must be specified.");
    check_error(emulator.call(report_succeeded(token, "not json")), 400, "InvalidArgument");
    check_error(emulator.call(report_succeeded(token, "[1]")), 400, "InvalidArgument");
    check_error(emulator.call({{"Action", "ReportTaskFailed"}, {"TaskToken", token}}), 400, "MissingRequiredParams");
    check_error(emulator.call(report_failed(token, std::string(129, 'x'))), 400, "InvalidArgument");
    // None of them was a report: the task still waits.
    CHECK(emulator.ok(describe("approval", "pending")).at("Status") == "Running");
    // The execution stopped: its task is over.
    emulator.ok({{"Action", "StopExecution"}, {"FlowName", "approval"}, {"ExecutionName", "pending"}});
    check_error(emulator.call(report_succeeded(token, "{}")), 400, "TaskAlreadyCompleted");
}

TEST_CASE("emulator executions: a task's Timeout fails it, the execution's time limit times the execution out",
          "[emulator][executions][task][timeout]")
{
    EmulatorSession emulator(test_config());
    emulator.ok(start("hasty", "late"));  // Timeout: 1
    emulator.ok(start("brief", "long"));  // timeout_seconds: 0.3
    const std::string late = emulator.task_token("hasty", "late");
    const std::string long_token = emulator.task_token("brief", "long");

    // The task waited longer than its Timeout: FnF.Timeout, which fails the execution (no Catch).
    CHECK(emulator.ok(describe("hasty", "late", 5)).at("Status") == "Failed");
    auto events = emulator.events("hasty", "late");
    CHECK(test::types(events) ==
          std::vector<std::string>{"ExecutionStarted", "StepEntered", "StepStarted", "TaskScheduled", "TaskStarted",
                                   "TaskSubmitted", "TaskTimedOut", "StepFailed", "StepExited", "ExecutionFailed"});
    CHECK(scheduled_by(events) == std::vector<std::int64_t>{0, 1, 2, 2, 4, 4, 4, 2, 2, 9});
    const auto timed_out = json::parse(
        R"({"Error":"FnF.Timeout","Cause":"States[0] (Approve): the task did not complete within its Timeout of 1 s"})");
    CHECK(test::detail(events[6]) == timed_out);
    CHECK(test::detail(events.back()) == timed_out);
    check_error(emulator.call(report_succeeded(late, "{}")), 400, "TaskAlreadyCompleted");

    // The execution ran longer than its flow's limit: TimedOut, its task no longer pending.
    CHECK(emulator.ok(describe("brief", "long", 5)).at("Status") == "TimedOut");
    events = emulator.events("brief", "long");
    CHECK(test::types(events) == std::vector<std::string>{"ExecutionStarted", "StepEntered", "StepStarted",
                                                          "TaskScheduled", "TaskStarted", "TaskSubmitted",
                                                          "ExecutionTimedOut"});
    CHECK(test::detail(events.back()) ==
          json::parse(R"({"Error":"FnF.Timeout","Cause":"the execution ran longer than its time limit"})"));
    check_error(emulator.call(report_succeeded(long_token, "{}")), 400, "TaskAlreadyCompleted");
}

TEST_CASE("emulator executions: two callback tasks of a Parallel wait at once, each for its own token",
          "[emulator][executions][task][parallel]")
{
    EmulatorSession emulator(test_config());
    emulator.ok(start("pair", "both", R"({"n":2})"));
    // Each branch's task submitted: the token of each, by the state that waits for it.
    std::map<std::string, std::string> token;
    emulator.task_tokens("pair", "both", 2);
    for (const auto& e : emulator.events("pair", "both"))
        if (e.at("Type") == "TaskSubmitted")
            token[std::string(e.at("StepName").as_string())] = test::detail(e).at("TaskToken").as_string();
    REQUIRE(token.size() == 2);
    CHECK(token["Left"] != token["Right"]);

    // The right one first: the left one still waits, and so does the execution.
    emulator.ok(report_succeeded(token["Right"], R"({"side":"right"})"));
    emulator.run_for(20ms);
    CHECK(emulator.ok(describe("pair", "both")).at("Status") == "Running");
    emulator.ok(report_succeeded(token["Left"], R"({"side":"left"})"));
    const auto described = emulator.ok(describe("pair", "both", 5));
    CHECK(described.at("Status") == "Succeeded");
    CHECK(json::parse(described.at("Output").as_string()) ==
          json::parse(R"({"Branch0":{"side":"left"},"Branch1":{"side":"right"}})"));
    for (const char* side : {"Left", "Right"})
        check_error(emulator.call(report_succeeded(token[side], "{}")), 400, "TaskAlreadyCompleted");

    // Each report closed its own task: scheduled by that task's TaskScheduled.
    std::map<std::string, std::int64_t> task_scheduled;
    std::vector<std::string> reported;
    for (const auto& e : emulator.events("pair", "both")) {
        const std::string step(e.at("StepName").as_string());
        if (e.at("Type") == "TaskScheduled") task_scheduled[step] = e.at("EventId").as_int64();
        if (e.at("Type") == "TaskSucceeded") {
            reported.push_back(step);
            CHECK(e.at("ScheduleEventId").as_int64() == task_scheduled.at(step));
            CHECK(test::detail(e) ==
                  json::object{{"Output", json::object{{"side", step == "Left" ? "left" : "right"}}}});
        }
    }
    CHECK(reported == std::vector<std::string>{"Right", "Left"});

    // One branch's task failed: the Parallel fails, the other branch's task is no longer pending.
    emulator.ok(start("pair", "half"));
    const auto tokens = emulator.task_tokens("pair", "half", 2);
    emulator.ok(report_failed(tokens[0], "Refused", "by one side"));
    const auto failed = emulator.ok(describe("pair", "half", 5));
    CHECK(failed.at("Status") == "Failed");
    CHECK(test::detail(emulator.events("pair", "half").back()) ==
          json::parse(R"({"Error":"Refused","Cause":"by one side"})"));
    check_error(emulator.call(report_succeeded(tokens[1], "{}")), 400, "TaskAlreadyCompleted");
}

TEST_CASE("emulator executions: an execution started with CallbackFnFTaskToken reports its end to that task",
          "[emulator][executions][task][callback-token]")
{
    EmulatorSession emulator(test_config());
    // A's callback task waits; B, started with A's token, ends: A's task succeeds with B's output.
    emulator.ok(start("approval", "a"));
    const std::string token = emulator.task_token("approval", "a");
    auto b = start("request", "b", R"({"approved":"by b"})");
    b["CallbackFnFTaskToken"] = token;
    CHECK(emulator.ok(b).at("Status") == "Running");
    CHECK(emulator.ok(describe("request", "b", 5)).at("Status") == "Succeeded");
    auto described = emulator.ok(describe("approval", "a", 5));
    CHECK(described.at("Status") == "Succeeded");
    CHECK(described.at("Output") == R"({"approved":"by b"})");
    const auto events = emulator.events("approval", "a");
    const auto reported = std::find_if(events.begin(), events.end(),
                                       [](const json::value& e) { return e.at("Type") == "TaskSucceeded"; });
    REQUIRE(reported != events.end());
    CHECK(test::detail(*reported) == json::parse(R"({"Output":{"approved":"by b"}})"));
    check_error(emulator.call(report_succeeded(token, "{}")), 400, "TaskAlreadyCompleted");

    // B fails: A's task fails with B's error.
    emulator.ok(start("approval", "c"));
    auto d = start("refuse", "d");
    d["CallbackFnFTaskToken"] = emulator.task_token("approval", "c");
    emulator.ok(d);
    CHECK(emulator.ok(describe("approval", "c", 5)).at("Status") == "Failed");
    CHECK(test::detail(emulator.events("approval", "c").back()) ==
          json::parse(R"({"Error":"Rejected","Cause":"not this time"})"));

    // B is stopped: A's task fails too, saying so.
    emulator.ok(start("approval", "e"));
    auto f = start("sleepy", "f");
    f["CallbackFnFTaskToken"] = emulator.task_token("approval", "e");
    emulator.ok(f);
    emulator.ok({{"Action", "StopExecution"}, {"FlowName", "sleepy"}, {"ExecutionName", "f"}});
    CHECK(emulator.ok(describe("approval", "e", 5)).at("Status") == "Failed");
    CHECK(test::detail(emulator.events("approval", "e").back()) ==
          json::parse(R"({"Error":"FnF.TaskFailed","Cause":"execution f ended Stopped"})"));

    // A token never issued is refused; nothing starts.
    auto g = start("request", "g");
    g["CallbackFnFTaskToken"] = "never-issued";
    check_error(emulator.call(g), 400, "InvalidArgument", "The parameter CallbackFnFTaskToken is not a task token.");
    check_error(emulator.call(describe("request", "g")), 404, "ExecutionNotExists");
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
        {"name": "fast", "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Ask", "States": [
          {"Type": "Task", "Name": "Ask", "Action": "FNF:StartExecution", "TaskMode": "WaitForCustomCallback",
           "Parameters": {"resourceArn": "acs:fnf:cn-hangzhou::flow/other"}, "End": true}]}}]})"),
                             error));
    CHECK(error == "flow fast: the definition is invalid: States[0] (Ask).TaskMode: must be RequestComplete in an "
                   "Express flow (got WaitForCustomCallback)");
    // The same flow in standard mode is accepted.
    CHECK(parse_config(json::parse(R"({"access_keys": [{"id": "a", "secret": "b"}], "flows": [
        {"name": "slow", "mode": "standard", "definition": {"Type": "StateMachine", "SpecVersion": "v1",
         "StartAt": "Ask", "States": [
          {"Type": "Task", "Name": "Ask", "Action": "FNF:StartExecution", "TaskMode": "WaitForCustomCallback",
           "Parameters": {"resourceArn": "acs:fnf:cn-hangzhou::flow/other"}, "End": true}]}}]})"),
                       error));
}

TEST_CASE("emulator executions: StopExecution's answer names the flow's RoleArn", "[emulator][executions]")
{
    EmulatorSession emulator(test_config());
    emulator.ok({{"Action", "CreateFlow"},
                 {"Name", "roled"},
                 {"Definition", "Type: StateMachine\nSpecVersion: v1\nStartAt: Nap\nStates:\n"
                                "  - {Type: Wait, Name: Nap, Seconds: 60, End: true}\n"},
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
    const std::string token = emulator.task_token("approval", "shape");
    check_against_fixture("DescribeExecution", emulator.ok(describe("approval", "shape")),
                          {"DescribeExecution.Output", "DescribeExecution.StoppedTime"});  // still running
    check_against_fixture("ReportTaskSucceeded", emulator.ok(report_succeeded(token, "{}")), {});
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
    const std::string second = emulator.task_token("approval", "refused");
    // Two, the newest still running: a NextToken.
    check_against_fixture("ListExecutions",
                          emulator.ok({{"Action", "ListExecutions"}, {"FlowName", "approval"}, {"Limit", "1"}}),
                          {"ListExecutions.Executions[].Output", "ListExecutions.Executions[].StoppedTime"});
    check_against_fixture("ReportTaskFailed", emulator.ok(report_failed(second, "No")), {});
    emulator.ok(start("sleepy", "halt"));
    check_against_fixture("StopExecution",
                          emulator.ok({{"Action", "StopExecution"}, {"FlowName", "sleepy"}, {"ExecutionName", "halt"}}),
                          {});
    // The newest first: "refused" ended Failed, without Output.
    CHECK(emulator.ok(describe("approval", "refused", 5)).at("Status") == "Failed");
    check_against_fixture("ListExecutions", emulator.ok({{"Action", "ListExecutions"}, {"FlowName", "approval"}}),
                          {"ListExecutions.NextToken", "ListExecutions.Executions[].Output"});
}
