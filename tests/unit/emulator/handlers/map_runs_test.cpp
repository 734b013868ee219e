// cloudflow-local's map runs, in process: a distributed Map state's items, each a child execution,
// counted while they run (DescribeMapRun), its settings changed while it runs (UpdateMapRun),
// tolerated failures, a stop, ListExecutions' MapRunName listing the children, and the demo's
// map_flow.
#include "support/emulator_session.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <set>
#include <utility>

using namespace cloudflow;
using namespace cloudflow::local;
using cloudflow::test::check_error;
using cloudflow::test::EmulatorSession;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

// fanout: the values of $Input.items, two child executions at a time; each waits for the report of
// its callback task (a value of 0 does not), a negative one fails. tolerant: one at a time, no
// waits, a failure tolerated (but not over 40% of the items).
constexpr const char* config_text = R"(
access_keys: [{id: id, secret: s3cret}]
flows:
  - name: hold
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Received
      States: [{Type: Pass, Name: Received, End: true}]
  - name: fanout
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Each
      States:
        - Type: Map
          Name: Each
          ItemsPath: $Input.items
          ProcessorConfig: {ExecutionMode: Standard}
          MaxConcurrency: 2
          ItemConstructor: {value.$: $Item}
          Processor:
            StartAt: Check
            States:
              - Type: Choice
                Name: Check
                Branches:
                  - {Condition: $Input.value < 0, Next: Refuse}
                  - {Condition: $Input.value == 0, Next: Done}
                Default: Work
              - Type: Task
                Name: Work
                Action: FNF:StartExecution
                TaskMode: WaitForCustomCallback
                Parameters:
                  resourceArn: acs:fnf:cn-hangzhou::flow/hold
                  input: {token.$: $Context.Current.TaskToken}
                End: true
              - {Type: Succeed, Name: Done}
              - {Type: Fail, Name: Refuse, Code: NegativeItem, Detail: below 0}
          Next: Wrap
        - {Type: Pass, Name: Wrap, Next: Finish}
        - {Type: Succeed, Name: Finish}
  - name: tolerant
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Each
      States:
        - Type: Map
          Name: Each
          ItemsPath: $Input.items
          ProcessorConfig: {ExecutionMode: Express}
          MaxConcurrency: 1
          ToleratedFailureCount: 1
          ToleratedFailurePercentage: 40
          ItemConstructor: {value.$: $Item}
          Processor:
            StartAt: Check
            States:
              - Type: Choice
                Name: Check
                Branches:
                  - {Condition: $Input.value < 0, Next: Refuse}
                Default: Ok
              - {Type: Pass, Name: Ok, End: true}
              - {Type: Fail, Name: Refuse, Code: NegativeItem, Detail: below 0}
          End: true
)";

EmulatorConfig test_config()
{
    return test::parse_test_config(config_text);
}

void start(EmulatorSession& emulator, const std::string& flow, const std::string& name, const std::string& input)
{
    emulator.ok({{"Action", "StartExecution"}, {"FlowName", flow}, {"ExecutionName", name}, {"Input", input}});
}

json::object describe(EmulatorSession& emulator, const std::string& flow, const std::string& name, int wait = 0)
{
    return emulator.ok({{"Action", "DescribeExecution"},
                        {"FlowName", flow},
                        {"ExecutionName", name},
                        {"WaitTimeSeconds", std::to_string(wait)}});
}

// The map runs an execution's history names (its distributed Map's StepStarted events), in order,
// once it names one.
std::vector<std::string> map_runs(EmulatorSession& emulator, const std::string& flow, const std::string& name)
{
    std::vector<std::string> out;
    emulator.run_until([&] {
        out.clear();
        for (const auto& e : emulator.events(flow, name)) {
            if (e.at("Type") != "StepStarted") continue;
            const auto detail = test::detail(e);
            if (const auto* run = detail.as_object().if_contains("MapRunName")) out.emplace_back(run->as_string());
        }
        return !out.empty();
    });
    return out;
}

// The name of the child execution that runs item `index` of `run`.
std::string child_name(const std::string& run, std::size_t index)
{
    return "map-" + run.substr(run.rfind(':') + 1) + "-" + std::to_string(index);
}

// The child executions ListExecutions lists for `run`, newest first: name and status.
std::vector<std::pair<std::string, std::string>> children(EmulatorSession& emulator, const std::string& flow,
                                                          const std::string& run, const std::string& status = "")
{
    Parameters p{{"Action", "ListExecutions"}, {"FlowName", flow}, {"MapRunName", run}, {"Limit", "99"}};
    if (!status.empty()) p["Status"] = status;
    std::vector<std::pair<std::string, std::string>> out;
    const auto body = emulator.ok(p);
    for (const auto& e : body.at("Executions").as_array())
        out.emplace_back(e.at("Name").as_string(), e.at("Status").as_string());
    return out;
}

// Reports the callback task of the child `name`, with the child's input as its output.
void report(EmulatorSession& emulator, const std::string& flow, const std::string& name)
{
    const std::string token = emulator.task_token(flow, name);
    const auto input = describe(emulator, flow, name).at("Input");
    emulator.ok({{"Action", "ReportTaskSucceeded"}, {"TaskToken", token}, {"Output", std::string(input.as_string())}});
}

// Reports every child of `run` as it starts, until the execution ends.
void finish(EmulatorSession& emulator, const std::string& flow, const std::string& execution, const std::string& run)
{
    std::set<std::string> reported;
    REQUIRE(emulator.run_until([&] {
        for (const auto& [name, status] : children(emulator, flow, run, "Running"))
            if (reported.insert(name).second) report(emulator, flow, name);
        return describe(emulator, flow, execution).at("Status") != "Running";
    }));
}

Parameters map_run(const std::string& action, const std::string& flow, const std::string& execution,
                   const std::string& run)
{
    return {{"Action", action}, {"FlowName", flow}, {"ExecutionName", execution}, {"MapRunName", run}};
}

json::object counts(EmulatorSession& emulator, const std::string& flow, const std::string& execution,
                    const std::string& run)
{
    return emulator.ok(map_run("DescribeMapRun", flow, execution, run), {.get = true}).at("ItemCounts").as_object();
}

json::object counts_of(std::int64_t total, std::int64_t succeed, std::int64_t failed, std::int64_t running,
                       std::int64_t pending, std::int64_t aborted)
{
    return json::object{{"Total", total},     {"Succeed", succeed}, {"Failed", failed},
                        {"Running", running}, {"Pending", pending}, {"Aborted", aborted}};
}

// The last event of the execution's history: its end.
json::value ending(EmulatorSession& emulator, const std::string& flow, const std::string& name)
{
    const auto events = emulator.events(flow, name);
    REQUIRE_FALSE(events.empty());
    return test::detail(events.back());
}

}  // namespace

TEST_CASE("emulator map runs: DescribeMapRun counts the items while they run", "[emulator][map-runs]")
{
    EmulatorSession emulator(test_config());
    start(emulator, "fanout", "fan", R"({"items":[1,2,3,4,5,6]})");
    const auto runs = map_runs(emulator, "fanout", "fan");
    REQUIRE(runs.size() == 1);
    const std::string run = runs.front();
    CHECK(run.starts_with("fan:Each:"));
    CHECK(run.size() == std::string("fan:Each:").size() + 8);

    auto body = emulator.ok(map_run("DescribeMapRun", "fanout", "fan", run), {.get = true});
    CHECK(body.at("ExecutionName") == "fan");
    CHECK(body.at("MapRunName") == run.c_str());
    CHECK(body.at("Status") == "Running");
    CHECK(body.at("Concurrency") == 2);
    CHECK(body.at("ToleratedFailedCount") == 0);
    CHECK(body.at("ToleratedFailedPercentage").is_double());
    CHECK(parse_timestamp(body.at("StartedTime").as_string()));
    CHECK_FALSE(body.contains("StoppedTime"));
    CHECK(body.at("ItemCounts") == counts_of(6, 0, 0, 2, 4, 0));

    // The first two wait for their reports; reported, they end and the next two start.
    REQUIRE(emulator.run_until([&] { return children(emulator, "fanout", run).size() == 2; }));
    report(emulator, "fanout", child_name(run, 0));
    report(emulator, "fanout", child_name(run, 1));
    CHECK(emulator.run_until([&] { return counts(emulator, "fanout", "fan", run) == counts_of(6, 2, 0, 2, 2, 0); }));
    CHECK(counts(emulator, "fanout", "fan", run) == counts_of(6, 2, 0, 2, 2, 0));

    finish(emulator, "fanout", "fan", run);
    const auto described = describe(emulator, "fanout", "fan");
    CHECK(described.at("Status") == "Succeeded");
    CHECK(json::parse(described.at("Output").as_string()) ==
          json::parse(R"({"Items":[{"value":1},{"value":2},{"value":3},{"value":4},{"value":5},{"value":6}]})"));
    body = emulator.ok(map_run("DescribeMapRun", "fanout", "fan", run));
    CHECK(body.at("Status") == "Succeeded");
    CHECK(body.at("ItemCounts") == counts_of(6, 6, 0, 0, 0, 0));
    CHECK(*parse_timestamp(body.at("StoppedTime").as_string()) >= *parse_timestamp(body.at("StartedTime").as_string()));

    check_error(emulator.call(map_run("DescribeMapRun", "fanout", "fan", "fan:Each:00000000")), 404, "MapRunNotExists",
                "Map run fan:Each:00000000 of execution fan does not exist.");
    check_error(emulator.call(map_run("DescribeMapRun", "fanout", "ghost", run)), 404, "ExecutionNotExists");
    check_error(emulator.call(map_run("DescribeMapRun", "ghost", "fan", run)), 404, "FlowNotExists");
    check_error(emulator.call({{"Action", "DescribeMapRun"}, {"FlowName", "fanout"}, {"ExecutionName", "fan"}}), 400,
                "MissingRequiredParams", "The HTTP query 'MapRunName' must be specified.");
}

TEST_CASE("emulator map runs: UpdateMapRun changes a running map run", "[emulator][map-runs]")
{
    EmulatorSession emulator(test_config());
    start(emulator, "fanout", "up", R"({"items":[1,2,3,4,5,6]})");
    const std::string run = map_runs(emulator, "fanout", "up").front();
    CHECK(counts(emulator, "fanout", "up", run) == counts_of(6, 0, 0, 2, 4, 0));

    auto update = map_run("UpdateMapRun", "fanout", "up", run);
    update["Concurrency"] = "4";
    update["ToleratedFailedCount"] = "3";
    update["ToleratedFailedPercentage"] = "5.5";
    update["RequestId"] = "any";
    const auto body = emulator.ok(update, {.get = true});
    CHECK(body.at("FlowName") == "fanout");
    CHECK(body.at("ExecutionName") == "up");
    CHECK(body.at("MapRunName") == run.c_str());
    CHECK(body.at("Concurrency") == 4);
    CHECK(body.at("ToleratedFailedCount") == 3);
    CHECK(body.at("ToleratedFailedPercentage") == 5.5);
    // Two more items start at once, and wait like the first two.
    CHECK(emulator.run_until([&] { return counts(emulator, "fanout", "up", run) == counts_of(6, 0, 0, 4, 2, 0); }));
    CHECK(emulator.run_until([&] { return children(emulator, "fanout", run, "Running").size() == 4; }));
    const auto described = emulator.ok(map_run("DescribeMapRun", "fanout", "up", run));
    CHECK(described.at("Concurrency") == 4);
    CHECK(described.at("ToleratedFailedPercentage") == 5.5);

    // Only some settings: the others stay.
    auto lower = map_run("UpdateMapRun", "fanout", "up", run);
    lower["Concurrency"] = "1";
    CHECK(emulator.ok(lower, {.get = true}).at("ToleratedFailedCount") == 3);

    for (const auto& [field, value] :
         std::vector<std::pair<std::string, std::string>>{{"Concurrency", "0"},
                                                          {"Concurrency", "1001"},
                                                          {"ToleratedFailedCount", "-1"},
                                                          {"ToleratedFailedPercentage", "100.5"},
                                                          {"ToleratedFailedPercentage", "ten"}}) {
        auto bad = map_run("UpdateMapRun", "fanout", "up", run);
        bad[field] = value;
        INFO(field << "=" << value);
        check_error(emulator.call(bad, {.get = true}), 400, "InvalidArgument");
    }
    finish(emulator, "fanout", "up", run);
    CHECK(describe(emulator, "fanout", "up").at("Status") == "Succeeded");
    check_error(emulator.call(lower, {.get = true}), 400, "InvalidArgument",
                "Map run " + run + " has already ended (Succeeded).");
}

TEST_CASE("emulator map runs: failed items within the tolerance and beyond it", "[emulator][map-runs]")
{
    EmulatorSession emulator(test_config());
    // 2 of 5 failed: over the count (1) but not over the percentage (40%): tolerated. A failed
    // item's entry is its error.
    start(emulator, "tolerant", "ok", R"({"items":[1,-1,2,-2,3]})");
    auto described = describe(emulator, "tolerant", "ok", 5);
    CHECK(described.at("Status") == "Succeeded");
    CHECK(json::parse(described.at("Output").as_string()) ==
          json::parse(R"({"Items":[{"value":1},{"Error":"NegativeItem","Cause":"below 0"},{"value":2},
                                   {"Error":"NegativeItem","Cause":"below 0"},{"value":3}]})"));
    std::string run = map_runs(emulator, "tolerant", "ok").front();
    CHECK(counts(emulator, "tolerant", "ok", run) == counts_of(5, 3, 2, 0, 0, 0));
    // The definition's ToleratedFailureCount and ToleratedFailurePercentage are the map run's.
    const auto settings = emulator.ok(map_run("DescribeMapRun", "tolerant", "ok", run));
    CHECK(settings.at("ToleratedFailedCount") == 1);
    CHECK(settings.at("ToleratedFailedPercentage") == 40.0);
    CHECK(settings.at("Concurrency") == 1);

    // 3 of 5: beyond both. The map run fails at the third failure, the last item is aborted, and
    // the Map fails with the first failed item's error.
    start(emulator, "tolerant", "no", R"({"items":[-1,1,-2,-3,4]})");
    described = describe(emulator, "tolerant", "no", 5);
    CHECK(described.at("Status") == "Failed");
    run = map_runs(emulator, "tolerant", "no").front();
    const auto body = emulator.ok(map_run("DescribeMapRun", "tolerant", "no", run));
    CHECK(body.at("Status") == "Failed");
    CHECK(body.at("ItemCounts") == counts_of(5, 1, 3, 0, 0, 1));
    CHECK(body.contains("StoppedTime"));
    CHECK(ending(emulator, "tolerant", "no") ==
          json::object{
              {"Error", "NegativeItem"},
              {"Cause", "map run " + run + ": 3 of 5 items failed, more than it tolerates; the first: below 0"}});
    // The aborted item never started: four children.
    CHECK(children(emulator, "tolerant", run).size() == 4);

    // Not a list at ItemsPath: the execution fails.
    start(emulator, "tolerant", "bad", R"({"items":{"a":1}})");
    described = describe(emulator, "tolerant", "bad", 5);
    CHECK(described.at("Status") == "Failed");
    CHECK(
        ending(emulator, "tolerant", "bad") ==
        json::parse(R"({"Error":"FnF.RuntimeError","Cause":"States[0] (Each).ItemsPath: gives a map, not an array"})"));
}

TEST_CASE("emulator map runs: StopExecution aborts the map run and stops its children", "[emulator][map-runs][stop]")
{
    EmulatorSession emulator(test_config());
    start(emulator, "fanout", "halt", R"({"items":[1,2,3,4,5,6]})");
    const std::string run = map_runs(emulator, "fanout", "halt").front();
    const std::vector<std::string> tokens{emulator.task_token("fanout", child_name(run, 0)),
                                          emulator.task_token("fanout", child_name(run, 1))};
    CHECK(emulator.service().store().running() == 3);
    emulator.ok({{"Action", "StopExecution"}, {"FlowName", "fanout"}, {"ExecutionName", "halt"}});
    // At once: the map run ended, its items aborted, its running children stopped.
    auto body = emulator.ok(map_run("DescribeMapRun", "fanout", "halt", run));
    CHECK(body.at("Status") == "Failed");
    CHECK(body.at("ItemCounts") == counts_of(6, 0, 0, 0, 0, 6));
    CHECK(body.contains("StoppedTime"));
    const std::vector<std::pair<std::string, std::string>> stopped{{child_name(run, 1), "Stopped"},
                                                                   {child_name(run, 0), "Stopped"}};
    CHECK(children(emulator, "fanout", run) == stopped);
    CHECK(emulator.service().store().running() == 0);
    CHECK(test::detail(emulator.events("fanout", child_name(run, 0)).back()) ==
          json::parse(R"({"Cause":"its map run ended"})"));
    for (const auto& token : tokens)
        check_error(emulator.call({{"Action", "ReportTaskSucceeded"}, {"TaskToken", token}, {"Output", "{}"}}), 400,
                    "TaskAlreadyCompleted");

    emulator.run_for(100ms);  // the cancelled items end, and change nothing
    CHECK(emulator.ok(map_run("DescribeMapRun", "fanout", "halt", run)).at("ItemCounts") ==
          counts_of(6, 0, 0, 0, 0, 6));
    CHECK(children(emulator, "fanout", run) == stopped);
    CHECK(describe(emulator, "fanout", "halt").at("Status") == "Stopped");
    CHECK(emulator.service().store().running() == 0);
    auto update = map_run("UpdateMapRun", "fanout", "halt", run);
    update["Concurrency"] = "3";
    check_error(emulator.call(update, {.get = true}), 400, "InvalidArgument");
}

TEST_CASE("emulator map runs: ListExecutions with MapRunName lists the map run's children, hidden without it",
          "[emulator][map-runs]")
{
    EmulatorSession emulator(test_config());
    start(emulator, "tolerant", "listed", R"({"items":[1,-1,2]})");
    start(emulator, "tolerant", "other", R"({"items":[5]})");
    CHECK(describe(emulator, "tolerant", "listed", 5).at("Status") == "Succeeded");
    CHECK(describe(emulator, "tolerant", "other", 5).at("Status") == "Succeeded");
    const std::string run = map_runs(emulator, "tolerant", "listed").front();
    const std::string other = map_runs(emulator, "tolerant", "other").front();

    // Newest first, as every list of executions; each with its status.
    CHECK(children(emulator, "tolerant", run) ==
          std::vector<std::pair<std::string, std::string>>{
              {child_name(run, 2), "Succeeded"}, {child_name(run, 1), "Failed"}, {child_name(run, 0), "Succeeded"}});
    CHECK(children(emulator, "tolerant", run, "Failed") ==
          std::vector<std::pair<std::string, std::string>>{{child_name(run, 1), "Failed"}});
    CHECK(children(emulator, "tolerant", other) ==
          std::vector<std::pair<std::string, std::string>>{{child_name(other, 0), "Succeeded"}});
    CHECK(children(emulator, "tolerant", "listed:Each:00000000").empty());
    // Without MapRunName: the executions that are no map run's items.
    std::vector<std::string> names;
    const auto listed = emulator.ok({{"Action", "ListExecutions"}, {"FlowName", "tolerant"}});
    for (const auto& e : listed.at("Executions").as_array()) names.emplace_back(e.at("Name").as_string());
    CHECK(names == std::vector<std::string>{"other", "listed"});

    // A child is an execution of the flow: described, with its item as input, and its history.
    auto child = describe(emulator, "tolerant", child_name(run, 1));
    CHECK(child.at("FlowName") == "tolerant");
    CHECK(child.at("Name") == child_name(run, 1).c_str());
    CHECK(child.at("Status") == "Failed");
    CHECK(child.at("Input") == R"({"value":-1})");
    CHECK_FALSE(child.contains("Output"));
    CHECK(child.at("FlowDefinition") == describe(emulator, "tolerant", "listed").at("FlowDefinition"));
    const auto events = emulator.events("tolerant", child_name(run, 1));
    CHECK(test::types(events) == std::vector<std::string>{"ExecutionStarted", "StepEntered", "StepStarted",
                                                          "StepSucceeded", "StepExited", "StepEntered", "StepStarted",
                                                          "StepFailed", "StepExited", "ExecutionFailed"});
    CHECK(test::detail(events.front()) == json::parse(R"({"Input":{"value":-1}})"));
    CHECK(test::detail(events.back()) == json::parse(R"({"Error":"NegativeItem","Cause":"below 0"})"));
    child = describe(emulator, "tolerant", child_name(run, 0));
    CHECK(child.at("Status") == "Succeeded");
    CHECK(child.at("Output") == R"({"value":1})");
}

TEST_CASE("emulator map runs: the demo's map_flow", "[emulator][map-runs][demo]")
{
    EmulatorSession emulator(demo_config());
    const test::CallOptions demo{.key_id = "LTAI-cloudflow-local-demo", .secret = "cloudflow-local-demo-secret"};
    emulator.ok({{"Action", "StartExecution"}, {"FlowName", "map_flow"}, {"ExecutionName", "six"}}, demo);
    emulator.ok({{"Action", "StartExecution"},
                 {"FlowName", "map_flow"},
                 {"ExecutionName", "negative"},
                 {"Input", R"({"items":[1,-1]})"}},
                demo);
    // Each item waits a second, two at a time: all six at once instead.
    std::string run;
    REQUIRE(emulator.run_until([&] {
        const auto events =
            emulator.ok({{"Action", "GetExecutionHistory"}, {"FlowName", "map_flow"}, {"ExecutionName", "six"}}, demo);
        for (const auto& e : events.at("Events").as_array())
            if (e.at("Type") == "StepStarted" && test::detail(e).as_object().contains("MapRunName"))
                run = test::detail(e).at("MapRunName").as_string();
        return !run.empty();
    }));
    auto update = map_run("UpdateMapRun", "map_flow", "six", run);
    update["Concurrency"] = "6";
    emulator.ok(update, demo);

    auto body = emulator.ok({{"Action", "DescribeExecution"},
                             {"FlowName", "map_flow"},
                             {"ExecutionName", "negative"},
                             {"WaitTimeSeconds", "10"}},
                            demo);
    CHECK(body.at("Status") == "Failed");
    const auto negative =
        emulator.ok({{"Action", "GetExecutionHistory"}, {"FlowName", "map_flow"}, {"ExecutionName", "negative"}}, demo);
    const auto failed = test::detail(negative.at("Events").as_array().back());
    INFO(json::serialize(negative));
    CHECK(failed.at("Error") == "NegativeItem");
    CHECK(std::string(failed.at("Cause").as_string())
              .ends_with(": 1 of 2 items failed, more than it tolerates; the first: the item is below 0"));
    body = emulator.ok({{"Action", "DescribeExecution"},
                        {"FlowName", "map_flow"},
                        {"ExecutionName", "six"},
                        {"WaitTimeSeconds", "10"}},
                       demo);
    CHECK(body.at("Status") == "Succeeded");
    CHECK(json::parse(body.at("Output").as_string()) ==
          json::parse(R"({"Items":[{"value":1},{"value":2},{"value":3},{"value":4},{"value":5},{"value":6}]})"));
}

// Found moving these tests to Spec v1: an item cancelled because another failed ended with
// multiple_exceptions (its run races its deadline with an awaitable operator), which counted as
// a failure of its own, FnF.RuntimeError "it broke off: multiple exceptions"; being the first item,
// the Map failed with that error instead of the item that did fail.
TEST_CASE("emulator map runs: a Map beyond its tolerance fails with its failed item's error, not a cancelled one's",
          "[emulator][map-runs]")
{
    EmulatorSession emulator(test::parse_test_config(R"(
access_keys: [{id: id, secret: s3cret}]
flows:
  - name: race
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Each
      States:
        - Type: Map
          Name: Each
          ItemsPath: $Input.items
          ProcessorConfig: {ExecutionMode: Express}
          ItemConstructor: {value.$: $Item}
          Processor:
            StartAt: Check
            States:
              - Type: Choice
                Name: Check
                Branches: [{Condition: $Input.value < 0, Next: Refuse}]
                Default: Work
              - {Type: Wait, Name: Work, Seconds: 20, End: true}
              - {Type: Fail, Name: Refuse, Code: NegativeItem, Detail: below 0}
          End: true
)"));
    emulator.ok(
        {{"Action", "StartExecution"}, {"FlowName", "race"}, {"ExecutionName", "r"}, {"Input", R"({"items":[1,-1]})"}});
    const auto described = emulator.ok(
        {{"Action", "DescribeExecution"}, {"FlowName", "race"}, {"ExecutionName", "r"}, {"WaitTimeSeconds", "10"}});
    CHECK(described.at("Status") == "Failed");
    std::string run;
    for (const auto& e : emulator.events("race", "r"))
        if (e.at("Type") == "StepStarted") run = test::detail(e).at("MapRunName").as_string();
    CHECK(test::detail(emulator.events("race", "r").back()) ==
          json::object{
              {"Error", "NegativeItem"},
              {"Cause", "map run " + run + ": 1 of 2 items failed, more than it tolerates; the first: below 0"}});
    CHECK(emulator.ok({{"Action", "DescribeMapRun"}, {"FlowName", "race"}, {"ExecutionName", "r"}, {"MapRunName", run}})
              .at("ItemCounts") ==
          json::parse(R"({"Total":2,"Succeed":0,"Failed":1,"Running":0,"Pending":0,"Aborted":1})"));
}

// Found moving these tests to Spec v1: after StopExecution answered Stopped, DescribeMapRun still
// said the map run was Running, with its items running, and its child executions were Running,
// until the run unwound on later turns of the loop.
TEST_CASE("emulator map runs: StopExecution ends the execution's map run and stops its items at once",
          "[emulator][map-runs][stop]")
{
    EmulatorSession emulator(test::parse_test_config(R"(
access_keys: [{id: id, secret: s3cret}]
flows:
  - name: hold
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Received
      States: [{Type: Pass, Name: Received, End: true}]
  - name: held
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Each
      States:
        - Type: Map
          Name: Each
          ItemsPath: $Input.items
          ProcessorConfig: {ExecutionMode: Standard}
          MaxConcurrency: 2
          Processor:
            StartAt: Work
            States:
              - Type: Task
                Name: Work
                Action: FNF:StartExecution
                TaskMode: WaitForCustomCallback
                Parameters: {resourceArn: acs:fnf:cn-hangzhou::flow/hold}
                End: true
          End: true
)"));
    const auto start_held = [&](const std::string& name) {
        emulator.ok({{"Action", "StartExecution"},
                     {"FlowName", "held"},
                     {"ExecutionName", name},
                     {"Input", R"({"items":[{},{},{}]})"}});
        std::string run;
        REQUIRE(emulator.run_until([&] {
            for (const auto& e : emulator.events("held", name))
                if (e.at("Type") == "StepStarted") run = test::detail(e).at("MapRunName").as_string();
            return !run.empty();
        }));
        // Both running items wait for their reports.
        const std::string id = run.substr(run.rfind(':') + 1);
        emulator.task_token("held", "map-" + id + "-0");
        emulator.task_token("held", "map-" + id + "-1");
        return run;
    };
    const auto statuses = [&](const std::string& run) {
        std::vector<std::string> out;
        const auto body = emulator.ok({{"Action", "ListExecutions"}, {"FlowName", "held"}, {"MapRunName", run}});
        for (const auto& e : body.at("Executions").as_array()) out.emplace_back(e.at("Status").as_string());
        return out;
    };

    const std::string run = start_held("stopped");
    CHECK(emulator.service().store().running() == 3);
    emulator.ok({{"Action", "StopExecution"}, {"FlowName", "held"}, {"ExecutionName", "stopped"}});
    const auto body = emulator.ok(
        {{"Action", "DescribeMapRun"}, {"FlowName", "held"}, {"ExecutionName", "stopped"}, {"MapRunName", run}});
    CHECK(body.at("Status") == "Failed");
    CHECK(body.at("ItemCounts") ==
          json::parse(R"({"Total":3,"Succeed":0,"Failed":0,"Running":0,"Pending":0,"Aborted":3})"));
    CHECK(body.contains("StoppedTime"));
    CHECK(statuses(run) == std::vector<std::string>{"Stopped", "Stopped"});
    CHECK(emulator.service().store().running() == 0);

    // DeleteFlow stops the execution and then its items: each once.
    start_held("deleted");
    CHECK(emulator.service().store().running() == 3);
    emulator.ok({{"Action", "DeleteFlow"}, {"Name", "held"}});
    CHECK(emulator.service().store().running() == 0);
    emulator.run_for(50ms);
    CHECK(emulator.service().store().running() == 0);
}
