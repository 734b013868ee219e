// ListExecutions: one page of a flow's executions.
#pragma once

#include <cloudflow/operations/list_executions.hpp>

#include "operations/operation.hpp"

namespace cloudflow::detail {

struct ListExecutions {
    using request_type = ListExecutionsRequest;
    using response_type = ListExecutionsResponse;
    static constexpr std::string_view action = "ListExecutions";
    static constexpr RequestMethod method = RequestMethod::get;

    static Idempotency idempotency(const request_type&) { return Idempotency::idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

template <>
struct operation_for<ListExecutionsRequest> {
    using type = ListExecutions;
};

}  // namespace cloudflow::detail
