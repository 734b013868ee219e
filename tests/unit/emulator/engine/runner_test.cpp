// The runner's child executions through the API: FNF:StartExecution in each TaskMode, the bound on
// their depth, and a child's end reported to its parent task.
#include "support/emulator_session.hpp"

#include "lang/document.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace cloudflow::test;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

local::EmulatorConfig config_of(std::string_view yaml)
{
    auto document = local::read_document(yaml);
    INFO((document ? "" : document.error().text()));
    REQUIRE(document);
    std::string error;
    auto config = local::parse_config(*document, error);
    INFO(error);
    REQUIRE(config);
    return *config;
}

// A standard flow that starts itself, each child one level deeper, waiting for its end.
constexpr const char* recursive = R"(
access_keys: [{id: id, secret: s3cret}]
flows:
  - name: deeper
    mode: standard
    definition: |
      Type: StateMachine
      SpecVersion: v1
      StartAt: Again
      States:
        - Type: Task
          Name: Again
          Action: FNF:StartExecution
          TaskMode: WaitForSystemCallback
          Parameters:
            resourceArn: acs:fnf:cn-hangzhou::flow/deeper
          End: true
  - name: parent
    mode: standard
    definition: |
      Type: StateMachine
      SpecVersion: v1
      StartAt: Child
      States:
        - Type: Task
          Name: Child
          Action: FNF:StartExecution
          TaskMode: WaitForSystemCallback
          Parameters:
            resourceArn: acs:fnf:cn-hangzhou::flow/child
            executionName: the-child
            input: {n.$: $Input.n}
          Next: Started
        - Type: Task
          Name: Started
          Action: FNF:StartExecution
          Parameters: {resourceArn: acs:fnf:cn-hangzhou::flow/child}
          OutputConstructor: {flow.$: $Output.FlowName, doubled.$: $Input.doubled}
          End: true
  - name: child
    mode: standard
    definition: |
      Type: StateMachine
      SpecVersion: v1
      StartAt: Double
      States:
        - {Type: Pass, Name: Double, OutputConstructor: {doubled.$: $Input.n * 2}, End: true}
)";

json::object describe(EmulatorSession& emulator, const std::string& flow, const std::string& name)
{
    return emulator.ok({{"Action", "DescribeExecution"}, {"FlowName", flow}, {"ExecutionName", name}});
}

// Runs the session until `flow`/`name` ends (or 10 s pass).
json::object wait_for(EmulatorSession& emulator, const std::string& flow, const std::string& name)
{
    for (int i = 0; i < 200; ++i) {
        auto d = describe(emulator, flow, name);
        if (d.at("Status") != "Running") return d;
        emulator.run_for(50ms);
    }
    FAIL("execution " << name << " did not end");
    return {};
}

}  // namespace

TEST_CASE("runner: FNF:StartExecution waits for its child (WaitForSystemCallback) or not (RequestComplete)",
          "[emulator][runner]")
{
    EmulatorSession emulator(config_of(recursive));
    emulator.ok(
        {{"Action", "StartExecution"}, {"FlowName", "parent"}, {"ExecutionName", "p1"}, {"Input", R"({"n": 21})"}});
    const auto ended = wait_for(emulator, "parent", "p1");
    INFO(json::serialize(ended));
    REQUIRE(ended.at("Status") == "Succeeded");
    // The first task's output is the child's; the second answers at once with the child's names.
    CHECK(json::parse(ended.at("Output").as_string()) == json::parse(R"({"flow": "child", "doubled": 42})"));
    CHECK(describe(emulator, "child", "the-child").at("Status") == "Succeeded");
}

TEST_CASE("runner: child flows nest at most 5 deep; the sixth start fails its task, and each parent with it",
          "[emulator][runner][bounds]")
{
    EmulatorSession emulator(config_of(recursive));
    emulator.ok({{"Action", "StartExecution"}, {"FlowName", "deeper"}, {"ExecutionName", "root"}});
    const auto ended = wait_for(emulator, "deeper", "root");
    CHECK(ended.at("Status") == "Failed");
    // The error travels up unchanged: the deepest task's.
    const auto history = emulator.ok(
        {{"Action", "GetExecutionHistory"}, {"FlowName", "deeper"}, {"ExecutionName", "root"}, {"Limit", "100"}});
    const auto& events = history.at("Events").as_array();
    const auto& last = events.back().as_object();
    CHECK(last.at("Type") == "ExecutionFailed");
    const auto detail = json::parse(last.at("EventDetail").as_string());
    CHECK(detail.at("Error") == "FnF.TaskFailed");
    CHECK(detail.at("Cause") == "FNF:StartExecution: child flows may nest at most 5 deep");
    // The root and its five descendants.
    const auto listed = emulator.ok({{"Action", "ListExecutions"}, {"FlowName", "deeper"}});
    CHECK(listed.at("Executions").as_array().size() == 6);
}

TEST_CASE("runner: an execution started with CallbackFnFTaskToken reports its end to that task", "[emulator][runner]")
{
    EmulatorSession emulator(config_of(R"(
access_keys: [{id: id, secret: s3cret}]
flows:
  - name: waits
    mode: standard
    definition: |
      Type: StateMachine
      SpecVersion: v1
      StartAt: Ask
      States:
        - Type: Task
          Name: Ask
          Action: FNF:StartExecution
          TaskMode: WaitForCustomCallback
          Parameters: {resourceArn: acs:fnf:cn-hangzhou::flow/noop}
          End: true
  - name: noop
    mode: standard
    definition: |
      Type: StateMachine
      SpecVersion: v1
      StartAt: Hold
      States:
        - {Type: Pass, Name: Hold, End: true}
  - name: worker
    mode: standard
    definition: |
      Type: StateMachine
      SpecVersion: v1
      StartAt: Work
      States:
        - {Type: Pass, Name: Work, OutputConstructor: {worked.$: $Input.job}, End: true}
)"));
    emulator.ok({{"Action", "StartExecution"}, {"FlowName", "waits"}, {"ExecutionName", "w1"}});
    emulator.run_for(50ms);
    // The token, from the task's TaskSubmitted event.
    const auto history =
        emulator.ok({{"Action", "GetExecutionHistory"}, {"FlowName", "waits"}, {"ExecutionName", "w1"}});
    std::string token;
    for (const auto& e : history.at("Events").as_array())
        if (e.at("Type") == "TaskSubmitted")
            token = json::parse(e.at("EventDetail").as_string()).at("TaskToken").as_string();
    REQUIRE_FALSE(token.empty());
    emulator.ok({{"Action", "StartExecution"},
                 {"FlowName", "worker"},
                 {"ExecutionName", "job"},
                 {"Input", R"({"job": 7})"},
                 {"CallbackFnFTaskToken", token}});
    const auto ended = wait_for(emulator, "waits", "w1");
    CHECK(ended.at("Status") == "Succeeded");
    CHECK(json::parse(ended.at("Output").as_string()) == json::parse(R"({"worked": 7})"));
    // A token nobody issued is refused.
    check_error(
        emulator.call({{"Action", "StartExecution"}, {"FlowName", "worker"}, {"CallbackFnFTaskToken", "not-a-token"}}),
        400, "InvalidArgument", "The parameter CallbackFnFTaskToken is not a task token.");
}
