// cloudflow-local's versions and aliases, in process: PublishFlowVersion, ListFlowVersions,
// DeleteFlowVersion, the alias actions, and the Qualifier of StartExecution and
// StartSyncExecution (a version, or an alias picked by weight) with ListExecutions' filter.
#include "support/emulator_session.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <map>
#include <set>

using namespace cloudflow;
using namespace cloudflow::local;
using cloudflow::test::check_error;
using cloudflow::test::EmulatorSession;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

constexpr const char* config_text = R"(
access_keys: [{id: id, secret: s3cret}]
flows: []
)";

// Answers {"v": <v>}.
std::string definition(int v)
{
    return R"({"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Stamp", "States": [)"
           R"({"Type": "Pass", "Name": "Stamp", "OutputConstructor": {"v": )" +
           std::to_string(v) + "}, \"End\": true}]}";
}

EmulatorConfig test_config()
{
    return test::parse_test_config(config_text);
}

void create(EmulatorSession& emulator, const std::string& name, int v, const std::string& mode = "Express")
{
    emulator.ok({{"Action", "CreateFlow"},
                 {"Name", name},
                 {"Definition", definition(v)},
                 {"Description", ""},
                 {"Type", "FDL"},
                 {"ExecutionMode", mode}});
}

void update(EmulatorSession& emulator, const std::string& name, int v)
{
    emulator.ok({{"Action", "UpdateFlow"}, {"Name", name}, {"Definition", definition(v)}});
}

std::string publish(EmulatorSession& emulator, const std::string& flow, const std::string& description = "")
{
    const auto body = emulator.ok({{"Action", "PublishFlowVersion"}, {"FlowName", flow}, {"Description", description}});
    return std::string(body.at("Version").as_string());
}

// The "v" a synchronous run of `flow` (with `qualifier`) answers.
std::int64_t run_sync(EmulatorSession& emulator, const std::string& flow, const std::string& qualifier = "")
{
    Parameters p{{"Action", "StartSyncExecution"}, {"FlowName", flow}};
    if (!qualifier.empty()) p["Qualifier"] = qualifier;
    const auto body = emulator.ok(p);
    return json::parse(body.at("Output").as_string()).at("v").as_int64();
}

Parameters alias(const std::string& flow, const std::string& name, const std::string& routes)
{
    return {{"Action", "CreateFlowAlias"}, {"FlowName", flow}, {"Name", name}, {"RoutingConfigurations", routes}};
}

}  // namespace

TEST_CASE("emulator versions: PublishFlowVersion snapshots the definition as 1 then 2 and so on",
          "[emulator][versions]")
{
    EmulatorSession emulator(test_config());
    create(emulator, "f", 1);
    const auto first = emulator.ok({{"Action", "PublishFlowVersion"}, {"FlowName", "f"}, {"Description", "one"}});
    CHECK(first.at("FlowName") == "f");
    CHECK(first.at("Version") == "1");
    CHECK(first.at("Description") == "one");
    CHECK(parse_timestamp(first.at("CreatedTime").as_string()));
    update(emulator, "f", 2);
    CHECK(publish(emulator, "f") == "2");
    update(emulator, "f", 3);

    CHECK(run_sync(emulator, "f") == 3);  // no Qualifier: the current definition
    CHECK(run_sync(emulator, "f", "1") == 1);
    CHECK(run_sync(emulator, "f", "2") == 2);
    CHECK(emulator.ok({{"Action", "DescribeFlow"}, {"Name", "f"}, {"FlowVersion", "1"}}).at("Definition") ==
          definition(1).c_str());
    CHECK(emulator.ok({{"Action", "DescribeFlow"}, {"Name", "f"}}).at("Definition") == definition(3).c_str());

    // A deleted version's number is not given again.
    emulator.ok({{"Action", "DeleteFlowVersion"}, {"FlowName", "f"}, {"FlowVersion", "2"}});
    CHECK(publish(emulator, "f") == "3");
    check_error(emulator.call({{"Action", "StartSyncExecution"}, {"FlowName", "f"}, {"Qualifier", "2"}}), 404,
                "FlowVersionNotExists", "Version 2 of flow f does not exist.");
    check_error(emulator.call({{"Action", "DeleteFlowVersion"}, {"FlowName", "f"}, {"FlowVersion", "2"}}), 404,
                "FlowVersionNotExists");
    check_error(emulator.call({{"Action", "DeleteFlowVersion"}, {"FlowName", "f"}, {"FlowVersion", "two"}}), 400,
                "InvalidArgument", "The parameter FlowVersion must be a version number (1, 2, ...).");
    check_error(emulator.call({{"Action", "DeleteFlowVersion"}, {"FlowName", "f"}}), 400, "MissingRequiredParams");
    check_error(emulator.call({{"Action", "DescribeFlow"}, {"Name", "f"}, {"FlowVersion", "7"}}), 404,
                "FlowVersionNotExists");
    check_error(emulator.call({{"Action", "StartSyncExecution"}, {"FlowName", "f"}, {"Qualifier", "ghost"}}), 404,
                "FlowAliasNotExists", "Alias ghost of flow f does not exist.");
    check_error(emulator.call({{"Action", "PublishFlowVersion"}, {"FlowName", "ghost"}}), 404, "FlowNotExists");
    auto long_description = Parameters{{"Action", "PublishFlowVersion"}, {"FlowName", "f"}};
    long_description["Description"] = std::string(257, 'd');
    check_error(emulator.call(long_description), 400, "InvalidArgument");
}

TEST_CASE("emulator versions: the versions of a flow are bounded", "[emulator][versions][bounds]")
{
    auto config = test_config();
    config.catalog.max_versions = 2;
    EmulatorSession emulator(config);
    create(emulator, "f", 1);
    publish(emulator, "f");
    publish(emulator, "f");
    check_error(emulator.call({{"Action", "PublishFlowVersion"}, {"FlowName", "f"}}), 400, "FlowVersionLimitExceeded",
                "The number of versions of flow f has reached the limit (2).");
    emulator.ok({{"Action", "DeleteFlowVersion"}, {"FlowName", "f"}, {"FlowVersion", "1"}});
    CHECK(publish(emulator, "f") == "3");
}

TEST_CASE("emulator versions: ListFlowVersions pages newest first", "[emulator][versions][paging]")
{
    EmulatorSession emulator(test_config());
    create(emulator, "f", 1);
    for (int i = 1; i <= 5; ++i) publish(emulator, "f", "release " + std::to_string(i));
    Parameters list{{"Action", "ListFlowVersions"}, {"FlowName", "f"}, {"Limit", "2"}};
    std::vector<std::string> versions;
    std::vector<std::size_t> sizes;
    for (int page = 0; page < 10; ++page) {
        const auto body = emulator.ok(list, {.get = true});
        const auto& items = body.at("FlowVersions").as_array();
        sizes.push_back(items.size());
        for (const auto& v : items) {
            versions.emplace_back(v.at("Version").as_string());
            CHECK(v.at("Description") == ("release " + versions.back()).c_str());
        }
        if (!body.contains("NextToken")) break;
        list["NextToken"] = std::string(body.at("NextToken").as_string());
        if (page == 0) publish(emulator, "f");  // a newer one does not move the pages handed out
    }
    CHECK(sizes == std::vector<std::size_t>{2, 2, 1});
    CHECK(versions == std::vector<std::string>{"5", "4", "3", "2", "1"});
    check_error(emulator.call({{"Action", "ListFlowVersions"}, {"FlowName", "f"}, {"Limit", "x"}}), 400,
                "InvalidArgument", "The parameter Limit must be a whole number from 1 to 999.");
    check_error(emulator.call({{"Action", "ListFlowVersions"}, {"FlowName", "f"}, {"NextToken", "2"}}), 400,
                "InvalidArgument", "The NextToken is not valid.");
    check_error(emulator.call({{"Action", "ListFlowVersions"}}), 400, "MissingRequiredParams");
}

TEST_CASE("emulator aliases: create then describe then update then list then delete", "[emulator][aliases]")
{
    EmulatorSession emulator(test_config());
    create(emulator, "f", 1);
    publish(emulator, "f");
    publish(emulator, "f");
    auto p = alias("f", "live", R"([{"Version":"1","Weight":30},{"Version":2,"Weight":"70"}])");
    p["Description"] = "the live one";
    const auto created = emulator.ok(p);
    CHECK(created.at("FlowName") == "f");
    CHECK(created.at("Name") == "live");
    CHECK(created.at("Description") == "the live one");
    CHECK(created.at("RoutingConfigurations") ==
          json::parse(R"([{"Version":"1","Weight":30},{"Version":"2","Weight":70}])"));
    check_error(emulator.call(p), 409, "FlowAliasAlreadyExists", "Alias live of flow f already exists.");

    const auto described = emulator.ok({{"Action", "DescribeFlowAlias"}, {"FlowName", "f"}, {"Name", "live"}});
    CHECK(described.at("Alias").at("RoutingConfigurations") == created.at("RoutingConfigurations"));
    CHECK(described.at("Alias").at("CreatedTime") == created.at("CreatedTime"));
    CHECK_FALSE(described.at("Alias").as_object().contains("FlowName"));

    // Only the Description: the routes stay. Then the routes, with a fractional weight.
    auto updated =
        emulator.ok({{"Action", "UpdateFlowAlias"}, {"FlowName", "f"}, {"Name", "live"}, {"Description", "now"}});
    CHECK(updated.at("Alias").at("Description") == "now");
    CHECK(updated.at("Alias").at("RoutingConfigurations") == created.at("RoutingConfigurations"));
    updated = emulator.ok({{"Action", "UpdateFlowAlias"},
                           {"FlowName", "f"},
                           {"Name", "live"},
                           {"RoutingConfigurations", R"([{"Version":"2","Weight":12.5}])"}});
    CHECK(updated.at("Alias").at("RoutingConfigurations") == json::parse(R"([{"Version":"2","Weight":12.5}])"));

    emulator.ok(alias("f", "canary", R"([{"Version":"1","Weight":100}])"));
    // ListFlowAliases writes Weight as a string.
    const auto listed = emulator.ok({{"Action", "ListFlowAliases"}, {"FlowName", "f"}}, {.get = true});
    CHECK(listed.at("Aliases") == json::parse(R"([
        {"Name":"live","Description":"now","RoutingConfigurations":[{"Version":"2","Weight":"12.5"}],
         "CreatedTime":)" + json::serialize(created.at("CreatedTime")) +
                                              R"(},
        {"Name":"canary","Description":"","RoutingConfigurations":[{"Version":"1","Weight":"100"}],
         "CreatedTime":)" + json::serialize(listed.at("Aliases").as_array()[1].at("CreatedTime")) +
                                              "}]"));
    Parameters page{{"Action", "ListFlowAliases"}, {"FlowName", "f"}, {"Limit", "1"}};
    auto body = emulator.ok(page);
    CHECK(body.at("Aliases").as_array().front().at("Name") == "live");
    page["NextToken"] = std::string(body.at("NextToken").as_string());
    body = emulator.ok(page);
    CHECK(body.at("Aliases").as_array().front().at("Name") == "canary");
    CHECK_FALSE(body.contains("NextToken"));

    // A version an alias routes to cannot be deleted.
    check_error(emulator.call({{"Action", "DeleteFlowVersion"}, {"FlowName", "f"}, {"FlowVersion", "1"}}), 409,
                "ResourceInUse", "Version 1 of flow f is used by alias canary: update or delete the alias first.");
    CHECK(emulator.ok({{"Action", "DeleteFlowAlias"}, {"FlowName", "f"}, {"Name", "canary"}}).size() == 1);
    emulator.ok({{"Action", "DeleteFlowVersion"}, {"FlowName", "f"}, {"FlowVersion", "1"}});
    check_error(emulator.call({{"Action", "DeleteFlowAlias"}, {"FlowName", "f"}, {"Name", "canary"}}), 404,
                "FlowAliasNotExists", "Alias canary of flow f does not exist.");
    check_error(emulator.call({{"Action", "DescribeFlowAlias"}, {"FlowName", "f"}, {"Name", "canary"}}), 404,
                "FlowAliasNotExists");
    check_error(emulator.call({{"Action", "UpdateFlowAlias"}, {"FlowName", "f"}, {"Name", "canary"}}), 404,
                "FlowAliasNotExists");
}

TEST_CASE("emulator aliases: routing configurations that are refused say why", "[emulator][aliases]")
{
    auto config = test_config();
    config.catalog.max_aliases = 1;
    EmulatorSession emulator(config);
    create(emulator, "f", 1);
    publish(emulator, "f");
    publish(emulator, "f");
    const std::string prefix =
        R"(The parameter RoutingConfigurations must be JSON text like [{"Version":"1","Weight":100}] with 1 or 2 entries: )";
    const std::pair<const char*, const char*> cases[] = {
        {"not json", "it is not a JSON array"},
        {"[]", "it has 0 entries"},
        {R"([{"Version":"1","Weight":1},{"Version":"2","Weight":1},{"Version":"1","Weight":1}])", "it has 3 entries"},
        {R"([1])", "an entry is not an object"},
        {R"([{"Version":"v1","Weight":1}])", R"(an entry's Version is not a version number ("1", "2", ...))"},
        {R"([{"Weight":1}])", R"(an entry's Version is not a version number ("1", "2", ...))"},
        {R"([{"Version":"1","Weight":-1}])", "an entry's Weight is not a number from 0 to 100"},
        {R"([{"Version":"1","Weight":"lots"}])", "an entry's Weight is not a number from 0 to 100"},
        {R"([{"Version":"1","Weight":101}])", "an entry's Weight is not a number from 0 to 100"},
        {R"([{"Version":"1"}])", "an entry's Weight is not a number from 0 to 100"},
        {R"([{"Version":"1","Weight":1},{"Version":"1","Weight":2}])", "two entries name version 1"},
        {R"([{"Version":"1","Weight":0},{"Version":"2","Weight":"0"}])", "the weights add up to 0"},
    };
    for (const auto& [routes, why] : cases) {
        INFO(routes);
        check_error(emulator.call(alias("f", "a", routes)), 400, "InvalidArgument", prefix + why + ".");
    }
    check_error(emulator.call(alias("f", "a", R"([{"Version":"9","Weight":1}])")), 404, "FlowVersionNotExists",
                "Version 9 of flow f does not exist.");
    check_error(emulator.call(alias("f", "1a", R"([{"Version":"1","Weight":1}])")), 400, "InvalidArgument");
    check_error(emulator.call({{"Action", "CreateFlowAlias"}, {"FlowName", "f"}, {"Name", "a"}}), 400,
                "MissingRequiredParams", "The HTTP query 'RoutingConfigurations' must be specified.");
    emulator.ok(alias("f", "a", R"([{"Version":"1","Weight":1}])"));
    check_error(emulator.call(alias("f", "b", R"([{"Version":"1","Weight":1}])")), 400, "FlowAliasLimitExceeded");
    check_error(emulator.call({{"Action", "UpdateFlowAlias"},
                               {"FlowName", "f"},
                               {"Name", "a"},
                               {"RoutingConfigurations", R"([{"Version":"8","Weight":1}])"}}),
                404, "FlowVersionNotExists");
}

TEST_CASE("emulator aliases: a start through an alias picks a version by weight with the seeded generator",
          "[emulator][aliases][qualifier]")
{
    const auto counts = [](std::uint64_t seed) {
        auto config = test_config();
        config.seed = seed;
        EmulatorSession emulator(config);
        create(emulator, "f", 1);
        publish(emulator, "f");
        update(emulator, "f", 2);
        publish(emulator, "f");
        emulator.ok(alias("f", "split", R"([{"Version":"1","Weight":30},{"Version":"2","Weight":70}])"));
        emulator.ok(alias("f", "all2", R"([{"Version":"1","Weight":0},{"Version":"2","Weight":5}])"));
        std::array<int, 3> seen{};
        for (int i = 0; i < 1000; ++i) ++seen[static_cast<std::size_t>(run_sync(emulator, "f", "split"))];
        for (int i = 0; i < 50; ++i) CHECK(run_sync(emulator, "f", "all2") == 2);
        return seen;
    };
    const auto seen = counts(7);
    // 300 expected; the binomial's standard deviation is about 14.5: 4 of them either way.
    CHECK(seen[1] + seen[2] == 1000);
    CHECK(seen[1] > 240);
    CHECK(seen[1] < 360);
    CHECK(counts(7) == seen);  // the same seed and requests: the same picks
}

namespace {

// The names of every execution of `flow` that ListExecutions lists for `qualifier`, page by page.
std::set<std::string> names_for_qualifier(EmulatorSession& emulator, const std::string& flow,
                                          const std::string& qualifier)
{
    std::set<std::string> out;
    Parameters p{{"Action", "ListExecutions"}, {"FlowName", flow}, {"Qualifier", qualifier}, {"Limit", "99"}};
    for (;;) {
        const auto page = emulator.ok(p);
        for (const auto& e : page.at("Executions").as_array()) out.emplace(e.at("Name").as_string());
        const auto* token = page.if_contains("NextToken");
        if (token == nullptr || token->as_string().empty()) return out;
        p["NextToken"] = std::string(token->as_string());
    }
}

}  // namespace

TEST_CASE("emulator aliases: StartExecution through a 30/70 alias runs both versions by weight and records which",
          "[emulator][aliases][qualifier]")
{
    constexpr int starts = 400;
    const auto picks = [](std::uint64_t seed) {
        auto config = test_config();
        config.seed = seed;
        EmulatorSession emulator(config);
        create(emulator, "w", 1, "Standard");
        publish(emulator, "w");
        update(emulator, "w", 2);
        publish(emulator, "w");
        update(emulator, "w", 3);  // the current definition is neither version
        emulator.ok(alias("w", "split", R"([{"Version":"1","Weight":30},{"Version":"2","Weight":70}])"));
        for (int i = 0; i < starts; ++i)
            emulator.ok({{"Action", "StartExecution"},
                         {"FlowName", "w"},
                         {"ExecutionName", "e" + std::to_string(i)},
                         {"Qualifier", "split"}});
        emulator.run_for(200ms);

        // Each execution ran one version's snapshot: its Output and its FlowDefinition say which.
        std::map<std::string, std::int64_t> ran;
        std::array<int, 4> seen{};
        for (int i = 0; i < starts; ++i) {
            const std::string name = "e" + std::to_string(i);
            const auto e = emulator.ok({{"Action", "DescribeExecution"}, {"FlowName", "w"}, {"ExecutionName", name}});
            INFO(name << ": " << json::serialize(e));
            REQUIRE(e.at("Status") == "Succeeded");
            const auto v = json::parse(e.at("Output").as_string()).at("v").as_int64();
            REQUIRE((v == 1 || v == 2));
            CHECK(e.at("FlowDefinition").as_string() == definition(static_cast<int>(v)));
            ran[name] = v;
            ++seen[static_cast<std::size_t>(v)];
        }
        // ListExecutions' Qualifier of a version lists the executions the alias routed to it.
        const auto on_1 = names_for_qualifier(emulator, "w", "1");
        const auto on_2 = names_for_qualifier(emulator, "w", "2");
        CHECK(on_1.size() == static_cast<std::size_t>(seen[1]));
        CHECK(on_2.size() == static_cast<std::size_t>(seen[2]));
        for (const auto& name : on_1) CHECK(ran.at(name) == 1);
        for (const auto& name : on_2) CHECK(ran.at(name) == 2);
        CHECK(names_for_qualifier(emulator, "w", "split").size() == static_cast<std::size_t>(starts));
        return seen;
    };
    const auto seen = picks(11);
    CHECK(seen[1] + seen[2] == starts);
    // 120 expected for version 1; the binomial's standard deviation is about 9.2: 4 of them either way.
    CHECK(seen[1] > 83);
    CHECK(seen[1] < 157);
    CHECK(picks(11) == seen);  // the same seed and requests: the same picks
}

TEST_CASE("emulator aliases: ListExecutions filters by the Qualifier an execution was started with",
          "[emulator][aliases][qualifier]")
{
    EmulatorSession emulator(test_config());
    create(emulator, "s", 1, "Standard");
    publish(emulator, "s");
    update(emulator, "s", 2);
    publish(emulator, "s");
    emulator.ok(alias("s", "live", R"([{"Version":"2","Weight":100}])"));
    const auto start = [&](const std::string& name, const std::string& qualifier) {
        Parameters p{{"Action", "StartExecution"}, {"FlowName", "s"}, {"ExecutionName", name}};
        if (!qualifier.empty()) p["Qualifier"] = qualifier;
        emulator.ok(p);
    };
    start("on-1", "1");
    start("on-live", "live");
    start("plain", "");
    emulator.run_for(50ms);
    const auto output = [&](const std::string& name) {
        return std::string(emulator.ok({{"Action", "DescribeExecution"}, {"FlowName", "s"}, {"ExecutionName", name}})
                               .at("Output")
                               .as_string());
    };
    CHECK(output("on-1") == R"({"v":1})");
    CHECK(output("on-live") == R"({"v":2})");
    CHECK(output("plain") == R"({"v":2})");
    const auto names = [&](const std::string& qualifier) {
        std::vector<std::string> out;
        const auto body = emulator.ok({{"Action", "ListExecutions"}, {"FlowName", "s"}, {"Qualifier", qualifier}});
        for (const auto& e : body.at("Executions").as_array()) out.emplace_back(e.at("Name").as_string());
        return out;
    };
    CHECK(names("1") == std::vector<std::string>{"on-1"});
    CHECK(names("live") == std::vector<std::string>{"on-live"});
    CHECK(names("2") == std::vector<std::string>{"on-live"});  // it ran version 2
    CHECK(names("") == std::vector<std::string>{"plain", "on-live", "on-1"});
    CHECK(names("other").empty());
}
