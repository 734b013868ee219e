// Conformance with Alibaba Cloud's own code: the official Node.js client @alicloud/pop-core calls
// cloudflow-local with GET and POST. Its signatures must verify (so our signer, which the
// emulator's verifier uses, agrees with Alibaba's), and its results must match ours.
#include "integration/fixture.hpp"
#include "support/catch_result.hpp"
#include "support/fake_http_server.hpp"
#include "support/run.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <map>
#include <string>
#include <thread>
#include <vector>

using namespace cloudflow;
using namespace cloudflow::test;
namespace json = boost::json;

namespace {

// Runs one of the official clients' scripts with one JSON argument and returns what it printed.
json::value node_script(const std::string& script, const json::object& argument)
{
    const std::filesystem::path dir = CLOUDFLOW_CONFORMANCE_DIR;
    for (const char* package : {"pop-core", "openapi-client", "openapi-util", "tea-util", "fnf-2019-03-15"}) {
        const auto installed = dir / "node_modules" / "@alicloud" / package;
        if (!std::filesystem::exists(installed))
            FAIL(installed.string() << " is missing: the official Node.js packages are not installed. Run `npm ci` in "
                                    << dir.string() << " (scripts/test.sh does), then run these tests again.");
    }
    TempDir tmp;
    const auto out = tmp.path() / "out.json";
    const std::string text_argument = json::serialize(argument);
    std::string quoted = "'";
    for (char c : text_argument) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    quoted += "'";
    const std::string command =
        "cd '" + dir.string() + "' && node " + script + " " + quoted + " > '" + out.string() + "'";
    REQUIRE(std::system(command.c_str()) == 0);
    std::FILE* f = std::fopen(out.c_str(), "r");
    REQUIRE(f != nullptr);
    std::string text;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, f)) > 0;) text.append(buffer, n);
    std::fclose(f);
    return json::parse(text);
}

// One call by one of the official clients' scripts: its result object.
json::object official(const std::string& script, const std::string& endpoint, const std::string& method,
                      json::object params, const char* secret, const char* action = "StartSyncExecution")
{
    const json::object call{{"endpoint", endpoint},        {"method", method},
                            {"accessKeyId", key_id},       {"accessKeySecret", secret},
                            {"params", std::move(params)}, {"action", action}};
    return node_script(script, call).as_object();
}

// Calls through the generated package @alicloud/fnf-2019-03-15, each by its own method
// (createFlow, ...), one after another; each must succeed. Their answers, in order.
std::vector<json::object> fnf_package(const LocalEmulator& emulator, json::array calls)
{
    const json::object argument{
        {"endpoint", emulator.url()}, {"accessKeyId", key_id}, {"accessKeySecret", key_secret}, {"calls", calls}};
    const auto results = node_script("fnf_package_calls.js", argument).as_array();
    REQUIRE(results.size() == calls.size());
    std::vector<json::object> answers;
    for (std::size_t i = 0; i < results.size(); ++i) {
        INFO(json::serialize(calls[i]) << " -> " << json::serialize(results[i]));
        REQUIRE(results[i].at("ok").as_bool());
        answers.push_back(results[i].at("response").as_object());
    }
    return answers;
}

// @alicloud/pop-core: RPC, signature V1.
json::object pop_core(const LocalEmulator& emulator, const std::string& method, json::object params,
                      const char* secret = key_secret)
{
    return official("pop_core_call.js", emulator.url(), method, std::move(params), secret);
}

// pop-core's generic request for any action (as the official fnf package 1.x does), with the
// method the official SDK 2.x uses for it; its answer, which must be a success.
json::object pop_core_ok(const LocalEmulator& emulator, const char* action, const std::string& method,
                         json::object params)
{
    const auto theirs = official("pop_core_call.js", emulator.url(), method, std::move(params), key_secret, action);
    INFO(action << ": " << json::serialize(theirs));
    REQUIRE(theirs.at("ok").as_bool());
    return theirs.at("response").as_object();
}

// @alicloud/openapi-client: signature V3; its endpoint is host:port.
json::object openapi_client(const LocalEmulator& emulator, const std::string& method, json::object params,
                            const char* secret = key_secret)
{
    const std::string endpoint = emulator.url().substr(emulator.url().find("://") + 3);
    return official("openapi_client_call.js", endpoint, method, std::move(params), secret);
}

// Runs one of our calls to its end; it must succeed: its value.
template <class Task>
auto succeeded(boost::asio::io_context& ioc, Task task)
{
    auto r = run(ioc, std::move(task));
    REQUIRE(r);
    return *r;
}

// A flow definition in Spec v1 (YAML) whose one Pass state answers {"version": N}.
std::string definition(int version)
{
    return "Type: StateMachine\nSpecVersion: v1\nStartAt: Answer\nStates:\n"
           "  - Type: Pass\n    Name: Answer\n    OutputConstructor: {version: " +
           std::to_string(version) + "}\n    End: true\n";
}

}  // namespace

TEST_CASE("conformance: pop-core and cloudflow-cpp get the same answers", "[conformance]")
{
    LocalEmulator emulator({}, test_config);
    boost::asio::io_context ioc;
    const std::string input = R"({"msg":"你好 +a/b *~ & = %","order":{"amount":250}})";

    for (const std::string method : {"GET", "POST"}) {
        INFO(method);
        auto config = client_config(emulator);
        config.method = method == "GET" ? RequestMethod::get : RequestMethod::post;
        Client client(ioc.get_executor(), config);

        for (const std::string flow : {"echo", "router"}) {
            const auto theirs =
                pop_core(emulator, method, {{"FlowName", flow}, {"ExecutionName", "conformance-1"}, {"Input", input}});
            REQUIRE(theirs.at("ok").as_bool());
            const auto& response = theirs.at("response").as_object();

            StartSyncExecutionRequest request;
            request.flow_name = flow;
            request.execution_name = "conformance-1";
            request.input_json = input;
            const auto ours = run(ioc, client.start_sync_execution(request));
            REQUIRE(ours);
            CHECK(response.at("FlowName").as_string() == ours->flow_name);
            CHECK(response.at("Status").as_string() == ours->status_text);
            CHECK(std::string(response.at("Name").as_string()).starts_with("conformance-1:"));
            CHECK(json::parse(response.at("Output").as_string()) == *ours->output);
        }

        // A failed execution and a refused call look the same to both.
        const auto failed = pop_core(emulator, method, {{"FlowName", "router"}, {"Input", R"({"refuse":true})"}});
        REQUIRE(failed.at("ok").as_bool());
        CHECK(failed.at("response").at("Status") == "Failed");
        CHECK(failed.at("response").at("ErrorCode") == "Refused");

        const auto missing = pop_core(emulator, method, {{"FlowName", "no_such_flow"}});
        CHECK_FALSE(missing.at("ok").as_bool());
        CHECK(missing.at("code") == "FlowNotExists");
        StartSyncExecutionRequest request;
        request.flow_name = "no_such_flow";
        const auto ours = run(ioc, client.start_sync_execution(request));
        REQUIRE_FALSE(ours);
        CHECK(ours.error().service_code == "FlowNotExists");
    }
}

TEST_CASE("conformance: the emulator refuses pop-core's signature made with the wrong secret", "[conformance]")
{
    LocalEmulator emulator({}, test_config);
    const auto theirs = pop_core(emulator, "POST", {{"FlowName", "echo"}}, "not-the-secret");
    CHECK_FALSE(theirs.at("ok").as_bool());
    CHECK(theirs.at("code") == "SignatureNotMatch");
}

TEST_CASE("conformance: V3 calls of @alicloud/openapi-client verify and match ours", "[conformance][v3]")
{
    LocalEmulator emulator({}, test_config);
    boost::asio::io_context ioc;
    const std::string input = R"({"msg":"你好 +a/b *~ & = %","order":{"amount":250}})";
    for (const std::string method : {"GET", "POST"}) {
        INFO(method);
        const auto theirs = openapi_client(emulator, method, {{"FlowName", "router"}, {"Input", input}});
        REQUIRE(theirs.at("ok").as_bool());
        const auto& response = theirs.at("response").as_object();

        auto config = client_config(emulator);
        config.signature_version = SignatureVersion::v3;
        config.method = method == "GET" ? RequestMethod::get : RequestMethod::post;
        Client client(ioc.get_executor(), config);
        StartSyncExecutionRequest request;
        request.flow_name = "router";
        request.input_json = input;
        const auto ours = run(ioc, client.start_sync_execution(request));
        REQUIRE(ours);
        CHECK(response.at("Status").as_string() == ours->status_text);
        CHECK(json::parse(response.at("Output").as_string()) == *ours->output);

        const auto refused = openapi_client(emulator, method, {{"FlowName", "echo"}}, "not-the-secret");
        CHECK_FALSE(refused.at("ok").as_bool());
        CHECK(refused.at("code") == "SignatureNotMatch");
    }
}

// Each lifecycle action called by pop-core (so its signatures verify for every action) and by us,
// on the same executions: the answers agree.
TEST_CASE("conformance: pop-core and cloudflow-cpp agree on every lifecycle action", "[conformance][lifecycle]")
{
    LocalEmulator emulator({}, test_config);
    boost::asio::io_context ioc;
    Client client(ioc.get_executor(), client_config(emulator));
    const auto ours = [&](auto task) { return succeeded(ioc, std::move(task)); };

    // StartExecution: theirs and ours, then each describes the other's.
    const auto started =
        pop_core_ok(emulator, "StartExecution", "POST",
                    {{"FlowName", "standard_nap"}, {"ExecutionName", "theirs"}, {"Input", R"({"n":1})"}});
    CHECK(started.at("Status") == "Running");
    const auto mine = ours(client.start_execution({.flow_name = "standard_nap", .execution_name = "mine"}));
    for (const auto* name : {"theirs", "mine"}) {
        INFO(name);
        const auto ended = ours(client.wait_for_execution("standard_nap", name, {.timeout = std::chrono::seconds(30)}));
        const auto described =
            pop_core_ok(emulator, "DescribeExecution", "GET", {{"FlowName", "standard_nap"}, {"ExecutionName", name}});
        CHECK(described.at("Status").as_string() == ended.status_text);
        CHECK(json::parse(described.at("Output").as_string()) == *ended.output);
        CHECK(described.at("StartedTime").as_string() == format_timestamp(*ended.started_time));
    }
    CHECK(mine.status == ExecutionStatus::running);

    // ListExecutions and GetExecutionHistory: the same items.
    const auto listed = pop_core_ok(emulator, "ListExecutions", "GET", {{"FlowName", "standard_nap"}});
    const auto our_list = ours(client.list_executions({.flow_name = "standard_nap"}));
    REQUIRE(listed.at("Executions").as_array().size() == our_list.executions.size());
    for (std::size_t i = 0; i < our_list.executions.size(); ++i)
        CHECK(listed.at("Executions").as_array()[i].at("Name").as_string() == our_list.executions[i].name);
    const auto history = pop_core_ok(emulator, "GetExecutionHistory", "GET",
                                     {{"FlowName", "standard_nap"}, {"ExecutionName", "theirs"}, {"Limit", "999"}});
    const auto our_history =
        ours(client.get_execution_history({.flow_name = "standard_nap", .execution_name = "theirs", .limit = 999}));
    REQUIRE(history.at("Events").as_array().size() == our_history.events.size());
    for (std::size_t i = 0; i < our_history.events.size(); ++i) {
        CHECK(history.at("Events").as_array()[i].at("Type").as_string() == our_history.events[i].type_text);
        CHECK(history.at("Events").as_array()[i].at("EventId").as_int64() == our_history.events[i].event_id);
    }

    // StopExecution by them, seen by us.
    ours(client.start_execution({.flow_name = "long_nap", .execution_name = "stop-me"}));
    const auto stopped = pop_core_ok(emulator, "StopExecution", "POST",
                                     {{"FlowName", "long_nap"}, {"ExecutionName", "stop-me"}, {"Error", "Cancelled"}});
    CHECK(stopped.at("Status") == "Stopped");
    CHECK(ours(client.describe_execution({.flow_name = "long_nap", .execution_name = "stop-me"})).status ==
          ExecutionStatus::stopped);

    // ReportTaskSucceeded and ReportTaskFailed by them, on tokens we read from the history.
    const auto token_of = [&](const char* name) { return task_token(ioc, client, "approval", name); };
    ours(client.start_execution({.flow_name = "approval", .execution_name = "yes"}));
    ours(client.start_execution({.flow_name = "approval", .execution_name = "no"}));
    const auto approved = pop_core_ok(emulator, "ReportTaskSucceeded", "POST",
                                      {{"TaskToken", token_of("yes")}, {"Output", R"({"approved":true})"}});
    CHECK(approved.at("EventId").as_int64() > 0);
    const auto rejected =
        pop_core_ok(emulator, "ReportTaskFailed", "POST", {{"TaskToken", token_of("no")}, {"Error", "Rejected"}});
    CHECK(rejected.at("EventId").as_int64() > 0);
    CHECK(ours(client.wait_for_execution("approval", "yes", {.timeout = std::chrono::seconds(30)})).status ==
          ExecutionStatus::succeeded);
    CHECK(ours(client.wait_for_execution("approval", "no", {.timeout = std::chrono::seconds(30)})).status ==
          ExecutionStatus::failed);
}

// Each flow, version, alias, schedule, map-run and region action called by pop-core (its signatures verify
// for every action, with the official SDK 2.x's method) and by us, on the same resources: each
// side reads what the other wrote, and a Qualifier routes to the version its alias names.
TEST_CASE("conformance: pop-core and cloudflow-cpp agree on flows versions aliases schedules map runs and regions",
          "[conformance][resources]")
{
    LocalEmulator emulator({}, test_config);
    boost::asio::io_context ioc;
    Client client(ioc.get_executor(), client_config(emulator));
    const auto ours = [&](auto task) { return succeeded(ioc, std::move(task)); };

    // Flows: theirs described by us, ours described by them, an update by them seen by us.
    pop_core_ok(emulator, "CreateFlow", "POST",
                {{"Name", "conf_theirs"},
                 {"Definition", definition(1)},
                 {"Description", "made by pop-core"},
                 {"Type", "FDL"},
                 {"ExecutionMode", "Express"},
                 {"Environment", R"({"Variables":[{"Name":"tier","Value":"gold","Description":"d"}]})"}});
    const auto theirs = ours(client.describe_flow({.name = "conf_theirs"}));
    CHECK(theirs.definition == definition(1));
    CHECK(theirs.execution_mode == ExecutionMode::express);
    CHECK(theirs.environment == std::vector<EnvironmentVariable>{{"tier", "gold", "d"}});
    CreateFlowRequest create{.name = "conf_ours",
                             .definition = definition(1),
                             .description = "made by us",
                             .execution_mode = ExecutionMode::express};
    const auto mine = ours(client.create_flow(create));
    const auto described = pop_core_ok(emulator, "DescribeFlow", "GET", {{"Name", "conf_ours"}});
    CHECK(described.at("Id").as_string() == mine.id);
    CHECK(described.at("Definition").as_string() == mine.definition);
    CHECK(described.at("ExecutionMode") == "Express");
    pop_core_ok(emulator, "UpdateFlow", "POST", {{"Name", "conf_ours"}, {"Definition", definition(2)}});
    CHECK(ours(client.describe_flow({.name = "conf_ours"})).definition == definition(2));
    const auto flows = pop_core_ok(emulator, "ListFlows", "GET", {{"Limit", "999"}});
    const auto our_flows = ours(client.list_flows({.limit = 999}));
    REQUIRE(flows.at("Flows").as_array().size() == our_flows.flows.size());
    for (std::size_t i = 0; i < our_flows.flows.size(); ++i)
        CHECK(flows.at("Flows").as_array()[i].at("Name").as_string() == our_flows.flows[i].name);

    // Versions: 1 published by them (definition 2), 2 by us after another update (definition 3).
    const auto v1 = pop_core_ok(emulator, "PublishFlowVersion", "POST", {{"FlowName", "conf_ours"}});
    CHECK(v1.at("Version") == "1");
    ours(client.update_flow({.name = "conf_ours", .definition = definition(3)}));
    CHECK(ours(client.publish_flow_version({.flow_name = "conf_ours", .description = "ours"})).version == "2");
    const auto versions = pop_core_ok(emulator, "ListFlowVersions", "GET", {{"FlowName", "conf_ours"}});
    const auto our_versions = ours(client.list_flow_versions({.flow_name = "conf_ours"}));
    REQUIRE(versions.at("FlowVersions").as_array().size() == 2);
    REQUIRE(our_versions.versions.size() == 2);
    for (std::size_t i = 0; i < 2; ++i)
        CHECK(versions.at("FlowVersions").as_array()[i].at("Version").as_string() == our_versions.versions[i].version);
    CHECK(pop_core_ok(emulator, "DescribeFlow", "GET", {{"Name", "conf_ours"}, {"FlowVersion", "1"}})
              .at("Definition")
              .as_string() == definition(2));

    // Aliases: theirs routes to version 1, ours to version 2; a Qualifier runs the version it names.
    pop_core_ok(emulator, "CreateFlowAlias", "POST",
                {{"FlowName", "conf_ours"},
                 {"Name", "stable"},
                 {"RoutingConfigurations", R"([{"Version":"1","Weight":100}])"}});
    const auto stable = ours(client.describe_flow_alias({.flow_name = "conf_ours", .name = "stable"}));
    CHECK(stable.alias.routing_configurations == std::vector<RoutingConfiguration>{{"1", 100}});
    CreateFlowAliasRequest next{.flow_name = "conf_ours", .name = "next", .routing_configurations = {{"2", 100}}};
    ours(client.create_flow_alias(next));
    const auto their_next =
        pop_core_ok(emulator, "DescribeFlowAlias", "GET", {{"FlowName", "conf_ours"}, {"Name", "next"}});
    CHECK(their_next.at("Alias").at("RoutingConfigurations").as_array()[0].at("Version") == "2");
    for (const auto& [qualifier, version] : {std::pair{"stable", 2}, std::pair{"next", 3}, std::pair{"1", 2}}) {
        INFO(qualifier);
        const auto run_theirs =
            pop_core_ok(emulator, "StartSyncExecution", "POST", {{"FlowName", "conf_ours"}, {"Qualifier", qualifier}});
        CHECK(json::parse(run_theirs.at("Output").as_string()).at("version") == version);
        StartSyncExecutionRequest request{.flow_name = "conf_ours", .qualifier = qualifier};
        CHECK(ours(client.start_sync_execution(request)).output->at("version") == version);
    }
    pop_core_ok(emulator, "UpdateFlowAlias", "POST",
                {{"FlowName", "conf_ours"},
                 {"Name", "stable"},
                 {"RoutingConfigurations", R"([{"Version":"2","Weight":100}])"}});
    const auto aliases = pop_core_ok(emulator, "ListFlowAliases", "GET", {{"FlowName", "conf_ours"}});
    const auto our_aliases = ours(client.list_flow_aliases({.flow_name = "conf_ours"}));
    REQUIRE(aliases.at("Aliases").as_array().size() == our_aliases.aliases.size());
    for (const auto& alias : our_aliases.aliases)
        CHECK(alias.routing_configurations == std::vector<RoutingConfiguration>{{"2", 100}});

    // Schedules: created by them, updated by us, listed by both, deleted by them.
    pop_core_ok(emulator, "CreateSchedule", "POST",
                {{"FlowName", "conf_ours"},
                 {"ScheduleName", "nightly"},
                 {"CronExpression", "0 0 2 * * *"},
                 {"Payload", R"({"batch":true})"},
                 {"Enable", "true"}});
    const auto schedule = ours(client.describe_schedule({.flow_name = "conf_ours", .schedule_name = "nightly"}));
    CHECK(schedule.cron_expression == "0 0 2 * * *");
    CHECK(schedule.payload == json::parse(R"({"batch":true})"));
    CHECK(schedule.enable);
    ours(client.update_schedule({.flow_name = "conf_ours", .schedule_name = "nightly", .enable = false}));
    const auto their_schedule =
        pop_core_ok(emulator, "DescribeSchedule", "GET", {{"FlowName", "conf_ours"}, {"ScheduleName", "nightly"}});
    CHECK(their_schedule.at("Enable") == false);
    CHECK(their_schedule.at("ScheduleId").as_string() == schedule.schedule_id);
    pop_core_ok(emulator, "UpdateSchedule", "POST",
                {{"FlowName", "conf_ours"}, {"ScheduleName", "nightly"}, {"CronExpression", "@every 5m"}});
    const auto schedules = pop_core_ok(emulator, "ListSchedules", "GET", {{"FlowName", "conf_ours"}});
    REQUIRE(schedules.at("Schedules").as_array().size() == 1);
    CHECK(ours(client.list_schedules({.flow_name = "conf_ours"})).schedules.at(0).cron_expression == "@every 5m");
    pop_core_ok(emulator, "DeleteSchedule", "POST", {{"FlowName", "conf_ours"}, {"ScheduleName", "nightly"}});
    const auto gone = run(ioc, client.describe_schedule({.flow_name = "conf_ours", .schedule_name = "nightly"}));
    REQUIRE_FALSE(gone);
    CHECK(gone.error().code == errc::schedule_not_exists);

    // Regions: the same answer.
    const auto regions = pop_core_ok(emulator, "DescribeRegions", "POST", {{"AcceptLanguage", "en-US"}});
    const auto our_regions = ours(client.describe_regions({.accept_language = "en-US"}));
    const auto& their_regions = regions.at("Regions").at("Region").as_array();
    REQUIRE(their_regions.size() == our_regions.regions.size());
    REQUIRE_FALSE(our_regions.regions.empty());
    CHECK(their_regions[0].at("RegionId").as_string() == our_regions.regions[0].region_id);
    CHECK(their_regions[0].at("RegionEndpoint").as_string() == our_regions.regions[0].region_endpoint);

    // A map run: started by us, described by both, updated by them while it runs (six items, one
    // at a time, a second each, until they raise its concurrency).
    CreateFlowRequest fan_out{.name = "conf_map",
                              .definition = R"(Type: StateMachine
SpecVersion: v1
StartAt: Each
States:
  - Type: Map
    Name: Each
    ItemsPath: $Input.items
    MaxConcurrency: 1
    ProcessorConfig: {ExecutionMode: Express}
    ItemConstructor: {value.$: $Item}
    Processor:
      StartAt: Nap
      States:
        - {Type: Wait, Name: Nap, Seconds: 1, End: true}
    End: true
)",
                              .description = "",
                              .execution_mode = ExecutionMode::standard};
    ours(client.create_flow(fan_out));
    StartExecutionRequest start{
        .flow_name = "conf_map", .execution_name = "m1", .input_json = R"({"items":[1,2,3,4,5,6]})"};
    ours(client.start_execution(start));
    const std::string map_run = event_detail(ioc, client, "conf_map", "m1", EventType::step_started, "MapRunName");
    REQUIRE_FALSE(map_run.empty());
    const auto their_run = pop_core_ok(emulator, "DescribeMapRun", "GET",
                                       {{"FlowName", "conf_map"}, {"ExecutionName", "m1"}, {"MapRunName", map_run}});
    CHECK(their_run.at("MapRunName").as_string() == map_run);
    CHECK(their_run.at("ItemCounts").at("Total") == 6);
    const auto raised =
        pop_core_ok(emulator, "UpdateMapRun", "GET",
                    {{"FlowName", "conf_map"}, {"ExecutionName", "m1"}, {"MapRunName", map_run}, {"Concurrency", "3"}});
    CHECK(raised.at("Concurrency") == 3);
    const DescribeMapRunRequest describe_run{.flow_name = "conf_map", .execution_name = "m1", .map_run_name = map_run};
    CHECK(ours(client.describe_map_run(describe_run)).concurrency == 3);
    const auto mapped = ours(client.wait_for_execution("conf_map", "m1", {.timeout = std::chrono::seconds(30)}));
    CHECK(mapped.status == ExecutionStatus::succeeded);
    CHECK(mapped.output ==
          json::parse(R"({"Items":[{"value":1},{"value":2},{"value":3},{"value":4},{"value":5},{"value":6}]})"));

    // Deletes by them, seen by us: the alias, a version, the flows.
    pop_core_ok(emulator, "DeleteFlowAlias", "POST", {{"FlowName", "conf_ours"}, {"Name", "next"}});
    const auto no_alias = run(ioc, client.describe_flow_alias({.flow_name = "conf_ours", .name = "next"}));
    REQUIRE_FALSE(no_alias);
    CHECK(no_alias.error().code == condition::not_found);
    pop_core_ok(emulator, "DeleteFlowAlias", "POST", {{"FlowName", "conf_ours"}, {"Name", "stable"}});
    pop_core_ok(emulator, "DeleteFlowVersion", "POST", {{"FlowName", "conf_ours"}, {"FlowVersion", "1"}});
    CHECK(ours(client.list_flow_versions({.flow_name = "conf_ours"})).versions.size() == 1);
    for (const auto* name : {"conf_ours", "conf_theirs", "conf_map"}) {
        pop_core_ok(emulator, "DeleteFlow", "POST", {{"Name", name}});
        const auto deleted = run(ioc, client.describe_flow({.name = name}));
        REQUIRE_FALSE(deleted);
        CHECK(deleted.error().code == errc::flow_not_exists);
    }
}

// The generated package for fnf 2019-03-15 (@alicloud/fnf-2019-03-15 1.2.0, the newest on npm that
// is reachable here; the 2.x package @alicloud/fnf20190315 is not on this registry) calls each of its
// 18 actions by its own method, with the parameters it requires and the HTTP method it picks (GET
// for DeleteFlow and DeleteSchedule): cloudflow-local serves each, and we read what it wrote.
TEST_CASE("conformance: the generated fnf package calls its 18 actions and agrees with ours",
          "[conformance][fnf-package]")
{
    LocalEmulator emulator({}, test_config);
    boost::asio::io_context ioc;
    Client client(ioc.get_executor(), client_config(emulator));
    const auto ours = [&](auto task) { return succeeded(ioc, std::move(task)); };
    const json::object flow{{"Name", "pkg_flow"}};
    const json::object schedule{{"FlowName", "pkg_flow"}, {"ScheduleName", "hourly"}};
    const json::object run_name{{"FlowName", "pkg_flow"}, {"ExecutionName", "pkg-run"}};

    // Flows, schedules and executions written by the package.
    json::array writes;
    writes.push_back(json::object{
        {"method", "createFlow"},
        {"params",
         {{"Name", "pkg_flow"}, {"Definition", definition(1)}, {"Description", "by the package"}, {"Type", "FDL"}}}});
    writes.push_back(json::object{{"method", "describeFlow"}, {"params", flow}});
    writes.push_back(
        json::object{{"method", "updateFlow"},
                     {"params", {{"Name", "pkg_flow"}, {"Definition", definition(2)}, {"Description", "updated"}}}});
    writes.push_back(json::object{{"method", "listFlows"}, {"params", {{"Limit", 999}}}});
    writes.push_back(json::object{{"method", "createSchedule"},
                                  {"params",
                                   {{"FlowName", "pkg_flow"},
                                    {"ScheduleName", "hourly"},
                                    {"CronExpression", "0 0 * * * *"},
                                    {"Payload", R"({"n":1})"},
                                    {"Enable", true}}}});
    writes.push_back(json::object{{"method", "describeSchedule"}, {"params", schedule}});
    writes.push_back(json::object{
        {"method", "updateSchedule"},
        {"params",
         {{"FlowName", "pkg_flow"}, {"ScheduleName", "hourly"}, {"Enable", false}, {"Description", "paused"}}}});
    writes.push_back(json::object{{"method", "listSchedules"}, {"params", {{"FlowName", "pkg_flow"}}}});
    writes.push_back(
        json::object{{"method", "startExecution"},
                     {"params", {{"FlowName", "pkg_flow"}, {"ExecutionName", "pkg-run"}, {"Input", R"({"n":1})"}}}});
    writes.push_back(json::object{{"method", "startExecution"},
                                  {"params", {{"FlowName", "long_nap"}, {"ExecutionName", "pkg-stop"}}}});
    writes.push_back(json::object{{"method", "stopExecution"},
                                  {"params",
                                   {{"FlowName", "long_nap"},
                                    {"ExecutionName", "pkg-stop"},
                                    {"Error", "Cancelled"},
                                    {"Cause", "by the package"}}}});
    writes.push_back(json::object{{"method", "listExecutions"}, {"params", {{"FlowName", "long_nap"}}}});
    const auto written = fnf_package(emulator, writes);

    CHECK(written[0].at("ExecutionMode") == "Standard");
    const auto described = ours(client.describe_flow({.name = "pkg_flow"}));
    CHECK(described.id == written[1].at("Id").as_string());
    CHECK(described.definition == definition(2));
    CHECK(described.description == "updated");
    const auto our_flows = ours(client.list_flows({.limit = 999}));
    REQUIRE(written[3].at("Flows").as_array().size() == our_flows.flows.size());
    for (std::size_t i = 0; i < our_flows.flows.size(); ++i)
        CHECK(written[3].at("Flows").as_array()[i].at("Name").as_string() == our_flows.flows[i].name);
    const auto our_schedule = ours(client.describe_schedule({.flow_name = "pkg_flow", .schedule_name = "hourly"}));
    CHECK(our_schedule.schedule_id == written[5].at("ScheduleId").as_string());
    CHECK(our_schedule.cron_expression == "0 0 * * * *");
    CHECK(our_schedule.payload == json::parse(R"({"n":1})"));
    CHECK_FALSE(our_schedule.enable);
    CHECK(our_schedule.description == "paused");
    CHECK(written[7].at("Schedules").as_array().size() == 1);
    const auto finished = ours(client.wait_for_execution("pkg_flow", "pkg-run", {.timeout = std::chrono::seconds(30)}));
    CHECK(finished.status == ExecutionStatus::succeeded);
    CHECK(finished.output->at("version") == 2);
    CHECK(written[10].at("Status") == "Stopped");
    CHECK(ours(client.describe_execution({.flow_name = "long_nap", .execution_name = "pkg-stop"})).status ==
          ExecutionStatus::stopped);
    const auto our_list = ours(client.list_executions({.flow_name = "long_nap"}));
    REQUIRE(written[11].at("Executions").as_array().size() == our_list.executions.size());

    // Reads, task reports and deletes by the package, on what we started.
    ours(client.start_execution({.flow_name = "approval", .execution_name = "pkg-yes"}));
    ours(client.start_execution({.flow_name = "approval", .execution_name = "pkg-no"}));
    const auto yes = task_token(ioc, client, "approval", "pkg-yes");
    const auto no = task_token(ioc, client, "approval", "pkg-no");
    const auto our_history =
        ours(client.get_execution_history({.flow_name = "pkg_flow", .execution_name = "pkg-run", .limit = 999}));
    json::array reads;
    reads.push_back(json::object{{"method", "describeExecution"}, {"params", run_name}});
    json::object history_params = run_name;
    history_params["Limit"] = 999;
    reads.push_back(json::object{{"method", "getExecutionHistory"}, {"params", history_params}});
    reads.push_back(json::object{{"method", "reportTaskSucceeded"},
                                 {"params", {{"TaskToken", yes}, {"Output", R"({"approved":true})"}}}});
    reads.push_back(json::object{{"method", "reportTaskFailed"},
                                 {"params", {{"TaskToken", no}, {"Error", "Rejected"}, {"Cause", "by the package"}}}});
    reads.push_back(json::object{{"method", "deleteSchedule"}, {"params", schedule}});
    const auto read = fnf_package(emulator, reads);

    CHECK(read[0].at("Status") == "Succeeded");
    CHECK(json::parse(read[0].at("Output").as_string()) == *finished.output);
    REQUIRE(read[1].at("Events").as_array().size() == our_history.events.size());
    for (std::size_t i = 0; i < our_history.events.size(); ++i)
        CHECK(read[1].at("Events").as_array()[i].at("Type").as_string() == our_history.events[i].type_text);
    CHECK(ours(client.wait_for_execution("approval", "pkg-yes", {.timeout = std::chrono::seconds(30)})).status ==
          ExecutionStatus::succeeded);
    CHECK(ours(client.wait_for_execution("approval", "pkg-no", {.timeout = std::chrono::seconds(30)})).status ==
          ExecutionStatus::failed);
    const auto no_schedule = run(ioc, client.describe_schedule({.flow_name = "pkg_flow", .schedule_name = "hourly"}));
    REQUIRE_FALSE(no_schedule);
    CHECK(no_schedule.error().code == errc::schedule_not_exists);
    json::array delete_flow;
    delete_flow.push_back(json::object{{"method", "deleteFlow"}, {"params", flow}});
    fnf_package(emulator, delete_flow);
    const auto no_flow = run(ioc, client.describe_flow({.name = "pkg_flow"}));
    REQUIRE_FALSE(no_flow);
    CHECK(no_flow.error().code == errc::flow_not_exists);
}

// A Spec v1 flow in YAML with every kind of state, created by the generated fnf package as a
// Standard and as an Express flow, run by it with StartExecution and StartSyncExecution (which the
// 1.x package predates: through its client's own request()), its two Tasks mocked with --mocks.
// Each run gives the output that CloudFlow's documentation of each state predicts, worked out below.
TEST_CASE("conformance: the generated fnf package runs a Spec v1 flow with every kind of state",
          "[conformance][fnf-package][spec-v1]")
{
    const std::string flow_yaml = R"yaml(Type: StateMachine
SpecVersion: v1
Name: pkg_spec
StartAt: Prepare
States:
  - Type: Pass
    Name: Prepare
    OutputConstructor:
      order.$: $Input.order
      lines.$: $Input.lines
      count.$: length($Input.lines)
      label.$: format("order {} ({} lines)", $Input.order, length($Input.lines))
    Next: Route
  - Type: Choice
    Name: Route
    Branches:
      - Condition: $Input.count == 0
        Next: Empty
    Default: Pause
  - Type: Fail
    Name: Empty
    Code: EmptyOrder
    Detail: the order has no lines
  - Type: Wait
    Name: Pause
    Seconds: 1
    Next: Work
  - Type: Parallel
    Name: Work
    Branches:
      - StartAt: Charge
        States:
          - Type: Task
            Name: Charge
            Action: FC:InvokeFunction
            Parameters:
              resourceArn: acs:fc:cn-hangzhou:123456789:functions/charge
              invocationType: Sync
              body: {order.$: $Input.order}
            Retry:
              - Errors: [FC.ResourceThrottled]
                MaxAttempts: 2
                IntervalSeconds: 1
            OutputConstructor:
              charged.$: $Output.Body.charged
              retries.$: $Context.Current.RetryCount
            End: true
      - StartAt: Ship
        States:
          - Type: Task
            Name: Ship
            Action: HTTP:Request
            Parameters: {url: "https://carrier.example.com/shipments", method: POST}
            Catch:
              - Errors: [FnF.ALL]
                Next: Later
                OutputConstructor: {shipped: false, error.$: $Context.Current.Error.Code}
            End: true
          - Type: Pass
            Name: Later
            End: true
      - StartAt: Lines
        States:
          - Type: Map
            Name: Lines
            ItemsPath: $Input.lines
            MaxConcurrency: 2
            Processor:
              StartAt: Price
              States:
                - Type: Pass
                  Name: Price
                  OutputConstructor: {sku.$: $Input.sku, total.$: $Input.qty * $Input.price}
                  End: true
            End: true
    OutputConstructor:
      label.$: $Input.label
      charged.$: $Output.Branch0.charged
      retries.$: $Output.Branch0.retries
      shipping.$: $Output.Branch1
      lines.$: $Output.Branch2.Items
    End: true
)yaml";
    // Charge is throttled once, then charges; Ship's carrier is down. Per state and execution.
    const std::string mocks = R"(
Flows:
  pkg_spec: {DefaultTestCase: Mocked, TestCases: {Mocked: {Charge: ChargeAfterThrottle, Ship: CarrierDown}}}
  pkg_spec_sync: {DefaultTestCase: Mocked, TestCases: {Mocked: {Charge: ChargeAfterThrottle, Ship: CarrierDown}}}
MockedResponses:
  ChargeAfterThrottle:
    "0": {Throw: {Error: FC.ResourceThrottled, Cause: busy}}
    "1": {Return: {Body: {charged: true}}}
  CarrierDown:
    "0": {Throw: {Error: HTTP.ServiceUnavailable, Cause: the carrier is down}}
)";
    const std::string input =
        R"({"order":"A-1","lines":[{"sku":"pen","qty":2,"price":3},{"sku":"ink","qty":1,"price":24}]})";
    // Prepare: {order, lines, count: 2, label}; Route: count is not 0, so Pause (1 s), then Work.
    // Charge: the throttled first call is retried once (RetryCount 1), then charged. Ship: the
    // carrier's error is caught by FnF.ALL, whose OutputConstructor reads $Context.Current.Error,
    // and Later passes it on. Lines: the inline Map's {"Items": [...]}, a total per line. Work's
    // OutputConstructor picks from {"Branch0", "Branch1", "Branch2"} and from its own $Input.
    const json::value predicted = json::parse(R"json({
      "label": "order A-1 (2 lines)",
      "charged": true,
      "retries": 1,
      "shipping": {"shipped": false, "error": "HTTP.ServiceUnavailable"},
      "lines": [{"sku": "pen", "total": 6}, {"sku": "ink", "total": 24}]})json");

    TempDir dir;
    LocalEmulator emulator({"--mocks", dir.write("mocks.yaml", mocks).string()}, test_config);
    boost::asio::io_context ioc;
    Client client(ioc.get_executor(), client_config(emulator));
    const auto ours = [&](auto task) { return succeeded(ioc, std::move(task)); };

    json::array calls;
    for (const auto& [name, mode] : {std::pair{"pkg_spec", "Standard"}, std::pair{"pkg_spec_sync", "Express"}})
        calls.push_back(json::object{{"method", "createFlow"},
                                     {"params",
                                      {{"Name", name},
                                       {"Definition", flow_yaml},
                                       {"Description", "every kind of state"},
                                       {"Type", "FDL"},
                                       {"ExecutionMode", mode}}}});
    calls.push_back(
        json::object{{"method", "startExecution"},
                     {"params", {{"FlowName", "pkg_spec"}, {"ExecutionName", "spec-1"}, {"Input", input}}}});
    calls.push_back(json::object{
        {"method", "startExecution"},
        {"params",
         {{"FlowName", "pkg_spec"}, {"ExecutionName", "spec-empty"}, {"Input", R"({"order":"A-2","lines":[]})"}}}});
    calls.push_back(json::object{{"action", "StartSyncExecution"},
                                 {"httpMethod", "POST"},
                                 {"params", {{"FlowName", "pkg_spec_sync"}, {"Input", input}}}});
    calls.push_back(
        json::object{{"action", "StartSyncExecution"},
                     {"httpMethod", "POST"},
                     {"params", {{"FlowName", "pkg_spec_sync"}, {"Input", R"({"order":"A-2","lines":[]})"}}}});
    const auto started = fnf_package(emulator, calls);

    CHECK(started[0].at("ExecutionMode") == "Standard");
    CHECK(started[1].at("ExecutionMode") == "Express");
    CHECK(ours(client.describe_flow({.name = "pkg_spec"})).definition == flow_yaml);
    CHECK(started[2].at("Status") == "Running");
    // StartSyncExecution: the output at once; the empty order fails at its Fail state.
    CHECK(started[4].at("Status") == "Succeeded");
    CHECK(json::parse(started[4].at("Output").as_string()) == predicted);
    CHECK(started[5].at("Status") == "Failed");
    CHECK(started[5].at("ErrorCode") == "EmptyOrder");
    CHECK(started[5].at("ErrorMessage") == "the order has no lines");

    // StartExecution: waited for by us, read by the package.
    for (const char* name : {"spec-1", "spec-empty"})
        ours(client.wait_for_execution("pkg_spec", name, {.timeout = std::chrono::seconds(30)}));
    json::array reads;
    for (const char* name : {"spec-1", "spec-empty"})
        reads.push_back(json::object{{"method", "describeExecution"},
                                     {"params", {{"FlowName", "pkg_spec"}, {"ExecutionName", name}}}});
    reads.push_back(json::object{{"method", "getExecutionHistory"},
                                 {"params", {{"FlowName", "pkg_spec"}, {"ExecutionName", "spec-1"}, {"Limit", 999}}}});
    const auto read = fnf_package(emulator, reads);
    CHECK(read[0].at("Status") == "Succeeded");
    CHECK(json::parse(read[0].at("Output").as_string()) == predicted);
    CHECK(read[1].at("Status") == "Failed");
    // The history holds each kind of event the run went through: the retried and the caught task,
    // the Parallel's branches and the inline Map's iterations.
    std::map<std::string, int> counts;
    for (const auto& event : read[2].at("Events").as_array()) ++counts[std::string(event.at("Type").as_string())];
    CHECK(counts["TaskScheduled"] == 3);  // Charge twice, Ship once
    CHECK(counts["TaskFailed"] == 2);
    CHECK(counts["TaskSucceeded"] == 1);
    CHECK(counts["BranchEntered"] == 3);
    CHECK(counts["IterationEntered"] == 2);
    CHECK(counts["StepFailed"] == 1);  // Ship, caught
    CHECK(counts["ExecutionSucceeded"] == 1);
}

// The same package runs a Spec v1 flow whose Tasks cloudflow-local serves for real, nothing mocked:
// an FC function at a local endpoint (--function), an HTTP:Request to a local service, a child flow
// (FNF:StartExecution, waited for), and an HTTP:Request that waits for its callback, which the
// package reports with ReportTaskSucceeded.
TEST_CASE("conformance: the generated fnf package runs a Spec v1 flow whose Tasks are served locally",
          "[conformance][fnf-package][spec-v1]")
{
    // One local service: the charge function, the carrier and the approvals desk.
    FakeHttpServer service([](const ReceivedRequest& r) {
        HttpResponse answer;
        answer.status = 200;
        if (r.target == "/invoke") {
            const auto order = json::parse(r.body).at("order").as_string();
            answer.body = json::serialize(json::object{{"charged", true}, {"order", order}});
        } else if (r.target == "/ship") {
            answer.status = 201;
            answer.headers = {{"X-Tracking", "T-1"}};
            answer.body = "shipped";
        } else if (r.target == "/approvals") {
            answer.status = 202;
        } else {
            answer.status = 404;
        }
        return answer;
    });
    const std::string orders_yaml = R"yaml(Type: StateMachine
SpecVersion: v1
Name: pkg_orders
StartAt: Charge
States:
  - Type: Task
    Name: Charge
    Action: FC:InvokeFunction
    Parameters:
      resourceArn: acs:fc:cn-hangzhou:123456789:functions/charge/LATEST
      invocationType: Sync
      body: {order.$: $Input.order}
    OutputConstructor: {order.$: $Input.order, charged.$: $Output.Body.charged}
    Next: Ship
  - Type: Task
    Name: Ship
    Action: HTTP:Request
    Parameters:
      url: )yaml" + service.url() + R"yaml(/ship
      method: POST
      body: {order.$: $Input.order}
    OutputConstructor:
      order.$: $Input.order
      charged.$: $Input.charged
      shipped.$: $Output.Code == 201
      tracking.$: get($Output.Header, "X-Tracking")
    Next: Invoice
  - Type: Task
    Name: Invoice
    Action: FNF:StartExecution
    TaskMode: WaitForSystemCallback
    Parameters:
      resourceArn: acs:fnf:cn-hangzhou::flow/pkg_invoice
      input: {order.$: $Input.order}
    OutputConstructor: {order.$: $Input.order, charged.$: $Input.charged, shipped.$: $Input.shipped,
                        tracking.$: $Input.tracking, invoice.$: $Output.invoice}
    Next: Approve
  - Type: Task
    Name: Approve
    Action: HTTP:Request
    TaskMode: WaitForCustomCallback
    Timeout: "60"
    Parameters:
      url: )yaml" + service.url() + R"yaml(/approvals
      method: POST
      body: {token.$: $Context.Current.TaskToken, order.$: $Input.order}
    OutputConstructor: {summary.$: $Input, approved.$: $Output.approved}
    End: true
)yaml";
    const std::string invoice_yaml = R"yaml(Type: StateMachine
SpecVersion: v1
StartAt: Number
States:
  - {Type: Pass, Name: Number, OutputConstructor: {invoice.$: "format('INV-{}', $Input.order)"}, End: true}
)yaml";

    LocalEmulator emulator({"--function", "charge=" + service.url() + "/invoke"}, test_config);
    boost::asio::io_context ioc;
    Client client(ioc.get_executor(), client_config(emulator));
    const auto ours = [&](auto task) { return succeeded(ioc, std::move(task)); };

    json::array calls;
    for (const auto& [name, text] : {std::pair{"pkg_invoice", invoice_yaml}, std::pair{"pkg_orders", orders_yaml}})
        calls.push_back(json::object{{"method", "createFlow"},
                                     {"params",
                                      {{"Name", name},
                                       {"Definition", text},
                                       {"Description", "served locally"},
                                       {"Type", "FDL"},
                                       {"ExecutionMode", "Standard"}}}});
    calls.push_back(json::object{
        {"method", "startExecution"},
        {"params", {{"FlowName", "pkg_orders"}, {"ExecutionName", "local-1"}, {"Input", R"({"order":"A-1"})"}}}});
    fnf_package(emulator, calls);

    // The approvals desk gets the token in the header and where the flow put it.
    std::string token;
    for (int i = 0; i < 300 && token.empty(); ++i) {
        for (const auto& r : service.requests())
            if (r.target == "/approvals")
                token = std::string(find_header(r.headers, "X-FnF-Http-Callback-Task-Token").value_or(""));
        if (token.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    REQUIRE_FALSE(token.empty());
    for (const auto& r : service.requests()) {
        if (r.target == "/approvals") CHECK(json::parse(r.body) == json::value{{"token", token}, {"order", "A-1"}});
        if (r.target == "/invoke") {
            CHECK(json::parse(r.body) == json::parse(R"({"order":"A-1"})"));
            CHECK(find_header(r.headers, "X-Fc-Invocation-Type") == std::optional<std::string_view>("Sync"));
        }
        if (r.target == "/ship") CHECK(r.method == "POST");
    }

    json::array report;
    report.push_back(json::object{{"method", "reportTaskSucceeded"},
                                  {"params", {{"TaskToken", token}, {"Output", R"({"approved":true})"}}}});
    fnf_package(emulator, report);
    ours(client.wait_for_execution("pkg_orders", "local-1", {.timeout = std::chrono::seconds(30)}));
    json::array reads;
    reads.push_back(json::object{{"method", "describeExecution"},
                                 {"params", {{"FlowName", "pkg_orders"}, {"ExecutionName", "local-1"}}}});
    const auto read = fnf_package(emulator, reads);
    INFO(json::serialize(read[0]));
    CHECK(read[0].at("Status") == "Succeeded");
    CHECK(json::parse(read[0].at("Output").as_string()) ==
          json::parse(R"({"summary": {"order": "A-1", "charged": true, "shipped": true, "tracking": "T-1",
                                      "invoice": "INV-A-1"}, "approved": true})"));
}
