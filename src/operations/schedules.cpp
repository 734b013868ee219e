#include "operations/schedules.hpp"

#include "operations/parameter_writer.hpp"
#include "operations/readers.hpp"

namespace cloudflow::detail {
namespace {

constexpr std::size_t max_cron_chars = 256;

void read_schedule_response(JsonReader& in, ScheduleResponse& out)
{
    in.required("RequestId", out.request_id);
    read_schedule(in, out);
}

}  // namespace

Result<ParameterList> CreateSchedule::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    w.name("ScheduleName", r.schedule_name);
    w.text("CronExpression", r.cron_expression, max_cron_chars);
    w.boolean("Enable", r.enable);
    w.text("Description", r.description, max_description_chars);
    w.json_object("Payload", "payload", r.payload, r.payload_json);
    return std::move(w).done();
}

void CreateSchedule::decode(JsonReader& in, response_type& out)
{
    read_schedule_response(in, out);
}
static_assert(Operation<CreateSchedule>);

Result<ParameterList> DescribeSchedule::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    w.name("ScheduleName", r.schedule_name);
    return std::move(w).done();
}

void DescribeSchedule::decode(JsonReader& in, response_type& out)
{
    read_schedule_response(in, out);
}
static_assert(Operation<DescribeSchedule>);

Result<ParameterList> UpdateSchedule::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    w.name("ScheduleName", r.schedule_name);
    w.text("CronExpression", r.cron_expression, max_cron_chars);
    w.boolean("Enable", r.enable);
    if (r.description) w.text("Description", *r.description, max_description_chars, 0);
    w.json_object("Payload", "payload", r.payload, r.payload_json);
    return std::move(w).done();
}

void UpdateSchedule::decode(JsonReader& in, response_type& out)
{
    read_schedule_response(in, out);
}
static_assert(Operation<UpdateSchedule>);

Result<ParameterList> DeleteSchedule::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    w.name("ScheduleName", r.schedule_name);
    return std::move(w).done();
}

void DeleteSchedule::decode(JsonReader& in, response_type& out)
{
    read_delete(in, out);
}
static_assert(Operation<DeleteSchedule>);

Result<ParameterList> ListSchedules::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    if (r.limit) w.integer("Limit", *r.limit, 1, 1000);
    w.optional_token("NextToken", r.next_token);
    return std::move(w).done();
}

void ListSchedules::decode(JsonReader& in, response_type& out)
{
    in.required("RequestId", out.request_id);
    in.objects("Schedules", out.schedules, read_schedule);
    in.optional("NextToken", out.next_token);
}
static_assert(Operation<ListSchedules>);

}  // namespace cloudflow::detail
