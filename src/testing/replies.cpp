#include <cloudflow/testing/replies.hpp>

#include <cloudflow/to_json.hpp>

#include "util/json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

namespace cloudflow::testing::replies {

namespace json = boost::json;

namespace {

json::object page(std::string_view key, json::array items, const std::optional<std::string>& next_token)
{
    json::object body;
    body[key] = std::move(items);
    if (next_token) body["NextToken"] = *next_token;
    return body;
}

}  // namespace

MockReply ok(json::object body, std::string_view request_id)
{
    body["RequestId"] = request_id;
    return MockReply::respond(200, json::serialize(body), {{"Content-Type", "application/json"}});
}

json::object execution_members(const Execution& e)
{
    return to_json(e);
}

json::object flow_members(const Flow& f)
{
    return to_json(f);
}

json::object flow_version_members(const FlowVersion& v)
{
    return to_json(v);
}

json::object flow_alias_members(const FlowAlias& a)
{
    return to_json(a);
}

json::object schedule_members(const Schedule& s)
{
    return to_json(s);
}

MockReply start_sync_execution(const StartSyncExecutionResponse& r)
{
    StartSyncExecutionResponse named = r;
    if (named.name.empty()) named.name = "exec:00000000-0000-4000-8000-000000000000";
    return ok(to_json(named), r.request_id.empty() ? default_request_id : std::string_view(r.request_id));
}

namespace {

StartSyncExecutionResponse ended(std::string_view flow_name, ExecutionStatus status, std::string_view request_id)
{
    StartSyncExecutionResponse r;
    r.request_id = std::string(request_id);
    r.flow_name = std::string(flow_name);
    r.status = status;
    r.started_time = Timestamp(std::chrono::milliseconds(1'704'067'200'000));  // 2024-01-01T00:00:00Z
    r.stopped_time = *r.started_time + std::chrono::milliseconds(100);
    return r;
}

}  // namespace

MockReply sync_execution_succeeded(std::string_view flow_name, json::object output, std::string_view request_id)
{
    auto r = ended(flow_name, ExecutionStatus::succeeded, request_id);
    r.output = std::move(output);
    return start_sync_execution(r);
}

MockReply sync_execution_failed(std::string_view flow_name, std::string_view error_code, std::string_view error_message,
                                std::string_view request_id)
{
    auto r = ended(flow_name, ExecutionStatus::failed, request_id);
    r.error_code = std::string(error_code);
    r.error_message = std::string(error_message);
    return start_sync_execution(r);
}

MockReply start_execution(const Execution& e, std::string_view request_id)
{
    return ok(execution_members(e), request_id);
}

MockReply describe_execution(const Execution& e, std::string_view request_id)
{
    return ok(execution_members(e), request_id);
}

MockReply stop_execution(const Execution& e, std::string_view request_id)
{
    return ok(execution_members(e), request_id);
}

MockReply list_executions(const std::vector<Execution>& executions, const std::optional<std::string>& next_token,
                          std::string_view request_id)
{
    json::array items;
    for (const auto& e : executions) items.push_back(to_json(e));
    return ok(page("Executions", std::move(items), next_token), request_id);
}

MockReply get_execution_history(const std::vector<HistoryEvent>& events, const std::optional<std::string>& next_token,
                                std::string_view request_id)
{
    json::array items;
    for (const auto& e : events) items.push_back(to_json(e));
    return ok(page("Events", std::move(items), next_token), request_id);
}

MockReply report_task(std::int64_t event_id, std::string_view request_id)
{
    return ok(to_json(ReportTaskResponse{.request_id = std::string(request_id), .event_id = event_id}), request_id);
}

MockReply flow(const Flow& f, std::string_view request_id)
{
    return ok(flow_members(f), request_id);
}

MockReply list_flows(const std::vector<Flow>& flows, const std::optional<std::string>& next_token,
                     std::string_view request_id)
{
    json::array items;
    for (const auto& f : flows) items.push_back(flow_members(f));
    return ok(page("Flows", std::move(items), next_token), request_id);
}

MockReply deleted(std::string_view request_id)
{
    return ok(to_json(DeleteResponse{}), request_id);
}

MockReply publish_flow_version(std::string_view flow_name, const FlowVersion& v, std::string_view request_id)
{
    PublishFlowVersionResponse r;
    static_cast<FlowVersion&>(r) = v;
    r.flow_name = std::string(flow_name);
    return ok(to_json(r), request_id);
}

MockReply list_flow_versions(const std::vector<FlowVersion>& versions, const std::optional<std::string>& next_token,
                             std::string_view request_id)
{
    json::array items;
    for (const auto& v : versions) items.push_back(flow_version_members(v));
    return ok(page("FlowVersions", std::move(items), next_token), request_id);
}

MockReply create_flow_alias(std::string_view flow_name, const FlowAlias& a, std::string_view request_id)
{
    return ok(to_json(FlowAliasResponse{.alias = a, .flow_name = std::string(flow_name)}), request_id);
}

MockReply flow_alias(const FlowAlias& a, std::string_view request_id)
{
    return ok(to_json(FlowAliasResponse{.alias = a}), request_id);
}

MockReply list_flow_aliases(const std::vector<FlowAlias>& aliases, const std::optional<std::string>& next_token,
                            std::string_view request_id)
{
    json::array items;
    for (const auto& a : aliases) {
        json::object alias = flow_alias_members(a);
        json::array& routing = alias["RoutingConfigurations"].as_array();
        for (std::size_t i = 0; i < routing.size(); ++i)
            routing[i].as_object()["Weight"] = detail::number_text(a.routing_configurations[i].weight);
        items.push_back(std::move(alias));
    }
    return ok(page("Aliases", std::move(items), next_token), request_id);
}

MockReply schedule(const Schedule& s, std::string_view request_id)
{
    return ok(schedule_members(s), request_id);
}

MockReply list_schedules(const std::vector<Schedule>& schedules, const std::optional<std::string>& next_token,
                         std::string_view request_id)
{
    json::array items;
    for (const auto& s : schedules) items.push_back(schedule_members(s));
    return ok(page("Schedules", std::move(items), next_token), request_id);
}

MockReply describe_map_run(const MapRunReply& m, std::string_view request_id)
{
    DescribeMapRunResponse r;
    static_cast<MapRunSettings&>(r) = m.settings;
    r.execution_name = m.execution_name;
    r.map_run_name = m.map_run_name;
    r.status = m.status;
    r.item_counts = m.item_counts;
    r.started_time = m.started_time;
    r.stopped_time = m.stopped_time;
    return ok(to_json(r), request_id);
}

MockReply update_map_run(std::string_view flow_name, std::string_view execution_name, std::string_view map_run_name,
                         const MapRunSettings& settings, std::string_view request_id)
{
    UpdateMapRunResponse r;
    static_cast<MapRunSettings&>(r) = settings;
    r.flow_name = std::string(flow_name);
    r.execution_name = std::string(execution_name);
    r.map_run_name = std::string(map_run_name);
    return ok(to_json(r), request_id);
}

MockReply describe_regions(const std::vector<Region>& regions, std::string_view request_id)
{
    return ok(to_json(DescribeRegionsResponse{.regions = regions}), request_id);
}

}  // namespace cloudflow::testing::replies
