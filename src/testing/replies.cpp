#include <cloudflow/testing/replies.hpp>

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>

namespace cloudflow::testing::replies {

namespace json = boost::json;

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

MockReply list_executions(const std::vector<Execution>& executions, std::optional<std::string> next_token,
                          std::string_view request_id)
{
    json::array items;
    for (const auto& e : executions) items.push_back(execution_members(e));
    json::object body{{"Executions", std::move(items)}};
    if (next_token) body["NextToken"] = *next_token;
    return ok(std::move(body), request_id);
}

MockReply get_execution_history(const std::vector<HistoryEvent>& events, std::optional<std::string> next_token,
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

}  // namespace cloudflow::testing::replies
