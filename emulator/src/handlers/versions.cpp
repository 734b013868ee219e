// PublishFlowVersion, ListFlowVersions, DeleteFlowVersion.
#include "handlers/flows.hpp"
#include "handlers/lookups.hpp"
#include "handlers/paging.hpp"
#include "handlers/params.hpp"

namespace cloudflow::local {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

asio::awaitable<ServiceReply> publish_flow_version(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "FlowName", true);
    at_most(ctx, "Description", max_description);
    Flow& flow = flow_for(ctx, flow_name);
    fault_step(ctx, *flow.current);

    const std::size_t limit = ctx.backend.catalog.limits().max_versions;
    if (flow.versions.size() >= limit)
        throw Refusal{400, "FlowVersionLimitExceeded",
                      "The number of versions of flow " + flow_name + " has reached the limit (" +
                          std::to_string(limit) + ")."};
    if (!ctx.backend.catalog.has_room_for(flow.current->definition_text.size()))
        throw Refusal{400, "FlowVersionLimitExceeded",
                      "The flow definitions kept have reached the limit (" +
                          std::to_string(ctx.backend.catalog.limits().max_kept_definition_bytes) + " bytes)."};
    const std::string* description = optional(ctx, "Description");
    const FlowVersion& version =
        ctx.backend.catalog.publish(flow, description ? *description : "", ctx.backend.clock.now());
    co_return ctx.backend.replies.ok(json::object{{"FlowName", flow_name},
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
    const auto item = [](const FlowVersion& version) {
        return json::object{{"Version", version_text(version.number)},
                            {"Description", version.description},
                            {"CreatedTime", format_timestamp(version.created)}};
    };
    co_return ctx.backend.replies.ok(page(
        ctx, scope, start, flow.versions, PageOrder::newest_first, limit, "FlowVersions",
        [](const FlowVersion&) { return true; }, item));
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
    ctx.backend.catalog.erase_version(flow, version.number);
    co_return ctx.backend.replies.ok(json::object{});
}

constexpr Route routes[] = {
    {"PublishFlowVersion", publish_flow_version},
    {"ListFlowVersions", list_flow_versions},
    {"DeleteFlowVersion", delete_flow_version},
};

}  // namespace

std::span<const Route> version_routes()
{
    return routes;
}

}  // namespace cloudflow::local
