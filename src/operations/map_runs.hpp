// The map-run operations' descriptors: DescribeMapRun and UpdateMapRun. UpdateMapRun changes
// state but the service takes it as a GET: kept.
#pragma once

#include <cloudflow/operations/map_runs.hpp>

#include "operations/operation.hpp"

namespace cloudflow::detail {

struct DescribeMapRun {
    using request_type = DescribeMapRunRequest;
    using response_type = DescribeMapRunResponse;
    static constexpr std::string_view action = "DescribeMapRun";
    static constexpr RequestMethod method = RequestMethod::get;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

// Sets values: the same request twice has the effect of one.
struct UpdateMapRun {
    using request_type = UpdateMapRunRequest;
    using response_type = UpdateMapRunResponse;
    static constexpr std::string_view action = "UpdateMapRun";
    static constexpr RequestMethod method = RequestMethod::get;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

template <>
struct operation_for<DescribeMapRunRequest> {
    using type = DescribeMapRun;
};
template <>
struct operation_for<UpdateMapRunRequest> {
    using type = UpdateMapRun;
};

}  // namespace cloudflow::detail
