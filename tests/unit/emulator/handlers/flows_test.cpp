// cloudflow-local's flow operations, in process: CreateFlow, DescribeFlow, UpdateFlow,
// DeleteFlow, ListFlows, DescribeRegions; flows made through the API running, definitions that are
// not Spec v1 refused (or, in the legacy FDL, stored and refused at start); and the shape of every
// new action's success body against its golden fixture.
#include "support/emulator_session.hpp"
#include "support/golden.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace cloudflow::local;
using cloudflow::test::check_against_fixture;
using cloudflow::test::check_error;
using cloudflow::test::EmulatorSession;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

constexpr const char* config_text = R"(
access_keys:
  - {id: id, secret: s3cret}
  - {id: limited, secret: x, flows: [mine, configured]}
flows:
  - name: configured
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Stamp
      States:
        - {Type: Pass, Name: Stamp, OutputConstructor: {v: 0}, End: true}
)";

// Answers {"v": <v>}.
std::string definition(int v)
{
    return R"({"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Stamp", "States": [)"
           R"({"Type": "Pass", "Name": "Stamp", "OutputConstructor": {"v": )" +
           std::to_string(v) + "}, \"End\": true}]}";
}

// Waits `seconds`, then answers {"v": <v>}.
std::string waiting_definition(int v, int seconds)
{
    return R"({"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Nap", "States": [)"
           R"({"Type": "Wait", "Name": "Nap", "Seconds": )" +
           std::to_string(seconds) +
           R"(, "Next": "Stamp"}, {"Type": "Pass", "Name": "Stamp", "OutputConstructor": {"v": )" + std::to_string(v) +
           "}, \"End\": true}]}";
}

// Waits for the report of its callback task (it starts the configured flow), then answers {"v": <v>}.
std::string held_definition(int v)
{
    return "Type: StateMachine\nSpecVersion: v1\nStartAt: Hold\nStates:\n"
           "  - Type: Task\n"
           "    Name: Hold\n"
           "    Action: FNF:StartExecution\n"
           "    TaskMode: WaitForCustomCallback\n"
           "    Parameters: {resourceArn: acs:fnf:cn-hangzhou::flow/configured}\n"
           "    Next: Stamp\n"
           "  - {Type: Pass, Name: Stamp, OutputConstructor: {v: " +
           std::to_string(v) + "}, End: true}\n";
}

constexpr const char* yaml_definition =
    "Type: StateMachine\nName: my_flow\nSpecVersion: v1\nStartAt: Hello\nStates:\n  - Type: Pass\n    Name: Hello\n"
    "    End: true";

// CloudFlow's legacy language: stored and described, not run.
constexpr const char* legacy_definition = "version: v1beta1\ntype: flow\nsteps:\n  - type: pass\n    name: hello\n";

EmulatorConfig test_config()
{
    return test::parse_test_config(config_text);
}

std::string message(const ServiceReply& reply)
{
    return std::string(EmulatorSession::body(reply).at("Message").as_string());
}

Parameters create(const std::string& name, const std::string& def, const std::string& mode = "Standard")
{
    return {{"Action", "CreateFlow"},  {"Name", name},  {"Definition", def},
            {"Description", "a flow"}, {"Type", "FDL"}, {"ExecutionMode", mode}};
}

Parameters describe(const std::string& name)
{
    return {{"Action", "DescribeFlow"}, {"Name", name}};
}

std::vector<std::string> flow_names(const json::object& body)
{
    std::vector<std::string> out;
    for (const auto& f : body.at("Flows").as_array()) out.emplace_back(f.at("Name").as_string());
    return out;
}

}  // namespace

TEST_CASE("emulator flows: CreateFlow stores a flow that DescribeFlow and ListFlows show", "[emulator][flows]")
{
    EmulatorSession emulator(test_config());
    auto p = create("orders", yaml_definition);
    p["Environment"] =
        R"({"Variables":[{"Name":"region","Value":"cn-hangzhou","Description":"where"},{"Name":"n","Value":"1"}]})";
    p["RoleArn"] = "acs:ram::1:role/fnf";
    p["ResourceGroupId"] = "rg-1";
    p["ExternalStorageLocation"] = "oss://bucket/fnf/";
    const auto created = emulator.ok(p);
    CHECK(created.at("Name") == "orders");
    CHECK(created.at("Definition") == yaml_definition);
    CHECK(created.at("Description") == "a flow");
    CHECK(created.at("Type") == "FDL");
    CHECK(created.at("ExecutionMode") == "Standard");
    CHECK(created.at("RoleArn") == "acs:ram::1:role/fnf");
    CHECK(created.at("ResourceGroupId") == "rg-1");
    CHECK_FALSE(created.contains("ExternalStorageLocation"));  // stored; only UpdateFlow's answer has it
    CHECK(created.at("Id").as_string().size() == 36);
    CHECK(created.at("CreatedTime") == created.at("LastModifiedTime"));
    CHECK(parse_timestamp(created.at("CreatedTime").as_string()));
    const auto& variables = created.at("Environment").at("Variables").as_array();
    REQUIRE(variables.size() == 2);
    CHECK(variables[0] == json::parse(R"({"Name":"region","Value":"cn-hangzhou","Description":"where"})"));
    CHECK(variables[1] == json::parse(R"({"Name":"n","Value":"1","Description":""})"));

    auto described = emulator.ok(describe("orders"), {.get = true});
    CHECK(described.at("Id") == created.at("Id"));
    CHECK(described.at("Environment") == created.at("Environment"));
    CHECK_FALSE(described.contains("ExternalStorageLocation"));  // not in DescribeFlow's model

    // ExecutionMode defaults to Standard; a configured flow shows too, with its config's mode.
    p = create("plain", definition(1));
    p.erase("ExecutionMode");
    CHECK(emulator.ok(p).at("ExecutionMode") == "Standard");
    described = emulator.ok(describe("configured"));
    CHECK(described.at("Type") == "FDL");
    CHECK(described.at("ExecutionMode") == "Standard");
    CHECK(described.at("Id").as_string().size() == 36);
    CHECK(json::parse(described.at("Definition").as_string()).at("States").is_array());
    CHECK_FALSE(described.contains("Environment"));
    CHECK(flow_names(emulator.ok({{"Action", "ListFlows"}}, {.get = true})) ==
          std::vector<std::string>{"configured", "orders", "plain"});
}

TEST_CASE("emulator flows: a created flow runs like a configured one", "[emulator][flows]")
{
    EmulatorSession emulator(test_config());
    auto p = create("std", definition(1));
    p["Environment"] = R"({"Variables":[{"Name":"stage","Value":"test"}]})";
    emulator.ok(p);
    auto started = emulator.ok({{"Action", "StartExecution"}, {"FlowName", "std"}, {"ExecutionName", "e1"}});
    CHECK(started.at("Status") == "Running");
    const auto described = emulator.ok(
        {{"Action", "DescribeExecution"}, {"FlowName", "std"}, {"ExecutionName", "e1"}, {"WaitTimeSeconds", "5"}});
    CHECK(described.at("Status") == "Succeeded");
    CHECK(described.at("Output") == R"({"v":1})");
    CHECK(described.at("FlowDefinition") == definition(1).c_str());
    CHECK(described.at("Environment") == json::parse(R"({"Variables":[{"Name":"stage","Value":"test"}]})"));
    check_error(emulator.call({{"Action", "StartSyncExecution"}, {"FlowName", "std"}}), 400, "ActionNotSupported");

    emulator.ok(create("fast", definition(2), "Express"));
    const auto sync = emulator.ok({{"Action", "StartSyncExecution"}, {"FlowName", "fast"}});
    CHECK(sync.at("Status") == "Succeeded");
    CHECK(sync.at("Output") == R"({"v":2})");
    check_error(emulator.call({{"Action", "StartExecution"}, {"FlowName", "fast"}}), 400, "ActionNotSupported");

    // YAML runs as JSON does; its text is kept as given.
    emulator.ok(create("yaml", yaml_definition, "Express"));
    const auto yaml = emulator.ok({{"Action", "StartSyncExecution"}, {"FlowName", "yaml"}, {"Input", R"({"k":1})"}});
    CHECK(yaml.at("Status") == "Succeeded");
    CHECK(yaml.at("Output") == R"({"k":1})");
}

TEST_CASE("emulator flows: a legacy FDL definition is stored and described as given, and its start refused",
          "[emulator][flows]")
{
    EmulatorSession emulator(test_config());
    CHECK(emulator.ok(create("legacy", legacy_definition)).at("Definition") == legacy_definition);
    CHECK(emulator.ok(describe("legacy")).at("Definition") == legacy_definition);
    const std::string refused = "Flow legacy cannot run: it is written in the legacy FDL (type: flow, steps), which "
                                "cloudflow-local stores but does not run: write it in Spec v1 (Type: StateMachine, "
                                "SpecVersion: v1).";
    check_error(emulator.call({{"Action", "StartExecution"}, {"FlowName", "legacy"}}), 400, "InvalidArgument", refused);
    CHECK(emulator.ok({{"Action", "ListExecutions"}, {"FlowName", "legacy"}}).at("Executions").as_array().empty());
    // A version of it is refused as well; so is an express flow's synchronous start.
    emulator.ok({{"Action", "PublishFlowVersion"}, {"FlowName", "legacy"}});
    check_error(emulator.call({{"Action", "StartExecution"}, {"FlowName", "legacy"}, {"Qualifier", "1"}}), 400,
                "InvalidArgument", refused);
    emulator.ok(create("legacy_fast", legacy_definition, "Express"));
    check_error(emulator.call({{"Action", "StartSyncExecution"}, {"FlowName", "legacy_fast"}}), 400, "InvalidArgument",
                "Flow legacy_fast cannot run: it is written in the legacy FDL (type: flow, steps), which "
                "cloudflow-local stores but does not run: write it in Spec v1 (Type: StateMachine, SpecVersion: v1).");

    // UpdateFlow to Spec v1 makes it run; the version keeps the legacy text.
    emulator.ok({{"Action", "UpdateFlow"}, {"Name", "legacy"}, {"Definition", definition(3)}});
    emulator.ok({{"Action", "StartExecution"}, {"FlowName", "legacy"}, {"ExecutionName", "now"}});
    CHECK(emulator
              .ok({{"Action", "DescribeExecution"},
                   {"FlowName", "legacy"},
                   {"ExecutionName", "now"},
                   {"WaitTimeSeconds", "5"}})
              .at("Output") == R"({"v":3})");
    check_error(emulator.call({{"Action", "StartExecution"}, {"FlowName", "legacy"}, {"Qualifier", "1"}}), 400,
                "InvalidArgument", refused);
}

TEST_CASE("emulator flows: a definition that is not valid Spec v1 is refused at CreateFlow and UpdateFlow, naming "
          "the path and the rule",
          "[emulator][flows][validation]")
{
    EmulatorSession emulator(test_config());
    const std::string prefix = "The parameter Definition is invalid: ";
    const auto refused = [&](const std::string& def, const std::string& mode, const std::string& problem) {
        INFO(def);
        check_error(emulator.call(create("bad", def, mode)), 400, "InvalidArgument", prefix + problem);
        check_error(emulator.call(describe("bad")), 404, "FlowNotExists");  // nothing was stored
    };
    // The emulator's old dialect: neither Spec v1 nor the legacy FDL.
    const std::string neither = "Type: is required: a Spec v1 definition starts with Type: StateMachine and "
                                "SpecVersion: v1 (the legacy FDL starts with type: flow and has steps)";
    refused(R"({"StartAt": "Nap", "States": [{"Name": "Nap", "Type": "Wait", "Seconds": 0.3, "Next": "Stamp"},
                {"Name": "Stamp", "Type": "Pass", "Result": {"v": 1}}]})",
            "Standard", neither);
    refused(R"({"States": [{"Name": "A", "Type": "Parallel"}]})", "Express", neither);
    refused("just words", "Standard", "a definition must be a map (got a string)");
    refused("{\"Type\": ", "Standard", "line 1, column 10: the JSON text ends too soon");
    // Spec v1 that breaks a rule: the first problem's path and rule.
    refused("Type: StateMachine\nSpecVersion: v1\nStartAt: Nap\nStates:\n"
            "  - {Type: Wait, Name: Nap, Seconds: 0.3, End: true}\n",
            "Standard", "States[0] (Nap).Seconds: must be a whole number 1-300 (got a number: 0.3)");
    refused("Type: StateMachine\nSpecVersion: v1\nStartAt: Nap\nStates:\n"
            "  - {Type: Wait, Name: Nap, Seconds: 60, End: true}\n",
            "Express", "States[0] (Nap).Seconds: must be 1-20 in an Express flow (got 60)");
    refused("Type: StateMachine\nSpecVersion: v1\nStartAt: Check\nStates:\n"
            "  - {Type: Pass, Name: Check, Next: Charge}\n"
            "  - Type: Task\n    Name: Charge\n    Action: Payments:Charge\n"
            "    Retry: [{Errors: [FnF.ALL], MaxAttempts: 2, IntervalSeconds: 0}]\n    End: true\n",
            "Standard", "States[1] (Charge).Retry[0].IntervalSeconds: must be 1-86400 (got 0)");
    refused("Type: StateMachine\nSpecVersion: v1\nStartAt: Ask\nStates:\n"
            "  - Type: Task\n    Name: Ask\n    Action: FNF:StartExecution\n    TaskMode: WaitForCustomCallback\n"
            "    Parameters: {resourceArn: acs:fnf:cn-hangzhou::flow/configured}\n    End: true\n",
            "Express",
            "States[0] (Ask).TaskMode: must be RequestComplete in an Express flow (got WaitForCustomCallback)");
    refused("Type: StateMachine\nSpecVersion: v1\nStartAt: A\nStates:\n  - {Type: Pass, Name: A}\n", "Standard",
            "States[0] (A): needs a Next or End: true");
    refused("Type: StateMachine\nSpecVersion: v2\nStartAt: A\nStates:\n  - {Type: Pass, Name: A, End: true}\n",
            "Standard", "SpecVersion: must be v1, the only version of the language (got a string: \"v2\")");
    // Several problems: the first, and how many more.
    refused("Type: StateMachine\nSpecVersion: v1\nStartAt: A\nStates:\n  - {Type: Pass, Name: A, Next: B}\n"
            "  - {Type: Wait, Name: B, Seconds: 0, Result: {}}\n",
            "Standard",
            "States[1] (B).Result: unknown field of a Wait state: Spec v1's states have no Result: build the output "
            "with OutputConstructor (it has Name, Type, Description, Next, End, Seconds, Seconds.$, InputConstructor, "
            "OutputConstructor, GlobalConstructor) (and 2 more problems)");

    // UpdateFlow validates the same way, against the flow's mode; the flow keeps its definition.
    emulator.ok(create("kept", definition(1), "Express"));
    check_error(emulator.call({{"Action", "UpdateFlow"},
                               {"Name", "kept"},
                               {"Definition", R"({"States": [{"Name": "A", "Type": "Succeed"}]})"}}),
                400, "InvalidArgument", prefix + neither);
    check_error(emulator.call({{"Action", "UpdateFlow"},
                               {"Name", "kept"},
                               {"Definition", "Type: StateMachine\nSpecVersion: v1\nStartAt: Nap\nStates:\n"
                                              "  - {Type: Wait, Name: Nap, Seconds: 30, End: true}\n"}}),
                400, "InvalidArgument", prefix + "States[0] (Nap).Seconds: must be 1-20 in an Express flow (got 30)");
    CHECK(emulator.ok(describe("kept")).at("Definition") == definition(1).c_str());
    CHECK(emulator.ok({{"Action", "StartSyncExecution"}, {"FlowName", "kept"}}).at("Output") == R"({"v":1})");
}

TEST_CASE("emulator flows: CreateFlow refusals", "[emulator][flows]")
{
    auto config = test_config();
    config.catalog.max_flows = 3;
    config.catalog.max_definition_bytes = 1000;
    config.catalog.max_environment_variables = 2;
    EmulatorSession emulator(config);
    const auto without = [](const char* field) {
        auto p = create("f", definition(1));
        p.erase(field);
        return p;
    };
    for (const char* field : {"Name", "Definition", "Description", "Type"})
        check_error(emulator.call(without(field)), 400, "MissingRequiredParams",
                    "The HTTP query '" + std::string(field) + "' must be specified.");
    auto p = create("f", definition(1));
    p["Description"] = "";
    emulator.ok(p);  // present, even empty, is enough
    check_error(emulator.call(create("f", definition(1))), 409, "FlowAlreadyExists", "Flow f already exists.");

    p = create("g", definition(1));
    p["Type"] = "YAML";
    check_error(emulator.call(p), 400, "InvalidArgument", "The parameter Type must be FDL.");
    check_error(emulator.call(create("g", definition(1), "Turbo")), 400, "InvalidArgument",
                "The parameter ExecutionMode must be Express or Standard.");
    auto reply = emulator.call(create("9g", definition(1)));
    check_error(reply, 400, "InvalidArgument");
    CHECK(message(reply).starts_with("Name "));
    check_error(emulator.call(create("g", std::string(1001, ' '))), 400, "InvalidArgument",
                "The parameter Definition must be at most 1000 bytes.");
    p = create("g", definition(1));
    p["Description"] = std::string(257, 'd');
    check_error(emulator.call(p), 400, "InvalidArgument", "The parameter Description must be at most 256 characters.");
    for (const char* environment :
         {"[]", "{\"Variables\":{}}", R"({"Variables":[{"Value":"v"}]})", R"({"Variables":[{"Name":"a","Value":1}]})",
          R"({"Variables":[{"Name":"a"},{"Name":"a"}]})",
          R"({"Variables":[{"Name":"a"},{"Name":"b"},{"Name":"c"}]})"}) {
        p["Description"] = "ok";
        p["Environment"] = environment;
        reply = emulator.call(p);
        INFO(environment);
        check_error(reply, 400, "InvalidArgument");
        CHECK(message(reply).starts_with("The parameter Environment must be JSON text like"));
    }
    check_error(emulator.call(create("other", definition(1)), {.key_id = "limited", .secret = "x"}), 403,
                "AccessDenied");
    emulator.ok(create("mine", definition(1)), {.key_id = "limited", .secret = "x"});
    check_error(emulator.call(create("h", definition(1))), 400, "FlowLimitExceeded",
                "The number of flows has reached the limit (3).");
}

TEST_CASE("emulator flows: the definitions kept are bounded", "[emulator][flows][bounds]")
{
    auto config = test_config();
    config.catalog.max_kept_definition_bytes = 2000;
    EmulatorSession emulator(config);
    const std::string big = R"({"Type":"StateMachine","SpecVersion":"v1","StartAt":"A","States":[)"
                            R"({"Type":"Pass","Name":"A","End":true,"Description":")" +
                            std::string(800, 'x') + "\"}]}";
    emulator.ok(create("a", big));
    emulator.ok(create("b", big));
    check_error(emulator.call(create("c", big)), 400, "FlowLimitExceeded");
    check_error(emulator.call({{"Action", "PublishFlowVersion"}, {"FlowName", "a"}}), 400, "FlowVersionLimitExceeded");
    emulator.ok({{"Action", "DeleteFlow"}, {"Name", "b"}});
    emulator.ok({{"Action", "PublishFlowVersion"}, {"FlowName", "a"}});
}

TEST_CASE("emulator flows: UpdateFlow sets the given fields", "[emulator][flows]")
{
    EmulatorSession emulator(test_config());
    auto p = create("u", held_definition(1));
    p["RoleArn"] = "acs:ram::1:role/a";
    p["ExternalStorageLocation"] = "oss://b/";
    const auto created = emulator.ok(p);
    emulator.ok({{"Action", "StartExecution"}, {"FlowName", "u"}, {"ExecutionName", "before"}});
    const std::string token = emulator.task_token("u", "before");

    const auto updated = emulator.ok({{"Action", "UpdateFlow"},
                                      {"Name", "u"},
                                      {"Definition", definition(2)},
                                      {"Description", "second"},
                                      {"Environment", R"({"Variables":[{"Name":"k","Value":"v"}]})"}});
    CHECK(updated.at("Description") == "second");
    CHECK(updated.at("Definition") == definition(2).c_str());
    CHECK(updated.at("RoleArn") == "acs:ram::1:role/a");  // not given: kept
    CHECK(updated.at("ExternalStorageLocation") == "oss://b/");
    CHECK_FALSE(updated.contains("ExecutionMode"));
    CHECK(updated.at("Id") == created.at("Id"));
    CHECK(updated.at("CreatedTime") == created.at("CreatedTime"));
    CHECK(*parse_timestamp(updated.at("LastModifiedTime").as_string()) >
          *parse_timestamp(created.at("LastModifiedTime").as_string()));
    CHECK(updated.at("Environment").at("Variables").as_array().size() == 1);

    // The running execution keeps the definition it started with; a new one runs the new one.
    emulator.ok({{"Action", "ReportTaskSucceeded"}, {"TaskToken", token}, {"Output", "{}"}});
    auto before = emulator.ok(
        {{"Action", "DescribeExecution"}, {"FlowName", "u"}, {"ExecutionName", "before"}, {"WaitTimeSeconds", "5"}});
    CHECK(before.at("Output") == R"({"v":1})");
    CHECK(before.at("FlowDefinition") == held_definition(1).c_str());
    emulator.ok({{"Action", "StartExecution"}, {"FlowName", "u"}, {"ExecutionName", "after"}});
    auto after = emulator.ok(
        {{"Action", "DescribeExecution"}, {"FlowName", "u"}, {"ExecutionName", "after"}, {"WaitTimeSeconds", "5"}});
    CHECK(after.at("Output") == R"({"v":2})");

    // Only the Description: the rest stays.
    const auto again = emulator.ok({{"Action", "UpdateFlow"}, {"Name", "u"}, {"Description", "third"}});
    CHECK(again.at("Definition") == definition(2).c_str());
    CHECK(again.at("Environment") == updated.at("Environment"));

    check_error(emulator.call({{"Action", "UpdateFlow"}, {"Name", "u"}, {"Type", "YAML"}}), 400, "InvalidArgument");
    check_error(emulator.call({{"Action", "UpdateFlow"}, {"Name", "u"}, {"Definition", ""}}), 400,
                "MissingRequiredParams");
    check_error(emulator.call({{"Action", "UpdateFlow"}, {"Name", "ghost"}}), 404, "FlowNotExists",
                "Flow ghost does not exist.");
    check_error(emulator.call({{"Action", "UpdateFlow"}}), 400, "MissingRequiredParams");
}

TEST_CASE("emulator flows: DeleteFlow stops its executions and forgets it with its versions", "[emulator][flows]")
{
    EmulatorSession emulator(test_config());
    emulator.ok(create("doomed", waiting_definition(1, 60)));
    emulator.ok({{"Action", "StartExecution"}, {"FlowName", "doomed"}, {"ExecutionName", "long"}});
    emulator.ok({{"Action", "PublishFlowVersion"}, {"FlowName", "doomed"}});
    emulator.ok({{"Action", "CreateFlowAlias"},
                 {"FlowName", "doomed"},
                 {"Name", "live"},
                 {"RoutingConfigurations", R"([{"Version":"1","Weight":100}])"}});
    emulator.ok({{"Action", "CreateSchedule"},
                 {"FlowName", "doomed"},
                 {"ScheduleName", "nightly"},
                 {"CronExpression", "0 0 0 * * *"}});
    CHECK(emulator.service().store().running() == 1);

    CHECK(emulator.ok({{"Action", "DeleteFlow"}, {"Name", "doomed"}}).size() == 1);  // RequestId only
    CHECK(emulator.service().store().running() == 0);
    check_error(emulator.call(describe("doomed")), 404, "FlowNotExists");
    check_error(emulator.call({{"Action", "DescribeExecution"}, {"FlowName", "doomed"}, {"ExecutionName", "long"}}),
                404, "FlowNotExists");
    check_error(emulator.call({{"Action", "DeleteFlow"}, {"Name", "doomed"}}), 404, "FlowNotExists");
    emulator.run_for(20ms);  // the cancelled run ends quietly

    // The name is free again, with nothing of the old flow.
    emulator.ok(create("doomed", definition(2)));
    CHECK(emulator.ok({{"Action", "ListFlowVersions"}, {"FlowName", "doomed"}}).at("FlowVersions").as_array().empty());
    CHECK(emulator.ok({{"Action", "ListFlowAliases"}, {"FlowName", "doomed"}}).at("Aliases").as_array().empty());
    CHECK(emulator.ok({{"Action", "ListSchedules"}, {"FlowName", "doomed"}}).at("Schedules").as_array().empty());
    CHECK(emulator.ok({{"Action", "ListExecutions"}, {"FlowName", "doomed"}}).at("Executions").as_array().empty());
    emulator.ok({{"Action", "StartExecution"}, {"FlowName", "doomed"}, {"ExecutionName", "long"}});

    // A configured flow may be deleted too.
    emulator.ok({{"Action", "DeleteFlow"}, {"Name", "configured"}});
    check_error(emulator.call({{"Action", "StartExecution"}, {"FlowName", "configured"}}), 404, "FlowNotExists");
}

TEST_CASE("emulator flows: ListFlows pages oldest first with an opaque NextToken", "[emulator][flows][paging]")
{
    EmulatorSession emulator(test_config());
    for (const char* name : {"f1", "f2", "f3", "mine"}) {
        auto p = create(name, definition(1));
        p["ResourceGroupId"] = std::string(name) == "f2" ? "rg-b" : "rg-a";
        emulator.ok(p);
    }
    Parameters list{{"Action", "ListFlows"}, {"Limit", "2"}};
    std::vector<std::string> names;
    std::vector<std::size_t> sizes;
    for (int page = 0; page < 10; ++page) {
        const auto body = emulator.ok(list, {.get = true});
        sizes.push_back(body.at("Flows").as_array().size());
        for (const auto& n : flow_names(body)) names.push_back(n);
        if (!body.contains("NextToken")) break;
        list["NextToken"] = std::string(body.at("NextToken").as_string());
        if (page == 0) emulator.ok({{"Action", "DeleteFlow"}, {"Name", "f3"}});  // gone before its page
    }
    CHECK(sizes == std::vector<std::size_t>{2, 2});
    CHECK(names == std::vector<std::string>{"configured", "f1", "f2", "mine"});

    CHECK(flow_names(emulator.ok({{"Action", "ListFlows"}, {"ResourceGroupId", "rg-b"}})) ==
          std::vector<std::string>{"f2"});
    // A key limited to some flows lists only those.
    CHECK(flow_names(emulator.ok({{"Action", "ListFlows"}}, {.key_id = "limited", .secret = "x"})) ==
          std::vector<std::string>{"configured", "mine"});

    check_error(emulator.call({{"Action", "ListFlows"}, {"Limit", "1000"}}), 400, "InvalidArgument",
                "The parameter Limit must be a whole number from 1 to 999.");
    check_error(emulator.call({{"Action", "ListFlows"}, {"Limit", "0"}}), 400, "InvalidArgument");
    check_error(emulator.call({{"Action", "ListFlows"}, {"NextToken", "my_flow_name_2"}}), 400, "InvalidArgument",
                "The NextToken is not valid.");
    // A token of another list is not valid here.
    emulator.ok(create("x1", definition(1)));
    emulator.ok({{"Action", "PublishFlowVersion"}, {"FlowName", "x1"}});
    emulator.ok({{"Action", "PublishFlowVersion"}, {"FlowName", "x1"}});
    const auto versions = emulator.ok({{"Action", "ListFlowVersions"}, {"FlowName", "x1"}, {"Limit", "1"}});
    check_error(
        emulator.call({{"Action", "ListFlows"}, {"NextToken", std::string(versions.at("NextToken").as_string())}}), 400,
        "InvalidArgument");
}

TEST_CASE("emulator regions: DescribeRegions answers its own region in the language asked", "[emulator][regions]")
{
    EmulatorSession emulator(test_config());
    const auto region = [&](Parameters p, const test::CallOptions& options = {}) {
        p["Action"] = "DescribeRegions";
        const auto body = emulator.ok(p, options);
        const auto& list = body.at("Regions").at("Region").as_array();
        REQUIRE(list.size() == 1);
        return list.front().as_object();
    };
    auto r = region({});
    CHECK(r.at("RegionId") == "cn-hangzhou");
    CHECK(r.at("LocalName") == "华东1（杭州）");
    CHECK(r.at("RegionEndpoint") == "cn-hangzhou.fnf.aliyuncs.com");
    CHECK(region({{"AcceptLanguage", "en-US"}}).at("LocalName") == "China (Hangzhou)");
    CHECK(region({{"AcceptLanguage", "ja"}}).at("LocalName") == "中国東部1（杭州）");
    CHECK(region({{"AcceptLanguage", "zh-CN"}}, {.get = true}).at("LocalName") == "华东1（杭州）");
    check_error(emulator.call({{"Action", "DescribeRegions"}, {"AcceptLanguage", "fr"}}), 400, "InvalidArgument",
                "The parameter AcceptLanguage must be zh-CN, en-US or ja.");

    auto config = test_config();
    config.region = "ap-southeast-1";
    EmulatorSession singapore(config);
    const auto body = singapore.ok({{"Action", "DescribeRegions"}, {"AcceptLanguage", "en-US"}});
    CHECK(body.at("Regions").at("Region").as_array().front() ==
          json::parse(R"({"RegionId":"ap-southeast-1","LocalName":"Singapore",
                          "RegionEndpoint":"ap-southeast-1.fnf.aliyuncs.com"})"));
    config.region = "xx-local-1";  // a region it has no name for: the id
    EmulatorSession local(config);
    CHECK(local.ok({{"Action", "DescribeRegions"}}).at("Regions").at("Region").as_array().front().at("LocalName") ==
          "xx-local-1");

    std::string error;
    CHECK_FALSE(parse_config(json::parse(R"({"access_keys": [{"id": "a", "secret": "b"}], "flows": [],
                                             "region": "Hangzhou!"})"),
                             error));
    CHECK(error.starts_with("region must be a region id"));
}

TEST_CASE("emulator flows: every new action's success body matches its golden fixture", "[emulator][fixtures]")
{
    EmulatorSession emulator(test_config());
    emulator.ok({{"Action", "DeleteFlow"}, {"Name", "configured"}});  // it has no RoleArn, ...: ListFlows' first
    // A distributed Map whose items each wait a second: its map run is running when it is described.
    const std::string map_definition = R"({"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Each",
        "States": [{"Type": "Map", "Name": "Each", "ItemsPath": "$Input.items",
          "ProcessorConfig": {"ExecutionMode": "Express"}, "MaxConcurrency": 1, "ToleratedFailurePercentage": 2.5,
          "ItemConstructor": {"value.$": "$Item"},
          "Processor": {"StartAt": "Nap", "States": [{"Type": "Wait", "Name": "Nap", "Seconds": 1, "End": true}]},
          "End": true}]})";
    auto p = create("shape", map_definition);
    p["Environment"] = R"({"Variables":[{"Name":"region","Value":"cn-hangzhou","Description":"where it runs"}]})";
    p["RoleArn"] = "acs:ram::1:role/fnf";
    p["ResourceGroupId"] = "rg-1";
    p["ExternalStorageLocation"] = "oss://my-bucket/fnf/";
    check_against_fixture("CreateFlow", emulator.ok(p), {});
    check_against_fixture("DescribeFlow", emulator.ok(describe("shape")), {});
    auto update = Parameters{{"Action", "UpdateFlow"}, {"Name", "shape"}, {"Description", "updated"}};
    check_against_fixture("UpdateFlow", emulator.ok(update), {});
    emulator.ok(create("second", yaml_definition, "Express"));
    check_against_fixture("ListFlows", emulator.ok({{"Action", "ListFlows"}, {"Limit", "1"}}), {});

    Parameters publish{{"Action", "PublishFlowVersion"}, {"FlowName", "shape"}, {"Description", "first release"}};
    check_against_fixture("PublishFlowVersion", emulator.ok(publish), {});
    emulator.ok(publish);
    emulator.ok(publish);
    check_against_fixture("ListFlowVersions",
                          emulator.ok({{"Action", "ListFlowVersions"}, {"FlowName", "shape"}, {"Limit", "2"}}), {});
    const Parameters alias{{"Action", "CreateFlowAlias"},
                           {"FlowName", "shape"},
                           {"Name", "live"},
                           {"Description", "alias description"},
                           {"RoutingConfigurations", R"([{"Version":"1","Weight":30},{"Version":"2","Weight":"70"}])"}};
    check_against_fixture("CreateFlowAlias", emulator.ok(alias), {});
    check_against_fixture("DescribeFlowAlias",
                          emulator.ok({{"Action", "DescribeFlowAlias"}, {"FlowName", "shape"}, {"Name", "live"}}), {});
    check_against_fixture(
        "UpdateFlowAlias",
        emulator.ok({{"Action", "UpdateFlowAlias"},
                     {"FlowName", "shape"},
                     {"Name", "live"},
                     {"RoutingConfigurations", R"([{"Version":"1","Weight":20},{"Version":"2","Weight":80}])"}}),
        {});
    auto second_alias = alias;
    second_alias["Name"] = "canary";
    emulator.ok(second_alias);
    check_against_fixture("ListFlowAliases",
                          emulator.ok({{"Action", "ListFlowAliases"}, {"FlowName", "shape"}, {"Limit", "1"}}), {});
    check_against_fixture("DeleteFlowAlias",
                          emulator.ok({{"Action", "DeleteFlowAlias"}, {"FlowName", "shape"}, {"Name", "canary"}}), {});
    check_against_fixture("DeleteFlowVersion",
                          emulator.ok({{"Action", "DeleteFlowVersion"}, {"FlowName", "shape"}, {"FlowVersion", "3"}}),
                          {});

    Parameters schedule{{"Action", "CreateSchedule"},        {"FlowName", "shape"},
                        {"ScheduleName", "every20"},         {"CronExpression", "0 */20 * * * *"},
                        {"Description", "test description"}, {"Enable", "true"},
                        {"Payload", R"({"key": "value"})"}};
    check_against_fixture("CreateSchedule", emulator.ok(schedule), {});
    check_against_fixture(
        "DescribeSchedule",
        emulator.ok({{"Action", "DescribeSchedule"}, {"FlowName", "shape"}, {"ScheduleName", "every20"}}), {});
    check_against_fixture("UpdateSchedule",
                          emulator.ok({{"Action", "UpdateSchedule"},
                                       {"FlowName", "shape"},
                                       {"ScheduleName", "every20"},
                                       {"CronExpression", "@every 5m"},
                                       {"Enable", "false"}}),
                          {});
    schedule["ScheduleName"] = "second";
    emulator.ok(schedule);
    check_against_fixture("ListSchedules",
                          emulator.ok({{"Action", "ListSchedules"}, {"FlowName", "shape"}, {"Limit", "1"}}), {});
    check_against_fixture(
        "DeleteSchedule",
        emulator.ok({{"Action", "DeleteSchedule"}, {"FlowName", "shape"}, {"ScheduleName", "second"}}), {});

    emulator.ok({{"Action", "StartExecution"},
                 {"FlowName", "shape"},
                 {"ExecutionName", "my_exec_name"},
                 {"Input", R"({"items":[1,2,3]})"}});
    emulator.run_for(50ms);
    const auto history =
        emulator.ok({{"Action", "GetExecutionHistory"}, {"FlowName", "shape"}, {"ExecutionName", "my_exec_name"}});
    std::string run;
    for (const auto& e : history.at("Events").as_array())
        if (e.at("Type") == "StepStarted")
            run = std::string(json::parse(e.at("EventDetail").as_string()).at("MapRunName").as_string());
    REQUIRE(!run.empty());
    const Parameters map_run{
        {"FlowName", "shape"}, {"ExecutionName", "my_exec_name"}, {"MapRunName", run}, {"RequestId", "ignored"}};
    auto describe_run = map_run;
    describe_run["Action"] = "DescribeMapRun";
    check_against_fixture("DescribeMapRun", emulator.ok(describe_run, {.get = true}), {});
    auto update_run = map_run;
    update_run["Action"] = "UpdateMapRun";
    update_run["Concurrency"] = "2";
    check_against_fixture("UpdateMapRun", emulator.ok(update_run, {.get = true}), {});

    check_against_fixture("DescribeRegions", emulator.ok({{"Action", "DescribeRegions"}, {"AcceptLanguage", "zh-CN"}}),
                          {});
    check_against_fixture("DeleteFlow", emulator.ok({{"Action", "DeleteFlow"}, {"Name", "shape"}}), {});
}

TEST_CASE("emulator flows: the fault step of CreateFlow and DeleteFlow", "[emulator][flows][faults]")
{
    auto config = test_config();
    config.faults.sequence = {503, 0, 0};
    EmulatorSession emulator(config);
    const auto reply = emulator.call(create("x", definition(1)));
    check_error(reply, 503, "ServiceUnavailable");
    CHECK(reply.summary == "flow x: 503 ServiceUnavailable");
    check_error(emulator.call(describe("x")), 404, "FlowNotExists");  // the injected error created nothing
    emulator.ok(create("x", definition(1)));
    emulator.ok({{"Action", "DeleteFlow"}, {"Name", "x"}});
    // Deleted, the flow's place in the sequence is forgotten: a new "x" starts it again.
    check_error(emulator.call(create("x", definition(1))), 503, "ServiceUnavailable");
    // ListFlows and DescribeRegions name no flow: no fault step.
    emulator.ok({{"Action", "ListFlows"}});
    emulator.ok({{"Action", "DescribeRegions"}});
}

// Found moving these tests to Spec v1: a problem quoted a number as Boost.JSON writes it, not as
// its author did (Seconds: 2.5 was "got a number: 2.5E0"; ToleratedFailurePercentage's bounds
// were "0E0-1E2").
TEST_CASE("emulator flows: a Definition problem quotes its numbers as they are written",
          "[emulator][flows][validation]")
{
    EmulatorSession emulator(
        test::parse_test_config(R"({"access_keys": [{"id": "id", "secret": "s3cret"}], "flows": []})"));
    const auto message = [&](const std::string& definition) {
        const auto reply = emulator.call({{"Action", "CreateFlow"},
                                          {"Name", "f"},
                                          {"Definition", definition},
                                          {"Description", ""},
                                          {"Type", "FDL"},
                                          {"ExecutionMode", "Standard"}});
        check_error(reply, 400, "InvalidArgument");
        return std::string(EmulatorSession::body(reply).at("Message").as_string());
    };
    CHECK(message("Type: StateMachine\nSpecVersion: v1\nStartAt: Nap\nStates:\n"
                  "  - {Type: Wait, Name: Nap, Seconds: 2.5, End: true}\n") ==
          "The parameter Definition is invalid: States[0] (Nap).Seconds: must be a whole number 1-300 (got a number: "
          "2.5)");
    CHECK(
        message("Type: StateMachine\nSpecVersion: v1\nStartAt: Each\nStates:\n"
                "  - Type: Map\n    Name: Each\n    ItemsPath: $Input.items\n"
                "    ProcessorConfig: {ExecutionMode: Express}\n    ToleratedFailurePercentage: 150.5\n"
                "    Processor: {StartAt: A, States: [{Type: Pass, Name: A, End: true}]}\n    End: true\n") ==
        "The parameter Definition is invalid: States[0] (Each).ToleratedFailurePercentage: must be 0-100 (got 150.5)");
}
