// Flows, versions, aliases, schedules, map runs and regions against cloudflow-local over loopback:
// each operation end to end, its errors, paging, Qualifier routing by weight, schedules firing,
// and the deploy_flow sample.
#include "integration/fixture.hpp"
#include "support/catch_result.hpp"
#include "support/process.hpp"
#include "support/run.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <thread>

using namespace cloudflow;
using namespace cloudflow::test;
using namespace std::chrono_literals;

namespace {

struct Session {
    explicit Session(std::vector<std::string> args = {}) : emulator(std::move(args), test_config) {}

    LocalEmulator emulator;
    boost::asio::io_context ioc;
    Client client{ioc.get_executor(), client_config(emulator)};

    template <class T>
    T run(boost::asio::awaitable<T> task)
    {
        return test::run(ioc, std::move(task));
    }

    // The call's value; the test fails when the call does.
    template <class T>
    T ok(boost::asio::awaitable<Result<T>> task)
    {
        auto r = run(std::move(task));
        INFO((r ? std::string() : r.error().to_string()));
        REQUIRE(r);
        return *std::move(r);
    }

    // Every item of every page.
    template <class Request>
    std::vector<typename Request::response_type::item_type> all(Request request)
    {
        Paginator pages(client, std::move(request));
        std::vector<typename Request::response_type::item_type> items;
        for (;;) {
            auto item = run(pages.next_item());
            REQUIRE(item);
            if (!*item) return items;
            items.push_back(std::move(**item));
        }
    }
};

// A flow that answers {"version": n}, in Spec v1 (YAML).
std::string definition(int version)
{
    return "Type: StateMachine\nSpecVersion: v1\nStartAt: Answer\nStates:\n"
           "  - {Type: Pass, Name: Answer, OutputConstructor: {version: " +
           std::to_string(version) + "}, End: true}\n";
}

CreateFlowRequest express_flow(std::string name, int version)
{
    return {.name = std::move(name),
            .definition = definition(version),
            .description = "",
            .execution_mode = ExecutionMode::express};
}

}  // namespace

TEST_CASE("resources: a flow is created described updated listed and deleted", "[integration][resources]")
{
    Session s;
    CreateFlowRequest create{.name = "orders",
                             .definition = definition(1),
                             .description = "the orders flow",
                             .execution_mode = ExecutionMode::express,
                             .environment = std::vector<EnvironmentVariable>{{"tier", "gold", "the tier"}},
                             .role_arn = "acs:ram::1:role/fnf"};
    const auto created = s.ok(s.client.create_flow(create));
    CHECK(created.name == "orders");
    CHECK_FALSE(created.id.empty());
    CHECK(created.type == "FDL");
    CHECK(created.execution_mode == ExecutionMode::express);
    CHECK(created.environment == std::vector<EnvironmentVariable>{{"tier", "gold", "the tier"}});
    REQUIRE(created.created_time);

    const auto again = s.run(s.client.create_flow(create));
    REQUIRE_FALSE(again);
    CHECK(again.error().code == errc::flow_already_exists);
    CHECK(again.error().http_status == 409);
    CHECK(again.error().attempts == 1);

    const auto described = s.ok(s.client.describe_flow({.name = "orders"}));
    CHECK(described.id == created.id);
    CHECK(described.definition == definition(1));
    CHECK(described.description == "the orders flow");
    CHECK(described.role_arn == "acs:ram::1:role/fnf");

    // The flow runs as created, and as updated.
    StartSyncExecutionRequest sync{.flow_name = "orders"};
    const auto first = s.ok(s.client.start_sync_execution(sync));
    CHECK(first.output->at("version") == 1);
    // The execution's environment is the flow's, without the descriptions.
    CHECK(first.environment == std::vector<EnvironmentVariable>{{"tier", "gold"}});
    const auto updated =
        s.ok(s.client.update_flow({.name = "orders", .definition = definition(2), .description = "v2"}));
    CHECK(updated.description == "v2");
    CHECK(updated.id == created.id);
    CHECK(*updated.last_modified_time >= *created.last_modified_time);
    CHECK(s.ok(s.client.start_sync_execution(sync)).output->at("version") == 2);

    // Paging: one flow a page, the configured flows and ours.
    const auto flows = s.all(ListFlowsRequest{.limit = 1});
    CHECK(flows.size() > 10);
    CHECK(std::count_if(flows.begin(), flows.end(), [](const Flow& f) { return f.name == "orders"; }) == 1);
    CHECK(std::count_if(flows.begin(), flows.end(), [](const Flow& f) { return f.name == "echo"; }) == 1);

    CHECK_FALSE(s.ok(s.client.delete_flow({.name = "orders"})).request_id.empty());
    const auto gone = s.run(s.client.describe_flow({.name = "orders"}));
    REQUIRE_FALSE(gone);
    CHECK(gone.error().code == errc::flow_not_exists);
    CHECK_FALSE(s.run(s.client.start_sync_execution(sync)));
    const auto twice = s.run(s.client.delete_flow({.name = "orders"}));
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == condition::not_found);
}

TEST_CASE("resources: a legacy FDL definition is kept and refused when run, an invalid one at CreateFlow",
          "[integration][resources]")
{
    Session s;
    const std::string fdl = "version: v1beta1\ntype: flow\nsteps:\n  - type: pass\n    name: hello\n";
    CreateFlowRequest create{.name = "legacy_flow", .definition = fdl, .description = "FDL"};
    s.ok(s.client.create_flow(create));
    CHECK(s.ok(s.client.describe_flow({.name = "legacy_flow"})).definition == fdl);
    const auto refused = s.run(s.client.start_execution({.flow_name = "legacy_flow"}));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().http_status == 400);
    CHECK(refused.error().service_code == "InvalidArgument");
    CHECK(refused.error().message.find("Flow legacy_flow cannot run: it is written in the legacy FDL") !=
          std::string::npos);

    // A definition in neither language, or an invalid Spec v1 one, is refused at CreateFlow.
    CreateFlowRequest broken{.name = "broken_flow",
                             .definition = "Type: StateMachine\nSpecVersion: v1\nStartAt: A\nStates:\n"
                                           "  - {Type: Wait, Name: A, Seconds: 0.5, End: true}\n",
                             .description = ""};
    const auto invalid = s.run(s.client.create_flow(broken));
    REQUIRE_FALSE(invalid);
    CHECK(invalid.error().http_status == 400);
    // The number as written (it read "5E-1"): the old dialect's fractional waits are the likeliest slip.
    CHECK(invalid.error().message.find("The parameter Definition is invalid: States[0] (A).Seconds: must be a "
                                       "whole number 1-300 (got a number: 0.5)") != std::string::npos);
    broken.definition = R"({"StartAt":"A","States":[{"Name":"A","Type":"Pass"}]})";
    CHECK_FALSE(s.run(s.client.create_flow(broken)));
    CHECK(s.run(s.client.describe_flow({.name = "broken_flow"})).error().code == errc::flow_not_exists);
}

TEST_CASE("resources: versions and aliases route executions by Qualifier", "[integration][resources]")
{
    Session s;
    s.ok(s.client.create_flow(express_flow("canary", 1)));
    CHECK(s.ok(s.client.publish_flow_version({.flow_name = "canary", .description = "one"})).version == "1");
    s.ok(s.client.update_flow({.name = "canary", .definition = definition(2)}));
    const auto two = s.ok(s.client.publish_flow_version({.flow_name = "canary"}));
    CHECK(two.version == "2");
    CHECK(two.flow_name == "canary");

    const auto versions = s.all(ListFlowVersionsRequest{.flow_name = "canary", .limit = 1});
    REQUIRE(versions.size() == 2);
    CHECK(versions[0].version == "2");  // newest first
    CHECK(versions[1].description == "one");
    CHECK(s.ok(s.client.describe_flow({.name = "canary", .flow_version = "1"})).definition == definition(1));

    CreateFlowAliasRequest alias{.flow_name = "canary",
                                 .name = "live",
                                 .routing_configurations = {{"1", 50}, {"2", 50}},
                                 .description = "half and half"};
    const auto created = s.ok(s.client.create_flow_alias(alias));
    CHECK(created.flow_name == "canary");
    CHECK(created.alias.routing_configurations == alias.routing_configurations);
    const auto taken = s.run(s.client.create_flow_alias(alias));
    REQUIRE_FALSE(taken);
    CHECK(taken.error().code == condition::already_exists);

    // By weight: both versions run, each about half the time (seeded, so the counts are stable).
    int ones = 0;
    constexpr int runs = 200;
    StartSyncExecutionRequest through_alias{.flow_name = "canary", .qualifier = "live"};
    for (int i = 0; i < runs; ++i)
        ones += s.ok(s.client.start_sync_execution(through_alias)).output->at("version") == 1;
    CHECK(ones > runs / 4);
    CHECK(ones < runs * 3 / 4);
    StartSyncExecutionRequest pinned{.flow_name = "canary", .qualifier = "1"};
    CHECK(s.ok(s.client.start_sync_execution(pinned)).output->at("version") == 1);
    StartSyncExecutionRequest unknown{.flow_name = "canary", .qualifier = "7"};
    const auto no_version = s.run(s.client.start_sync_execution(unknown));
    REQUIRE_FALSE(no_version);
    CHECK(no_version.error().code == condition::not_found);

    const auto moved =
        s.ok(s.client.update_flow_alias({.flow_name = "canary",
                                         .name = "live",
                                         .routing_configurations = std::vector<RoutingConfiguration>{{"2", 100}}}));
    CHECK(moved.alias.routing_configurations == std::vector<RoutingConfiguration>{{"2", 100}});
    CHECK(moved.alias.description == "half and half");  // kept: not in the update
    for (int i = 0; i < 10; ++i) CHECK(s.ok(s.client.start_sync_execution(through_alias)).output->at("version") == 2);
    CHECK(s.ok(s.client.describe_flow_alias({.flow_name = "canary", .name = "live"})).alias.routing_configurations ==
          std::vector<RoutingConfiguration>{{"2", 100}});
    const auto aliases = s.all(ListFlowAliasesRequest{.flow_name = "canary"});
    REQUIRE(aliases.size() == 1);
    CHECK(aliases[0].routing_configurations == std::vector<RoutingConfiguration>{{"2", 100}});

    // Deletes: an alias, a version, and what is no longer there.
    s.ok(s.client.delete_flow_alias({.flow_name = "canary", .name = "live"}));
    const auto no_alias = s.run(s.client.describe_flow_alias({.flow_name = "canary", .name = "live"}));
    REQUIRE_FALSE(no_alias);
    CHECK(no_alias.error().code == condition::not_found);
    CHECK(no_alias.error().http_status == 404);
    s.ok(s.client.delete_flow_version({.flow_name = "canary", .version = "1"}));
    CHECK(s.all(ListFlowVersionsRequest{.flow_name = "canary"}).size() == 1);
    CHECK_FALSE(s.run(s.client.start_sync_execution(pinned)));
    CHECK(s.ok(s.client.publish_flow_version({.flow_name = "canary"})).version == "3");  // never reused
}

TEST_CASE("resources: schedules are created described updated listed and deleted", "[integration][resources]")
{
    Session s;
    CreateScheduleRequest create{.flow_name = "standard",
                                 .schedule_name = "nightly",
                                 .cron_expression = "0 0 2 * * *",
                                 .description = "every night",
                                 .payload_json = R"({"batch":true})"};
    const auto created = s.ok(s.client.create_schedule(create));
    CHECK(created.schedule_name == "nightly");
    CHECK_FALSE(created.schedule_id.empty());
    CHECK(created.enable);  // the service's default
    CHECK(created.payload == boost::json::parse(R"({"batch":true})"));
    const auto taken = s.run(s.client.create_schedule(create));
    REQUIRE_FALSE(taken);
    CHECK(taken.error().code == errc::schedule_already_exists);

    CreateScheduleRequest broken{.flow_name = "standard", .schedule_name = "broken", .cron_expression = "every day"};
    const auto refused = s.run(s.client.create_schedule(broken));
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code == condition::invalid_argument);

    const auto updated = s.ok(s.client.update_schedule(
        {.flow_name = "standard", .schedule_name = "nightly", .cron_expression = "@every 5m", .enable = false}));
    CHECK(updated.cron_expression == "@every 5m");
    CHECK_FALSE(updated.enable);
    CHECK(updated.description == "every night");
    CHECK(s.ok(s.client.describe_schedule({.flow_name = "standard", .schedule_name = "nightly"})).schedule_id ==
          created.schedule_id);

    CreateScheduleRequest hourly{.flow_name = "standard", .schedule_name = "hourly", .cron_expression = "0 0 * * * *"};
    s.ok(s.client.create_schedule(hourly));
    const auto schedules = s.all(ListSchedulesRequest{.flow_name = "standard", .limit = 1});
    REQUIRE(schedules.size() == 2);

    s.ok(s.client.delete_schedule({.flow_name = "standard", .schedule_name = "nightly"}));
    const auto gone = s.run(s.client.describe_schedule({.flow_name = "standard", .schedule_name = "nightly"}));
    REQUIRE_FALSE(gone);
    CHECK(gone.error().code == errc::schedule_not_exists);
    CHECK(s.all(ListSchedulesRequest{.flow_name = "standard"}).size() == 1);
}

TEST_CASE("resources: schedules fire on their cron when cloudflow-local runs schedules", "[integration][resources]")
{
    // At a time scale of 0.1 a second of the flows' time is 100 ms: the cron's seconds too.
    Session s({"--run-schedules", "--time-scale", "0.1"});
    CreateScheduleRequest every_second{.flow_name = "standard",
                                       .schedule_name = "ticker",
                                       .cron_expression = "* * * * * *",
                                       .payload_json = R"({"tick":true})"};
    s.ok(s.client.create_schedule(every_second));
    std::this_thread::sleep_for(250ms);
    s.ok(s.client.update_schedule({.flow_name = "standard", .schedule_name = "ticker", .enable = false}));
    const auto fired = s.all(ListExecutionsRequest{.flow_name = "standard"});
    CHECK(fired.size() >= 2);
    CHECK(fired.size() <= 4);
    for (const auto& e : fired) CHECK(e.input == boost::json::parse(R"({"tick":true})"));
    std::this_thread::sleep_for(150ms);  // disabled: no more
    CHECK(s.all(ListExecutionsRequest{.flow_name = "standard"}).size() == fired.size());

    Session idle({"--time-scale", "0.1"});  // without --run-schedules, schedules are only stored
    idle.ok(idle.client.create_schedule(every_second));
    std::this_thread::sleep_for(150ms);
    CHECK(idle.all(ListExecutionsRequest{.flow_name = "standard"}).empty());
}

TEST_CASE("resources: a distributed Map's map run is described and updated while it runs", "[integration][resources]")
{
    Session s;
    // Four items, one at a time, 1 s each; UpdateMapRun lets all of them run at once.
    CreateFlowRequest create{.name = "fan_out",
                             .definition = R"(
Type: StateMachine
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
    s.ok(s.client.create_flow(create));
    StartExecutionRequest start{.flow_name = "fan_out", .execution_name = "e1", .input_json = R"({"items":[1,2,3,4]})"};
    s.ok(s.client.start_execution(start));
    const std::string map_run = event_detail(s.ioc, s.client, "fan_out", "e1", EventType::step_started, "MapRunName");
    REQUIRE(map_run.starts_with("e1:Each:"));

    const DescribeMapRunRequest describe{.flow_name = "fan_out", .execution_name = "e1", .map_run_name = map_run};
    const auto running = s.ok(s.client.describe_map_run(describe));
    CHECK(running.map_run_name == map_run);
    CHECK(running.execution_name == "e1");
    CHECK(running.status == ExecutionStatus::running);
    CHECK(running.concurrency == 1);
    CHECK(running.item_counts.total == 4);
    CHECK(running.item_counts.running <= 1);
    CHECK(running.item_counts.pending >= 2);
    REQUIRE(running.started_time);

    const UpdateMapRunRequest update{.flow_name = "fan_out",
                                     .execution_name = "e1",
                                     .map_run_name = map_run,
                                     .settings = {.concurrency = 4, .tolerated_failed_count = 1}};
    const auto updated = s.ok(s.client.update_map_run(update));
    CHECK(updated.concurrency == 4);
    CHECK(updated.tolerated_failed_count == 1);
    CHECK(updated.map_run_name == map_run);

    const auto ended = s.ok(s.client.wait_for_execution("fan_out", "e1", {.timeout = 30s}));
    CHECK(ended.status == ExecutionStatus::succeeded);
    CHECK(ended.output == boost::json::parse(R"({"Items":[{"value":1},{"value":2},{"value":3},{"value":4}]})"));
    const auto done = s.ok(s.client.describe_map_run(describe));
    CHECK(done.status == ExecutionStatus::succeeded);
    CHECK(done.item_counts == MapRunItemCounts{.total = 4, .succeeded = 4});
    CHECK(done.stopped_time);
    const auto late = s.run(s.client.update_map_run(update));
    REQUIRE_FALSE(late);
    CHECK(late.error().code == condition::invalid_argument);

    // The items ran as child executions of the map run, listed with its name only.
    auto listed = s.all(ListExecutionsRequest{.flow_name = "fan_out", .map_run_name = map_run});
    REQUIRE(listed.size() == 4);
    std::sort(listed.begin(), listed.end(), [](const auto& a, const auto& b) { return a.name < b.name; });
    const std::string prefix = "map-" + map_run.substr(map_run.rfind(':') + 1) + "-";
    for (std::size_t i = 0; i < listed.size(); ++i) {
        CHECK(listed[i].name == prefix + std::to_string(i));
        CHECK(listed[i].status == ExecutionStatus::succeeded);
        CHECK(listed[i].input == boost::json::value(boost::json::object{{"value", static_cast<std::int64_t>(i + 1)}}));
    }
    const auto top = s.all(ListExecutionsRequest{.flow_name = "fan_out"});
    REQUIRE(top.size() == 1);
    CHECK(top[0].name == "e1");
    const DescribeMapRunRequest unknown{.flow_name = "fan_out", .execution_name = "e1", .map_run_name = "e1:Each:0"};
    const auto missing = s.run(s.client.describe_map_run(unknown));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == errc::resource_not_exists);
    CHECK(missing.error().service_code == "MapRunNotExists");
}

TEST_CASE("resources: DescribeRegions answers cloudflow-local's region", "[integration][resources]")
{
    Session s;
    const auto regions = s.ok(s.client.describe_regions({.accept_language = "en-US"}));
    REQUIRE(regions.regions.size() == 1);
    CHECK(regions.regions[0].region_id == "cn-hangzhou");
    CHECK(regions.regions[0].region_endpoint == "cn-hangzhou.fnf.aliyuncs.com");
    CHECK_FALSE(regions.regions[0].local_name.empty());
}

#ifdef CLOUDFLOW_DEPLOY_FLOW_PATH
TEST_CASE("resources: the deploy_flow sample deploys and runs through its alias twice", "[integration][resources]")
{
    LocalEmulator emulator({}, test_config);
    const std::vector<std::string> env{std::string("ALIBABA_CLOUD_ACCESS_KEY_ID=") + key_id,
                                       std::string("ALIBABA_CLOUD_ACCESS_KEY_SECRET=") + key_secret};
    for (const char* version : {"1", "2"}) {
        INFO(version);
        const auto r = run_process({CLOUDFLOW_DEPLOY_FLOW_PATH, emulator.url()}, env);
        INFO(r.out << r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(r.out.find("2. published version " + std::string(version)) != std::string::npos);
        CHECK(r.out.find("3. alias live -> version " + std::string(version)) != std::string::npos);
        CHECK(r.out.find("4. execution release-" + std::string(version) +
                         R"( Succeeded with output {"greeting":"hello from a published version","order":42})") !=
              std::string::npos);
        CHECK(r.out.find("   release-" + std::string(version) + " Succeeded") != std::string::npos);
    }
}
#endif
