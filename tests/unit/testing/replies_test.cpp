// testing/replies.hpp: each builder's body decodes to what it was built from, and uses only the
// member names and JSON types of the golden bodies.
#include <cloudflow/testing/replies.hpp>

#include "operations/describe_execution.hpp"
#include "operations/flow_aliases.hpp"
#include "operations/flow_versions.hpp"
#include "operations/flows.hpp"
#include "operations/get_execution_history.hpp"
#include "operations/list_executions.hpp"
#include "operations/map_runs.hpp"
#include "operations/regions.hpp"
#include "operations/report_task.hpp"
#include "operations/schedules.hpp"
#include "operations/start_sync_execution.hpp"

#include "support/catch_result.hpp"
#include "support/fixtures.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
namespace replies = testing::replies;

namespace {

const std::string& body_of(const testing::MockReply& reply)
{
    return std::get<HttpResponse>(reply.outcome).body;
}

// Every member of `built` is in `golden`, with the same JSON kind; arrays of objects are compared
// element by element against the golden's first element.
void same_shape(const boost::json::object& built, const boost::json::object& golden, const std::string& path)
{
    for (const auto& [key, value] : built) {
        INFO(path + std::string(key));
        const auto* expected = golden.if_contains(key);
        REQUIRE(expected != nullptr);
        CHECK(value.kind() == expected->kind());
        if (value.is_object() && expected->is_object())
            same_shape(value.get_object(), expected->get_object(), path + std::string(key) + ".");
        if (value.is_array() && expected->is_array() && !expected->get_array().empty())
            for (const auto& item : value.get_array())
                if (item.is_object() && expected->get_array()[0].is_object())
                    same_shape(item.get_object(), expected->get_array()[0].get_object(),
                               path + std::string(key) + "[].");
    }
}

void same_shape_as_fixture(const testing::MockReply& reply, const char* action)
{
    same_shape(boost::json::parse(body_of(reply)).as_object(),
               boost::json::parse(test::fnf_fixture(action)).as_object(), "");
}

Execution full_execution()
{
    Execution e;
    e.flow_name = "orders";
    e.name = "e1";
    e.status = ExecutionStatus::succeeded;
    e.status_text = "Succeeded";
    e.input = boost::json::parse(R"({"id":1})");
    e.output = boost::json::parse(R"({"ok":true})");
    e.flow_definition = "version: v1.0";
    e.started_time = Timestamp(std::chrono::milliseconds(1'000));
    e.stopped_time = Timestamp(std::chrono::milliseconds(2'000));
    e.environment = {{"region", "cn-hangzhou"}};
    return e;
}

}  // namespace

TEST_CASE("replies: executions decode back and have the golden shape", "[testing][replies]")
{
    const Execution e = full_execution();
    const auto reply = replies::describe_execution(e, "r-1");
    const auto decoded = detail::decode_body<detail::DescribeExecution>(body_of(reply), 1000);
    REQUIRE(decoded);
    CHECK(decoded->request_id == "r-1");
    CHECK(decoded->name == e.name);
    CHECK(decoded->status == e.status);
    CHECK(decoded->input == e.input);
    CHECK(decoded->output == e.output);
    CHECK(decoded->started_time == e.started_time);
    CHECK(decoded->stopped_time == e.stopped_time);
    CHECK(decoded->environment == e.environment);
    same_shape_as_fixture(reply, "DescribeExecution");
    same_shape_as_fixture(replies::list_executions({e}, "next"), "ListExecutions");

    const auto page = detail::decode_body<detail::ListExecutions>(body_of(replies::list_executions({e, e}, "t")), 1000);
    REQUIRE(page);
    CHECK(page->executions.size() == 2);
    CHECK(page->next_token == "t");
}

TEST_CASE("replies: StartSyncExecution, succeeded and failed, decodes back and has the golden shape",
          "[testing][replies]")
{
    const auto ok = replies::sync_execution_succeeded("orders", {{"shipped", true}}, "r-2");
    const auto decoded = detail::decode_body<detail::StartSyncExecution>(body_of(ok), 1000);
    REQUIRE(decoded);
    CHECK(decoded->request_id == "r-2");
    CHECK(decoded->flow_name == "orders");
    CHECK(decoded->status == ExecutionStatus::succeeded);
    CHECK(decoded->output == boost::json::value{{"shipped", true}});
    CHECK_FALSE(decoded->error_code);
    CHECK(format_timestamp(*decoded->started_time) == "2024-01-01T00:00:00.000Z");
    same_shape_as_fixture(ok, "StartSyncExecution");

    const auto failed = replies::sync_execution_failed("orders", "NoStock", "item 7 is out of stock");
    const auto f = detail::decode_body<detail::StartSyncExecution>(body_of(failed), 1000);
    REQUIRE(f);
    CHECK(f->request_id == replies::default_request_id);
    CHECK(f->status == ExecutionStatus::failed);
    CHECK(f->error_code == "NoStock");
    CHECK(f->error_message == "item 7 is out of stock");
    CHECK_FALSE(f->output);
    same_shape_as_fixture(failed, "StartSyncExecution");

    StartSyncExecutionResponse full;
    full.flow_name = "orders";
    full.name = "order-1:2245BD5F-BB68-4F68-A2EB-92502318FA4E";
    full.status = ExecutionStatus::timed_out;
    full.status_text = "TimedOut";
    full.error_code = "FnF.Timeout";
    full.environment = {{"stage", "test"}};
    const auto back =
        detail::decode_body<detail::StartSyncExecution>(body_of(replies::start_sync_execution(full)), 1000);
    REQUIRE(back);
    CHECK(back->name == full.name);
    CHECK(back->status == ExecutionStatus::timed_out);
    CHECK(back->error_code == "FnF.Timeout");
    CHECK(back->environment == full.environment);
}

TEST_CASE("replies: history events and task reports decode back and have the golden shape", "[testing][replies]")
{
    const HistoryEvent event{.event_id = 3,
                             .schedule_event_id = 2,
                             .step_name = "Approve",
                             .type = EventType::task_submitted,
                             .time = Timestamp(std::chrono::milliseconds(5'000)),
                             .detail = boost::json::parse(R"({"TaskToken":"t"})")};
    const auto reply = replies::get_execution_history({event}, "4");
    const auto decoded = detail::decode_body<detail::GetExecutionHistory>(body_of(reply), 1000);
    REQUIRE(decoded);
    REQUIRE(decoded->events.size() == 1);
    CHECK(decoded->events[0].type == EventType::task_submitted);
    CHECK(decoded->events[0].type_text == "TaskSubmitted");
    CHECK(decoded->events[0].detail == event.detail);
    CHECK(decoded->events[0].schedule_event_id == 2);
    same_shape_as_fixture(reply, "GetExecutionHistory");

    const auto report = replies::report_task(9);
    CHECK(detail::decode_body<detail::ReportTaskSucceeded>(body_of(report), 1000)->event_id == 9);
    same_shape_as_fixture(report, "ReportTaskSucceeded");
}

TEST_CASE("replies: flows and deletes decode back and have the golden shape", "[testing][replies]")
{
    Flow f;
    f.name = "orders";
    f.id = "id-1";
    f.definition = "Type: StateMachine";
    f.type = "FDL";
    f.description = "the orders flow";
    f.execution_mode = ExecutionMode::express;
    f.environment = {{"region", "cn-hangzhou", "where"}};
    f.role_arn = "acs:ram::1:role/r";
    f.resource_group_id = "rg";
    f.external_storage_location = "oss://b/";
    f.created_time = Timestamp(std::chrono::milliseconds(1'000));
    f.last_modified_time = Timestamp(std::chrono::milliseconds(2'000));
    const auto reply = replies::flow(f, "r-2");
    const auto decoded = detail::decode_body<detail::DescribeFlow>(body_of(reply), 1000);
    REQUIRE(decoded);
    CHECK(decoded->request_id == "r-2");
    CHECK(decoded->name == f.name);
    CHECK(decoded->execution_mode == ExecutionMode::express);
    CHECK(decoded->environment == f.environment);
    CHECK(decoded->last_modified_time == f.last_modified_time);
    f.external_storage_location.reset();  // in UpdateFlow's answer alone
    same_shape_as_fixture(replies::flow(f), "CreateFlow");
    same_shape_as_fixture(replies::list_flows({f}, "n"), "ListFlows");
    CHECK(detail::decode_body<detail::ListFlows>(body_of(replies::list_flows({f, f}, "n")), 1000)->flows.size() == 2);
    same_shape_as_fixture(replies::deleted(), "DeleteFlow");
    CHECK(detail::decode_body<detail::DeleteSchedule>(body_of(replies::deleted("r-3")), 1000)->request_id == "r-3");
}

TEST_CASE("replies: versions and aliases decode back and have the golden shape", "[testing][replies]")
{
    const FlowVersion v{.version = "2", .description = "second", .created_time = Timestamp(std::chrono::seconds(9))};
    const auto published =
        detail::decode_body<detail::PublishFlowVersion>(body_of(replies::publish_flow_version("orders", v)), 1000);
    REQUIRE(published);
    CHECK(published->flow_name == "orders");
    CHECK(published->version == "2");
    same_shape_as_fixture(replies::publish_flow_version("orders", v), "PublishFlowVersion");
    same_shape_as_fixture(replies::list_flow_versions({v}, "1"), "ListFlowVersions");

    const FlowAlias a{.name = "live",
                      .description = "canary",
                      .routing_configurations = {{"1", 12.5}, {"2", 87.5}},
                      .created_time = Timestamp(std::chrono::seconds(9))};
    const auto described = detail::decode_body<detail::DescribeFlowAlias>(body_of(replies::flow_alias(a)), 1000);
    REQUIRE(described);
    CHECK(described->alias.routing_configurations == a.routing_configurations);
    // Whole weights are written as integers, as the service writes them (and the golden bodies).
    FlowAlias whole = a;
    whole.routing_configurations = {{"1", 30}, {"2", 70}};
    CHECK(body_of(replies::flow_alias(whole)).find(R"("Weight":30)") != std::string::npos);
    same_shape_as_fixture(replies::flow_alias(whole), "DescribeFlowAlias");
    same_shape_as_fixture(replies::create_flow_alias("orders", whole), "CreateFlowAlias");
    same_shape_as_fixture(replies::list_flow_aliases({whole}), "ListFlowAliases");  // Weight a string there
    const auto listed = replies::list_flow_aliases({a});
    CHECK(body_of(listed).find(R"("Weight":"12.5")") != std::string::npos);
    const auto page = detail::decode_body<detail::ListFlowAliases>(body_of(listed), 1000);
    REQUIRE(page);
    CHECK(page->aliases[0].routing_configurations == a.routing_configurations);
}

TEST_CASE("replies: schedules map runs and regions decode back and have the golden shape", "[testing][replies]")
{
    Schedule s;
    s.schedule_name = "nightly";
    s.schedule_id = "sid";
    s.cron_expression = "0 0 2 * * *";
    s.enable = true;
    s.payload = boost::json::parse(R"({"batch":1})");
    s.created_time = Timestamp(std::chrono::seconds(1));
    const auto decoded = detail::decode_body<detail::DescribeSchedule>(body_of(replies::schedule(s)), 1000);
    REQUIRE(decoded);
    CHECK(decoded->payload == s.payload);
    CHECK(decoded->enable);
    same_shape_as_fixture(replies::schedule(s), "DescribeSchedule");
    same_shape_as_fixture(replies::list_schedules({s}, "2"), "ListSchedules");

    const replies::MapRunReply m{.execution_name = "e1",
                                 .map_run_name = "e1:map:1",
                                 .settings = {.concurrency = 4, .tolerated_failed_percentage = 2.5},
                                 .item_counts = {.total = 3, .succeeded = 1, .running = 2},
                                 .started_time = Timestamp(std::chrono::seconds(1))};
    const auto run = detail::decode_body<detail::DescribeMapRun>(body_of(replies::describe_map_run(m)), 1000);
    REQUIRE(run);
    CHECK(run->item_counts == m.item_counts);
    CHECK(run->concurrency == 4);
    CHECK(run->tolerated_failed_percentage == 2.5);
    same_shape_as_fixture(replies::describe_map_run(m), "DescribeMapRun");
    same_shape_as_fixture(
        replies::update_map_run("f", "e1", "e1:map:1", {.concurrency = 2, .tolerated_failed_count = 1}),
        "UpdateMapRun");

    const auto regions = replies::describe_regions({{"cn-hangzhou", "Hangzhou", "cn-hangzhou.fnf.aliyuncs.com"}});
    CHECK(detail::decode_body<detail::DescribeRegions>(body_of(regions), 1000)->regions[0].local_name == "Hangzhou");
    same_shape_as_fixture(regions, "DescribeRegions");
}
