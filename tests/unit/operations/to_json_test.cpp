// to_json: the service style reads back to the same value through the operations' decoders; the
// display style (what the CLI prints) has every member, in the same order, null when absent.
#include <cloudflow/to_json.hpp>

#include "operations/describe_execution.hpp"
#include "operations/flow_aliases.hpp"
#include "operations/flows.hpp"
#include "operations/get_execution_history.hpp"
#include "operations/map_runs.hpp"
#include "operations/regions.hpp"
#include "operations/schedules.hpp"
#include "operations/start_sync_execution.hpp"

#include "support/catch_result.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
namespace json = boost::json;

namespace {

constexpr auto display = JsonStyle::display;

std::string text(const json::object& o)
{
    return json::serialize(o);
}

Timestamp at_ms(std::int64_t ms)
{
    return Timestamp(std::chrono::milliseconds(ms));
}

}  // namespace

TEST_CASE("to_json: an execution, in the service's style and for display", "[model][to_json]")
{
    Execution e;
    e.flow_name = "orders";
    e.name = "e1";
    e.status = ExecutionStatus::succeeded;  // no status_text: the status's spelling
    e.input = json::parse(R"({"id":1})");
    e.started_time = at_ms(1'000);

    CHECK(
        text(to_json(e)) ==
        R"({"FlowName":"orders","Name":"e1","Status":"Succeeded","Input":"{\"id\":1}","StartedTime":"1970-01-01T00:00:01.000Z"})");
    CHECK(
        text(to_json(e, display)) ==
        R"({"FlowName":"orders","Name":"e1","Status":"Succeeded","Input":{"id":1},"Output":null,"FlowDefinition":null,)"
        R"("StartedTime":"1970-01-01T00:00:01.000Z","StoppedTime":null,"RoleArn":null,"Environment":{"Variables":[]}})");

    e.status_text = "Succeeded";
    e.output = json::parse(R"({"ok":[true,null]})");
    e.flow_definition = "version: v1.0";
    e.stopped_time = at_ms(2'500);
    e.role_arn = "acs:ram::1:role/fnf";
    e.environment = {{"region", "cn-hangzhou"}};
    auto body = to_json(e);
    body["RequestId"] = "r-0";  // the answer's, beside the execution's members
    auto back = detail::decode_body<detail::DescribeExecution>(text(body), 100);
    REQUIRE(back);
    CHECK(back->flow_name == e.flow_name);
    CHECK(back->status == e.status);
    CHECK(back->status_text == e.status_text);
    CHECK(back->input == e.input);
    CHECK(back->output == e.output);
    CHECK(back->flow_definition == e.flow_definition);
    CHECK(back->started_time == e.started_time);
    CHECK(back->stopped_time == e.stopped_time);
    CHECK(back->role_arn == e.role_arn);
    CHECK(back->environment == e.environment);
    CHECK(text(to_json(e, display))
              .find(R"("Environment":{"Variables":[{"Name":"region","Value":"cn-hangzhou","Description":null}]})") !=
          std::string::npos);
}

TEST_CASE("to_json: StartSyncExecution's answer and history events", "[model][to_json]")
{
    StartSyncExecutionResponse r;
    r.request_id = "r-1";
    r.flow_name = "orders";
    r.name = "o:1";
    r.status = ExecutionStatus::failed;
    r.status_text = "Failed";
    r.error_code = "NoStock";
    CHECK(text(to_json(r, display)) ==
          R"({"RequestId":"r-1","FlowName":"orders","Name":"o:1","Status":"Failed","ErrorCode":"NoStock",)"
          R"("ErrorMessage":null,"Output":null,"StartedTime":null,"StoppedTime":null,"Environment":{"Variables":[]}})");
    CHECK(text(to_json(r)) ==
          R"({"RequestId":"r-1","FlowName":"orders","Name":"o:1","Status":"Failed","ErrorCode":"NoStock"})");

    r.output = json::parse(R"({"n":2})");
    r.environment = {{"stage", "test"}};
    const auto back = detail::decode_body<detail::StartSyncExecution>(text(to_json(r)), 100);
    REQUIRE(back);
    CHECK(back->request_id == "r-1");
    CHECK(back->error_code == r.error_code);
    CHECK(back->output == r.output);
    CHECK(back->environment == r.environment);

    HistoryEvent h;
    h.event_id = 3;
    h.schedule_event_id = 2;
    h.step_name = "pay";
    h.type = EventType::task_succeeded;
    h.detail = json::parse(R"({"output":"{}"})");
    CHECK(
        text(to_json(h)) ==
        R"({"EventId":3,"ScheduleEventId":2,"StepName":"pay","Type":"TaskSucceeded","EventDetail":"{\"output\":\"{}\"}"})");
    CHECK(
        text(to_json(h, display)) ==
        R"({"EventId":3,"ScheduleEventId":2,"StepName":"pay","Type":"TaskSucceeded","Time":null,"EventDetail":{"output":"{}"}})");
}

TEST_CASE("to_json: flows and schedules", "[model][to_json]")
{
    Flow f;
    f.name = "orders";
    f.type = "FDL";
    CHECK(text(to_json(f, display)) ==
          R"({"Name":"orders","Id":"","Description":null,"Definition":"","Type":"FDL","ExecutionMode":null,)"
          R"("Environment":{"Variables":[]},"RoleArn":null,"ResourceGroupId":null,"ExternalStorageLocation":null,)"
          R"("CreatedTime":null,"LastModifiedTime":null})");
    CHECK(text(to_json(f)) == R"({"Name":"orders","Id":"","Definition":"","Type":"FDL"})");

    FlowResponse r;
    static_cast<Flow&>(r) = f;
    r.request_id = "r-2";
    r.id = "id-1";
    r.description = "the orders";
    r.definition = "Type: StateMachine";
    r.execution_mode = ExecutionMode::express;
    r.environment = {{"stage", "test", "where it runs"}};
    r.role_arn = "acs:ram::1:role/fnf";
    r.resource_group_id = "rg-1";
    r.external_storage_location = "oss://bucket";
    r.created_time = at_ms(1'000);
    r.last_modified_time = at_ms(2'000);
    const auto back = detail::decode_body<detail::DescribeFlow>(text(to_json(r)), 100);
    REQUIRE(back);
    CHECK(back->request_id == "r-2");
    CHECK(back->id == r.id);
    CHECK(back->description == r.description);
    CHECK(back->execution_mode == r.execution_mode);
    CHECK(back->environment == r.environment);
    CHECK(back->role_arn == r.role_arn);
    CHECK(back->resource_group_id == r.resource_group_id);
    CHECK(back->external_storage_location == r.external_storage_location);
    CHECK(back->created_time == r.created_time);
    CHECK(back->last_modified_time == r.last_modified_time);
    CHECK(text(to_json(r, display)).starts_with(R"({"RequestId":"r-2","Name":"orders","Id":"id-1",)"));

    ScheduleResponse s;
    s.request_id = "r-3";
    s.schedule_name = "nightly";
    s.cron_expression = "0 0 * * * *";
    s.enable = true;
    s.payload = json::parse(R"({"a":1})");
    CHECK(text(to_json(s)) ==
          R"({"RequestId":"r-3","ScheduleName":"nightly","ScheduleId":"","CronExpression":"0 0 * * * *","Enable":true,)"
          R"("Payload":"{\"a\":1}"})");
    CHECK(text(to_json(s, display)) ==
          R"({"RequestId":"r-3","ScheduleName":"nightly","ScheduleId":"","CronExpression":"0 0 * * * *","Enable":true,)"
          R"("Description":null,"Payload":{"a":1},"CreatedTime":null,"LastModifiedTime":null})");
    const auto schedule = detail::decode_body<detail::DescribeSchedule>(text(to_json(s)), 100);
    REQUIRE(schedule);
    CHECK(schedule->payload == s.payload);
    CHECK(schedule->enable);
}

TEST_CASE("to_json: an alias's two answers, whole and fractional weights", "[model][to_json]")
{
    FlowAliasResponse r;
    r.request_id = "r-4";
    r.alias.name = "live";
    r.alias.routing_configurations = {{"1", 30}, {"2", 2.5}};

    // Describe and Update nest the alias; Create writes it beside FlowName.
    CHECK(text(to_json(r)) ==
          R"({"RequestId":"r-4","Alias":{"Name":"live","RoutingConfigurations":[{"Version":"1","Weight":30},)"
          R"({"Version":"2","Weight":2.5E0}]}})");
    const auto described = detail::decode_body<detail::DescribeFlowAlias>(text(to_json(r)), 100);
    REQUIRE(described);
    CHECK(described->alias.routing_configurations == r.alias.routing_configurations);
    CHECK_FALSE(described->flow_name);

    r.flow_name = "orders";
    const auto created = detail::decode_body<detail::CreateFlowAlias>(text(to_json(r)), 100);
    REQUIRE(created);
    CHECK(created->flow_name == "orders");
    CHECK(created->alias.name == "live");
    CHECK(text(to_json(r, display)) ==
          R"({"RequestId":"r-4","FlowName":"orders","Name":"live","Description":null,"RoutingConfigurations":[)"
          R"({"Version":"1","Weight":30},{"Version":"2","Weight":2.5E0}],"CreatedTime":null})");
    r.flow_name.reset();
    CHECK(text(to_json(r, display)).starts_with(R"({"RequestId":"r-4","FlowName":null,"Name":"live",)"));
}

TEST_CASE("to_json: map runs and regions", "[model][to_json]")
{
    DescribeMapRunResponse m;
    m.request_id = "r-5";
    m.execution_name = "e1";
    m.map_run_name = "items";
    m.status = ExecutionStatus::running;
    m.concurrency = 4;
    m.tolerated_failed_percentage = 12.5;
    m.item_counts = {.total = 10, .succeeded = 6, .failed = 1, .running = 2, .pending = 1, .aborted = 0};
    CHECK(text(to_json(m, display)) ==
          R"({"RequestId":"r-5","ExecutionName":"e1","MapRunName":"items","Status":"Running","StartedTime":null,)"
          R"("StoppedTime":null,"Concurrency":4,"ToleratedFailedCount":null,"ToleratedFailedPercentage":1.25E1,)"
          R"("ItemCounts":{"Total":10,"Succeed":6,"Failed":1,"Running":2,"Pending":1,"Aborted":0}})");
    const auto run = detail::decode_body<detail::DescribeMapRun>(text(to_json(m)), 100);
    REQUIRE(run);
    CHECK(run->concurrency == 4);
    CHECK_FALSE(run->tolerated_failed_count);
    CHECK(run->tolerated_failed_percentage == 12.5);
    CHECK(run->item_counts == m.item_counts);
    CHECK(run->status == ExecutionStatus::running);

    UpdateMapRunResponse u;
    u.request_id = "r-6";
    u.flow_name = "orders";
    u.tolerated_failed_count = 3;
    CHECK(text(to_json(u)) ==
          R"({"RequestId":"r-6","FlowName":"orders","ExecutionName":"","MapRunName":"","ToleratedFailedCount":3})");

    DescribeRegionsResponse regions;
    regions.request_id = "r-7";
    regions.regions = {{"cn-hangzhou", "Hangzhou", "cn-hangzhou.fnf.aliyuncs.com"}};
    CHECK(text(to_json(regions, display)) ==
          R"({"RequestId":"r-7","Regions":[{"RegionId":"cn-hangzhou","LocalName":"Hangzhou",)"
          R"("RegionEndpoint":"cn-hangzhou.fnf.aliyuncs.com"}]})");
    const auto listed = detail::decode_body<detail::DescribeRegions>(text(to_json(regions)), 100);
    REQUIRE(listed);
    REQUIRE(listed->regions.size() == 1);
    CHECK(listed->regions[0].region_endpoint == "cn-hangzhou.fnf.aliyuncs.com");
}
