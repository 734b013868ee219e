#include <cloudflow/testing/replies.hpp>

#include "util/json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

namespace cloudflow::testing::replies {

namespace json = boost::json;

namespace {

// Sets `key` when `value` is there.
template <class T>
void set_optional(json::object& o, std::string_view key, const std::optional<T>& value)
{
    if (value) o[key] = *value;
}

void set_time(json::object& o, std::string_view key, const std::optional<Timestamp>& time)
{
    if (time) o[key] = format_timestamp(*time);
}

json::object page(std::string_view key, json::array items, const std::optional<std::string>& next_token)
{
    json::object body;
    body[key] = std::move(items);
    if (next_token) body["NextToken"] = *next_token;
    return body;
}

json::object settings_members(const MapRunSettings& s)
{
    json::object o;
    set_optional(o, "Concurrency", s.concurrency);
    set_optional(o, "ToleratedFailedCount", s.tolerated_failed_count);
    set_optional(o, "ToleratedFailedPercentage", s.tolerated_failed_percentage);
    return o;
}

}  // namespace

MockReply ok(json::object body, std::string_view request_id)
{
    body["RequestId"] = request_id;
    return MockReply::respond(200, json::serialize(body), {{"Content-Type", "application/json"}});
}

json::object execution_members(const Execution& e)
{
    json::object o{{"FlowName", e.flow_name},
                   {"Name", e.name},
                   {"Status", e.status_text.empty() ? std::string(to_string(e.status)) : e.status_text}};
    if (e.input) o["Input"] = json::serialize(*e.input);
    if (e.output) o["Output"] = json::serialize(*e.output);
    if (e.flow_definition) o["FlowDefinition"] = *e.flow_definition;
    if (e.started_time) o["StartedTime"] = format_timestamp(*e.started_time);
    if (e.stopped_time) o["StoppedTime"] = format_timestamp(*e.stopped_time);
    if (e.role_arn) o["RoleArn"] = *e.role_arn;
    if (!e.environment.empty()) {
        json::array variables;
        for (const auto& v : e.environment) variables.push_back(json::object{{"Name", v.name}, {"Value", v.value}});
        o["Environment"] = json::object{{"Variables", std::move(variables)}};
    }
    return o;
}

json::object flow_members(const Flow& f)
{
    json::object o{{"Name", f.name}, {"Id", f.id}, {"Definition", f.definition}, {"Type", f.type}};
    set_optional(o, "Description", f.description);
    if (f.execution_mode)
        o["ExecutionMode"] =
            f.execution_mode_text.empty() ? std::string(to_string(*f.execution_mode)) : f.execution_mode_text;
    if (!f.environment.empty()) {
        json::array variables;
        for (const auto& v : f.environment) {
            json::object variable{{"Name", v.name}, {"Value", v.value}};
            set_optional(variable, "Description", v.description);
            variables.push_back(std::move(variable));
        }
        o["Environment"] = json::object{{"Variables", std::move(variables)}};
    }
    set_optional(o, "RoleArn", f.role_arn);
    set_optional(o, "ResourceGroupId", f.resource_group_id);
    set_optional(o, "ExternalStorageLocation", f.external_storage_location);
    set_time(o, "CreatedTime", f.created_time);
    set_time(o, "LastModifiedTime", f.last_modified_time);
    return o;
}

json::object flow_version_members(const FlowVersion& v)
{
    json::object o{{"Version", v.version}};
    set_optional(o, "Description", v.description);
    set_time(o, "CreatedTime", v.created_time);
    return o;
}

json::object flow_alias_members(const FlowAlias& a)
{
    json::array routing;
    for (const auto& c : a.routing_configurations)
        routing.push_back(json::object{{"Version", c.version}, {"Weight", detail::json_number(c.weight)}});
    json::object o{{"Name", a.name}, {"RoutingConfigurations", std::move(routing)}};
    set_optional(o, "Description", a.description);
    set_time(o, "CreatedTime", a.created_time);
    return o;
}

json::object schedule_members(const Schedule& s)
{
    json::object o{{"ScheduleName", s.schedule_name},
                   {"ScheduleId", s.schedule_id},
                   {"CronExpression", s.cron_expression},
                   {"Enable", s.enable}};
    set_optional(o, "Description", s.description);
    if (s.payload) o["Payload"] = json::serialize(*s.payload);
    set_time(o, "CreatedTime", s.created_time);
    set_time(o, "LastModifiedTime", s.last_modified_time);
    return o;
}

MockReply start_sync_execution(const StartSyncExecutionResponse& r)
{
    json::object o{{"FlowName", r.flow_name},
                   {"Name", r.name.empty() ? "exec:00000000-0000-4000-8000-000000000000" : r.name},
                   {"Status", r.status_text.empty() ? std::string(to_string(r.status)) : r.status_text}};
    if (r.output) o["Output"] = json::serialize(*r.output);
    set_optional(o, "ErrorCode", r.error_code);
    set_optional(o, "ErrorMessage", r.error_message);
    set_time(o, "StartedTime", r.started_time);
    set_time(o, "StoppedTime", r.stopped_time);
    if (!r.environment.empty()) {
        json::array variables;
        for (const auto& v : r.environment) variables.push_back(json::object{{"Name", v.name}, {"Value", v.value}});
        o["Environment"] = json::object{{"Variables", std::move(variables)}};
    }
    return ok(std::move(o), r.request_id.empty() ? default_request_id : std::string_view(r.request_id));
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
    for (const auto& e : executions) items.push_back(execution_members(e));
    json::object body{{"Executions", std::move(items)}};
    if (next_token) body["NextToken"] = *next_token;
    return ok(std::move(body), request_id);
}

MockReply get_execution_history(const std::vector<HistoryEvent>& events, const std::optional<std::string>& next_token,
                                std::string_view request_id)
{
    json::array items;
    for (const auto& e : events) {
        json::object event{{"EventId", e.event_id},
                           {"ScheduleEventId", e.schedule_event_id},
                           {"StepName", e.step_name},
                           {"Type", e.type_text.empty() ? std::string(to_string(e.type)) : e.type_text}};
        if (e.time) event["Time"] = format_timestamp(*e.time);
        if (e.detail) event["EventDetail"] = json::serialize(*e.detail);
        items.push_back(std::move(event));
    }
    json::object body{{"Events", std::move(items)}};
    if (next_token) body["NextToken"] = *next_token;
    return ok(std::move(body), request_id);
}

MockReply report_task(std::int64_t event_id, std::string_view request_id)
{
    return ok(json::object{{"EventId", event_id}}, request_id);
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
    return ok(json::object(), request_id);
}

MockReply publish_flow_version(std::string_view flow_name, const FlowVersion& v, std::string_view request_id)
{
    json::object body = flow_version_members(v);
    body["FlowName"] = flow_name;
    return ok(std::move(body), request_id);
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
    json::object body = flow_alias_members(a);
    body["FlowName"] = flow_name;
    return ok(std::move(body), request_id);
}

MockReply flow_alias(const FlowAlias& a, std::string_view request_id)
{
    json::object body;
    body["Alias"] = flow_alias_members(a);
    return ok(std::move(body), request_id);
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
    json::object body = settings_members(m.settings);
    body["ExecutionName"] = m.execution_name;
    body["MapRunName"] = m.map_run_name;
    body["Status"] = to_string(m.status);
    set_time(body, "StartedTime", m.started_time);
    set_time(body, "StoppedTime", m.stopped_time);
    const MapRunItemCounts& c = m.item_counts;
    body["ItemCounts"] = json::object{{"Total", c.total},     {"Succeed", c.succeeded}, {"Failed", c.failed},
                                      {"Running", c.running}, {"Pending", c.pending},   {"Aborted", c.aborted}};
    return ok(std::move(body), request_id);
}

MockReply update_map_run(std::string_view flow_name, std::string_view execution_name, std::string_view map_run_name,
                         const MapRunSettings& settings, std::string_view request_id)
{
    json::object body = settings_members(settings);
    body["FlowName"] = flow_name;
    body["ExecutionName"] = execution_name;
    body["MapRunName"] = map_run_name;
    return ok(std::move(body), request_id);
}

MockReply describe_regions(const std::vector<Region>& regions, std::string_view request_id)
{
    json::array items;
    for (const auto& r : regions)
        items.push_back(json::object{
            {"RegionId", r.region_id}, {"LocalName", r.local_name}, {"RegionEndpoint", r.region_endpoint}});
    json::object body;
    body["Regions"] = json::object{{"Region", std::move(items)}};
    return ok(std::move(body), request_id);
}

}  // namespace cloudflow::testing::replies
