// The version operations' descriptors: PublishFlowVersion, ListFlowVersions, DeleteFlowVersion.
#pragma once

#include <cloudflow/operations/flow_versions.hpp>

#include "operations/operation.hpp"

namespace cloudflow::detail {

// Every call publishes one more version: not retried after it may have been sent.
struct PublishFlowVersion {
    using request_type = PublishFlowVersionRequest;
    using response_type = PublishFlowVersionResponse;
    static constexpr std::string_view action = "PublishFlowVersion";
    static constexpr RequestMethod method = RequestMethod::post;

    static Idempotency idempotency(const request_type&) { return Idempotency::not_idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

struct ListFlowVersions {
    using request_type = ListFlowVersionsRequest;
    using response_type = ListFlowVersionsResponse;
    static constexpr std::string_view action = "ListFlowVersions";
    static constexpr RequestMethod method = RequestMethod::get;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

// A delete: a retried attempt after the first took effect may get a not-exists error.
struct DeleteFlowVersion {
    using request_type = DeleteFlowVersionRequest;
    using response_type = DeleteResponse;
    static constexpr std::string_view action = "DeleteFlowVersion";
    static constexpr RequestMethod method = RequestMethod::post;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

template <>
struct operation_for<PublishFlowVersionRequest> {
    using type = PublishFlowVersion;
};
template <>
struct operation_for<ListFlowVersionsRequest> {
    using type = ListFlowVersions;
};
template <>
struct operation_for<DeleteFlowVersionRequest> {
    using type = DeleteFlowVersion;
};

}  // namespace cloudflow::detail
