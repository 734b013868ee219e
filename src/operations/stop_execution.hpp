// StopExecution: stops an execution in progress.
#pragma once

#include <cloudflow/operations/stop_execution.hpp>

#include "operations/operation.hpp"

namespace cloudflow::detail {

struct StopExecution {
    using request_type = StopExecutionRequest;
    using response_type = StopExecutionResponse;
    static constexpr std::string_view action = "StopExecution";
    static constexpr RequestMethod method = RequestMethod::post;

    // Stopping twice has the effect of stopping once; a retried attempt whose first one stopped
    // the execution is answered with an error saying it has already ended (docs/operations.md).
    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

template <>
struct operation_for<StopExecutionRequest> {
    using type = StopExecution;
};

}  // namespace cloudflow::detail
