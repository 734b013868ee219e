// ListExecutions' descriptor: every filter, the limits, a page of the API reference.
#include "operations/list_executions.hpp"

#include "support/catch_result.hpp"
#include "support/fixtures.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using detail::ListExecutions;

TEST_CASE("ListExecutions encode: every filter", "[operations][list-executions]")
{
    const ListExecutionsRequest r{.flow_name = "orders",
                                  .limit = 10,
                                  .next_token = "page-2",
                                  .status = ExecutionStatus::failed,
                                  .execution_name_prefix = "order-",
                                  .started_time_begin = Timestamp(std::chrono::milliseconds(1'546'300'800'000)),
                                  .started_time_end = Timestamp(std::chrono::milliseconds(1'546'387'200'000)),
                                  .qualifier = "v2",
                                  .map_run_name = "run1",
                                  .metadata_only = true};
    CHECK(*ListExecutions::encode(r, {}) == Parameters{{"ExecutionNamePrefix", "order-"},
                                                       {"FlowName", "orders"},
                                                       {"Limit", "10"},
                                                       {"MapRunName", "run1"},
                                                       {"MetadataOnly", "true"},
                                                       {"NextToken", "page-2"},
                                                       {"Qualifier", "v2"},
                                                       {"StartedTimeBegin", "2019-01-01T00:00:00.000Z"},
                                                       {"StartedTimeEnd", "2019-01-02T00:00:00.000Z"},
                                                       {"Status", "Failed"}});
    CHECK(*ListExecutions::encode({.flow_name = "orders", .next_token = ""}, {}) ==
          Parameters{{"FlowName", "orders"}});  // "" is the first page
    CHECK(ListExecutions::encode({.flow_name = "orders", .limit = 100}, {}).error().field == "Limit");
    CHECK(ListExecutions::encode({.flow_name = "orders", .limit = 0}, {}).error().field == "Limit");
    CHECK(ListExecutions::encode({.flow_name = "orders", .status = ExecutionStatus::unknown}, {}).error().field ==
          "Status");
    CHECK(ListExecutions::method == RequestMethod::get);
    // A map run's name has colons (cloudflow-local: "<execution>:<state>:<id>"): it is a token.
    CHECK(ListExecutions::encode({.flow_name = "orders", .map_run_name = "e1:Each:0a1b2c3d"}, {})->at("MapRunName") ==
          "e1:Each:0a1b2c3d");
    CHECK(ListExecutions::encode({.flow_name = "orders", .map_run_name = ""}, {}).error().field == "MapRunName");
}

TEST_CASE("ListExecutions decode: a page of the API reference", "[operations][list-executions]")
{
    const auto r = detail::decode_body<ListExecutions>(test::fnf_fixture("ListExecutions"), 1000);
    REQUIRE(r);
    CHECK(r->next_token == "my_exec_name_2");
    REQUIRE(r->executions.size() == 2);
    CHECK(r->executions[0].name == "my_exec_name_1");
    CHECK(r->executions[0].status == ExecutionStatus::succeeded);
    CHECK(r->executions[0].environment.size() == 1);
    CHECK(r->executions[1].status == ExecutionStatus::running);
    CHECK_FALSE(r->executions[1].input);

    const auto last = detail::decode_body<ListExecutions>(R"({"RequestId":"r","Executions":[]})", 1000);
    REQUIRE(last);
    CHECK(last->executions.empty());
    CHECK_FALSE(last->next_token);

    const auto broken = detail::decode_body<ListExecutions>(
        R"({"RequestId":"r","Executions":[{"FlowName":"f","Name":"a","Status":"Running"},{"FlowName":"f","Name":"b"}]})",
        1000);
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message == "the response has no Executions[1].Status");
}
