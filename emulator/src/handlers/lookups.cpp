#include "handlers/lookups.hpp"

#include "handlers/params.hpp"

#include <algorithm>
#include <charconv>

namespace cloudflow::local {

void check_access(const RpcContext& ctx, const std::string& flow_name)
{
    const auto& allowed = ctx.key.flows;
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), flow_name) == allowed.end())
        throw Refusal{403, "AccessDenied", "The resources does not belong to you."};
}

Flow& flow_for(const RpcContext& ctx, const std::string& flow_name)
{
    Flow* flow = ctx.backend.catalog.find(flow_name);
    if (!flow) throw Refusal{404, "FlowNotExists", "Flow " + flow_name + " does not exist."};
    check_access(ctx, flow_name);
    return *flow;
}

std::shared_ptr<Execution> execution_for(const RpcContext& ctx, const std::string& flow, const std::string& name)
{
    auto execution = ctx.backend.store.find(flow, name);
    if (!execution) throw Refusal{404, "ExecutionNotExists", "Execution " + name + " does not exist."};
    return execution;
}

std::optional<std::uint64_t> version_number(std::string_view text)
{
    if (text.empty() || text.size() > 19 || text.front() == '0') return std::nullopt;
    std::uint64_t v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || end != text.data() + text.size()) return std::nullopt;
    return v;
}

Refusal version_not_exists(const Flow& flow, std::string_view version)
{
    return Refusal{404, "FlowVersionNotExists",
                   "Version " + std::string(version) + " of flow " + flow.name() + " does not exist."};
}

Refusal alias_not_exists(const Flow& flow, std::string_view alias)
{
    return Refusal{404, "FlowAliasNotExists",
                   "Alias " + std::string(alias) + " of flow " + flow.name() + " does not exist."};
}

FlowVersion& version_for(const RpcContext&, Flow& flow, const char* field, const std::string& text)
{
    const auto number = version_number(text);
    if (!number) throw invalid("The parameter " + std::string(field) + " must be a version number (1, 2, ...).");
    const auto it = flow.versions.find(*number);
    if (it == flow.versions.end()) throw version_not_exists(flow, text);
    return it->second;
}

std::string version_text(std::uint64_t version)
{
    return std::to_string(version);
}

}  // namespace cloudflow::local
