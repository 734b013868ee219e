#include "operations/list_executions.hpp"

#include "operations/parameter_writer.hpp"
#include "operations/readers.hpp"

namespace cloudflow::detail {

Result<ParameterList> ListExecutions::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    if (r.limit) w.integer("Limit", *r.limit, 1, 99);
    w.optional_token("NextToken", r.next_token);
    w.status("Status", r.status);
    if (r.execution_name_prefix && !r.execution_name_prefix->empty())
        w.text("ExecutionNamePrefix", *r.execution_name_prefix, 128);
    w.time("StartedTimeBegin", r.started_time_begin);
    w.time("StartedTimeEnd", r.started_time_end);
    w.qualifier("Qualifier", r.qualifier);
    if (r.map_run_name) w.token("MapRunName", *r.map_run_name);  // "<execution>:<state>:<id>": not a name
    w.boolean("MetadataOnly", r.metadata_only);
    return std::move(w).done();
}

void ListExecutions::decode(JsonReader& in, response_type& out)
{
    in.required("RequestId", out.request_id);
    in.objects("Executions", out.executions, read_execution);
    in.optional("NextToken", out.next_token);
}
static_assert(Operation<ListExecutions>);

}  // namespace cloudflow::detail
