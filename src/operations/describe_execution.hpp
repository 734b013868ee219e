// DescribeExecution: a read, and a long poll of up to 60 s.
#pragma once

#include <cloudflow/operations/describe_execution.hpp>

#include "operations/operation.hpp"

namespace cloudflow::detail {

struct DescribeExecution {
    using request_type = DescribeExecutionRequest;
    using response_type = DescribeExecutionResponse;
    static constexpr std::string_view action = "DescribeExecution";
    static constexpr RequestMethod method = RequestMethod::get;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
    // The service holds the answer for up to WaitTimeSeconds.
    static std::chrono::milliseconds server_wait(const request_type& r);
};

template <>
struct operation_for<DescribeExecutionRequest> {
    using type = DescribeExecution;
};

}  // namespace cloudflow::detail
