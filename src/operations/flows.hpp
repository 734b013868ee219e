// The flow operations' descriptors: CreateFlow, DescribeFlow, UpdateFlow, DeleteFlow, ListFlows.
#pragma once

#include <cloudflow/operations/flows.hpp>

#include "operations/operation.hpp"

namespace cloudflow::detail {

// A repeat gets FlowAlreadyExists: not retried after it may have been sent.
struct CreateFlow {
    using request_type = CreateFlowRequest;
    using response_type = FlowResponse;
    static constexpr std::string_view action = "CreateFlow";
    static constexpr RequestMethod method = RequestMethod::post;

    static Idempotency idempotency(const request_type&) { return Idempotency::not_idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

struct DescribeFlow {
    using request_type = DescribeFlowRequest;
    using response_type = FlowResponse;
    static constexpr std::string_view action = "DescribeFlow";
    static constexpr RequestMethod method = RequestMethod::get;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

// Sets values: the same request twice has the effect of one.
struct UpdateFlow {
    using request_type = UpdateFlowRequest;
    using response_type = FlowResponse;
    static constexpr std::string_view action = "UpdateFlow";
    static constexpr RequestMethod method = RequestMethod::post;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

// A delete: a retried attempt after the first took effect may get FlowNotExists.
struct DeleteFlow {
    using request_type = DeleteFlowRequest;
    using response_type = DeleteResponse;
    static constexpr std::string_view action = "DeleteFlow";
    static constexpr RequestMethod method = RequestMethod::post;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

struct ListFlows {
    using request_type = ListFlowsRequest;
    using response_type = ListFlowsResponse;
    static constexpr std::string_view action = "ListFlows";
    static constexpr RequestMethod method = RequestMethod::get;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

template <>
struct operation_for<CreateFlowRequest> {
    using type = CreateFlow;
};
template <>
struct operation_for<DescribeFlowRequest> {
    using type = DescribeFlow;
};
template <>
struct operation_for<UpdateFlowRequest> {
    using type = UpdateFlow;
};
template <>
struct operation_for<DeleteFlowRequest> {
    using type = DeleteFlow;
};
template <>
struct operation_for<ListFlowsRequest> {
    using type = ListFlows;
};

}  // namespace cloudflow::detail
