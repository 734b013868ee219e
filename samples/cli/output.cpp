#include "output.hpp"

#include <boost/json/serialize.hpp>

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
            {"StoppedTime", optional_time(r.stopped_time)}};
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

json::object to_json(const Error& e)
{
    const auto name = [](boost::system::error_code ec) -> std::string {
        if (ec.category() == error_category()) return std::string(to_string(static_cast<errc>(ec.value())));
        return ec.message();
    };
    json::object out{{"Error", name(e.code)},  {"Description", e.to_string()}, {"HttpStatus", e.http_status},
                     {"Code", e.service_code}, {"Message", e.message},         {"RequestId", e.request_id},
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
