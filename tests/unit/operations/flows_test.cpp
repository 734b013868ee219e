// The flow operations' descriptors (CreateFlow, DescribeFlow, UpdateFlow, DeleteFlow, ListFlows):
// their parameters as the official SDK sends them, their rules, and the golden answers.
#include "operations/flows.hpp"

#include "support/catch_result.hpp"
#include "support/fixtures.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace cloudflow::detail;

namespace {

const std::string definition = "Type: StateMachine\nName: orders\nSpecVersion: v1\nStartAt: A\nStates: []";

}  // namespace

TEST_CASE("CreateFlow encode: every field with the environment as JSON text", "[operations][flows]")
{
    const CreateFlowRequest r{
        .name = "orders",
        .definition = definition,
        .description = "the orders flow",
        .execution_mode = ExecutionMode::express,
        .environment = std::vector<EnvironmentVariable>{{"region", "cn-hangzhou", "where"}, {"tier", "gold"}},
        .role_arn = "acs:ram::123:role/fnf",
        .external_storage_location = "oss://bucket/fnf/",
        .resource_group_id = "rg-aek2"};
    const auto params = CreateFlow::encode(r, {});
    REQUIRE(params);
    CHECK(*params ==
          Parameters{{"Definition", definition},
                     {"Description", "the orders flow"},
                     {"Environment", R"({"Variables":[{"Name":"region","Value":"cn-hangzhou","Description":"where"},)"
                                     R"({"Name":"tier","Value":"gold"}]})"},
                     {"ExecutionMode", "Express"},
                     {"ExternalStorageLocation", "oss://bucket/fnf/"},
                     {"Name", "orders"},
                     {"ResourceGroupId", "rg-aek2"},
                     {"RoleArn", "acs:ram::123:role/fnf"},
                     {"Type", "FDL"}});
    CHECK(CreateFlow::method == RequestMethod::post);
    CHECK(CreateFlow::idempotency(r) == Idempotency::not_idempotent);

    // The service requires Description; an empty one is sent as it is.
    const auto minimal = CreateFlow::encode({.name = "orders", .definition = definition, .description = ""}, {});
    REQUIRE(minimal);
    CHECK(*minimal == Parameters{{"Definition", definition}, {"Description", ""}, {"Name", "orders"}, {"Type", "FDL"}});
}

TEST_CASE("CreateFlow encode: each rule names its field", "[operations][flows]")
{
    const auto field = [](CreateFlowRequest r) { return CreateFlow::encode(r, {}).error().field; };
    CHECK(field({.name = "1orders", .definition = definition, .description = ""}) == "Name");
    CHECK(field({.name = "orders", .definition = "", .description = ""}) == "Definition");
    CHECK(field({.name = "orders", .definition = std::string(128 * 1024 + 1, 'x'), .description = ""}) == "Definition");
    CHECK(field({.name = "orders", .definition = definition, .description = std::string(1025, 'd')}) == "Description");
    CHECK(field({.name = "orders", .definition = definition, .description = "", .type = ""}) == "Type");
    CHECK(field({.name = "orders",
                 .definition = definition,
                 .description = "",
                 .execution_mode = ExecutionMode::unknown}) == "ExecutionMode");
    CHECK(field({.name = "orders",
                 .definition = definition,
                 .description = "",
                 .environment = std::vector<EnvironmentVariable>{{"a b", "1"}}}) == "Environment.Variables[0].Name");
    CHECK(field({.name = "orders",
                 .definition = definition,
                 .description = "",
                 .environment = std::vector<EnvironmentVariable>{{"a", "1"}, {"a", "2"}}}) ==
          "Environment.Variables[1].Name");
    const auto message =
        CreateFlow::encode({.name = "orders", .definition = definition, .description = "", .role_arn = ""}, {})
            .error()
            .message;
    CHECK(message == "RoleArn must be 1 to 1024 characters (got 0)");
}

TEST_CASE("CreateFlow decode: the golden answer", "[operations][flows]")
{
    const auto r = decode_body<CreateFlow>(test::fnf_fixture("CreateFlow"), 1000);
    REQUIRE(r);
    CHECK(r->request_id == "testRequestId");
    CHECK(r->name == "my_flow_name");
    CHECK(r->id == "e589e092-e2c0-4dee-b306-3574ddfdddf5");
    CHECK(r->definition.starts_with("Type: StateMachine"));
    CHECK(r->description == "my test flow");
    CHECK(r->type == "FDL");
    CHECK(r->execution_mode == ExecutionMode::standard);
    CHECK(r->environment == std::vector<EnvironmentVariable>{{"region", "cn-hangzhou", "where it runs"}});
    CHECK(r->role_arn == "acs:ram::${accountID}:${role}");
    CHECK(r->resource_group_id == "rg-aekz3ajrqzc5aui");
    CHECK_FALSE(r->external_storage_location);  // UpdateFlow's answer alone has it
    CHECK(format_timestamp(*r->created_time) == "2019-01-01T01:01:01.001Z");
    CHECK(format_timestamp(*r->last_modified_time) == "2019-01-01T01:01:01.001Z");
}

TEST_CASE("DescribeFlow: a version by FlowVersion and the golden answer", "[operations][flows]")
{
    CHECK(*DescribeFlow::encode({.name = "orders", .flow_version = "3"}, {}) ==
          Parameters{{"FlowVersion", "3"}, {"Name", "orders"}});
    CHECK(DescribeFlow::encode({.name = "orders", .flow_version = ""}, {}).error().field == "FlowVersion");
    CHECK(DescribeFlow::method == RequestMethod::get);
    CHECK(DescribeFlow::idempotency({.name = "orders"}) == Idempotency::idempotent);

    const auto r = decode_body<DescribeFlow>(test::fnf_fixture("DescribeFlow"), 1000);
    REQUIRE(r);
    CHECK(r->name == "my_flow_name");
    CHECK(r->execution_mode_text == "Standard");
    CHECK_FALSE(r->external_storage_location);

    // A mode this SDK does not know keeps its spelling; a flow without a name is malformed.
    const auto future = decode_body<DescribeFlow>(R"({"RequestId":"r","Name":"f","ExecutionMode":"Turbo"})", 1000);
    REQUIRE(future);
    CHECK(future->execution_mode == ExecutionMode::unknown);
    CHECK(future->execution_mode_text == "Turbo");
    const auto nameless = decode_body<DescribeFlow>(R"({"RequestId":"r","Id":"x"})", 1000);
    REQUIRE_FALSE(nameless);
    CHECK(nameless.error().code == errc::malformed_response);
    CHECK(nameless.error().request_id == "r");
    const auto mistyped = decode_body<DescribeFlow>(
        R"({"RequestId":"r","Name":"f","Environment":{"Variables":[{"Name":"a","Value":1}]}})", 1000);
    REQUIRE_FALSE(mistyped);
    CHECK(mistyped.error().message == "the response field Environment.Variables[0].Value is not a string");
}

TEST_CASE("UpdateFlow: only what is set and the golden answer without ExecutionMode", "[operations][flows]")
{
    CHECK(*UpdateFlow::encode({.name = "orders", .description = ""}, {}) ==
          Parameters{{"Description", ""}, {"Name", "orders"}});
    CHECK(*UpdateFlow::encode(
              {.name = "orders", .definition = definition, .environment = std::vector<EnvironmentVariable>{}}, {}) ==
          Parameters{{"Definition", definition}, {"Environment", R"({"Variables":[]})"}, {"Name", "orders"}});
    CHECK(UpdateFlow::idempotency({.name = "orders"}) == Idempotency::idempotent);

    const auto r = decode_body<UpdateFlow>(test::fnf_fixture("UpdateFlow"), 1000);
    REQUIRE(r);
    CHECK(r->description == "updated");
    CHECK_FALSE(r->execution_mode);
    CHECK(r->external_storage_location == "oss://my-bucket/fnf/");
    CHECK(format_timestamp(*r->last_modified_time) == "2019-01-02T01:01:01.001Z");
}

TEST_CASE("DeleteFlow: the name and the RequestId", "[operations][flows]")
{
    CHECK(*DeleteFlow::encode({.name = "orders"}, {}) == Parameters{{"Name", "orders"}});
    CHECK(DeleteFlow::encode({.name = ""}, {}).error().field == "Name");
    CHECK(DeleteFlow::method == RequestMethod::post);
    CHECK(DeleteFlow::idempotency({.name = "orders"}) == Idempotency::idempotent);
    const auto r = decode_body<DeleteFlow>(test::fnf_fixture("DeleteFlow"), 1000);
    REQUIRE(r);
    CHECK(r->request_id == "testRequestId");
    CHECK_FALSE(decode_body<DeleteFlow>("{}", 1000));
}

TEST_CASE("ListFlows: paging and the golden page", "[operations][flows]")
{
    CHECK(*ListFlows::encode({.limit = 999, .next_token = "t", .resource_group_id = "rg"}, {}) ==
          Parameters{{"Limit", "999"}, {"NextToken", "t"}, {"ResourceGroupId", "rg"}});
    CHECK(*ListFlows::encode({.next_token = ""}, {}) == Parameters{});
    CHECK(ListFlows::encode({.limit = 1000}, {}).error().field == "Limit");
    CHECK(ListFlows::encode({.limit = 0}, {}).error().field == "Limit");
    CHECK(ListFlows::method == RequestMethod::get);

    const auto r = decode_body<ListFlows>(test::fnf_fixture("ListFlows"), 1000);
    REQUIRE(r);
    CHECK(r->next_token == "my_flow_name_2");
    REQUIRE(r->flows.size() == 2);
    CHECK(r->flows[0].name == "my_flow_name");
    CHECK(r->flows[1].execution_mode == ExecutionMode::express);
    CHECK_FALSE(r->flows[1].description);  // "" is absent
    CHECK(r->flows[1].environment.empty());
}
