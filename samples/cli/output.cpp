#include "output.hpp"

#include <boost/json/serialize.hpp>

#include <cmath>
#include <cstdint>
#include <iostream>

namespace cloudflow::cli {
namespace {

namespace json = boost::json;

json::value optional_text(const std::optional<std::string>& s)
{
    return s ? json::value(*s) : json::value(nullptr);
}

json::value optional_time(const std::optional<Timestamp>& t)
{
    return t ? json::value(format_timestamp(*t)) : json::value(nullptr);
}

json::value optional_json(const std::optional<json::value>& v)
{
    return v ? *v : json::value(nullptr);
}

json::value optional_integer(const std::optional<std::int64_t>& n)
{
    return n ? json::value(*n) : json::value(nullptr);
}

// A weight or a percentage as the service writes it: 30 when it is whole, 2.5 (2.5E0) otherwise.
json::value number(double n)
{
    if (n == std::floor(n) && std::abs(n) < 1e15) return static_cast<std::int64_t>(n);
    return n;
}

json::value optional_number(const std::optional<double>& n)
{
    return n ? number(*n) : json::value(nullptr);
}

json::value environment(const std::vector<EnvironmentVariable>& variables)
{
    json::array out;
    for (const auto& v : variables)
        out.push_back(
            json::object{{"Name", v.name}, {"Value", v.value}, {"Description", optional_text(v.description)}});
    return json::object{{"Variables", std::move(out)}};
}

}  // namespace

json::object to_json(const StartSyncExecutionResponse& r)
{
    return {{"RequestId", r.request_id},
            {"FlowName", r.flow_name},
            {"Name", r.name},
            {"Status", r.status_text},
            {"ErrorCode", optional_text(r.error_code)},
            {"ErrorMessage", optional_text(r.error_message)},
            {"Output", optional_json(r.output)},
            {"StartedTime", optional_time(r.started_time)},
            {"StoppedTime", optional_time(r.stopped_time)},
            {"Environment", environment(r.environment)}};
}

json::object to_json(const Execution& e)
{
    return {{"FlowName", e.flow_name},
            {"Name", e.name},
            {"Status", e.status_text},
            {"Input", optional_json(e.input)},
            {"Output", optional_json(e.output)},
            {"FlowDefinition", optional_text(e.flow_definition)},
            {"StartedTime", optional_time(e.started_time)},
            {"StoppedTime", optional_time(e.stopped_time)}};
}

json::object to_json(const HistoryEvent& e)
{
    return {{"EventId", e.event_id},         {"ScheduleEventId", e.schedule_event_id},
            {"StepName", e.step_name},       {"Type", e.type_text},
            {"Time", optional_time(e.time)}, {"EventDetail", optional_json(e.detail)}};
}

json::object to_json(const ReportTaskResponse& r)
{
    return {{"RequestId", r.request_id}, {"EventId", r.event_id}};
}

json::object to_json(const InvokeResponse& r)
{
    return r.body;
}

json::object to_json(const Flow& f)
{
    json::value mode = nullptr;
    if (f.execution_mode)
        mode = f.execution_mode_text.empty() ? json::value(to_string(*f.execution_mode))
                                             : json::value(f.execution_mode_text);
    return {{"Name", f.name},
            {"Id", f.id},
            {"Description", optional_text(f.description)},
            {"Definition", f.definition},
            {"Type", f.type},
            {"ExecutionMode", std::move(mode)},
            {"Environment", environment(f.environment)},
            {"RoleArn", optional_text(f.role_arn)},
            {"ResourceGroupId", optional_text(f.resource_group_id)},
            {"ExternalStorageLocation", optional_text(f.external_storage_location)},
            {"CreatedTime", optional_time(f.created_time)},
            {"LastModifiedTime", optional_time(f.last_modified_time)}};
}

json::object to_json(const FlowResponse& r)
{
    return with_request_id(r.request_id, to_json(static_cast<const Flow&>(r)));
}

json::object to_json(const FlowVersion& v)
{
    return {{"Version", v.version},
            {"Description", optional_text(v.description)},
            {"CreatedTime", optional_time(v.created_time)}};
}

json::object to_json(const PublishFlowVersionResponse& r)
{
    json::object out{{"RequestId", r.request_id}, {"FlowName", r.flow_name}};
    for (auto& member : to_json(static_cast<const FlowVersion&>(r))) out.insert(std::move(member));
    return out;
}

json::object to_json(const FlowAlias& a)
{
    json::array routing;
    for (const auto& c : a.routing_configurations)
        routing.push_back(json::object{{"Version", c.version}, {"Weight", number(c.weight)}});
    return {{"Name", a.name},
            {"Description", optional_text(a.description)},
            {"RoutingConfigurations", std::move(routing)},
            {"CreatedTime", optional_time(a.created_time)}};
}

json::object to_json(const FlowAliasResponse& r)
{
    json::object out{{"RequestId", r.request_id}, {"FlowName", optional_text(r.flow_name)}};
    for (auto& member : to_json(r.alias)) out.insert(std::move(member));
    return out;
}

json::object to_json(const Schedule& s)
{
    return {{"ScheduleName", s.schedule_name},
            {"ScheduleId", s.schedule_id},
            {"CronExpression", s.cron_expression},
            {"Enable", s.enable},
            {"Description", optional_text(s.description)},
            {"Payload", optional_json(s.payload)},
            {"CreatedTime", optional_time(s.created_time)},
            {"LastModifiedTime", optional_time(s.last_modified_time)}};
}

json::object to_json(const ScheduleResponse& r)
{
    return with_request_id(r.request_id, to_json(static_cast<const Schedule&>(r)));
}

json::object to_json(const DeleteResponse& r)
{
    return {{"RequestId", r.request_id}};
}

json::object to_json(const DescribeMapRunResponse& r)
{
    const MapRunItemCounts& n = r.item_counts;
    return {{"RequestId", r.request_id},
            {"ExecutionName", r.execution_name},
            {"MapRunName", r.map_run_name},
            {"Status", r.status_text},
            {"StartedTime", optional_time(r.started_time)},
            {"StoppedTime", optional_time(r.stopped_time)},
            {"Concurrency", optional_integer(r.concurrency)},
            {"ToleratedFailedCount", optional_integer(r.tolerated_failed_count)},
            {"ToleratedFailedPercentage", optional_number(r.tolerated_failed_percentage)},
            {"ItemCounts", json::object{{"Total", n.total},
                                        {"Succeed", n.succeeded},
                                        {"Failed", n.failed},
                                        {"Running", n.running},
                                        {"Pending", n.pending},
                                        {"Aborted", n.aborted}}}};
}

json::object to_json(const UpdateMapRunResponse& r)
{
    return {{"RequestId", r.request_id},
            {"FlowName", r.flow_name},
            {"ExecutionName", r.execution_name},
            {"MapRunName", r.map_run_name},
            {"Concurrency", optional_integer(r.concurrency)},
            {"ToleratedFailedCount", optional_integer(r.tolerated_failed_count)},
            {"ToleratedFailedPercentage", optional_number(r.tolerated_failed_percentage)}};
}

json::object to_json(const Region& r)
{
    return {{"RegionId", r.region_id}, {"LocalName", r.local_name}, {"RegionEndpoint", r.region_endpoint}};
}

json::object to_json(const DescribeRegionsResponse& r)
{
    json::array regions;
    for (const auto& region : r.regions) regions.push_back(to_json(region));
    return {{"RequestId", r.request_id}, {"Regions", std::move(regions)}};
}

json::object with_request_id(const std::string& request_id, const json::object& members)
{
    json::object out{{"RequestId", request_id}};
    for (const auto& member : members) out.emplace(member.key(), member.value());
    return out;
}

namespace {

// The SDK's advice for an untrusted certificate names its options (ca_file, ca_pem); the CLI's
// user has the CLI's.
std::string cli_advice(std::string text, const Error& e)
{
    static constexpr std::string_view sdk = "with ca_file or ca_pem";
    if (e.code != errc::tls_failed) return text;
    for (auto at = text.find(sdk); at != std::string::npos; at = text.find(sdk, at))
        text.replace(at, sdk.size(), "with --ca-file FILE (for a test server on loopback, --insecure)");
    return text;
}

}  // namespace

json::object to_json(const Error& e)
{
    const auto name = [](boost::system::error_code ec) -> std::string {
        if (ec.category() == error_category()) return std::string(to_string(static_cast<errc>(ec.value())));
        return ec.message();
    };
    json::object out{
        {"Error", name(e.code)},  {"Description", cli_advice(e.to_string(), e)}, {"HttpStatus", e.http_status},
        {"Code", e.service_code}, {"Message", cli_advice(e.message, e)},         {"RequestId", e.request_id},
        {"Attempts", e.attempts}};
    if (e.cause) out["Cause"] = name(e.cause);
    if (!e.field.empty()) out["Field"] = e.field;
    return out;
}

int print_success(const json::object& response)
{
    std::cout << json::serialize(response) << std::endl;
    return 0;
}

int print_failure(const Error& error)
{
    std::cerr << json::serialize(to_json(error)) << std::endl;
    return 1;
}

}  // namespace cloudflow::cli
