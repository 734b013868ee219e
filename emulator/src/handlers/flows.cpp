// CreateFlow, DescribeFlow, UpdateFlow, DeleteFlow, ListFlows and DescribeRegions.
#include "handlers/flows.hpp"

#include "engine/scheduler.hpp"
#include "handlers/lookups.hpp"
#include "handlers/paging.hpp"
#include "handlers/params.hpp"

#include <boost/json/parse.hpp>

#include <algorithm>
#include <set>

namespace cloudflow::local {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

// The longest RoleArn, ResourceGroupId and ExternalStorageLocation accepted.
constexpr std::size_t max_reference = 1024;
constexpr std::size_t max_environment_bytes = 64 * 1024;

// `Environment`: JSON text {"Variables": [{"Name": ..., "Value": ..., "Description": ...}]}.
std::vector<EnvironmentVariable> environment_param(const RpcContext& ctx, const std::string& text)
{
    const auto wrong = [](const std::string& why) {
        return invalid(
            R"(The parameter Environment must be JSON text like {"Variables":[{"Name":"k","Value":"v"}]}: )" + why +
            ".");
    };
    std::vector<EnvironmentVariable> out;
    if (text.empty()) return out;
    if (text.size() > max_environment_bytes)
        throw wrong("it is over " + std::to_string(max_environment_bytes) + " bytes");
    boost::system::error_code ec;
    const json::value value = json::parse(text, ec);
    if (ec || !value.is_object()) throw wrong("it is not a JSON object");
    const json::value* variables = value.get_object().if_contains("Variables");
    if (variables == nullptr) return out;
    if (!variables->is_array()) throw wrong("Variables is not an array");
    const std::size_t limit = ctx.backend.catalog.limits().max_environment_variables;
    if (variables->get_array().size() > limit) throw wrong("it has more than " + std::to_string(limit) + " variables");
    std::set<std::string> names;
    for (const auto& v : variables->get_array()) {
        const json::object* o = v.if_object();
        if (o == nullptr) throw wrong("a variable is not an object");
        const auto text_of = [&](const char* key, bool needed) -> std::string {
            const json::value* field = o->if_contains(key);
            if (field == nullptr && !needed) return {};
            if (field == nullptr || !field->is_string() || (needed && field->get_string().empty()))
                throw wrong(std::string("a variable's ") + key + " is not " + (needed ? "a non-empty " : "a ") +
                            "string");
            return std::string(field->get_string());
        };
        EnvironmentVariable variable{text_of("Name", true), text_of("Value", false), text_of("Description", false)};
        if (variable.name.size() > 128) throw wrong("a variable's Name is over 128 characters");
        if (!names.insert(variable.name).second) throw wrong("two variables are named " + variable.name);
        out.push_back(std::move(variable));
    }
    return out;
}

const std::string& definition_param(const RpcContext& ctx)
{
    const std::string& definition = required(ctx, "Definition");
    const std::size_t limit = ctx.backend.catalog.limits().max_definition_bytes;
    if (definition.size() > limit)
        throw invalid("The parameter Definition must be at most " + std::to_string(limit) + " bytes.");
    return definition;
}

void type_param(const RpcContext& ctx, bool needed)
{
    const std::string* type = needed ? &required(ctx, "Type") : optional(ctx, "Type");
    if (type && *type != "FDL") throw invalid("The parameter Type must be FDL.");
}

// The definition as CreateFlow and UpdateFlow take it: Spec v1 validated (InvalidArgument naming
// the path, the field and the rule), or the legacy FDL stored to be refused at start.
DefinitionCheck checked_definition(const std::string& definition, FlowMode mode)
{
    DefinitionCheck checked = check_definition(definition, mode);
    if (!checked.problem.empty()) throw invalid("The parameter Definition is invalid: " + checked.problem);
    return checked;
}

Refusal no_room(const RpcContext& ctx)
{
    return Refusal{400, "FlowLimitExceeded",
                   "The flow definitions kept have reached the limit (" +
                       std::to_string(ctx.backend.catalog.limits().max_kept_definition_bytes) + " bytes)."};
}

struct FlowShape {
    bool execution_mode = true;     // UpdateFlow's answer has none
    bool external_storage = false;  // UpdateFlow's answer has it (the reference lists it there only)
};

json::object flow_fields(const Flow& flow, const FlowConfig& config, FlowShape shape)
{
    json::object out{{"Name", flow.name()},
                     {"Id", flow.id},
                     {"Definition", config.definition_text},
                     {"Description", flow.description},
                     {"Type", "FDL"}};
    if (shape.execution_mode) out["ExecutionMode"] = config.express ? "Express" : "Standard";
    if (!flow.role_arn.empty()) out["RoleArn"] = flow.role_arn;
    if (!flow.resource_group_id.empty()) out["ResourceGroupId"] = flow.resource_group_id;
    if (!config.environment.empty()) {
        json::array variables;
        for (const auto& v : config.environment)
            variables.push_back(json::object{{"Name", v.name}, {"Value", v.value}, {"Description", v.description}});
        out["Environment"] = json::object{{"Variables", std::move(variables)}};
    }
    out["CreatedTime"] = format_timestamp(flow.created);
    out["LastModifiedTime"] = format_timestamp(flow.modified);
    if (shape.external_storage && !flow.external_storage_location.empty())
        out["ExternalStorageLocation"] = flow.external_storage_location;
    return out;
}

asio::awaitable<ServiceReply> create_flow(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "Name", true);
    const std::string& definition = definition_param(ctx);
    // Required, but the service's own samples list flows whose Description is "".
    const std::string* description = optional(ctx, "Description");
    if (!description) required(ctx, "Description");
    at_most(ctx, "Description", max_description);
    type_param(ctx, true);
    const std::string* mode = optional(ctx, "ExecutionMode");
    if (mode && *mode != "Express" && *mode != "Standard")
        throw invalid("The parameter ExecutionMode must be Express or Standard.");
    const std::string* environment = optional(ctx, "Environment");
    auto variables = environment ? environment_param(ctx, *environment) : std::vector<EnvironmentVariable>{};
    for (const char* field : {"RoleArn", "ResourceGroupId", "ExternalStorageLocation"})
        at_most(ctx, field, max_reference);
    check_access(ctx, flow_name);
    // The limits before the fault step: it remembers a position per flow name, which must stay
    // bounded by the flows that exist.
    const bool exists = ctx.backend.catalog.find(flow_name) != nullptr;
    if (!exists && ctx.backend.catalog.size() >= ctx.backend.catalog.limits().max_flows)
        throw Refusal{400, "FlowLimitExceeded",
                      "The number of flows has reached the limit (" +
                          std::to_string(ctx.backend.catalog.limits().max_flows) + ")."};
    if (!exists && !ctx.backend.catalog.has_room_for(definition.size() + environment_bytes(variables)))
        throw no_room(ctx);
    const bool express = mode && *mode == "Express";
    DefinitionCheck checked = checked_definition(definition, express ? FlowMode::express : FlowMode::standard);
    FlowConfig named;
    named.name = flow_name;  // a new flow has no faults of its own: the global plan
    fault_step(ctx, exists ? *ctx.backend.catalog.find(flow_name)->current : named);
    if (exists) throw Refusal{409, "FlowAlreadyExists", "Flow " + flow_name + " already exists."};
    Flow flow;
    flow.current = make_flow_config(flow_name, express, definition, std::move(checked), std::move(variables));
    flow.description = *description;
    const auto text = [&](const char* field) {
        const std::string* v = optional(ctx, field);
        return v ? *v : std::string();
    };
    flow.role_arn = text("RoleArn");
    flow.resource_group_id = text("ResourceGroupId");
    flow.external_storage_location = text("ExternalStorageLocation");
    flow.created = flow.modified = ctx.backend.clock.now();
    const Flow& added = ctx.backend.catalog.add(std::move(flow));
    co_return ctx.backend.replies.ok(
        flow_fields(added, *added.current, {.execution_mode = true, .external_storage = false}));
}

asio::awaitable<ServiceReply> describe_flow(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "Name", true);
    const std::string* version = optional(ctx, "FlowVersion");
    Flow& flow = flow_for(ctx, flow_name);
    // With FlowVersion: that version's definition and environment.
    const FlowConfig& config =
        version && !version->empty() ? *version_for(ctx, flow, "FlowVersion", *version).snapshot : *flow.current;
    fault_step(ctx, *flow.current);
    co_return ctx.backend.replies.ok(flow_fields(flow, config, {}));
}

asio::awaitable<ServiceReply> update_flow(RpcContext& ctx)
{
    const std::string& flow_name = *name(ctx, "Name", true);
    const std::string* definition = optional(ctx, "Definition");
    if (definition) definition_param(ctx);
    at_most(ctx, "Description", max_description);
    type_param(ctx, false);
    const std::string* environment = optional(ctx, "Environment");
    auto variables = environment ? environment_param(ctx, *environment) : std::vector<EnvironmentVariable>{};
    at_most(ctx, "RoleArn", max_reference);
    Flow& flow = flow_for(ctx, flow_name);
    std::optional<DefinitionCheck> checked;
    if (definition) checked = checked_definition(*definition, flow.current->mode());
    fault_step(ctx, *flow.current);

    if (definition || environment) {
        // A new FlowConfig: executions and versions keep the one they have.
        auto config = std::make_shared<FlowConfig>(*flow.current);
        if (definition) set_definition(*config, *definition, std::move(*checked));
        if (environment) config->environment = std::move(variables);
        const std::size_t old_size = kept_bytes(*flow.current), new_size = kept_bytes(*config);
        if (new_size > old_size && !ctx.backend.catalog.has_room_for(new_size - old_size)) throw no_room(ctx);
        ctx.backend.catalog.set_current(flow, std::move(config));
    }
    if (const std::string* description = optional(ctx, "Description")) flow.description = *description;
    if (const std::string* role = optional(ctx, "RoleArn")) flow.role_arn = *role;
    flow.modified = std::max(ctx.backend.clock.now(), flow.modified + std::chrono::milliseconds(1));
    co_return ctx.backend.replies.ok(
        flow_fields(flow, *flow.current, {.execution_mode = false, .external_storage = true}));
}

asio::awaitable<ServiceReply> delete_flow(RpcContext& ctx)
{
    const std::string flow_name = *name(ctx, "Name", true);
    Flow& flow = flow_for(ctx, flow_name);
    fault_step(ctx, *flow.current);

    // Its executions stop at once and are forgotten, as are its versions, aliases and schedules.
    std::vector<std::shared_ptr<Execution>> running;
    for (const auto& [serial, execution] : ctx.backend.store.executions(flow_name))
        if (!execution->ended()) running.push_back(execution);
    for (const auto& execution : running) ctx.backend.runner.stop(*execution, "FlowDeleted", "the flow was deleted");
    ctx.backend.store.forget_flow(flow_name);
    for (const auto& [serial, schedule] : flow.schedules) ctx.backend.scheduler.disarm(schedule.id);
    ctx.backend.catalog.erase(flow_name);
    ctx.faults.forget(flow_name);
    co_return ctx.backend.replies.ok(json::object{});
}

asio::awaitable<ServiceReply> list_flows(RpcContext& ctx)
{
    const auto limit = static_cast<std::size_t>(integer(ctx, "Limit", 1, 999, 60));
    const std::string* group = optional(ctx, "ResourceGroupId");
    const auto start = page_start(ctx, "flows");
    // ListFlows names no flow: no fault step. A key limited to some flows lists only those.
    const auto& allowed = ctx.key.flows;
    const Catalog& catalog = ctx.backend.catalog;
    const auto listed = [&](const std::string& name) {
        const Flow& flow = *ctx.backend.catalog.find(name);
        return (allowed.empty() || std::find(allowed.begin(), allowed.end(), name) != allowed.end()) &&
               (!group || group->empty() || flow.resource_group_id == *group);
    };
    const auto item = [&](const std::string& name) {
        const Flow& flow = *ctx.backend.catalog.find(name);
        return flow_fields(flow, *flow.current, {});
    };
    co_return ctx.backend.replies.ok(
        page(ctx, "flows", start, catalog.order(), PageOrder::oldest_first, limit, "Flows", listed, item));
}

// The local names of the regions CloudFlow serves, in zh-CN, en-US and ja.
struct RegionName {
    std::string_view id, zh, en, ja;
};
constexpr RegionName region_names[] = {
    {"cn-hangzhou", "华东1（杭州）", "China (Hangzhou)", "中国東部1（杭州）"},
    {"cn-shanghai", "华东2（上海）", "China (Shanghai)", "中国東部2（上海）"},
    {"cn-beijing", "华北2（北京）", "China (Beijing)", "中国北部2（北京）"},
    {"cn-zhangjiakou", "华北3（张家口）", "China (Zhangjiakou)", "中国北部3（張家口）"},
    {"cn-shenzhen", "华南1（深圳）", "China (Shenzhen)", "中国南部1（深セン）"},
    {"cn-hongkong", "中国香港", "China (Hong Kong)", "中国（香港）"},
    {"ap-southeast-1", "新加坡", "Singapore", "シンガポール"},
    {"ap-northeast-1", "日本（东京）", "Japan (Tokyo)", "日本（東京）"},
    {"us-west-1", "美国（硅谷）", "US (Silicon Valley)", "米国（シリコンバレー）"},
    {"eu-central-1", "德国（法兰克福）", "Germany (Frankfurt)", "ドイツ（フランクフルト）"},
};

asio::awaitable<ServiceReply> describe_regions(RpcContext& ctx)
{
    const std::string* language = optional(ctx, "AcceptLanguage");
    const std::string lang = language && !language->empty() ? *language : "zh-CN";
    if (lang != "zh-CN" && lang != "en-US" && lang != "ja")
        throw invalid("The parameter AcceptLanguage must be zh-CN, en-US or ja.");
    // The emulator serves one region: its own (--region, the config's "region").
    const std::string& id = ctx.backend.config.region;
    std::string local_name = id;
    for (const auto& r : region_names)
        if (r.id == id) local_name = lang == "en-US" ? r.en : lang == "ja" ? r.ja : r.zh;
    json::array regions;
    regions.push_back(
        json::object{{"RegionId", id}, {"LocalName", local_name}, {"RegionEndpoint", id + ".fnf.aliyuncs.com"}});
    json::object body{{"Regions", json::object{{"Region", std::move(regions)}}}};
    co_return ctx.backend.replies.ok(std::move(body));
}

constexpr Route routes[] = {
    {"CreateFlow", create_flow}, {"DescribeFlow", describe_flow}, {"UpdateFlow", update_flow},
    {"DeleteFlow", delete_flow}, {"ListFlows", list_flows},       {"DescribeRegions", describe_regions},
};

}  // namespace

std::span<const Route> flow_routes()
{
    return routes;
}

}  // namespace cloudflow::local
