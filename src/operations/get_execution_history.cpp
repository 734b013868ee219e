#include "operations/get_execution_history.hpp"

#include "operations/parameter_writer.hpp"

namespace cloudflow::detail {

Result<ParameterList> GetExecutionHistory::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    w.name("ExecutionName", r.execution_name);
    if (r.limit) w.integer("Limit", *r.limit, 1, 999);
    w.optional_token("NextToken", r.next_token);
    return std::move(w).done();
}

void GetExecutionHistory::decode(JsonReader& in, response_type& out)
{
    in.required("RequestId", out.request_id);
    in.objects("Events", out.events, [](JsonReader& event, HistoryEvent& e) {
        event.integer("EventId", e.event_id, true);
        event.integer("ScheduleEventId", e.schedule_event_id);
        std::optional<std::string> step;
        event.optional("StepName", step);
        e.step_name = step.value_or("");
        event.required("Type", e.type_text);
        e.type = parse_event_type(e.type_text);
        event.time("Time", e.time);
        event.json_text("EventDetail", e.detail);
    });
    in.optional("NextToken", out.next_token);
}
static_assert(Operation<GetExecutionHistory>);

}  // namespace cloudflow::detail
