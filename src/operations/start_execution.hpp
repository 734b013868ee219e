// StartExecution: starts a standard-mode execution; idempotent only with an ExecutionName.
#pragma once

#include <cloudflow/operations/start_execution.hpp>

#include "operations/operation.hpp"

namespace cloudflow::detail {

struct StartExecution {
    using request_type = StartExecutionRequest;
    using response_type = StartExecutionResponse;
    static constexpr std::string_view action = "StartExecution";
    static constexpr RequestMethod method = RequestMethod::post;

    // A named start may be sent again: while the execution runs the service returns it, after it
    // ended it answers ExecutionAlreadyExists. An unnamed one would start a second execution.
    static Idempotency idempotency(const request_type& r)
    {
        return r.execution_name ? Idempotency::idempotent : Idempotency::not_idempotent;
    }
    static Result<Parameters> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

template <>
struct operation_for<StartExecutionRequest> {
    using type = StartExecution;
};

}  // namespace cloudflow::detail
