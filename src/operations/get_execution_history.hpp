// GetExecutionHistory: one page of an execution's events.
#pragma once

#include <cloudflow/operations/get_execution_history.hpp>

#include "operations/operation.hpp"

namespace cloudflow::detail {

struct GetExecutionHistory {
    using request_type = GetExecutionHistoryRequest;
    using response_type = GetExecutionHistoryResponse;
    static constexpr std::string_view action = "GetExecutionHistory";
    static constexpr RequestMethod method = RequestMethod::get;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

template <>
struct operation_for<GetExecutionHistoryRequest> {
    using type = GetExecutionHistory;
};

}  // namespace cloudflow::detail
