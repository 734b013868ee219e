#include "operations/invoke.hpp"

#include "rpc/rpc_request.hpp"

#include <algorithm>

namespace cloudflow::detail {
namespace {

Result<ParameterList> checked_parameters(const InvokeRequest& r)
{
    const auto is_alnum = [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    };
    if (r.action.empty() || r.action.size() > 64 || !std::all_of(r.action.begin(), r.action.end(), is_alnum))
        return make_error(errc::invalid_request, "Action must be 1 to 64 ASCII letters and digits", "Action");
    for (const auto& [name, value] : r.parameters) {
        if (name.empty()) return make_error(errc::invalid_request, "a parameter has an empty name", "Parameters");
        if (is_common_parameter(name))
            return make_error(errc::invalid_request,
                              name + " is a common parameter: the client sets it, a request must not", name);
    }
    return ParameterList(r.parameters);
}

}  // namespace

OperationCall Invoke::make_call(const request_type& request, const RequestLimits&, response_type& out)
{
    return OperationCall{request.action, request.method,
                         request.idempotent ? Idempotency::idempotent : Idempotency::not_idempotent,
                         checked_parameters(request), [&out](JsonReader& in) {
                             out.request_id = in.request_id();
                             out.body = in.object();
                         }};
}

}  // namespace cloudflow::detail
