// The execution lifecycle against cloudflow-local over loopback: standard executions that run in
// the background, the long poll, stopping, paging, callback tasks driven by ReportTask*, the raw
// entry, and the CLI's commands.
#include "integration/fixture.hpp"
#include "support/catch_result.hpp"
#include "support/process.hpp"
#include "support/run.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

using namespace cloudflow;
using namespace cloudflow::test;
using namespace std::chrono_literals;

namespace {

struct Session {
    // `args`: more cloudflow-local options; a `--time-scale` makes the flows' waits shorter.
    explicit Session(std::vector<std::string> args = {}) : emulator(std::move(args), test_config) {}

    LocalEmulator emulator;
    boost::asio::io_context ioc;
    Client client{ioc.get_executor(), client_config(emulator)};

    template <class T>
    T run(boost::asio::awaitable<T> task)
    {
        return test::run(ioc, std::move(task));
    }

    StartExecutionResponse start(std::string flow, std::optional<std::string> name = {})
    {
        auto r = run(client.start_execution({.flow_name = std::move(flow), .execution_name = std::move(name)}));
        REQUIRE(r);
        return *r;
    }

    std::vector<HistoryEvent> history(const std::string& flow, const std::string& name)
    {
        Paginator pages(client, GetExecutionHistoryRequest{.flow_name = flow, .execution_name = name, .limit = 2});
        std::vector<HistoryEvent> events;
        for (;;) {
            auto event = run(pages.next_item());
            REQUIRE(event);
            if (!*event) return events;
            events.push_back(std::move(**event));
        }
    }
};

std::vector<EventType> types(const std::vector<HistoryEvent>& events)
{
    std::vector<EventType> out;
    for (const auto& e : events) out.push_back(e.type);
    return out;
}

// An event's EventDetail; null when it has none.
boost::json::value details_of(const HistoryEvent& event)
{
    return event.detail.value_or(nullptr);
}

}  // namespace

TEST_CASE("lifecycle: a standard execution runs in the background and the waiter sees it end",
          "[integration][lifecycle]")
{
    Session s({"--time-scale", "0.01"});  // standard_nap's second: 10 ms
    const auto started = s.start("standard_nap", "order-1");
    CHECK(started.status == ExecutionStatus::running);
    CHECK(started.name == "order-1");
    CHECK(started.started_time);

    const auto ended = s.run(s.client.wait_for_execution("standard_nap", "order-1", {.timeout = 30s, .poll = 5s}));
    REQUIRE(ended);
    CHECK(ended->status == ExecutionStatus::succeeded);
    CHECK(ended->output == boost::json::parse(R"({"napped":true})"));
    CHECK(ended->stopped_time >= ended->started_time);

    // The history: the execution's events around each state's four, with their details.
    const auto events = s.history("standard_nap", "order-1");
    using enum EventType;
    CHECK(types(events) == std::vector<EventType>{execution_started, step_entered, step_started, step_succeeded,
                                                  step_exited, step_entered, step_started, step_succeeded, step_exited,
                                                  execution_succeeded});
    for (std::size_t i = 0; i < events.size(); ++i) CHECK(events[i].event_id == static_cast<std::int64_t>(i + 1));
    REQUIRE(events.size() == 10);
    CHECK(events[1].step_name == "Nap");
    CHECK(events[5].step_name == "Stamp");
    CHECK(details_of(events[0]) == boost::json::parse(R"({"Input":{}})"));
    CHECK(details_of(events[1]) == boost::json::parse(R"({"Input":{}})"));
    CHECK(details_of(events[7]) == boost::json::parse(R"({"Output":{"napped":true}})"));
    CHECK(details_of(events[8]) == boost::json::parse("{}"));
    CHECK(details_of(events[9]) == boost::json::parse(R"({"Output":{"napped":true}})"));
    // A step's events name the StepEntered that opened it.
    CHECK(events[7].schedule_event_id == events[5].event_id);
}

TEST_CASE("lifecycle: a named start is idempotent while it runs, and taken once it ended", "[integration][lifecycle]")
{
    Session s({"--time-scale", "0.1"});  // standard_nap's second: 100 ms, to start it again meanwhile
    const auto first = s.start("standard_nap", "once");
    const auto again = s.start("standard_nap", "once");  // still running: the same execution
    CHECK(again.name == first.name);
    CHECK(again.started_time == first.started_time);

    REQUIRE(s.run(s.client.wait_for_execution("standard_nap", "once", {.timeout = 30s})));
    const auto taken = s.run(s.client.start_execution({.flow_name = "standard_nap", .execution_name = "once"}));
    REQUIRE_FALSE(taken);
    CHECK(taken.error().code == errc::execution_already_exists);
    CHECK(taken.error().is(condition::already_exists));
    CHECK(taken.error().attempts == 1);

    const auto express = s.run(s.client.start_execution({.flow_name = "echo"}));
    REQUIRE_FALSE(express);
    CHECK(express.error().code == errc::action_not_supported);
}

TEST_CASE("lifecycle: StopExecution stops a Wait in progress", "[integration][lifecycle]")
{
    Session s;
    s.start("long_nap", "sleeper");
    const auto stopped = s.run(s.client.stop_execution({.flow_name = "long_nap",
                                                        .execution_name = "sleeper",
                                                        .error = "Cancelled",
                                                        .cause = "the order was cancelled"}));
    REQUIRE(stopped);
    CHECK(stopped->status == ExecutionStatus::stopped);
    const auto described = s.run(s.client.describe_execution({.flow_name = "long_nap", .execution_name = "sleeper"}));
    REQUIRE(described);
    CHECK(described->status == ExecutionStatus::stopped);
    CHECK(types(s.history("long_nap", "sleeper")).back() == EventType::execution_stopped);

    const auto twice = s.run(s.client.stop_execution({.flow_name = "long_nap", .execution_name = "sleeper"}));
    REQUIRE_FALSE(twice);
    CHECK(twice.error().code == errc::invalid_argument);

    const auto missing = s.run(s.client.describe_execution({.flow_name = "long_nap", .execution_name = "nobody"}));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == errc::execution_not_exists);
    CHECK(missing.error().http_status == 404);
    CHECK(missing.error().is(condition::not_found));
}

TEST_CASE("lifecycle: the long poll answers when the execution ends", "[integration][lifecycle]")
{
    Session s({"--time-scale", "0.01"});
    s.start("standard_nap", "polled");
    const auto r =
        s.run(s.client.describe_execution({.flow_name = "standard_nap", .execution_name = "polled", .wait_time = 30s}));
    REQUIRE(r);
    CHECK(r->status == ExecutionStatus::succeeded);  // answered at the end, not after 30 s
}

TEST_CASE("lifecycle: ListExecutions pages newest first with every filter", "[integration][lifecycle]")
{
    Session s;
    for (int i = 1; i <= 5; ++i) s.start("long_nap", "job-" + std::to_string(i));
    s.start("long_nap", "other");
    REQUIRE(s.run(s.client.stop_execution({.flow_name = "long_nap", .execution_name = "job-2"})));

    Paginator pages(s.client,
                    ListExecutionsRequest{.flow_name = "long_nap", .limit = 2, .execution_name_prefix = "job-"});
    std::vector<std::string> names;
    for (;;) {
        auto item = s.run(pages.next_item());
        REQUIRE(item);
        if (!*item) break;
        names.push_back((*item)->name);
    }
    CHECK(names == std::vector<std::string>{"job-5", "job-4", "job-3", "job-2", "job-1"});
    CHECK(pages.pages() == 3);

    const auto stopped = s.run(
        s.client.list_executions({.flow_name = "long_nap", .status = ExecutionStatus::stopped, .metadata_only = true}));
    REQUIRE(stopped);
    REQUIRE(stopped->executions.size() == 1);
    CHECK(stopped->executions[0].name == "job-2");
    CHECK_FALSE(stopped->executions[0].flow_definition);

    const auto forged = s.run(s.client.list_executions({.flow_name = "long_nap", .next_token = "forged"}));
    REQUIRE_FALSE(forged);
    CHECK(forged.error().code == errc::invalid_argument);
}

TEST_CASE("lifecycle: a callback task is driven by ReportTaskSucceeded and ReportTaskFailed",
          "[integration][lifecycle]")
{
    Session s;
    s.start("approval", "approve-me");
    const std::string token = task_token(s.ioc, s.client, "approval", "approve-me");
    const auto reported =
        s.run(s.client.report_task_succeeded({.task_token = token, .output = boost::json::object{{"approved", true}}}));
    REQUIRE(reported);
    CHECK(reported->event_id > 0);
    const auto ended = s.run(s.client.wait_for_execution("approval", "approve-me", {.timeout = 30s}));
    REQUIRE(ended);
    CHECK(ended->status == ExecutionStatus::succeeded);
    CHECK(ended->output == boost::json::parse(R"({"approved":true})"));
    // The task's events: scheduled, started, submitted (with the token), and the report.
    const auto events = s.history("approval", "approve-me");
    using enum EventType;
    CHECK(types(events) == std::vector<EventType>{execution_started, step_entered, step_started, task_scheduled,
                                                  task_started, task_submitted, task_succeeded, step_succeeded,
                                                  step_exited, step_entered, step_started, step_succeeded, step_exited,
                                                  execution_succeeded});
    REQUIRE(events.size() == 14);
    CHECK(details_of(events[3]).at("Action") == "FNF:StartExecution");
    CHECK(details_of(events[3]).at("TaskMode") == "WaitForCustomCallback");
    CHECK(details_of(events[5]) == boost::json::value(boost::json::object{{"TaskToken", token}}));
    CHECK(events[6].event_id == reported->event_id);
    CHECK(details_of(events[6]) == boost::json::parse(R"({"Output":{"approved":true}})"));
    // The child flow the task started got the token in its input.
    const auto children = s.run(s.client.list_executions({.flow_name = "approval_request"}));
    REQUIRE(children);
    REQUIRE(children->executions.size() == 1);
    CHECK(children->executions[0].input == boost::json::value(boost::json::object{{"token", token}}));

    const auto again = s.run(s.client.report_task_succeeded({.task_token = token, .output_json = "{}"}));
    REQUIRE_FALSE(again);
    CHECK(again.error().code == errc::task_already_completed);
    CHECK(again.error().attempts == 1);

    s.start("approval", "reject-me");
    const auto failed =
        s.run(s.client.report_task_failed({.task_token = task_token(s.ioc, s.client, "approval", "reject-me"),
                                           .error = "Rejected",
                                           .cause = "over budget"}));
    REQUIRE(failed);
    const auto rejected = s.run(s.client.wait_for_execution("approval", "reject-me", {.timeout = 30s}));
    REQUIRE(rejected);
    CHECK(rejected->status == ExecutionStatus::failed);
    const auto rejection = s.history("approval", "reject-me");
    REQUIRE(rejection.size() >= 2);
    CHECK(rejection.back().type == EventType::execution_failed);
    CHECK(details_of(rejection.back()) == boost::json::parse(R"({"Error":"Rejected","Cause":"over budget"})"));
    CHECK(std::any_of(rejection.begin(), rejection.end(), [](const HistoryEvent& e) {
        return e.type == EventType::task_failed &&
               details_of(e) == boost::json::parse(R"({"Error":"Rejected","Cause":"over budget"})");
    }));
}

TEST_CASE("lifecycle: the raw entry calls an action by name", "[integration][lifecycle]")
{
    Session s;
    s.start("standard", "raw");
    const auto r = s.run(s.client.invoke({.action = "DescribeExecution",
                                          .parameters = {{"FlowName", "standard"}, {"ExecutionName", "raw"}},
                                          .method = RequestMethod::get,
                                          .idempotent = true}));
    REQUIRE(r);
    CHECK(r->body.at("Name") == "raw");
    CHECK(!r->request_id.empty());

    const auto unknown = s.run(s.client.invoke({.action = "CreateFlowTemplate", .parameters = {{"Name", "standard"}}}));
    REQUIRE_FALSE(unknown);
    CHECK(unknown.error().code == errc::action_not_supported);
}

#ifdef CLOUDFLOW_CLI_PATH
TEST_CASE("lifecycle: the CLI's commands print JSON and exit 0, 1 or 2", "[integration][lifecycle][cli]")
{
    LocalEmulator emulator({}, test_config);
    const std::vector<std::string> env{std::string("ALIBABA_CLOUD_ACCESS_KEY_ID=") + key_id,
                                       std::string("ALIBABA_CLOUD_ACCESS_KEY_SECRET=") + key_secret,
                                       "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true"};
    const auto cli = [&](const std::vector<std::string>& args) {
        std::vector<std::string> argv{CLOUDFLOW_CLI_PATH};
        argv.insert(argv.end(), args.begin(), args.end());
        argv.insert(argv.end(), {"--endpoint", emulator.url()});
        return run_process(argv, env);
    };
    const auto json_of = [](const ProcessResult& r) {
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        return boost::json::parse(r.out).as_object();
    };

    auto started = json_of(
        cli({"start-execution", "--flow-name", "standard_nap", "--execution-name", "cli-1", "--input", R"({"n":1})"}));
    CHECK(started.at("Status") == "Running");
    CHECK(started.at("Input") == boost::json::parse(R"({"n":1})"));

    auto described = json_of(
        cli({"describe-execution", "--flow-name", "standard_nap", "--execution-name", "cli-1", "--wait", "30"}));
    CHECK(described.at("Status") == "Succeeded");
    CHECK(described.at("Output") == boost::json::parse(R"({"napped":true})"));

    for (int i = 2; i <= 4; ++i)
        json_of(cli({"start-execution", "--flow-name", "long_nap", "--execution-name", "cli-" + std::to_string(i)}));
    auto listed = json_of(cli({"list-executions", "--flow-name", "long_nap", "--limit", "1", "--max-items", "2"}));
    CHECK(listed.at("Executions").as_array().size() == 2);
    listed = json_of(cli({"list-executions", "--flow-name", "long_nap", "--limit", "1"}));
    CHECK(listed.at("Executions").as_array().size() == 3);
    CHECK(listed.at("NextToken").is_null());
    // One page, then the rest from the NextToken it printed: the same executions, in order.
    auto first = json_of(cli({"list-executions", "--flow-name", "long_nap", "--limit", "1", "--max-items", "1"}));
    REQUIRE(first.at("NextToken").is_string());
    auto rest = json_of(cli({"list-executions", "--flow-name", "long_nap", "--limit", "1", "--next-token",
                             std::string(first.at("NextToken").as_string())}));
    CHECK(rest.at("NextToken").is_null());
    REQUIRE(rest.at("Executions").as_array().size() == 2);
    CHECK(first.at("Executions").at(0) == listed.at("Executions").at(0));
    CHECK(rest.at("Executions").at(0) == listed.at("Executions").at(1));
    CHECK(rest.at("Executions").at(1) == listed.at("Executions").at(2));

    auto stopped = json_of(cli({"stop-execution", "--flow-name", "long_nap", "--execution-name", "cli-3"}));
    CHECK(stopped.at("Status") == "Stopped");
    auto events = json_of(cli({"get-execution-history", "--flow-name", "long_nap", "--execution-name", "cli-3"}));
    CHECK(events.at("Events").as_array().back().at("Type") == "ExecutionStopped");
    CHECK(events.at("NextToken").is_null());
    const auto& all_events = events.at("Events").as_array();
    REQUIRE(all_events.size() >= 2);
    auto head = json_of(cli({"get-execution-history", "--flow-name", "long_nap", "--execution-name", "cli-3", "--limit",
                             "1", "--max-items", "1"}));
    REQUIRE(head.at("NextToken").is_string());
    auto tail = json_of(cli({"get-execution-history", "--flow-name", "long_nap", "--execution-name", "cli-3",
                             "--next-token", std::string(head.at("NextToken").as_string())}));
    CHECK(tail.at("NextToken").is_null());
    REQUIRE(tail.at("Events").as_array().size() == all_events.size() - 1);
    CHECK(head.at("Events").at(0) == all_events.front());
    CHECK(tail.at("Events").as_array().back() == all_events.back());

    auto raw = json_of(cli({"call", "DescribeExecution", "FlowName=standard_nap", "ExecutionName=cli-1", "--method",
                            "GET", "--idempotent"}));
    CHECK(raw.at("Status") == "Succeeded");
    // A resource action by name: a GET read with its paging parameter, and DescribeRegions as the
    // POST the service takes.
    auto flows = json_of(cli({"call", "ListFlows", "Limit=1", "--method", "GET", "--idempotent"}));
    CHECK(flows.at("Flows").as_array().size() == 1);
    CHECK(flows.at("NextToken").is_string());
    CHECK(flows.at("RequestId").is_string());
    auto regions = json_of(cli({"call", "DescribeRegions", "AcceptLanguage=en-US", "--method", "POST"}));
    REQUIRE(regions.at("Regions").at("Region").as_array().size() >= 1);
    CHECK(regions.at("Regions").at("Region").at(0).at("RegionEndpoint").is_string());

    const auto missing = cli({"describe-execution", "--flow-name", "standard_nap", "--execution-name", "nobody"});
    CHECK(missing.exit_code == 1);
    CHECK(missing.out.empty());
    CHECK(boost::json::parse(missing.err).at("Error") == "execution_not_exists");

    const auto usage = cli({"report-task-failed", "--task-token", "t"});
    CHECK(usage.exit_code == 2);
    CHECK(usage.err.find("--error is required") != std::string::npos);
}
#endif
