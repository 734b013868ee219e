// Every modelled operation through the client and MockTransport: the method and where its
// parameters go, as the reference table of fnf 2019-03-15 says (not as the descriptors say), and
// the golden answer decoded; and which of them are sent again after a broken connection.
#include <cloudflow/testing/replies.hpp>

#include "support/catch_result.hpp"
#include "support/fixtures.hpp"
#include "support/mock_fixture.hpp"

#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <set>

using namespace cloudflow;
using testing::MockReply;

namespace {

struct Expected {
    std::string_view method;  // the official SDK 2.x's
    bool retried;             // sent again after a broken connection
};

// The reference table (../shared/reference/fnf-operations.md): method and idempotency.
const std::map<std::string, Expected, std::less<>> reference = {
    {"CreateFlow", {"POST", false}},
    {"DescribeFlow", {"GET", true}},
    {"UpdateFlow", {"POST", true}},
    {"DeleteFlow", {"POST", true}},
    {"ListFlows", {"GET", true}},
    {"PublishFlowVersion", {"POST", false}},
    {"ListFlowVersions", {"GET", true}},
    {"DeleteFlowVersion", {"POST", true}},
    {"CreateFlowAlias", {"POST", false}},
    {"DescribeFlowAlias", {"GET", true}},
    {"UpdateFlowAlias", {"POST", true}},
    {"ListFlowAliases", {"GET", true}},
    {"DeleteFlowAlias", {"POST", true}},
    {"CreateSchedule", {"POST", false}},
    {"DescribeSchedule", {"GET", true}},
    {"UpdateSchedule", {"POST", true}},
    {"DeleteSchedule", {"POST", true}},
    {"ListSchedules", {"GET", true}},
    {"DescribeMapRun", {"GET", true}},
    {"UpdateMapRun", {"GET", true}},
    {"DescribeRegions", {"POST", true}},
    {"StartExecution", {"POST", true}},
    {"StartSyncExecution", {"POST", false}},
    {"DescribeExecution", {"GET", true}},
    {"StopExecution", {"POST", true}},
    {"ListExecutions", {"GET", true}},
    {"GetExecutionHistory", {"GET", true}},
    {"ReportTaskSucceeded", {"POST", true}},
    {"ReportTaskFailed", {"POST", true}},
};

// One call of every modelled operation, each with a valid request.
boost::asio::awaitable<std::vector<Result<void>>> call_every_operation(Client client)
{
    std::vector<Result<void>> results;
    const auto call = [&](auto request) -> boost::asio::awaitable<void> {
        auto r = co_await client.async_call(std::move(request), {}, boost::asio::use_awaitable);
        results.push_back(r ? Result<void>() : Result<void>(r.error()));
    };
    const std::vector<EnvironmentVariable> environment{{"region", "cn-hangzhou"}};
    const std::vector<RoutingConfiguration> routing{{"1", 60}, {"2", 40}};
    CreateFlowRequest create_flow{.name = "orders", .definition = "d", .description = "", .environment = environment};
    co_await call(create_flow);
    DescribeFlowRequest describe_flow{.name = "orders", .flow_version = "1"};
    co_await call(describe_flow);
    UpdateFlowRequest update_flow{.name = "orders", .description = "new"};
    co_await call(update_flow);
    DeleteFlowRequest delete_flow{.name = "orders"};
    co_await call(delete_flow);
    ListFlowsRequest list_flows{.limit = 10};
    co_await call(list_flows);
    PublishFlowVersionRequest publish{.flow_name = "orders"};
    co_await call(publish);
    ListFlowVersionsRequest list_versions{.flow_name = "orders"};
    co_await call(list_versions);
    DeleteFlowVersionRequest delete_version{.flow_name = "orders", .version = "1"};
    co_await call(delete_version);
    CreateFlowAliasRequest create_alias{.flow_name = "orders", .name = "live", .routing_configurations = routing};
    co_await call(create_alias);
    DescribeFlowAliasRequest describe_alias{.flow_name = "orders", .name = "live"};
    co_await call(describe_alias);
    UpdateFlowAliasRequest update_alias{.flow_name = "orders", .name = "live", .routing_configurations = routing};
    co_await call(update_alias);
    ListFlowAliasesRequest list_aliases{.flow_name = "orders"};
    co_await call(list_aliases);
    DeleteFlowAliasRequest delete_alias{.flow_name = "orders", .name = "live"};
    co_await call(delete_alias);
    CreateScheduleRequest create_schedule{
        .flow_name = "orders", .schedule_name = "nightly", .cron_expression = "@every 1m", .payload_json = "{}"};
    co_await call(create_schedule);
    DescribeScheduleRequest describe_schedule{.flow_name = "orders", .schedule_name = "nightly"};
    co_await call(describe_schedule);
    UpdateScheduleRequest update_schedule{.flow_name = "orders", .schedule_name = "nightly", .enable = false};
    co_await call(update_schedule);
    DeleteScheduleRequest delete_schedule{.flow_name = "orders", .schedule_name = "nightly"};
    co_await call(delete_schedule);
    ListSchedulesRequest list_schedules{.flow_name = "orders"};
    co_await call(list_schedules);
    DescribeMapRunRequest describe_map_run{.flow_name = "orders", .execution_name = "e1", .map_run_name = "m"};
    co_await call(describe_map_run);
    UpdateMapRunRequest update_map_run{
        .flow_name = "orders", .execution_name = "e1", .map_run_name = "m", .settings = {.concurrency = 2}};
    co_await call(update_map_run);
    DescribeRegionsRequest describe_regions{.accept_language = "en-US"};
    co_await call(describe_regions);
    StartExecutionRequest start{.flow_name = "orders", .qualifier = "live"};
    co_await call(start);
    StartSyncExecutionRequest start_sync{.flow_name = "orders", .qualifier = "1"};
    co_await call(start_sync);
    DescribeExecutionRequest describe_execution{.flow_name = "orders", .execution_name = "e1"};
    co_await call(describe_execution);
    StopExecutionRequest stop{.flow_name = "orders", .execution_name = "e1"};
    co_await call(stop);
    ListExecutionsRequest list_executions{.flow_name = "orders"};
    co_await call(list_executions);
    GetExecutionHistoryRequest history{.flow_name = "orders", .execution_name = "e1"};
    co_await call(history);
    ReportTaskSucceededRequest succeeded{.task_token = "t", .output_json = "{}"};
    co_await call(succeeded);
    ReportTaskFailedRequest failed{.task_token = "t", .error = "E"};
    co_await call(failed);
    co_return results;
}

}  // namespace

TEST_CASE("operations: every action goes with the reference's method and decodes its golden answer",
          "[client][operations]")
{
    test::MockFixture f;
    f.transport->on_request([](const testing::RecordedRequest& request) {
        return MockReply::respond(200, test::fnf_fixture(request.action), {{"Content-Type", "application/json"}});
    });
    const auto results = f.run(call_every_operation(f.client()));
    const auto requests = f.transport->requests();
    REQUIRE(requests.size() == reference.size());
    REQUIRE(results.size() == reference.size());
    std::set<std::string> actions;
    for (std::size_t i = 0; i < requests.size(); ++i) {
        const auto& request = requests[i];
        INFO(request.action);
        CHECK(results[i]);
        actions.insert(request.action);
        const auto expected = reference.find(request.action);
        REQUIRE(expected != reference.end());
        CHECK(request.http.method == expected->second.method);
        if (request.http.method == "GET") {
            CHECK(request.http.body.empty());
        } else {
            // The operation's own parameters travel in the form body (TaskToken excepted, as the
            // official SDK sends it); the query has the common ones.
            CHECK_FALSE(request.http.body.empty());
            const bool token_in_query = request.action.starts_with("ReportTask");
            CHECK((request.http.target.find("TaskToken=") != std::string::npos) == token_in_query);
        }
    }
    CHECK(actions.size() == reference.size());  // each action once: 29 of fnf 2019-03-15
    CHECK(f.transport->unexpected() == 0);
}

TEST_CASE("operations: after a broken connection only what is safe to repeat is sent again", "[client][operations]")
{
    test::MockFixture f;
    std::map<std::string, int, std::less<>> attempts;
    f.transport->on_request([&](const testing::RecordedRequest& request) {
        // The first attempt of each action breaks after it may have been sent.
        if (attempts[request.action]++ == 0) return MockReply::failure(errc::network_failure);
        return MockReply::respond(200, test::fnf_fixture(request.action), {{"Content-Type", "application/json"}});
    });
    const auto results = f.run(call_every_operation(f.client()));
    REQUIRE(attempts.size() == reference.size());
    for (const auto& [action, expected] : reference) {
        INFO(action);
        CHECK(attempts[action] == (expected.retried ? 2 : 1));
    }
    for (const auto& r : results)
        if (!r) CHECK(r.error().code == errc::network_failure);
}
