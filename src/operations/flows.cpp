#include "operations/flows.hpp"

#include "operations/parameter_writer.hpp"
#include "operations/readers.hpp"

namespace cloudflow::detail {
namespace {

void read_flow_response(JsonReader& in, FlowResponse& out)
{
    in.required("RequestId", out.request_id);
    read_flow(in, out);
}

}  // namespace

Result<ParameterList> CreateFlow::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("Name", r.name);
    w.text("Definition", r.definition, max_definition_chars);
    w.text("Description", r.description, max_description_chars, 0);
    w.text("Type", r.type, 32);
    w.mode("ExecutionMode", r.execution_mode);
    w.environment("Environment", r.environment);
    w.text("RoleArn", r.role_arn, 1024);
    w.text("ExternalStorageLocation", r.external_storage_location, 1024);
    w.qualifier("ResourceGroupId", r.resource_group_id);
    return std::move(w).done();
}

void CreateFlow::decode(JsonReader& in, response_type& out)
{
    read_flow_response(in, out);
}
static_assert(Operation<CreateFlow>);

Result<ParameterList> DescribeFlow::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("Name", r.name);
    w.qualifier("FlowVersion", r.flow_version);
    return std::move(w).done();
}

void DescribeFlow::decode(JsonReader& in, response_type& out)
{
    read_flow_response(in, out);
}
static_assert(Operation<DescribeFlow>);

Result<ParameterList> UpdateFlow::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("Name", r.name);
    w.text("Definition", r.definition, max_definition_chars);
    if (r.description) w.text("Description", *r.description, max_description_chars, 0);
    w.text("Type", r.type, 32);
    w.environment("Environment", r.environment);
    w.text("RoleArn", r.role_arn, 1024);
    return std::move(w).done();
}

void UpdateFlow::decode(JsonReader& in, response_type& out)
{
    read_flow_response(in, out);
}
static_assert(Operation<UpdateFlow>);

Result<ParameterList> DeleteFlow::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("Name", r.name);
    return std::move(w).done();
}

void DeleteFlow::decode(JsonReader& in, response_type& out)
{
    read_delete(in, out);
}
static_assert(Operation<DeleteFlow>);

Result<ParameterList> ListFlows::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    if (r.limit) w.integer("Limit", *r.limit, 1, 999);
    w.optional_token("NextToken", r.next_token);
    w.qualifier("ResourceGroupId", r.resource_group_id);
    return std::move(w).done();
}

void ListFlows::decode(JsonReader& in, response_type& out)
{
    in.required("RequestId", out.request_id);
    in.objects("Flows", out.flows, read_flow);
    in.optional("NextToken", out.next_token);
}
static_assert(Operation<ListFlows>);

}  // namespace cloudflow::detail
