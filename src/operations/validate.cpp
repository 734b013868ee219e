// validate<Request>: the checks of the request's call (its descriptor's encode, or the raw entry's
// own), compiled once for every operation of operations/all.hpp's list.
#include <cloudflow/validate.hpp>

#include "operations/all.hpp"

namespace cloudflow {

template <class Request>
Result<void> validate(const Request& request, const RequestLimits& limits)
{
    typename Request::response_type unused;
    const auto encoded = detail::operation_call<detail::operation_for_t<Request>>(request, limits, unused).params;
    if (!encoded) return encoded.error();
    return {};
}

#define CLOUDFLOW_VALIDATE(Op)                                                                                         \
    template Result<void> validate<detail::Op::request_type>(const detail::Op::request_type&, const RequestLimits&);
CLOUDFLOW_FOR_EACH_OPERATION(CLOUDFLOW_VALIDATE)
#undef CLOUDFLOW_VALIDATE

}  // namespace cloudflow
