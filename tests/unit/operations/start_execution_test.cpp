// StartExecution's descriptor: its parameters, its idempotency and the API reference's answer.
#include "operations/start_execution.hpp"

#include "support/catch_result.hpp"
#include "support/fixtures.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using detail::StartExecution;

TEST_CASE("StartExecution encode: every field", "[operations][start-execution]")
{
    StartExecutionRequest r{.flow_name = "orders",
                            .execution_name = "order-42",
                            .input = boost::json::parse(R"({"id":42})"),
                            .qualifier = "2",
                            .callback_task_token = "parent-token"};
    const auto params = StartExecution::encode(r, {});
    REQUIRE(params);
    CHECK(*params == Parameters{{"CallbackFnFTaskToken", "parent-token"},
                                {"ExecutionName", "order-42"},
                                {"FlowName", "orders"},
                                {"Input", R"({"id":42})"},
                                {"Qualifier", "2"}});
    CHECK(StartExecution::method == RequestMethod::post);

    r.execution_name = "9lives";
    CHECK(StartExecution::encode(r, {}).error().field == "ExecutionName");
    r.execution_name.reset();
    r.input_json = "{}";
    CHECK(StartExecution::encode(r, {}).error().field == "Input");  // input and input_json
}

TEST_CASE("StartExecution idempotency: only with an ExecutionName", "[operations][start-execution]")
{
    CHECK(StartExecution::idempotency({.flow_name = "f"}) == detail::Idempotency::not_idempotent);
    CHECK(StartExecution::idempotency({.flow_name = "f", .execution_name = "e"}) == detail::Idempotency::idempotent);
}

TEST_CASE("StartExecution decode: the API reference's answer", "[operations][start-execution]")
{
    const auto r = detail::decode_body<StartExecution>(test::fnf_fixture("StartExecution"), 1000);
    REQUIRE(r);
    CHECK(r->request_id == "testRequestId");
    CHECK(r->flow_name == "my_flow_name");
    CHECK(r->name == "my_exec_name");
    CHECK(r->status == ExecutionStatus::running);
    CHECK(r->input == boost::json::parse(R"({"key":"value"})"));
    CHECK_FALSE(r->output);        // "" is absent
    CHECK_FALSE(r->stopped_time);  // "" is absent
    CHECK(r->flow_definition->starts_with("version: v1.0"));
    CHECK(format_timestamp(*r->started_time) == "2019-01-01T01:01:01.001Z");
}
