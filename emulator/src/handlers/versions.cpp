// PublishFlowVersion, ListFlowVersions, DeleteFlowVersion, and the alias actions:
// CreateFlowAlias, DescribeFlowAlias, UpdateFlowAlias, ListFlowAliases, DeleteFlowAlias.
#include "handlers/flows.hpp"
#include "handlers/params.hpp"

#include <boost/json/parse.hpp>

#include <cmath>

namespace cloudflow::local {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

constexpr std::size_t max_routes_text = 4096;

std::string version_text(std::uint64_t v)
{
    return std::to_string(v);
}

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

asio::awaitable<ServiceReply> publish_flow_version(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    at_most(ctx, "Description", max_description);
    Flow& flow = flow_for(ctx, flow_name);
    fault_step(ctx, *flow.current);

    const std::size_t limit = ctx.catalog.limits().max_versions;
    if (flow.versions.size() >= limit)
        throw Refusal{400, "FlowVersionLimitExceeded",
                      "The number of versions of flow " + flow_name + " has reached the limit (" +
                          std::to_string(limit) + ")."};
    if (!ctx.catalog.has_room_for(flow.current->definition_text.size()))
        throw Refusal{400, "FlowVersionLimitExceeded",
                      "The flow definitions kept have reached the limit (" +
                          std::to_string(ctx.catalog.limits().max_kept_definition_bytes) + " bytes)."};
    const std::string* description = optional(ctx, "Description");
    const FlowVersion& version = ctx.catalog.publish(flow, description ? *description : "", now_ms());
    co_return ctx.replies.ok(json::object{{"FlowName", flow_name},
                                          {"Version", version_text(version.number)},
                                          {"Description", version.description},
                                          {"CreatedTime", format_timestamp(version.created)}});
}

asio::awaitable<ServiceReply> list_flow_versions(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const auto limit = static_cast<std::size_t>(integer(ctx, "Limit", 1, 999, 60));
    const std::string scope = "versions/" + flow_name;
    const auto start = page_start(ctx, scope);
    Flow& flow = flow_for(ctx, flow_name);
    fault_step(ctx, *flow.current);

    // Newest first: a page starts at a version number and goes down.
    const auto& all = flow.versions;
    json::array versions;
    std::optional<std::uint64_t> next;
    for (auto it = std::make_reverse_iterator(start ? all.upper_bound(*start) : all.end()); it != all.rend(); ++it) {
        if (versions.size() == limit) {
            next = it->first;
            break;
        }
        versions.push_back(json::object{{"Version", version_text(it->first)},
                                        {"Description", it->second.description},
                                        {"CreatedTime", format_timestamp(it->second.created)}});
    }
    json::object body{{"FlowVersions", std::move(versions)}};
    if (next) body["NextToken"] = ctx.store.page_token(scope, *next);
    co_return ctx.replies.ok(std::move(body));
}

asio::awaitable<ServiceReply> delete_flow_version(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string& text = required(ctx, "FlowVersion");
    Flow& flow = flow_for(ctx, flow_name);
    const FlowVersion& version = version_for(ctx, flow, "FlowVersion", text);
    fault_step(ctx, *flow.current);

    // A version an alias routes to stays: a start through the alias would find nothing.
    if (const FlowAlias* alias = flow.alias_of(version.number))
        throw Refusal{409, "ResourceInUse",
                      "Version " + text + " of flow " + flow_name + " is used by alias " + alias->name +
                          ": update or delete the alias first."};
    ctx.catalog.erase_version(flow, version.number);
    co_return ctx.replies.ok(json::object{});
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
    const std::size_t limit = ctx.catalog.limits().max_aliases;
    if (flow.aliases.size() >= limit)
        throw Refusal{400, "FlowAliasLimitExceeded",
                      "The number of aliases of flow " + flow_name + " has reached the limit (" +
                          std::to_string(limit) + ")."};
    check_versions(flow, routes);
    FlowAlias& alias = flow.aliases[ctx.catalog.next_serial()];
    alias.name = alias_name;
    const std::string* description = optional(ctx, "Description");
    alias.description = description ? *description : "";
    alias.routes = std::move(routes);
    alias.created = alias.modified = now_ms();
    json::object body = alias_fields(alias);
    body["FlowName"] = flow_name;
    co_return ctx.replies.ok(std::move(body));
}

asio::awaitable<ServiceReply> describe_flow_alias(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string& alias_name = *name(ctx, "Name", true);
    Flow& flow = flow_for(ctx, flow_name);
    fault_step(ctx, *flow.current);
    json::object body{{"Alias", alias_fields(alias_for(flow, alias_name))}};
    co_return ctx.replies.ok(std::move(body));
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
    alias.modified = now_ms();
    json::object body{{"Alias", alias_fields(alias)}};
    co_return ctx.replies.ok(std::move(body));
}

asio::awaitable<ServiceReply> list_flow_aliases(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const auto limit = static_cast<std::size_t>(integer(ctx, "Limit", 1, 999, 60));
    const std::string scope = "aliases/" + flow_name;
    const std::uint64_t from = page_start(ctx, scope).value_or(0);
    Flow& flow = flow_for(ctx, flow_name);
    fault_step(ctx, *flow.current);

    json::array aliases;
    std::optional<std::uint64_t> next;
    for (auto it = flow.aliases.lower_bound(from); it != flow.aliases.end(); ++it) {
        if (aliases.size() == limit) {
            next = it->first;
            break;
        }
        aliases.push_back(alias_fields(it->second, true));
    }
    json::object body{{"Aliases", std::move(aliases)}};
    if (next) body["NextToken"] = ctx.store.page_token(scope, *next);
    co_return ctx.replies.ok(std::move(body));
}

asio::awaitable<ServiceReply> delete_flow_alias(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    const std::string& alias_name = *name(ctx, "Name", true);
    Flow& flow = flow_for(ctx, flow_name);
    fault_step(ctx, *flow.current);
    const FlowAlias& alias = alias_for(flow, alias_name);
    std::erase_if(flow.aliases, [&](const auto& entry) { return &entry.second == &alias; });
    co_return ctx.replies.ok(json::object{});
}

constexpr Route routes[] = {
    {"PublishFlowVersion", publish_flow_version}, {"ListFlowVersions", list_flow_versions},
    {"DeleteFlowVersion", delete_flow_version},   {"CreateFlowAlias", create_flow_alias},
    {"DescribeFlowAlias", describe_flow_alias},   {"UpdateFlowAlias", update_flow_alias},
    {"ListFlowAliases", list_flow_aliases},       {"DeleteFlowAlias", delete_flow_alias},
};

}  // namespace

std::span<const Route> version_routes()
{
    return routes;
}

}  // namespace cloudflow::local
