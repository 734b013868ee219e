// DescribeExecution's descriptor: a GET, a long poll of 0-60 s, the API reference's answer.
#include "operations/describe_execution.hpp"

#include "support/catch_result.hpp"
#include "support/fixtures.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace std::chrono_literals;
using detail::DescribeExecution;

TEST_CASE("DescribeExecution encode: names and WaitTimeSeconds 0 to 60", "[operations][describe-execution]")
{
    DescribeExecutionRequest r{.flow_name = "orders", .execution_name = "order-42"};
    CHECK(*DescribeExecution::encode(r, {}) == Parameters{{"ExecutionName", "order-42"}, {"FlowName", "orders"}});
    CHECK(DescribeExecution::server_wait(r) == 0ms);

    r.wait_time = 60s;
    CHECK(DescribeExecution::encode(r, {})->at("WaitTimeSeconds") == "60");
    CHECK(DescribeExecution::server_wait(r) == 60s);  // each attempt's timeout grows by it

    for (const auto bad : {61s, -1s, std::chrono::seconds::max()}) {
        r.wait_time = bad;
        const auto e = DescribeExecution::encode(r, {}).error();
        CHECK(e.field == "WaitTimeSeconds");
        CHECK(e.message.starts_with("WaitTimeSeconds must be from 0 to 60"));
        CHECK(DescribeExecution::server_wait(r) <= 60s);
    }
    r = {.flow_name = "orders", .execution_name = ""};
    CHECK(DescribeExecution::encode(r, {}).error().field == "ExecutionName");
    CHECK(DescribeExecution::method == RequestMethod::get);
    CHECK(DescribeExecution::idempotency(r) == detail::Idempotency::idempotent);
}

TEST_CASE("DescribeExecution decode: the API reference's answer", "[operations][describe-execution]")
{
    const auto r = detail::decode_body<DescribeExecution>(test::fnf_fixture("DescribeExecution"), 1000);
    REQUIRE(r);
    CHECK(r->request_id == "testRequestId");
    CHECK(r->status == ExecutionStatus::succeeded);
    CHECK(is_terminal(r->status));
    CHECK(r->output == boost::json::parse(R"({"key":"value"})"));
    CHECK(r->environment == std::vector<EnvironmentVariable>{{"region", "cn-hangzhou"}});
    CHECK(format_timestamp(*r->stopped_time) == "2019-01-01T01:01:01.001Z");
}

TEST_CASE("DescribeExecution decode: broken answers are malformed_response naming the field",
          "[operations][describe-execution]")
{
    const std::pair<const char*, const char*> cases[] = {
        {R"({"RequestId":"r","Name":"n","Status":"Running"})", "the response has no FlowName"},
        {R"({"RequestId":"r","FlowName":"f","Name":"n","Status":"Running","Input":"{"})",
         "the response field Input is not JSON"},
        {R"({"RequestId":"r","FlowName":"f","Name":"n","Status":"Running","Environment":{"Variables":[{"Value":"v"}]}})",
         "the response has no Environment.Variables[0].Name"},
    };
    for (const auto& [body, message] : cases) {
        INFO(body);
        const auto r = detail::decode_body<DescribeExecution>(body, 1000);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::malformed_response);
        CHECK(r.error().message.starts_with(message));
        CHECK(r.error().request_id == "r");
    }
}
