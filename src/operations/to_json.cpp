// The models and answers as JSON, in the service's style (the inverse of readers.cpp and the
// operations' decoders) or the display style. One list of members a type; the style decides only
// how an absent member and a JSON-in-a-string member are written.
#include <cloudflow/to_json.hpp>

#include "util/json.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

namespace cloudflow {

namespace json = boost::json;

namespace {

// An object written member by member in one style.
class Members {
public:
    explicit Members(JsonStyle style) : style_(style) {}
    Members(JsonStyle style, json::object start) : style_(style), out_(std::move(start)) {}

    Members& set(std::string_view key, json::value value)
    {
        out_[key] = std::move(value);
        return *this;
    }

    Members& text(std::string_view key, const std::optional<std::string>& value)
    {
        return value ? set(key, json::value(*value)) : absent(key);
    }

    Members& integer(std::string_view key, const std::optional<std::int64_t>& value)
    {
        return value ? set(key, *value) : absent(key);
    }

    Members& number(std::string_view key, const std::optional<double>& value)
    {
        return value ? set(key, detail::json_number(*value)) : absent(key);
    }

    Members& time(std::string_view key, const std::optional<Timestamp>& value)
    {
        return value ? set(key, json::value(format_timestamp(*value))) : absent(key);
    }

    // Input, Output, EventDetail, Payload: JSON text in a string, or the JSON itself.
    Members& embedded(std::string_view key, const std::optional<json::value>& value)
    {
        if (!value) return absent(key);
        return set(key, style_ == JsonStyle::service ? json::value(json::serialize(*value)) : *value);
    }

    // {"Variables": [{"Name", "Value", "Description"}]}; the service leaves out an empty one.
    Members& environment(const std::vector<EnvironmentVariable>& variables)
    {
        if (variables.empty() && style_ == JsonStyle::service) return *this;
        json::array list;
        for (const auto& v : variables)
            list.push_back(
                Members(style_, {{"Name", v.name}, {"Value", v.value}}).text("Description", v.description).done());
        return set("Environment", json::object{{"Variables", std::move(list)}});
    }

    // The members of `more`, after these.
    Members& append(json::object more)
    {
        for (auto& member : more) out_.insert_or_assign(member.key(), std::move(member.value()));
        return *this;
    }

    json::object done() { return std::move(out_); }

private:
    Members& absent(std::string_view key)
    {
        if (style_ == JsonStyle::display) out_[key] = nullptr;
        return *this;
    }

    JsonStyle style_;
    json::object out_;
};

template <class Status>
json::value status_of(Status status, const std::string& text)
{
    return text.empty() ? json::value(to_string(status)) : json::value(text);
}

// The members a map run's answers share.
Members& map_run_settings(Members& m, const MapRunSettings& s)
{
    return m.integer("Concurrency", s.concurrency)
        .integer("ToleratedFailedCount", s.tolerated_failed_count)
        .number("ToleratedFailedPercentage", s.tolerated_failed_percentage);
}

}  // namespace

json::object to_json(const Execution& e, JsonStyle style)
{
    return Members(style, {{"FlowName", e.flow_name}, {"Name", e.name}, {"Status", status_of(e.status, e.status_text)}})
        .embedded("Input", e.input)
        .embedded("Output", e.output)
        .text("FlowDefinition", e.flow_definition)
        .time("StartedTime", e.started_time)
        .time("StoppedTime", e.stopped_time)
        .text("RoleArn", e.role_arn)
        .environment(e.environment)
        .done();
}

json::object to_json(const StartSyncExecutionResponse& r, JsonStyle style)
{
    return Members(style, {{"RequestId", r.request_id},
                           {"FlowName", r.flow_name},
                           {"Name", r.name},
                           {"Status", status_of(r.status, r.status_text)}})
        .text("ErrorCode", r.error_code)
        .text("ErrorMessage", r.error_message)
        .embedded("Output", r.output)
        .time("StartedTime", r.started_time)
        .time("StoppedTime", r.stopped_time)
        .environment(r.environment)
        .done();
}

json::object to_json(const HistoryEvent& e, JsonStyle style)
{
    return Members(style, {{"EventId", e.event_id},
                           {"ScheduleEventId", e.schedule_event_id},
                           {"StepName", e.step_name},
                           {"Type", status_of(e.type, e.type_text)}})
        .time("Time", e.time)
        .embedded("EventDetail", e.detail)
        .done();
}

json::object to_json(const ReportTaskResponse& r, JsonStyle)
{
    return {{"RequestId", r.request_id}, {"EventId", r.event_id}};
}

json::object to_json(const InvokeResponse& r, JsonStyle)
{
    return r.body;
}

json::object to_json(const Flow& f, JsonStyle style)
{
    Members m(style, {{"Name", f.name}, {"Id", f.id}});
    m.text("Description", f.description).set("Definition", json::value(f.definition)).set("Type", json::value(f.type));
    if (f.execution_mode)
        m.set("ExecutionMode", status_of(*f.execution_mode, f.execution_mode_text));
    else
        m.text("ExecutionMode", std::nullopt);
    return m.environment(f.environment)
        .text("RoleArn", f.role_arn)
        .text("ResourceGroupId", f.resource_group_id)
        .text("ExternalStorageLocation", f.external_storage_location)
        .time("CreatedTime", f.created_time)
        .time("LastModifiedTime", f.last_modified_time)
        .done();
}

json::object to_json(const FlowResponse& r, JsonStyle style)
{
    return Members(style, {{"RequestId", r.request_id}}).append(to_json(static_cast<const Flow&>(r), style)).done();
}

json::object to_json(const FlowVersion& v, JsonStyle style)
{
    return Members(style, {{"Version", v.version}})
        .text("Description", v.description)
        .time("CreatedTime", v.created_time)
        .done();
}

json::object to_json(const PublishFlowVersionResponse& r, JsonStyle style)
{
    return Members(style, {{"RequestId", r.request_id}, {"FlowName", r.flow_name}})
        .append(to_json(static_cast<const FlowVersion&>(r), style))
        .done();
}

json::object to_json(const FlowAlias& a, JsonStyle style)
{
    json::array routing;
    for (const auto& c : a.routing_configurations)
        routing.push_back(json::object{{"Version", c.version}, {"Weight", detail::json_number(c.weight)}});
    return Members(style, {{"Name", a.name}})
        .text("Description", a.description)
        .set("RoutingConfigurations", std::move(routing))
        .time("CreatedTime", a.created_time)
        .done();
}

json::object to_json(const FlowAliasResponse& r, JsonStyle style)
{
    Members m(style, {{"RequestId", r.request_id}});
    if (style == JsonStyle::service && !r.flow_name) return m.set("Alias", to_json(r.alias, style)).done();
    return m.text("FlowName", r.flow_name).append(to_json(r.alias, style)).done();
}

json::object to_json(const Schedule& s, JsonStyle style)
{
    return Members(style, {{"ScheduleName", s.schedule_name},
                           {"ScheduleId", s.schedule_id},
                           {"CronExpression", s.cron_expression},
                           {"Enable", s.enable}})
        .text("Description", s.description)
        .embedded("Payload", s.payload)
        .time("CreatedTime", s.created_time)
        .time("LastModifiedTime", s.last_modified_time)
        .done();
}

json::object to_json(const ScheduleResponse& r, JsonStyle style)
{
    return Members(style, {{"RequestId", r.request_id}}).append(to_json(static_cast<const Schedule&>(r), style)).done();
}

json::object to_json(const DeleteResponse& r, JsonStyle)
{
    return {{"RequestId", r.request_id}};
}

json::object to_json(const DescribeMapRunResponse& r, JsonStyle style)
{
    Members m(style, {{"RequestId", r.request_id},
                      {"ExecutionName", r.execution_name},
                      {"MapRunName", r.map_run_name},
                      {"Status", status_of(r.status, r.status_text)}});
    m.time("StartedTime", r.started_time).time("StoppedTime", r.stopped_time);
    const MapRunItemCounts& n = r.item_counts;
    return map_run_settings(m, r)
        .set("ItemCounts", json::object{{"Total", n.total},
                                        {"Succeed", n.succeeded},
                                        {"Failed", n.failed},
                                        {"Running", n.running},
                                        {"Pending", n.pending},
                                        {"Aborted", n.aborted}})
        .done();
}

json::object to_json(const UpdateMapRunResponse& r, JsonStyle style)
{
    Members m(style, {{"RequestId", r.request_id},
                      {"FlowName", r.flow_name},
                      {"ExecutionName", r.execution_name},
                      {"MapRunName", r.map_run_name}});
    return map_run_settings(m, r).done();
}

json::object to_json(const Region& r, JsonStyle)
{
    return {{"RegionId", r.region_id}, {"LocalName", r.local_name}, {"RegionEndpoint", r.region_endpoint}};
}

json::object to_json(const DescribeRegionsResponse& r, JsonStyle style)
{
    json::array regions;
    for (const auto& region : r.regions) regions.push_back(to_json(region, style));
    if (style == JsonStyle::service)
        return {{"RequestId", r.request_id}, {"Regions", json::object{{"Region", std::move(regions)}}}};
    return {{"RequestId", r.request_id}, {"Regions", std::move(regions)}};
}

}  // namespace cloudflow
