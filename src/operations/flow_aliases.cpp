#include "operations/flow_aliases.hpp"

#include "operations/parameter_writer.hpp"
#include "operations/readers.hpp"

namespace cloudflow::detail {
namespace {

// Describe and UpdateFlowAlias nest the alias in `Alias`.
void read_nested_alias(JsonReader& in, FlowAliasResponse& out)
{
    in.required("RequestId", out.request_id);
    in.object(
        "Alias", [&](JsonReader& alias) { read_flow_alias(alias, out.alias); }, true);
}

}  // namespace

Result<ParameterList> CreateFlowAlias::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    w.name("Name", r.name);
    w.routing("RoutingConfigurations", r.routing_configurations);
    w.text("Description", r.description, max_description_chars);
    return std::move(w).done();
}

void CreateFlowAlias::decode(JsonReader& in, response_type& out)
{
    in.required("RequestId", out.request_id);
    in.optional("FlowName", out.flow_name);
    read_flow_alias(in, out.alias);
}
static_assert(Operation<CreateFlowAlias>);

Result<ParameterList> DescribeFlowAlias::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    w.name("Name", r.name);
    return std::move(w).done();
}

void DescribeFlowAlias::decode(JsonReader& in, response_type& out)
{
    read_nested_alias(in, out);
}
static_assert(Operation<DescribeFlowAlias>);

Result<ParameterList> UpdateFlowAlias::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    w.name("Name", r.name);
    w.routing("RoutingConfigurations", r.routing_configurations);
    if (r.description) w.text("Description", *r.description, max_description_chars, 0);
    return std::move(w).done();
}

void UpdateFlowAlias::decode(JsonReader& in, response_type& out)
{
    read_nested_alias(in, out);
}
static_assert(Operation<UpdateFlowAlias>);

Result<ParameterList> ListFlowAliases::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    if (r.limit) w.integer("Limit", *r.limit, 1, 999);
    w.optional_token("NextToken", r.next_token);
    return std::move(w).done();
}

void ListFlowAliases::decode(JsonReader& in, response_type& out)
{
    in.required("RequestId", out.request_id);
    in.objects("Aliases", out.aliases, read_flow_alias);  // Weight comes as a string here
    in.optional("NextToken", out.next_token);
}
static_assert(Operation<ListFlowAliases>);

Result<ParameterList> DeleteFlowAlias::encode(const request_type& r, const RequestLimits& limits)
{
    ParameterWriter w(limits);
    w.name("FlowName", r.flow_name);
    w.name("Name", r.name);
    return std::move(w).done();
}

void DeleteFlowAlias::decode(JsonReader& in, response_type& out)
{
    read_delete(in, out);
}
static_assert(Operation<DeleteFlowAlias>);

}  // namespace cloudflow::detail
