// The alias operations' descriptors: CreateFlowAlias, DescribeFlowAlias, UpdateFlowAlias,
// ListFlowAliases, DeleteFlowAlias.
#pragma once

#include <cloudflow/operations/flow_aliases.hpp>

#include "operations/operation.hpp"

namespace cloudflow::detail {

// A repeat finds the name taken: not retried after it may have been sent.
struct CreateFlowAlias {
    using request_type = CreateFlowAliasRequest;
    using response_type = FlowAliasResponse;
    static constexpr std::string_view action = "CreateFlowAlias";
    static constexpr RequestMethod method = RequestMethod::post;

    static Idempotency idempotency(const request_type&) { return Idempotency::not_idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

struct DescribeFlowAlias {
    using request_type = DescribeFlowAliasRequest;
    using response_type = FlowAliasResponse;
    static constexpr std::string_view action = "DescribeFlowAlias";
    static constexpr RequestMethod method = RequestMethod::get;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

// Sets values: the same request twice has the effect of one.
struct UpdateFlowAlias {
    using request_type = UpdateFlowAliasRequest;
    using response_type = FlowAliasResponse;
    static constexpr std::string_view action = "UpdateFlowAlias";
    static constexpr RequestMethod method = RequestMethod::post;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

struct ListFlowAliases {
    using request_type = ListFlowAliasesRequest;
    using response_type = ListFlowAliasesResponse;
    static constexpr std::string_view action = "ListFlowAliases";
    static constexpr RequestMethod method = RequestMethod::get;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

struct DeleteFlowAlias {
    using request_type = DeleteFlowAliasRequest;
    using response_type = DeleteResponse;
    static constexpr std::string_view action = "DeleteFlowAlias";
    static constexpr RequestMethod method = RequestMethod::post;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

template <>
struct operation_for<CreateFlowAliasRequest> {
    using type = CreateFlowAlias;
};
template <>
struct operation_for<DescribeFlowAliasRequest> {
    using type = DescribeFlowAlias;
};
template <>
struct operation_for<UpdateFlowAliasRequest> {
    using type = UpdateFlowAlias;
};
template <>
struct operation_for<ListFlowAliasesRequest> {
    using type = ListFlowAliases;
};
template <>
struct operation_for<DeleteFlowAliasRequest> {
    using type = DeleteFlowAlias;
};

}  // namespace cloudflow::detail
