// The raw entry: an action by name, with the caller's parameters, run by the same loop as every
// typed operation. Its action, method and idempotency are the request's own.
#pragma once

#include <cloudflow/operations/invoke.hpp>

#include "operations/operation.hpp"

namespace cloudflow::detail {

struct Invoke {
    using request_type = InvokeRequest;
    using response_type = InvokeResponse;

    // The call of `request` (its action and parameters checked), decoding the answer's whole
    // object into `out`. `request` must outlive the call: the call names its action.
    static OperationCall make_call(const request_type& request, const RequestLimits& limits, response_type& out);
};

template <>
struct operation_for<InvokeRequest> {
    using type = Invoke;
};

}  // namespace cloudflow::detail
