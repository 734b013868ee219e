// The CLI's commands of flows, versions, aliases, schedules, map runs and regions: the parameters
// each sends (to a server that records them and answers with the golden bodies), their usage errors
// (exit 2, nothing sent), and a flow's whole life against cloudflow-local.
#include "integration/fixture.hpp"
#include "support/fake_http_server.hpp"
#include "support/fixtures.hpp"
#include "support/process.hpp"

#include <cloudflow/rpc/parameters.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#ifdef CLOUDFLOW_CLI_PATH

using namespace cloudflow;
using namespace cloudflow::test;
namespace json = boost::json;

namespace {

std::vector<std::string> cli_env()
{
    return {"ALIBABA_CLOUD_ACCESS_KEY_ID=" + std::string(key_id),
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + std::string(key_secret), "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true",
            "ALIBABA_CLOUD_CREDENTIALS_FILE=/nonexistent", "HOME=/nonexistent"};
}

// `cloudflow ARGS --endpoint URL --max-attempts 1`.
ProcessResult cli(const std::string& url, const std::vector<std::string>& args)
{
    std::vector<std::string> argv{CLOUDFLOW_CLI_PATH};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--endpoint", url, "--max-attempts", "1"});
    return run_process(argv, cli_env());
}

// The response a successful run printed.
json::object printed(const ProcessResult& r)
{
    INFO("exit " << r.exit_code << "\nstdout: " << r.out << "\nstderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    REQUIRE(r.err.empty());
    return json::parse(r.out).as_object();
}

// The error a failed call printed (exit 1, nothing on stdout).
json::object failed(const ProcessResult& r)
{
    INFO("exit " << r.exit_code << "\nstdout: " << r.out << "\nstderr: " << r.err);
    REQUIRE(r.exit_code == 1);
    REQUIRE(r.out.empty());
    return json::parse(r.err).as_object();
}

// A request's parameters: its query and its form body, percent-decoded.
Parameters sent(const ReceivedRequest& r)
{
    Parameters out;
    if (const auto q = r.target.find('?'); q != std::string::npos)
        out = decode_parameters(std::string_view(r.target).substr(q + 1)).value();
    for (auto& [name, value] : decode_parameters(r.body).value()) out.emplace(name, value);
    return out;
}

// Records every request and answers with the golden body of its action.
HttpResponse golden_answer(const ReceivedRequest& r)
{
    const auto params = sent(r);
    const auto action = params.find("Action");
    if (action == params.end()) return {400, {}, R"({"Code":"MissingAction","Message":"no Action"})"};
    return {200, {{"Content-Type", "application/json"}}, fnf_fixture(action->second)};
}

// A parameter that is JSON text, parsed (so that the test does not depend on the SDK's spelling).
json::value json_param(const Parameters& params, const std::string& name)
{
    INFO(name);
    REQUIRE(params.count(name) == 1);
    return json::parse(params.at(name));
}

}  // namespace

TEST_CASE("cli resources: each command sends its options as the API's parameters", "[integration][cli]")
{
    FakeHttpServer server(golden_answer);
    TempDir dir;
    const std::string definition =
        R"({"Type":"StateMachine","SpecVersion":"v1","StartAt":"Echo","States":[{"Type":"Pass","Name":"Echo","End":true}]})";
    const auto definition_file = dir.write("flow.json", definition).string();
    // The last request the server received, after one run.
    const auto last = [&](std::size_t expected_requests) {
        const auto requests = server.requests();
        REQUIRE(requests.size() == expected_requests);
        return sent(requests.back());
    };
    std::size_t requests = 0;

    SECTION("flows")
    {
        auto out = printed(
            cli(server.url(), {"create-flow", "--name", "orders", "--definition-file", definition_file, "--description",
                               "the orders", "--execution-mode", "Express", "--environment", "region=cn-hangzhou",
                               "--environment", "pair=a=b", "--role-arn", "acs:ram::1:role/r",
                               "--external-storage-location", "oss://bucket/fnf/", "--resource-group-id", "rg-1"}));
        auto p = last(++requests);
        CHECK(p.at("Action") == "CreateFlow");
        CHECK(p.at("Name") == "orders");
        CHECK(p.at("Definition") == definition);
        CHECK(p.at("Description") == "the orders");
        CHECK(p.at("Type") == "FDL");
        CHECK(p.at("ExecutionMode") == "Express");
        CHECK(json_param(p, "Environment") ==
              json::parse(R"({"Variables":[{"Name":"region","Value":"cn-hangzhou"},{"Name":"pair","Value":"a=b"}]})"));
        CHECK(p.at("RoleArn") == "acs:ram::1:role/r");
        CHECK(p.at("ExternalStorageLocation") == "oss://bucket/fnf/");
        CHECK(p.at("ResourceGroupId") == "rg-1");
        // The golden CreateFlow answer, with the service's member names.
        CHECK(out.at("RequestId") == "testRequestId");
        CHECK(out.at("Name") == "my_flow_name");
        CHECK(out.at("ExecutionMode") == "Standard");
        CHECK(out.at("Environment") ==
              json::parse(R"({"Variables":[{"Name":"region","Value":"cn-hangzhou","Description":"where it runs"}]})"));
        CHECK(out.at("ExternalStorageLocation").is_null());  // only UpdateFlow's answer has it
        CHECK(out.at("CreatedTime") == "2019-01-01T01:01:01.001Z");

        // The environment as the service's JSON text; without --description, an empty one.
        printed(cli(server.url(), {"create-flow", "--name", "orders", "--definition", definition, "--environment",
                                   R"({"Variables":[{"Name":"k","Value":"v","Description":"d"}]})"}));
        p = last(++requests);
        CHECK(p.at("Definition") == definition);
        CHECK(p.at("Description").empty());
        CHECK(p.count("ExecutionMode") == 0);
        CHECK(json_param(p, "Environment") ==
              json::parse(R"({"Variables":[{"Name":"k","Value":"v","Description":"d"}]})"));

        out = printed(cli(server.url(), {"describe-flow", "--name", "orders", "--flow-version", "2"}));
        p = last(++requests);
        CHECK(p.at("Action") == "DescribeFlow");
        CHECK(p.at("Name") == "orders");
        CHECK(p.at("FlowVersion") == "2");
        CHECK(out.at("Definition").as_string().starts_with("Type: StateMachine"));

        out = printed(cli(server.url(), {"update-flow", "--name", "orders", "--definition-file", definition_file,
                                         "--description", "", "--environment", R"({"Variables":[]})"}));
        p = last(++requests);
        CHECK(p.at("Action") == "UpdateFlow");
        CHECK(p.at("Definition") == definition);
        CHECK(p.at("Description").empty());
        CHECK(json_param(p, "Environment") == json::parse(R"({"Variables":[]})"));
        CHECK(p.count("RoleArn") == 0);
        CHECK(out.at("ExecutionMode").is_null());  // UpdateFlow's answer has none
        CHECK(out.at("Description") == "updated");

        out = printed(cli(server.url(), {"delete-flow", "--name", "orders"}));
        p = last(++requests);
        CHECK(p.at("Action") == "DeleteFlow");
        CHECK(p.at("Name") == "orders");
        CHECK(out == json::parse(R"({"RequestId":"testRequestId"})"));

        // One page of one item: the NextToken left is the page's.
        out = printed(cli(server.url(), {"list-flows", "--limit", "5", "--next-token", "t1", "--resource-group-id",
                                         "rg-1", "--max-items", "1"}));
        p = last(++requests);
        CHECK(p.at("Action") == "ListFlows");
        CHECK(p.at("Limit") == "5");
        CHECK(p.at("NextToken") == "t1");
        CHECK(p.at("ResourceGroupId") == "rg-1");
        CHECK(out.at("Flows").as_array().size() == 1);
        CHECK(out.at("Flows").at(0).at("Name") == "my_flow_name");
        CHECK(out.at("NextToken") == "my_flow_name_2");
    }

    SECTION("executions: paging from --next-token and the map run filter")
    {
        auto out = printed(cli(server.url(), {"list-executions", "--flow-name", "orders", "--limit", "1",
                                              "--map-run-name", "e1:map:1", "--next-token", "t1", "--max-items", "1"}));
        auto p = last(++requests);
        CHECK(p.at("Action") == "ListExecutions");
        CHECK(p.at("FlowName") == "orders");
        CHECK(p.at("Limit") == "1");
        CHECK(p.at("MapRunName") == "e1:map:1");
        CHECK(p.at("NextToken") == "t1");
        CHECK(out.at("Executions").as_array().size() == 1);
        CHECK(out.at("Executions").at(0).at("Name") == "my_exec_name_1");
        CHECK(out.at("NextToken") == "my_exec_name_2");

        out = printed(cli(server.url(), {"get-execution-history", "--flow-name", "orders", "--execution-name", "e1",
                                         "--limit", "2", "--next-token", "2", "--max-items", "2"}));
        p = last(++requests);
        CHECK(p.at("Action") == "GetExecutionHistory");
        CHECK(p.at("FlowName") == "orders");
        CHECK(p.at("ExecutionName") == "e1");
        CHECK(p.at("Limit") == "2");
        CHECK(p.at("NextToken") == "2");
        CHECK(out.at("Events").as_array().size() == 2);
        CHECK(out.at("Events").at(0).at("Type") == "ExecutionStarted");
        CHECK(out.at("NextToken") == "3");

        // Without --max-items: page after page until the service repeats its token (the golden
        // body always answers "3"), then NextToken null.
        out = printed(cli(server.url(), {"get-execution-history", "--flow-name", "orders", "--execution-name", "e1",
                                         "--next-token", "1"}));
        requests += 2;
        const auto all = server.requests();
        REQUIRE(all.size() == requests);
        CHECK(sent(all[requests - 2]).at("NextToken") == "1");
        CHECK(sent(all[requests - 1]).at("NextToken") == "3");
        CHECK(out.at("Events").as_array().size() == 4);
        CHECK(out.at("NextToken").is_null());
    }

    SECTION("versions and aliases")
    {
        auto out = printed(cli(server.url(), {"publish-flow-version", "--flow-name", "orders", "--description", "v1"}));
        auto p = last(++requests);
        CHECK(p.at("Action") == "PublishFlowVersion");
        CHECK(p.at("FlowName") == "orders");
        CHECK(p.at("Description") == "v1");
        CHECK(out == json::parse(R"({"RequestId":"testRequestId","FlowName":"my_flow_name","Version":"1",)"
                                 R"("Description":"first release","CreatedTime":"2024-04-22T06:09:39.907Z"})"));

        out = printed(
            cli(server.url(), {"list-flow-versions", "--flow-name", "orders", "--limit", "2", "--max-items", "2"}));
        p = last(++requests);
        CHECK(p.at("Action") == "ListFlowVersions");
        CHECK(p.at("FlowName") == "orders");
        CHECK(p.at("Limit") == "2");
        CHECK(p.count("NextToken") == 0);
        CHECK(out.at("FlowVersions").as_array().size() == 2);
        CHECK(out.at("FlowVersions").at(0).at("Version") == "2");
        CHECK(out.at("NextToken") == "2");

        out = printed(cli(server.url(), {"delete-flow-version", "--flow-name", "orders", "--version", "3"}));
        p = last(++requests);
        CHECK(p.at("Action") == "DeleteFlowVersion");
        CHECK(p.at("FlowName") == "orders");
        CHECK(p.at("FlowVersion") == "3");

        out = printed(cli(server.url(), {"create-flow-alias", "--flow-name", "orders", "--name", "live", "--routing",
                                         "1=30", "--routing", "2=70", "--description", "canary"}));
        p = last(++requests);
        CHECK(p.at("Action") == "CreateFlowAlias");
        CHECK(p.at("FlowName") == "orders");
        CHECK(p.at("Name") == "live");
        CHECK(p.at("Description") == "canary");
        CHECK(json_param(p, "RoutingConfigurations") ==
              json::parse(R"([{"Version":"1","Weight":30},{"Version":"2","Weight":70}])"));
        CHECK(out.at("FlowName") == "example-flow-name");
        CHECK(out.at("RoutingConfigurations") ==
              json::parse(R"([{"Version":"1","Weight":30},{"Version":"2","Weight":70}])"));

        out = printed(cli(server.url(), {"describe-flow-alias", "--flow-name", "orders", "--name", "live"}));
        p = last(++requests);
        CHECK(p.at("Action") == "DescribeFlowAlias");
        CHECK(p.at("Name") == "live");
        CHECK(out.at("FlowName").is_null());  // DescribeFlowAlias does not name the flow
        CHECK(out.at("Name") == "alias-name");

        printed(
            cli(server.url(), {"update-flow-alias", "--flow-name", "orders", "--name", "live", "--routing", "2=100"}));
        p = last(++requests);
        CHECK(p.at("Action") == "UpdateFlowAlias");
        CHECK(json_param(p, "RoutingConfigurations") == json::parse(R"([{"Version":"2","Weight":100}])"));
        CHECK(p.count("Description") == 0);

        out = printed(
            cli(server.url(), {"list-flow-aliases", "--flow-name", "orders", "--limit", "1", "--max-items", "1"}));
        p = last(++requests);
        CHECK(p.at("Action") == "ListFlowAliases");
        CHECK(p.at("Limit") == "1");
        // ListFlowAliases sends Weight as a string; the CLI prints numbers.
        CHECK(out.at("Aliases").at(0).at("RoutingConfigurations") ==
              json::parse(R"([{"Version":"1","Weight":10},{"Version":"2","Weight":90}])"));
        CHECK(out.at("NextToken") == "alias-name-2");

        printed(cli(server.url(), {"delete-flow-alias", "--flow-name", "orders", "--name", "live"}));
        p = last(++requests);
        CHECK(p.at("Action") == "DeleteFlowAlias");
        CHECK(p.at("Name") == "live");
    }

    SECTION("schedules")
    {
        auto out = printed(cli(server.url(), {"create-schedule", "--flow-name", "orders", "--schedule-name", "nightly",
                                              "--cron-expression", "0 0 2 * * *", "--enable", "false", "--description",
                                              "every night", "--payload", R"({"k":1})"}));
        auto p = last(++requests);
        CHECK(p.at("Action") == "CreateSchedule");
        CHECK(p.at("FlowName") == "orders");
        CHECK(p.at("ScheduleName") == "nightly");
        CHECK(p.at("CronExpression") == "0 0 2 * * *");
        CHECK(p.at("Enable") == "false");
        CHECK(p.at("Description") == "every night");
        CHECK(json_param(p, "Payload") == json::parse(R"({"k":1})"));
        CHECK(out.at("Payload") == json::parse(R"({"key":"value"})"));  // parsed, not a string
        CHECK(out.at("Enable") == true);

        printed(cli(server.url(), {"describe-schedule", "--flow-name", "orders", "--schedule-name", "nightly"}));
        p = last(++requests);
        CHECK(p.at("Action") == "DescribeSchedule");
        CHECK(p.at("ScheduleName") == "nightly");

        printed(cli(server.url(), {"update-schedule", "--flow-name", "orders", "--schedule-name", "nightly", "--enable",
                                   "true", "--cron-expression", "@every 5m"}));
        p = last(++requests);
        CHECK(p.at("Action") == "UpdateSchedule");
        CHECK(p.at("Enable") == "true");
        CHECK(p.at("CronExpression") == "@every 5m");
        CHECK(p.count("Payload") == 0);

        printed(cli(server.url(), {"delete-schedule", "--flow-name", "orders", "--schedule-name", "nightly"}));
        p = last(++requests);
        CHECK(p.at("Action") == "DeleteSchedule");

        out = printed(
            cli(server.url(), {"list-schedules", "--flow-name", "orders", "--limit", "1000", "--max-items", "1"}));
        p = last(++requests);
        CHECK(p.at("Action") == "ListSchedules");
        CHECK(p.at("Limit") == "1000");
        CHECK(out.at("Schedules").at(0).at("ScheduleName") == "testScheduleName");
        CHECK(out.at("NextToken") == "2");
    }

    SECTION("map runs and regions")
    {
        auto out = printed(cli(server.url(), {"describe-map-run", "--flow-name", "orders", "--execution-name", "e1",
                                              "--map-run-name", "e1:map:1"}));
        auto p = last(++requests);
        CHECK(p.at("Action") == "DescribeMapRun");
        CHECK(p.at("FlowName") == "orders");
        CHECK(p.at("ExecutionName") == "e1");
        CHECK(p.at("MapRunName") == "e1:map:1");
        CHECK(out.at("Status") == "Running");
        CHECK(out.at("StoppedTime").is_null());
        CHECK(out.at("ToleratedFailedPercentage") == 2.5);
        CHECK(out.at("ItemCounts") ==
              json::parse(R"({"Total":100,"Succeed":60,"Failed":2,"Running":10,"Pending":28,"Aborted":0})"));

        out = printed(cli(server.url(), {"update-map-run", "--flow-name", "orders", "--execution-name", "e1",
                                         "--map-run-name", "e1:map:1", "--concurrency", "20",
                                         "--tolerated-failed-count", "10", "--tolerated-failed-percentage", "5.5"}));
        p = last(++requests);
        CHECK(p.at("Action") == "UpdateMapRun");
        CHECK(p.at("Concurrency") == "20");
        CHECK(p.at("ToleratedFailedCount") == "10");
        CHECK(p.at("ToleratedFailedPercentage") == "5.5");
        CHECK(out.at("Concurrency") == 20);

        out = printed(cli(server.url(), {"describe-regions", "--accept-language", "en-US"}));
        p = last(++requests);
        CHECK(p.at("Action") == "DescribeRegions");
        CHECK(p.at("AcceptLanguage") == "en-US");
        CHECK(out.at("Regions").as_array().size() == 2);
        CHECK(
            out.at("Regions").at(0) ==
            json::parse(
                R"({"RegionId":"cn-hangzhou","LocalName":"华东1（杭州）","RegionEndpoint":"cn-hangzhou.fnf.aliyuncs.com"})"));
    }
}

TEST_CASE("cli resources: usage errors exit 2 and send nothing", "[integration][cli]")
{
    FakeHttpServer server(golden_answer);
    TempDir dir;
    struct Case {
        std::vector<std::string> args;
        std::string message;  // a part of the first line on stderr
    };
    const std::vector<Case> cases = {
        {{"create-flow", "--definition", "{}"}, "--name is required"},
        {{"create-flow", "--name", "f"}, "--definition or --definition-file is required"},
        {{"create-flow", "--name", "f", "--definition", "{}", "--definition-file", "x"}, "not both"},
        {{"create-flow", "--name", "f", "--definition-file", (dir.path() / "missing.json").string()},
         "--definition-file: cannot read"},
        {{"create-flow", "--name", "f", "--definition-file", dir.path().string()}, "is a directory"},
        // Endless: refused after its first 512 KiB, not read until memory runs out.
        {{"create-flow", "--name", "f", "--definition-file", "/dev/zero"}, "is larger than 524288 bytes"},
        {{"create-flow", "--name", "f", "--definition", "{}", "--execution-mode", "Fast"}, "--execution-mode"},
        {{"create-flow", "--name", "f", "--definition", "{}", "--environment", "no-equals"}, "--environment"},
        {{"create-flow", "--name", "f", "--definition", "{}", "--environment", "=v"}, "--environment"},
        {{"create-flow", "--name", "f", "--definition", "{}", "--environment", "{not json"}, "--environment"},
        {{"create-flow", "--name", "f", "--definition", "{}", "--environment", R"({"Variables":{}})"},
         "Variables is not an array"},
        {{"create-flow", "--name", "f", "--definition", "{}", "--environment", R"({"Variables":[]})", "--environment",
          "a=b"},
         "--environment"},
        {{"create-flow", "--name", "f", "--definition", "{}", "--environment", "a=b", "--environment",
          R"({"Variables":[{"Name":"c","Value":"d=e"}]})", "--environment", "f=g"},
         "not both"},
        {{"create-flow", "--name", "f", "--definition", "{}", "--colour", "red"}, "unknown option --colour"},
        {{"describe-flow"}, "--name is required"},
        {{"update-flow", "--name", "f", "--definition", "{}", "--definition-file", "x"}, "not both"},
        {{"update-flow", "--name", "f", "--execution-mode", "Express"}, "unknown option --execution-mode"},
        {{"delete-flow", "--name", "f", "extra"}, "unexpected argument 'extra'"},
        {{"list-flows", "--limit", "1000"}, "--limit"},
        {{"list-flows", "--max-items", "0"}, "--max-items"},
        {{"publish-flow-version"}, "--flow-name is required"},
        {{"list-flow-versions", "--flow-name", "f", "--limit", "0"}, "--limit"},
        {{"delete-flow-version", "--flow-name", "f"}, "--version is required"},
        {{"create-flow-alias", "--flow-name", "f", "--name", "a"}, "--routing is required"},
        {{"create-flow-alias", "--flow-name", "f", "--name", "a", "--routing", "1"}, "--routing"},
        {{"create-flow-alias", "--flow-name", "f", "--name", "a", "--routing", "1=much"}, "--routing"},
        {{"create-flow-alias", "--flow-name", "f", "--name", "a", "--routing", "1=101"}, "--routing"},
        {{"create-flow-alias", "--flow-name", "f", "--name", "a", "--routing", "1=20", "--routing", "2=30", "--routing",
          "3=50"},
         "--routing is given 3 times"},
        {{"describe-flow-alias", "--flow-name", "f"}, "--name is required"},
        {{"update-flow-alias", "--flow-name", "f", "--name", "a", "--routing", "x=-1"}, "--routing"},
        {{"list-flow-aliases"}, "--flow-name is required"},
        {{"delete-flow-alias", "--name", "a"}, "--flow-name is required"},
        {{"create-schedule", "--flow-name", "f", "--schedule-name", "s"}, "--cron-expression is required"},
        {{"create-schedule", "--flow-name", "f", "--schedule-name", "s", "--cron-expression", "@every 1m", "--enable",
          "yes"},
         "--enable takes true or false"},
        {{"describe-schedule", "--flow-name", "f"}, "--schedule-name is required"},
        {{"update-schedule", "--flow-name", "f", "--schedule-name", "s", "--enable", "1"}, "--enable"},
        {{"delete-schedule", "--schedule-name", "s"}, "--flow-name is required"},
        {{"list-schedules", "--flow-name", "f", "--limit", "1001"}, "--limit"},
        {{"describe-map-run", "--flow-name", "f", "--execution-name", "e"}, "--map-run-name is required"},
        {{"update-map-run", "--flow-name", "f", "--execution-name", "e", "--map-run-name", "m", "--concurrency", "0"},
         "--concurrency"},
        {{"update-map-run", "--flow-name", "f", "--execution-name", "e", "--map-run-name", "m",
          "--tolerated-failed-count", "-1"},
         "--tolerated-failed-count"},
        {{"update-map-run", "--flow-name", "f", "--execution-name", "e", "--map-run-name", "m",
          "--tolerated-failed-percentage", "100.5"},
         "--tolerated-failed-percentage"},
        {{"describe-regions", "--accept-language"}, "missing value: --accept-language"},
    };
    for (const auto& c : cases) {
        std::vector<std::string> argv{CLOUDFLOW_CLI_PATH};
        argv.insert(argv.end(), c.args.begin(), c.args.end());
        // --endpoint first: the case's own last option may lack its value.
        argv.insert(argv.begin() + 2, {"--endpoint", server.url()});
        const auto r = run_process(argv, cli_env());
        std::string line;
        for (const auto& word : c.args) line += word + ' ';
        INFO(line << "\nexit " << r.exit_code << "\nstdout: " << r.out << "\nstderr: " << r.err);
        CHECK(r.exit_code == 2);
        CHECK(r.out.empty());
        CHECK(r.err.starts_with("cloudflow: "));
        CHECK(r.err.find(c.message) != std::string::npos);
    }
    CHECK(server.requests().empty());

    // The help lists every command.
    const auto help = run_process({CLOUDFLOW_CLI_PATH, "--help"}, cli_env());
    CHECK(help.exit_code == 0);
    for (const char* command :
         {"create-flow",       "describe-flow",        "update-flow",        "delete-flow",
          "list-flows",        "publish-flow-version", "list-flow-versions", "delete-flow-version",
          "create-flow-alias", "describe-flow-alias",  "update-flow-alias",  "list-flow-aliases",
          "delete-flow-alias", "create-schedule",      "describe-schedule",  "update-schedule",
          "delete-schedule",   "list-schedules",       "describe-map-run",   "update-map-run",
          "describe-regions"}) {
        INFO(command);
        CHECK(help.out.find(std::string("\n  ") + command + ' ') != std::string::npos);
    }
}

TEST_CASE("cli resources: the life of a flow against cloudflow-local", "[integration][cli]")
{
    LocalEmulator emulator({}, test_config);
    const std::string url = emulator.url();
    TempDir dir;
    // Spec v1, as JSON and as YAML.
    const std::string first =
        R"({"Type":"StateMachine","SpecVersion":"v1","StartAt":"Stamp",)"
        R"("States":[{"Type":"Pass","Name":"Stamp","OutputConstructor":{"version":1},"End":true}]})";
    const std::string second = "Type: StateMachine\nSpecVersion: v1\nStartAt: Stamp\nStates:\n"
                               "  - {Type: Pass, Name: Stamp, OutputConstructor: {version: 2}, End: true}\n";
    const auto first_file = dir.write("first.json", first).string();
    const auto second_file = dir.write("second.yaml", second).string();

    auto flow = printed(cli(url, {"create-flow", "--name", "cli_orders", "--definition-file", first_file,
                                  "--description", "orders from the CLI", "--environment", "stage=test"}));
    CHECK(flow.at("Name") == "cli_orders");
    CHECK(flow.at("Definition").as_string() == first);
    CHECK(flow.at("ExecutionMode") == "Standard");
    CHECK(flow.at("Environment").at("Variables").at(0).at("Name") == "stage");
    CHECK(flow.at("Environment").at("Variables").at(0).at("Value") == "test");
    CHECK(!flow.at("RequestId").as_string().empty());

    const auto again = failed(cli(url, {"create-flow", "--name", "cli_orders", "--definition", first}));
    CHECK(again.at("Code") == "FlowAlreadyExists");

    flow = printed(cli(url, {"describe-flow", "--name", "cli_orders"}));
    CHECK(flow.at("Description") == "orders from the CLI");
    CHECK(flow.at("Definition").as_string() == first);

    const auto listed = printed(cli(url, {"list-flows", "--limit", "2"}));
    bool found = false;
    for (const auto& f : listed.at("Flows").as_array()) found = found || f.at("Name") == "cli_orders";
    CHECK(found);
    CHECK(listed.at("NextToken").is_null());

    // Version 1, then the second definition as version 2.
    auto version = printed(cli(url, {"publish-flow-version", "--flow-name", "cli_orders", "--description", "first"}));
    CHECK(version.at("FlowName") == "cli_orders");
    CHECK(version.at("Version") == "1");
    flow = printed(cli(url, {"update-flow", "--name", "cli_orders", "--definition-file", second_file}));
    CHECK(flow.at("Definition").as_string() == second);
    version = printed(cli(url, {"publish-flow-version", "--flow-name", "cli_orders"}));
    CHECK(version.at("Version") == "2");

    flow = printed(cli(url, {"describe-flow", "--name", "cli_orders", "--flow-version", "1"}));
    CHECK(flow.at("Definition").as_string() == first);

    auto versions = printed(cli(url, {"list-flow-versions", "--flow-name", "cli_orders"}));
    REQUIRE(versions.at("FlowVersions").as_array().size() == 2);
    CHECK(versions.at("FlowVersions").at(0).at("Version") == "2");  // newest first
    CHECK(versions.at("FlowVersions").at(1).at("Description") == "first");
    CHECK(versions.at("NextToken").is_null());
    // One page at a time: the NextToken left leads to the rest.
    versions =
        printed(cli(url, {"list-flow-versions", "--flow-name", "cli_orders", "--limit", "1", "--max-items", "1"}));
    REQUIRE(versions.at("FlowVersions").as_array().size() == 1);
    REQUIRE(versions.at("NextToken").is_string());
    const std::string token(versions.at("NextToken").as_string());
    versions = printed(cli(url, {"list-flow-versions", "--flow-name", "cli_orders", "--next-token", token}));
    REQUIRE(versions.at("FlowVersions").as_array().size() == 1);
    CHECK(versions.at("FlowVersions").at(0).at("Version") == "1");

    // An alias to version 2; executions through it run version 2's definition.
    auto alias = printed(cli(url, {"create-flow-alias", "--flow-name", "cli_orders", "--name", "live", "--routing",
                                   "2=100", "--description", "production"}));
    CHECK(alias.at("Name") == "live");
    CHECK(alias.at("RoutingConfigurations") == json::parse(R"([{"Version":"2","Weight":100}])"));
    alias = printed(cli(url, {"describe-flow-alias", "--flow-name", "cli_orders", "--name", "live"}));
    CHECK(alias.at("Description") == "production");

    const auto started = printed(cli(url, {"start-execution", "--flow-name", "cli_orders", "--execution-name",
                                           "through-live", "--qualifier", "live"}));
    CHECK(started.at("Name") == "through-live");
    const auto ended = printed(cli(
        url, {"describe-execution", "--flow-name", "cli_orders", "--execution-name", "through-live", "--wait", "30"}));
    CHECK(ended.at("Status") == "Succeeded");
    CHECK(ended.at("Output") == json::parse(R"({"version":2})"));

    alias = printed(cli(url, {"update-flow-alias", "--flow-name", "cli_orders", "--name", "live", "--routing", "1=50",
                              "--routing", "2=50"}));
    CHECK(alias.at("RoutingConfigurations") ==
          json::parse(R"([{"Version":"1","Weight":50},{"Version":"2","Weight":50}])"));
    const auto aliases = printed(cli(url, {"list-flow-aliases", "--flow-name", "cli_orders"}));
    REQUIRE(aliases.at("Aliases").as_array().size() == 1);
    CHECK(aliases.at("Aliases").at(0).at("Name") == "live");

    // A schedule, disabled so that it starts nothing while the test runs.
    auto schedule =
        printed(cli(url, {"create-schedule", "--flow-name", "cli_orders", "--schedule-name", "nightly",
                          "--cron-expression", "0 0 2 * * *", "--enable", "false", "--payload", R"({"night":true})"}));
    CHECK(schedule.at("ScheduleName") == "nightly");
    CHECK(schedule.at("Enable") == false);
    CHECK(schedule.at("Payload") == json::parse(R"({"night":true})"));
    schedule = printed(cli(url, {"update-schedule", "--flow-name", "cli_orders", "--schedule-name", "nightly",
                                 "--description", "at two"}));
    CHECK(schedule.at("Description") == "at two");
    CHECK(schedule.at("CronExpression") == "0 0 2 * * *");
    auto schedules = printed(cli(url, {"list-schedules", "--flow-name", "cli_orders"}));
    REQUIRE(schedules.at("Schedules").as_array().size() == 1);
    CHECK(schedules.at("Schedules").at(0).at("ScheduleName") == "nightly");
    printed(cli(url, {"delete-schedule", "--flow-name", "cli_orders", "--schedule-name", "nightly"}));
    schedules = printed(cli(url, {"list-schedules", "--flow-name", "cli_orders"}));
    CHECK(schedules.at("Schedules").as_array().empty());
    CHECK(
        failed(cli(url, {"describe-schedule", "--flow-name", "cli_orders", "--schedule-name", "nightly"})).at("Code") ==
        "ScheduleNotExists");

    printed(cli(url, {"delete-flow-alias", "--flow-name", "cli_orders", "--name", "live"}));
    CHECK(printed(cli(url, {"list-flow-aliases", "--flow-name", "cli_orders"})).at("Aliases").as_array().empty());
    printed(cli(url, {"delete-flow-version", "--flow-name", "cli_orders", "--version", "1"}));
    versions = printed(cli(url, {"list-flow-versions", "--flow-name", "cli_orders"}));
    REQUIRE(versions.at("FlowVersions").as_array().size() == 1);
    CHECK(versions.at("FlowVersions").at(0).at("Version") == "2");

    const auto deleted = printed(cli(url, {"delete-flow", "--name", "cli_orders"}));
    CHECK(!deleted.at("RequestId").as_string().empty());
    const auto gone = failed(cli(url, {"describe-flow", "--name", "cli_orders"}));
    CHECK(gone.at("Error") == "flow_not_exists");

    // A usage error sends nothing: the flow it names is not created.
    const auto usage =
        cli(url, {"create-flow", "--name", "never_made", "--definition", first, "--execution-mode", "Sometimes"});
    CHECK(usage.exit_code == 2);
    CHECK(usage.out.empty());
    CHECK(usage.err.find("--execution-mode") != std::string::npos);
    CHECK(failed(cli(url, {"describe-flow", "--name", "never_made"})).at("Error") == "flow_not_exists");
}

TEST_CASE("cli resources: describe-regions and map runs against cloudflow-local", "[integration][cli]")
{
    LocalEmulator emulator({}, test_config);
    const std::string url = emulator.url();
    const auto regions = printed(cli(url, {"describe-regions", "--accept-language", "en-US"}));
    REQUIRE(regions.at("Regions").as_array().size() >= 1);
    const auto& region = regions.at("Regions").at(0).as_object();
    CHECK(region.at("RegionId") == "cn-hangzhou");  // the emulator's own region
    CHECK(!region.at("LocalName").as_string().empty());
    CHECK(region.at("RegionEndpoint") == "cn-hangzhou.fnf.aliyuncs.com");

    // A flow with a distributed Map state, one item at a time, 2 s each: 12 s for the CLI processes (slow under
    // ASan on a loaded machine) to describe and update the map run before it ends. It is sped up on the way.
    const std::string definition = R"(Type: StateMachine
SpecVersion: v1
StartAt: Items
States:
  - Type: Map
    Name: Items
    ItemsPath: $Input.items
    ProcessorConfig: {ExecutionMode: Express}
    MaxConcurrency: 1
    ItemConstructor: {value.$: $Item}
    Processor:
      StartAt: Work
      States:
        - {Type: Wait, Name: Work, Seconds: 2, End: true}
    End: true
)";
    printed(cli(url, {"create-flow", "--name", "cli_map", "--definition", definition}));
    printed(cli(url, {"start-execution", "--flow-name", "cli_map", "--execution-name", "m-1", "--input",
                      R"({"items":[1,2,3,4,5,6]})"}));
    // The map run's name, from the history (the execution runs in the emulator's background).
    std::string map_run;
    for (int tries = 0; tries < 100 && map_run.empty(); ++tries) {
        const auto history =
            printed(cli(url, {"get-execution-history", "--flow-name", "cli_map", "--execution-name", "m-1"}));
        for (const auto& event : history.at("Events").as_array())
            if (const auto* detail = event.at("EventDetail").if_object())
                if (const auto* name = detail->if_contains("MapRunName"); name && name->is_string())
                    map_run = std::string(name->get_string());
        if (map_run.empty()) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE(!map_run.empty());

    auto run = printed(
        cli(url, {"describe-map-run", "--flow-name", "cli_map", "--execution-name", "m-1", "--map-run-name", map_run}));
    CHECK(run.at("ExecutionName") == "m-1");
    CHECK(run.at("MapRunName").as_string() == map_run);
    CHECK(run.at("Concurrency") == 1);
    CHECK(run.at("ItemCounts").at("Total") == 6);

    const auto updated = printed(
        cli(url, {"update-map-run", "--flow-name", "cli_map", "--execution-name", "m-1", "--map-run-name", map_run,
                  "--concurrency", "6", "--tolerated-failed-count", "1", "--tolerated-failed-percentage", "12.5"}));
    CHECK(updated.at("FlowName") == "cli_map");
    CHECK(updated.at("Concurrency") == 6);
    CHECK(updated.at("ToleratedFailedCount") == 1);
    CHECK(updated.at("ToleratedFailedPercentage") == 12.5);

    const auto ended =
        printed(cli(url, {"describe-execution", "--flow-name", "cli_map", "--execution-name", "m-1", "--wait", "30"}));
    CHECK(ended.at("Status") == "Succeeded");
    CHECK(ended.at("Output") ==
          json::parse(R"({"Items":[{"value":1},{"value":2},{"value":3},{"value":4},{"value":5},{"value":6}]})"));
    run = printed(
        cli(url, {"describe-map-run", "--flow-name", "cli_map", "--execution-name", "m-1", "--map-run-name", map_run}));
    CHECK(run.at("Status") == "Succeeded");
    CHECK(run.at("Concurrency") == 6);
    CHECK(run.at("ItemCounts") ==
          json::parse(R"({"Total":6,"Succeed":6,"Failed":0,"Running":0,"Pending":0,"Aborted":0})"));
    CHECK(run.at("StoppedTime").is_string());
    // The items' child executions, listed with the map run's name.
    const auto items = printed(cli(url, {"list-executions", "--flow-name", "cli_map", "--map-run-name", map_run}));
    CHECK(items.at("Executions").as_array().size() == 6);

    // A map run that does not exist: the service's error, exit 1.
    const auto missing = failed(cli(url, {"describe-map-run", "--flow-name", "cli_map", "--execution-name", "m-1",
                                          "--map-run-name", "m-1:Items:00000000"}));
    CHECK(missing.at("HttpStatus").as_int64() >= 400);
    CHECK(missing.at("Attempts") == 1);
}

#endif
