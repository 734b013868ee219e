// StopExecution's descriptor: Error and Cause limits, the API reference's answer.
#include "operations/stop_execution.hpp"

#include "support/catch_result.hpp"
#include "support/fixtures.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using detail::StopExecution;

TEST_CASE("StopExecution encode: Error 1-128 and Cause 1-4096 characters", "[operations][stop-execution]")
{
    StopExecutionRequest r{
        .flow_name = "orders", .execution_name = "order-42", .error = "Cancelled", .cause = "the customer cancelled"};
    CHECK(*StopExecution::encode(r, {}) == Parameters{{"Cause", "the customer cancelled"},
                                                      {"Error", "Cancelled"},
                                                      {"ExecutionName", "order-42"},
                                                      {"FlowName", "orders"}});
    r.error = std::string(129, 'e');
    CHECK(StopExecution::encode(r, {}).error().message == "Error must be 1 to 128 characters (got 129)");
    r.error.reset();
    r.cause = std::string(4097, 'c');
    CHECK(StopExecution::encode(r, {}).error().field == "Cause");
    CHECK(StopExecution::idempotency(r) == detail::Idempotency::idempotent);
}

TEST_CASE("StopExecution decode: the API reference's answer", "[operations][stop-execution]")
{
    const auto r = detail::decode_body<StopExecution>(test::fnf_fixture("StopExecution"), 1000);
    REQUIRE(r);
    CHECK(r->status == ExecutionStatus::stopped);
    CHECK(r->role_arn == "acs:ram::${accountID}:${role}");
    CHECK(format_timestamp(*r->stopped_time) == "2019-01-01T01:01:02.002Z");
}
