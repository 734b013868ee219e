// The alias actions: CreateFlowAlias, DescribeFlowAlias, UpdateFlowAlias, ListFlowAliases,
// DeleteFlowAlias. An alias routes a flow's executions to one or two of its versions, by weight.
#include "handlers/flows.hpp"
#include "handlers/lookups.hpp"
#include "handlers/paging.hpp"
#include "handlers/params.hpp"

#include <boost/json/parse.hpp>

#include <cmath>

namespace cloudflow::local {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

constexpr std::size_t max_routes_text = 4096;

// `RoutingConfigurations`: JSON text [{"Version": "1", "Weight": 30}, ...], 1 or 2 entries, each
// naming a different version, weights from 0 to 100 (numbers or numeric strings) adding up to
// more than 0. Whether the versions exist is checked against the flow later.
std::vector<RoutingConfiguration> routes_param(const std::string& text)
{
    const auto wrong = [](const std::string& why) {
        return invalid(
            R"(The parameter RoutingConfigurations must be JSON text like [{"Version":"1","Weight":100}] with 1 or 2 entries: )" +
            why + ".");
    };
    if (text.size() > max_routes_text) throw wrong("it is over " + std::to_string(max_routes_text) + " bytes");
    boost::system::error_code ec;
    const json::value value = json::parse(text, ec);
    if (ec || !value.is_array()) throw wrong("it is not a JSON array");
    const json::array& list = value.get_array();
    if (list.empty() || list.size() > 2) throw wrong("it has " + std::to_string(list.size()) + " entries");
    std::vector<RoutingConfiguration> routes;
    double total = 0;
    for (const auto& item : list) {
        const json::object* o = item.if_object();
        if (o == nullptr) throw wrong("an entry is not an object");
        RoutingConfiguration route;
        const json::value* version = o->if_contains("Version");
        std::optional<std::uint64_t> number;
        if (version != nullptr && version->is_string()) number = version_number(version->get_string());
        if (version != nullptr && version->is_int64() && version->get_int64() > 0)
            number = static_cast<std::uint64_t>(version->get_int64());
        if (!number) throw wrong("an entry's Version is not a version number (\"1\", \"2\", ...)");
        route.version = *number;
        const json::value* weight = o->if_contains("Weight");
        std::optional<double> w;
        if (weight != nullptr && weight->is_number()) w = weight->to_number<double>();
        if (weight != nullptr && weight->is_string()) w = parse_decimal(weight->get_string());
        if (!w || !std::isfinite(*w) || *w < 0 || *w > 100)
            throw wrong("an entry's Weight is not a number from 0 to 100");
        route.weight = *w;
        for (const auto& other : routes)
            if (other.version == route.version) throw wrong("two entries name version " + version_text(route.version));
        total += route.weight;
        routes.push_back(route);
    }
    if (total <= 0) throw wrong("the weights add up to 0");
    return routes;
}

void check_versions(const Flow& flow, const std::vector<RoutingConfiguration>& routes)
{
    for (const auto& route : routes)
        if (!flow.versions.contains(route.version)) throw version_not_exists(flow, version_text(route.version));
}

FlowAlias& alias_for(Flow& flow, const std::string& name)
{
    FlowAlias* alias = flow.find_alias(name);
    if (!alias) throw alias_not_exists(flow, name);
    return *alias;
}

// ListFlowAliases writes each Weight as a string, the other alias answers as a number.
json::object alias_fields(const FlowAlias& alias, bool weight_as_text = false)
{
    json::array routes;
    for (const auto& r : alias.routes) {
        json::object route{{"Version", version_text(r.version)}};
        if (weight_as_text)
            route["Weight"] = number_text(r.weight);
        else
            route["Weight"] = number_value(r.weight);
        routes.push_back(std::move(route));
    }
    return json::object{{"Name", alias.name},
                        {"Description", alias.description},
                        {"RoutingConfigurations", std::move(routes)},
                        {"CreatedTime", format_timestamp(alias.created)}};
}

asio::awaitable<ServiceReply> create_flow_alias(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string& alias_name = *name(ctx, "Name", true);
    at_most(ctx, "Description", max_description);
    auto routes = routes_param(required(ctx, "RoutingConfigurations"));
    Flow& flow = flow_for(ctx, flow_name);
    fault_step(ctx, *flow.current);

    if (flow.find_alias(alias_name))
        throw Refusal{409, "FlowAliasAlreadyExists",
                      "Alias " + alias_name + " of flow " + flow_name + " already exists."};
    const std::size_t limit = ctx.backend.catalog.limits().max_aliases;
    if (flow.aliases.size() >= limit)
        throw Refusal{400, "FlowAliasLimitExceeded",
                      "The number of aliases of flow " + flow_name + " has reached the limit (" +
                          std::to_string(limit) + ")."};
    check_versions(flow, routes);
    FlowAlias& alias = flow.aliases[ctx.backend.catalog.next_serial()];
    alias.name = alias_name;
    const std::string* description = optional(ctx, "Description");
    alias.description = description ? *description : "";
    alias.routes = std::move(routes);
    alias.created = alias.modified = ctx.backend.clock.now();
    json::object body = alias_fields(alias);
    body["FlowName"] = flow_name;
    co_return ctx.backend.replies.ok(std::move(body));
}

asio::awaitable<ServiceReply> describe_flow_alias(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string& alias_name = *name(ctx, "Name", true);
    Flow& flow = flow_for(ctx, flow_name);
    fault_step(ctx, *flow.current);
    json::object body{{"Alias", alias_fields(alias_for(flow, alias_name))}};
    co_return ctx.backend.replies.ok(std::move(body));
}

asio::awaitable<ServiceReply> update_flow_alias(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string& alias_name = *name(ctx, "Name", true);
    at_most(ctx, "Description", max_description);
    const std::string* routes_text = optional(ctx, "RoutingConfigurations");
    auto routes =
        routes_text && !routes_text->empty() ? routes_param(*routes_text) : std::vector<RoutingConfiguration>{};
    Flow& flow = flow_for(ctx, flow_name);
    fault_step(ctx, *flow.current);

    FlowAlias& alias = alias_for(flow, alias_name);
    check_versions(flow, routes);
    if (!routes.empty()) alias.routes = std::move(routes);
    if (const std::string* description = optional(ctx, "Description")) alias.description = *description;
    alias.modified = ctx.backend.clock.now();
    json::object body{{"Alias", alias_fields(alias)}};
    co_return ctx.backend.replies.ok(std::move(body));
}

asio::awaitable<ServiceReply> list_flow_aliases(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const auto limit = static_cast<std::size_t>(integer(ctx, "Limit", 1, 999, 60));
    const std::string scope = "aliases/" + flow_name;
    const auto start = page_start(ctx, scope);
    Flow& flow = flow_for(ctx, flow_name);
    fault_step(ctx, *flow.current);
    co_return ctx.backend.replies.ok(page(
        ctx, scope, start, flow.aliases, PageOrder::oldest_first, limit, "Aliases",
        [](const FlowAlias&) { return true; }, [](const FlowAlias& alias) { return alias_fields(alias, true); }));
}

asio::awaitable<ServiceReply> delete_flow_alias(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string& alias_name = *name(ctx, "Name", true);
    Flow& flow = flow_for(ctx, flow_name);
    fault_step(ctx, *flow.current);
    const FlowAlias& alias = alias_for(flow, alias_name);
    std::erase_if(flow.aliases, [&](const auto& entry) { return &entry.second == &alias; });
    co_return ctx.backend.replies.ok(json::object{});
}

constexpr Route routes[] = {
    {"CreateFlowAlias", create_flow_alias}, {"DescribeFlowAlias", describe_flow_alias},
    {"UpdateFlowAlias", update_flow_alias}, {"ListFlowAliases", list_flow_aliases},
    {"DeleteFlowAlias", delete_flow_alias},
};

}  // namespace

std::span<const Route> alias_routes()
{
    return routes;
}

}  // namespace cloudflow::local
