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

TEST_CASE("StartExecution prepare: an unnamed start is named exec- and a UUID, with the repeat rule",
          "[operations][start-execution]")
{
    StartExecutionRequest unnamed{.flow_name = "f"};
    const auto rule = detail::prepare_request<StartExecution>(unnamed);
    REQUIRE(unnamed.execution_name);
    const std::string& name = *unnamed.execution_name;
    CHECK(name.size() == 5 + 36);
    CHECK(name.starts_with("exec-"));
    CHECK(name[5 + 8] == '-');
    CHECK(name[5 + 14] == '4');                  // a version 4 UUID
    CHECK(StartExecution::encode(unnamed, {}));  // a valid ExecutionName
    CHECK(StartExecution::idempotency(unnamed) == detail::Idempotency::idempotent);
    REQUIRE(rule);
    CHECK(rule->service_code == "ExecutionAlreadyExists");
    CHECK(StartExecution::repeat_lookup(unnamed).execution_name == name);
    CHECK(StartExecution::repeat_lookup(unnamed).flow_name == "f");

    // Each call its own name.
    StartExecutionRequest other{.flow_name = "f"};
    detail::prepare_request<StartExecution>(other);
    CHECK(other.execution_name != unnamed.execution_name);

    // A name the caller chose is kept, and has no repeat rule: the execution could be anyone's.
    StartExecutionRequest named{.flow_name = "f", .execution_name = "mine"};
    CHECK_FALSE(detail::prepare_request<StartExecution>(named));
    CHECK(named.execution_name == "mine");
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
