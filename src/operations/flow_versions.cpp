#include "operations/flow_versions.hpp"

#include "operations/parameter_writer.hpp"
#include "operations/readers.hpp"

namespace cloudflow::detail {

Result<ParameterList> PublishFlowVersion::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    w.text("Description", r.description, max_description_chars);
    return std::move(w).done();
}

void PublishFlowVersion::decode(JsonReader& in, response_type& out)
{
    in.required("RequestId", out.request_id);
    in.required("FlowName", out.flow_name);
    read_flow_version(in, out);
}
static_assert(Operation<PublishFlowVersion>);

Result<ParameterList> ListFlowVersions::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    if (r.limit) w.integer("Limit", *r.limit, 1, 999);  // a string in the model: decimal digits either way
    w.optional_token("NextToken", r.next_token);
    return std::move(w).done();
}

void ListFlowVersions::decode(JsonReader& in, response_type& out)
{
    in.required("RequestId", out.request_id);
    in.objects("FlowVersions", out.versions, read_flow_version);
    in.optional("NextToken", out.next_token);
}
static_assert(Operation<ListFlowVersions>);

Result<ParameterList> DeleteFlowVersion::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    w.qualifier("FlowVersion", r.version);
    return std::move(w).done();
}

void DeleteFlowVersion::decode(JsonReader& in, response_type& out)
{
    read_delete(in, out);
}
static_assert(Operation<DeleteFlowVersion>);

}  // namespace cloudflow::detail
