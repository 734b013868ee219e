// What an operation is to the client's one call loop: a descriptor (action, HTTP method,
// idempotency, encode, decode) and, erased of its types, the OperationCall the loop runs. Adding an operation is one
// descriptor in src/operations/<operation>.cpp; nothing operation-specific is in the loop.
#pragma once

#include <cloudflow/client_config.hpp>
#include <cloudflow/parameters.hpp>
#include <cloudflow/request_limits.hpp>
#include <cloudflow/result.hpp>

#include "operations/json_reader.hpp"

#include <concepts>
#include <functional>
#include <string_view>

namespace cloudflow::detail {

// May an attempt that may have reached the service be sent again? A read may; StartExecution
// with an ExecutionName may (the name makes it unique); StartSyncExecution may not.
enum class Idempotency { idempotent, not_idempotent };

// One call, as the loop sees it.
struct OperationCall {
    std::string_view action;    // "StartSyncExecution"
    RequestMethod method;       // the operation's; ClientConfig::method, when set, wins
    Idempotency idempotency;    // of this request
    Result<Parameters> params;  // encoded, or the invalid_request Error
    // Reads a successful answer's JSON object into the caller's typed response; problems stay in
    // the reader.
    std::function<void(JsonReader&)> decode;
};

template <class Op>
concept Operation = requires(const typename Op::request_type& request, const RequestLimits& limits, JsonReader& in,
                             typename Op::response_type& out)
{
    {
        Op::action
        } -> std::convertible_to<std::string_view>;
    {
        Op::method
        } -> std::convertible_to<RequestMethod>;
    {
        Op::idempotency(request)
        } -> std::same_as<Idempotency>;
    {
        Op::encode(request, limits)
        } -> std::same_as<Result<Parameters>>;
    {
        Op::decode(in, out)
        } -> std::same_as<void>;
};

}  // namespace cloudflow::detail
