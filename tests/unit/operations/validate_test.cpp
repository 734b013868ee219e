// validate<Request>: every operation's request is checked by its call's own rules, without sending
// anything, and gives the same Error as the call.
#include <cloudflow/client.hpp>
#include <cloudflow/validate.hpp>

#include "support/catch_result.hpp"
#include "support/mock_fixture.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;

TEST_CASE("validate: a request of any operation is checked by its call's rules", "[validation][validate]")
{
    CHECK(validate(StartSyncExecutionRequest{.flow_name = "orders"}));
    CHECK(validate(DescribeExecutionRequest{.flow_name = "orders", .execution_name = "e1"}));
    CHECK(validate(InvokeRequest{.action = "ListFlows"}));

    const auto create = validate(CreateFlowRequest{.name = "", .definition = "Type: StateMachine"});
    REQUIRE_FALSE(create);
    CHECK(create.error().code == errc::invalid_request);
    CHECK(create.error().field == "Name");
    CHECK(create.error().attempts == 0);

    ListExecutionsRequest list{.flow_name = "orders"};
    list.limit = 100;
    const auto listed = validate(list);
    REQUIRE_FALSE(listed);
    CHECK(listed.error().field == "Limit");

    const auto raw = validate(InvokeRequest{.action = "List Flows"});
    REQUIRE_FALSE(raw);
    CHECK(raw.error().field == "Action");

    // The limits are the caller's.
    const StartSyncExecutionRequest big{.flow_name = "orders", .input_json = R"({"k":"0123456789"})"};
    CHECK(validate(big));
    const auto over = validate(big, {.max_input_bytes = 8});
    REQUIRE_FALSE(over);
    CHECK(over.error().field == "Input");
}

TEST_CASE("validate: the same Error as the call, which sends nothing", "[validation][validate]")
{
    test::MockFixture f;
    auto client = f.client();
    const StopExecutionRequest request{.flow_name = "orders", .execution_name = "bad name"};
    const auto checked = validate(request);
    REQUIRE_FALSE(checked);
    const auto called = f.run(client.stop_execution(request));
    REQUIRE_FALSE(called);
    CHECK(called.error().code == checked.error().code);
    CHECK(called.error().field == checked.error().field);
    CHECK(called.error().message == checked.error().message);
    CHECK(f.transport->request_count() == 0);
}
