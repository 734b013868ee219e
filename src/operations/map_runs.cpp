#include "operations/map_runs.hpp"

#include "operations/parameter_writer.hpp"

#include <limits>

namespace cloudflow::detail {
namespace {

void read_settings(JsonReader& in, MapRunSettings& out)
{
    in.integer("Concurrency", out.concurrency);
    in.integer("ToleratedFailedCount", out.tolerated_failed_count);
    in.number("ToleratedFailedPercentage", out.tolerated_failed_percentage);
}

void write_map_run(ParameterWriter& w, const std::string& flow, const std::string& execution,
                   const std::string& map_run, const std::optional<std::string>& request_id)
{
    w.name("FlowName", flow);
    w.name("ExecutionName", execution);
    w.token("MapRunName", map_run);
    w.qualifier("RequestId", request_id);
}

}  // namespace

Result<ParameterList> DescribeMapRun::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    write_map_run(w, r.flow_name, r.execution_name, r.map_run_name, r.request_id);
    return std::move(w).done();
}

void DescribeMapRun::decode(JsonReader& in, response_type& out)
{
    in.required("RequestId", out.request_id);
    in.required("ExecutionName", out.execution_name);
    in.required("MapRunName", out.map_run_name);
    in.status("Status", out.status, out.status_text);
    in.time("StartedTime", out.started_time);
    in.time("StoppedTime", out.stopped_time);
    read_settings(in, out);
    in.object("ItemCounts", [&](JsonReader& counts) {
        counts.integer("Total", out.item_counts.total);
        counts.integer("Succeed", out.item_counts.succeeded);
        counts.integer("Failed", out.item_counts.failed);
        counts.integer("Running", out.item_counts.running);
        counts.integer("Pending", out.item_counts.pending);
        counts.integer("Aborted", out.item_counts.aborted);
    });
}
static_assert(Operation<DescribeMapRun>);

Result<ParameterList> UpdateMapRun::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    write_map_run(w, r.flow_name, r.execution_name, r.map_run_name, r.request_id);
    const MapRunSettings& s = r.settings;
    w.integer("Concurrency", s.concurrency, 1, 10'000);
    w.integer("ToleratedFailedCount", s.tolerated_failed_count, 0, std::numeric_limits<std::int32_t>::max());
    w.number("ToleratedFailedPercentage", s.tolerated_failed_percentage, 0, 100);
    return std::move(w).done();
}

void UpdateMapRun::decode(JsonReader& in, response_type& out)
{
    in.required("RequestId", out.request_id);
    in.optional("FlowName", out.flow_name);
    in.optional("ExecutionName", out.execution_name);
    in.optional("MapRunName", out.map_run_name);
    read_settings(in, out);
}
static_assert(Operation<UpdateMapRun>);

}  // namespace cloudflow::detail
