// The version and alias operations' descriptors (PublishFlowVersion, ListFlowVersions,
// DeleteFlowVersion, and Create/Describe/Update/List/DeleteFlowAlias): parameters, rules, answers.
#include "operations/flow_aliases.hpp"
#include "operations/flow_versions.hpp"

#include "support/catch_result.hpp"
#include "support/fixtures.hpp"

#include <catch2/catch.hpp>

#include <limits>

using namespace cloudflow;
using namespace cloudflow::detail;

TEST_CASE("PublishFlowVersion: never retried and the golden answer", "[operations][versions]")
{
    CHECK(*PublishFlowVersion::encode({.flow_name = "orders", .description = "v1"}, {}) ==
          Parameters{{"Description", "v1"}, {"FlowName", "orders"}});
    CHECK(PublishFlowVersion::encode({.flow_name = "orders", .description = ""}, {}).error().field == "Description");
    CHECK(PublishFlowVersion::method == RequestMethod::post);
    CHECK(PublishFlowVersion::idempotency({.flow_name = "orders"}) == Idempotency::not_idempotent);

    const auto r = decode_body<PublishFlowVersion>(test::fnf_fixture("PublishFlowVersion"), 1000);
    REQUIRE(r);
    CHECK(r->request_id == "testRequestId");
    CHECK(r->flow_name == "my_flow_name");
    CHECK(r->version == "1");
    CHECK(r->description == "first release");
    CHECK(format_timestamp(*r->created_time) == "2024-04-22T06:09:39.907Z");
}

TEST_CASE("ListFlowVersions: Limit as digits and the golden page", "[operations][versions]")
{
    CHECK(*ListFlowVersions::encode({.flow_name = "orders", .limit = 20, .next_token = "2"}, {}) ==
          Parameters{{"FlowName", "orders"}, {"Limit", "20"}, {"NextToken", "2"}});
    CHECK(ListFlowVersions::encode({.flow_name = "orders", .limit = -1}, {}).error().field == "Limit");
    CHECK(ListFlowVersions::method == RequestMethod::get);

    const auto r = decode_body<ListFlowVersions>(test::fnf_fixture("ListFlowVersions"), 1000);
    REQUIRE(r);
    CHECK(r->next_token == "2");
    REQUIRE(r->versions.size() == 2);
    CHECK(r->versions[0].version == "2");
    CHECK(r->versions[1].version == "1");
    CHECK_FALSE(r->versions[1].description);
}

TEST_CASE("DeleteFlowVersion: the version as FlowVersion", "[operations][versions]")
{
    CHECK(*DeleteFlowVersion::encode({.flow_name = "orders", .version = "3"}, {}) ==
          Parameters{{"FlowName", "orders"}, {"FlowVersion", "3"}});
    CHECK(DeleteFlowVersion::encode({.flow_name = "orders", .version = ""}, {}).error().field == "FlowVersion");
    CHECK(DeleteFlowVersion::idempotency({.flow_name = "o", .version = "1"}) == Idempotency::idempotent);
    REQUIRE(decode_body<DeleteFlowVersion>(test::fnf_fixture("DeleteFlowVersion"), 1000));
}

TEST_CASE("CreateFlowAlias encode: routing configurations as JSON text", "[operations][aliases]")
{
    CreateFlowAliasRequest r{.flow_name = "orders",
                             .name = "live",
                             .routing_configurations = {{"1", 30}, {"2", 70}},
                             .description = "canary"};
    CHECK(*CreateFlowAlias::encode(r, {}) ==
          Parameters{{"Description", "canary"},
                     {"FlowName", "orders"},
                     {"Name", "live"},
                     {"RoutingConfigurations", R"([{"Version":"1","Weight":30},{"Version":"2","Weight":70}])"}});
    CHECK(CreateFlowAlias::method == RequestMethod::post);
    CHECK(CreateFlowAlias::idempotency(r) == Idempotency::not_idempotent);

    // Weights in plain positional form, as UpdateMapRun's percentages: never an exponent (1.25E1).
    const std::pair<double, const char*> weights[] = {{12.5, "12.5"}, {0.1, "0.1"}, {33.333, "33.333"}, {100, "100"},
                                                      {0, "0"},       {-0.0, "0"},  {66.667, "66.667"}};
    for (const auto& [weight, text] : weights) {
        INFO(text);
        r.routing_configurations = {{"1", weight}};
        CHECK(CreateFlowAlias::encode(r, {})->at("RoutingConfigurations") ==
              std::string(R"([{"Version":"1","Weight":)") + text + "}]");
    }
    r.routing_configurations = {{"1", 33.333}, {"2", 66.667}};
    CHECK(CreateFlowAlias::encode(r, {})->at("RoutingConfigurations") ==
          R"([{"Version":"1","Weight":33.333},{"Version":"2","Weight":66.667}])");
    // The version is a JSON string, escaped.
    r.routing_configurations = {{"v\"1\\", 0.5}};
    CHECK(CreateFlowAlias::encode(r, {})->at("RoutingConfigurations") == R"([{"Version":"v\"1\\","Weight":0.5}])");
    UpdateFlowAliasRequest update{.flow_name = "orders", .name = "live"};
    update.routing_configurations = std::vector<RoutingConfiguration>{{"3", 12.5}, {"2", 87.5}};
    CHECK(UpdateFlowAlias::encode(update, {})->at("RoutingConfigurations") ==
          R"([{"Version":"3","Weight":12.5},{"Version":"2","Weight":87.5}])");

    const auto broken = [&](std::vector<RoutingConfiguration> routing) {
        r.routing_configurations = std::move(routing);
        const auto e = CreateFlowAlias::encode(r, {}).error();
        return e.field + ": " + e.message;
    };
    CHECK(broken({}) == "RoutingConfigurations: RoutingConfigurations must route to one or two versions (got 0)");
    CHECK(broken({{"1", 10}, {"2", 10}, {"3", 80}}).starts_with("RoutingConfigurations: "));
    CHECK(broken({{"1", 50}, {"1", 50}}) ==
          "RoutingConfigurations[1].Version: RoutingConfigurations[1].Version repeats the version \"1\"");
    CHECK(broken({{"", 100}}).starts_with("RoutingConfigurations[0].Version: "));
    CHECK(broken({{"1", 101}}) ==
          "RoutingConfigurations[0].Weight: RoutingConfigurations[0].Weight must be from 0 to 100 (got 101)");
    CHECK(broken({{"1", -1}}).starts_with("RoutingConfigurations[0].Weight: "));
    CHECK(broken({{"1", std::numeric_limits<double>::quiet_NaN()}}).starts_with("RoutingConfigurations[0].Weight: "));
}

TEST_CASE("CreateFlowAlias decode: the alias at the top level", "[operations][aliases]")
{
    const auto r = decode_body<CreateFlowAlias>(test::fnf_fixture("CreateFlowAlias"), 1000);
    REQUIRE(r);
    CHECK(r->flow_name == "example-flow-name");
    CHECK(r->alias.name == "exampe-alias-name");
    CHECK(r->alias.description == "example description");
    CHECK(r->alias.routing_configurations == std::vector<RoutingConfiguration>{{"1", 30}, {"2", 70}});
    CHECK(format_timestamp(*r->alias.created_time) == "2020-01-01T01:01:01.001Z");
}

TEST_CASE("DescribeFlowAlias and UpdateFlowAlias decode: the alias nested in Alias", "[operations][aliases]")
{
    CHECK(*DescribeFlowAlias::encode({.flow_name = "orders", .name = "live"}, {}) ==
          Parameters{{"FlowName", "orders"}, {"Name", "live"}});
    CHECK(DescribeFlowAlias::method == RequestMethod::get);
    const auto described = decode_body<DescribeFlowAlias>(test::fnf_fixture("DescribeFlowAlias"), 1000);
    REQUIRE(described);
    CHECK(described->alias.name == "alias-name");
    CHECK(described->alias.routing_configurations == std::vector<RoutingConfiguration>{{"1", 10}, {"2", 90}});
    CHECK_FALSE(described->flow_name);

    const auto updated = decode_body<UpdateFlowAlias>(test::fnf_fixture("UpdateFlowAlias"), 1000);
    REQUIRE(updated);
    CHECK(updated->alias.routing_configurations == std::vector<RoutingConfiguration>{{"1", 20}, {"2", 80}});
    // The golden answer's time has an offset: +08:00.
    CHECK(format_timestamp(*updated->alias.created_time) == "2025-10-24T06:11:26.000Z");

    const auto missing = decode_body<DescribeFlowAlias>(R"({"RequestId":"r"})", 1000);
    REQUIRE_FALSE(missing);
    CHECK(missing.error().message == "the response has no Alias");
    const auto weightless = decode_body<DescribeFlowAlias>(
        R"({"RequestId":"r","Alias":{"Name":"a","RoutingConfigurations":[{"Version":"1"}]}})", 1000);
    REQUIRE_FALSE(weightless);
    CHECK(weightless.error().message == "the response has no Alias.RoutingConfigurations[0].Weight");
}

TEST_CASE("UpdateFlowAlias encode: only what is set", "[operations][aliases]")
{
    CHECK(*UpdateFlowAlias::encode({.flow_name = "orders", .name = "live", .description = ""}, {}) ==
          Parameters{{"Description", ""}, {"FlowName", "orders"}, {"Name", "live"}});
    CHECK(*UpdateFlowAlias::encode({.flow_name = "orders",
                                    .name = "live",
                                    .routing_configurations = std::vector<RoutingConfiguration>{{"2", 100}}},
                                   {}) == Parameters{{"FlowName", "orders"},
                                                     {"Name", "live"},
                                                     {"RoutingConfigurations", R"([{"Version":"2","Weight":100}])"}});
    CHECK(UpdateFlowAlias::idempotency({.flow_name = "o", .name = "a"}) == Idempotency::idempotent);
}

TEST_CASE("ListFlowAliases decode: Weight as a string in this one answer", "[operations][aliases]")
{
    CHECK(*ListFlowAliases::encode({.flow_name = "orders", .limit = 5}, {}) ==
          Parameters{{"FlowName", "orders"}, {"Limit", "5"}});
    const auto r = decode_body<ListFlowAliases>(test::fnf_fixture("ListFlowAliases"), 1000);
    REQUIRE(r);
    CHECK(r->next_token == "alias-name-2");
    REQUIRE(r->aliases.size() == 1);
    CHECK(r->aliases[0].routing_configurations == std::vector<RoutingConfiguration>{{"1", 10}, {"2", 90}});

    const auto wordy = decode_body<ListFlowAliases>(
        R"({"RequestId":"r","Aliases":[{"Name":"a","RoutingConfigurations":[{"Version":"1","Weight":"ten"}]}]})", 1000);
    REQUIRE_FALSE(wordy);
    CHECK(wordy.error().message == "the response field Aliases[0].RoutingConfigurations[0].Weight is not a number");
}

TEST_CASE("DeleteFlowAlias: the flow and the alias", "[operations][aliases]")
{
    CHECK(*DeleteFlowAlias::encode({.flow_name = "orders", .name = "live"}, {}) ==
          Parameters{{"FlowName", "orders"}, {"Name", "live"}});
    CHECK(DeleteFlowAlias::encode({.flow_name = "orders", .name = "no way"}, {}).error().field == "Name");
    REQUIRE(decode_body<DeleteFlowAlias>(test::fnf_fixture("DeleteFlowAlias"), 1000));
}
