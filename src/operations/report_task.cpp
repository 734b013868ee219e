#include "operations/report_task.hpp"

#include "operations/parameter_writer.hpp"

namespace cloudflow::detail {
namespace {

void read_report(JsonReader& in, ReportTaskResponse& out)
{
    in.required("RequestId", out.request_id);
    in.integer("EventId", out.event_id, true);
}

}  // namespace

Result<ParameterList> ReportTaskSucceeded::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.token("TaskToken", r.task_token);
    w.required_json_object("Output", "output", r.output, r.output_json);
    return std::move(w).done();
}

void ReportTaskSucceeded::decode(JsonReader& in, response_type& out)
{
    read_report(in, out);
}
static_assert(Operation<ReportTaskSucceeded>);

Result<ParameterList> ReportTaskFailed::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.token("TaskToken", r.task_token);
    w.text("Error", r.error, 128);
    w.text("Cause", r.cause, 4096);
    return std::move(w).done();
}

void ReportTaskFailed::decode(JsonReader& in, response_type& out)
{
    read_report(in, out);
}
static_assert(Operation<ReportTaskFailed>);

}  // namespace cloudflow::detail
