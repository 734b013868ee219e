// DescribeRegions' descriptor. It only reads, but the service takes it as a POST: kept.
#pragma once

#include <cloudflow/operations/regions.hpp>

#include "operations/operation.hpp"

namespace cloudflow::detail {

struct DescribeRegions {
    using request_type = DescribeRegionsRequest;
    using response_type = DescribeRegionsResponse;
    static constexpr std::string_view action = "DescribeRegions";
    static constexpr RequestMethod method = RequestMethod::post;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

template <>
struct operation_for<DescribeRegionsRequest> {
    using type = DescribeRegions;
};

}  // namespace cloudflow::detail
