// The map-run operations' descriptors (DescribeMapRun, UpdateMapRun) and DescribeRegions:
// parameters, the service's irregular methods, and the golden answers.
#include "operations/map_runs.hpp"
#include "operations/regions.hpp"

#include "support/catch_result.hpp"
#include "support/fixtures.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace cloudflow::detail;

TEST_CASE("DescribeMapRun: parameters and the golden answer", "[operations][map-runs]")
{
    CHECK(*DescribeMapRun::encode({.flow_name = "orders", .execution_name = "e1", .map_run_name = "e1:map:1"}, {}) ==
          Parameters{{"ExecutionName", "e1"}, {"FlowName", "orders"}, {"MapRunName", "e1:map:1"}});
    CHECK(DescribeMapRun::encode(
              {.flow_name = "orders", .execution_name = "e1", .map_run_name = "m", .request_id = "id"}, {})
              ->at("RequestId") == "id");
    CHECK(
        DescribeMapRun::encode({.flow_name = "orders", .execution_name = "e1", .map_run_name = ""}, {}).error().field ==
        "MapRunName");
    CHECK(DescribeMapRun::method == RequestMethod::get);

    const auto r = decode_body<DescribeMapRun>(test::fnf_fixture("DescribeMapRun"), 1000);
    REQUIRE(r);
    CHECK(r->execution_name == "my_exec_name");
    CHECK(r->map_run_name == "my_exec_name:map:8c2e4f1a");
    CHECK(r->status == ExecutionStatus::running);
    CHECK(r->concurrency == 10);
    CHECK(r->tolerated_failed_count == 5);
    CHECK(r->tolerated_failed_percentage == 2.5);
    CHECK(r->item_counts == MapRunItemCounts{.total = 100, .succeeded = 60, .failed = 2, .running = 10, .pending = 28});
    CHECK_FALSE(r->stopped_time);

    const auto fractional = decode_body<DescribeMapRun>(
        R"({"RequestId":"r","ExecutionName":"e","MapRunName":"m","Status":"Running","Concurrency":1.5})", 1000);
    REQUIRE_FALSE(fractional);
    CHECK(fractional.error().message == "the response field Concurrency is not an integer");
}

TEST_CASE("UpdateMapRun: a GET that sets values and its rules", "[operations][map-runs]")
{
    UpdateMapRunRequest r{
        .flow_name = "orders",
        .execution_name = "e1",
        .map_run_name = "e1:map:1",
        .settings = {.concurrency = 20, .tolerated_failed_count = 3, .tolerated_failed_percentage = 2.5}};
    CHECK(*UpdateMapRun::encode(r, {}) == Parameters{{"Concurrency", "20"},
                                                     {"ExecutionName", "e1"},
                                                     {"FlowName", "orders"},
                                                     {"MapRunName", "e1:map:1"},
                                                     {"ToleratedFailedCount", "3"},
                                                     {"ToleratedFailedPercentage", "2.5"}});
    CHECK(UpdateMapRun::method == RequestMethod::get);
    CHECK(UpdateMapRun::idempotency(r) == Idempotency::idempotent);

    // Decimal, never an exponent: cloudflow-local (and the reference) read form numbers so.
    r.settings = {.tolerated_failed_percentage = 0.0001};
    CHECK(UpdateMapRun::encode(r, {})->at("ToleratedFailedPercentage") == "0.0001");
    r.settings = {.tolerated_failed_percentage = 1e-7};
    CHECK(UpdateMapRun::encode(r, {})->at("ToleratedFailedPercentage") == "0.0000001");
    r.settings = {.concurrency = 0};
    CHECK(UpdateMapRun::encode(r, {}).error().field == "Concurrency");
    r.settings = {.tolerated_failed_count = -1};
    CHECK(UpdateMapRun::encode(r, {}).error().field == "ToleratedFailedCount");
    r.settings = {.tolerated_failed_percentage = 100.5};
    CHECK(UpdateMapRun::encode(r, {}).error().message == "ToleratedFailedPercentage must be from 0 to 100 (got 100.5)");

    const auto answer = decode_body<UpdateMapRun>(test::fnf_fixture("UpdateMapRun"), 1000);
    REQUIRE(answer);
    CHECK(answer->flow_name == "my_flow_name");
    CHECK(answer->concurrency == 20);
    CHECK(answer->tolerated_failed_count == 10);
    CHECK(answer->tolerated_failed_percentage == 5.5);
}

TEST_CASE("DescribeRegions: a POST that reads and the golden answer", "[operations][regions]")
{
    CHECK(*DescribeRegions::encode({.accept_language = "en-US"}, {}) == Parameters{{"AcceptLanguage", "en-US"}});
    CHECK(*DescribeRegions::encode({}, {}) == Parameters{});
    CHECK(DescribeRegions::method == RequestMethod::post);
    CHECK(DescribeRegions::idempotency({}) == Idempotency::idempotent);

    const auto r = decode_body<DescribeRegions>(test::fnf_fixture("DescribeRegions"), 1000);
    REQUIRE(r);
    REQUIRE(r->regions.size() == 2);
    CHECK(r->regions[0].region_id == "cn-hangzhou");
    CHECK(r->regions[0].local_name == "华东1（杭州）");
    CHECK(r->regions[0].region_endpoint == "cn-hangzhou.fnf.aliyuncs.com");
    CHECK(r->regions[1].region_id == "ap-southeast-1");
}
