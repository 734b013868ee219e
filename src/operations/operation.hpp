// What an operation is to the client's one call loop: a descriptor (action, HTTP method,
// idempotency, encode, decode), named by its request type through operation_for, and, erased of
// its types, the OperationCall the loop runs. Nothing operation-specific is in the loop, and
// nothing here knows the client: docs/architecture.md lists what adding an operation takes.
#pragma once

#include <cloudflow/request_limits.hpp>
#include <cloudflow/result.hpp>
#include <cloudflow/rpc/request_method.hpp>

#include "operations/json_reader.hpp"
#include "rpc/parameter_list.hpp"

#include <chrono>
#include <concepts>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace cloudflow::detail {

// May an attempt that may have reached the service be sent again? A read may; StartExecution may
// (it is always named, and the name makes it unique); StartSyncExecution may not.
enum class Idempotency { idempotent, not_idempotent };

// How a repeat is read once an earlier attempt of the same call may have acted. An error answer
// with this service code then says that attempt did what the call asked, and the call succeeds:
// the descriptor's repeat_lookup, when it has one, says which execution to describe for the
// answer; without one the answer is the response's defaults and the repeat's RequestId.
struct RepeatRule {
    std::string_view service_code;  // "ExecutionAlreadyExists", "TaskAlreadyCompleted"
    // Only after an attempt whose answer was lost (a timeout or a broken connection after
    // sending); false: after any earlier attempt (a name no one else can have: any earlier attempt
    // that got through, a 500 included, made it).
    bool after_lost_answer = true;
};

// An operation's encoded parameters, or why its request is invalid: a Result<ParameterList> that
// keeps its (rare) Error on the heap, so that a call's coroutine frame holds the parameters and a
// pointer, not an Error's 256 bytes besides.
class EncodedParameters {
public:
    EncodedParameters(Result<ParameterList> encoded)  // implicit: an operation's encode gives one
    {
        if (encoded)
            params_ = std::move(*encoded);
        else
            error_ = std::make_unique<Error>(std::move(encoded).error());
    }
    explicit operator bool() const noexcept { return !error_; }
    const ParameterList& operator*() const noexcept { return params_; }
    const Error& error() const noexcept { return *error_; }

private:
    ParameterList params_;
    std::unique_ptr<Error> error_;
};

// One call, as the loop sees it.
struct OperationCall {
    std::string_view action;   // "StartSyncExecution"
    RequestMethod method;      // the operation's; ClientConfig::method, when set, wins
    Idempotency idempotency;   // of this request
    EncodedParameters params;  // encoded, or the invalid_request Error
    // Reads a successful answer's JSON object into the caller's typed response; problems stay in
    // the reader.
    std::function<void(JsonReader&)> decode;
    // Parameters that stay in the query of a POST (ReportTask*'s TaskToken), as the official SDK
    // sends them.
    std::span<const std::string_view> query_fields{};
    // How long the service may hold the answer on purpose (DescribeExecution's long poll): each
    // attempt's timeout is extended by it.
    std::chrono::milliseconds server_wait{0};
    // The repeat rule (descriptor's prepare), if any; the loop sets `repeated` (and the answer's
    // RequestId) when it ended the call by it.
    std::optional<RepeatRule> repeat{};
    bool repeated = false;
    std::string repeat_request_id{};
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
        } -> std::same_as<Result<ParameterList>>;
    {
        Op::decode(in, out)
        } -> std::same_as<void>;
};

// The optional members of a descriptor, with their defaults.
template <class Op>
std::span<const std::string_view> query_fields_of()
{
    if constexpr (requires { Op::query_fields; })
        return Op::query_fields;
    else
        return {};
}

template <class Op>
std::chrono::milliseconds server_wait_of(const typename Op::request_type& request)
{
    if constexpr (requires { Op::server_wait(request); })
        return Op::server_wait(request);
    else
        return std::chrono::milliseconds(0);
}

// Completes a request before its call (what the SDK generates for it, once, so every attempt sends
// the same) and gives its repeat rule: the descriptor's `prepare`, when it has one.
template <class Op>
std::optional<RepeatRule> prepare_request(typename Op::request_type& request)
{
    if constexpr (requires { Op::prepare(request); })
        return Op::prepare(request);
    else
        return std::nullopt;
}

// The descriptor of each request type: `template <> struct operation_for<XRequest> { using type = X; };`
// beside each descriptor. The client's methods call the operation through it.
template <class Request>
struct operation_for;
template <class Request>
using operation_for_t = typename operation_for<Request>::type;

// The OperationCall of `request` for the loop, decoding a successful answer into `out`. A
// descriptor with a `make_call` (the raw entry, whose action and method are the request's) builds
// its own; the others are read from their members.
template <class Op>
OperationCall operation_call(const typename Op::request_type& request, const RequestLimits& limits,
                             typename Op::response_type& out)
{
    if constexpr (requires { Op::make_call(request, limits, out); }) {
        return Op::make_call(request, limits, out);
    } else {
        static_assert(Operation<Op>);
        return OperationCall{Op::action,
                             Op::method,
                             Op::idempotency(request),
                             Op::encode(request, limits),
                             [&out](JsonReader& in) { Op::decode(in, out); },
                             query_fields_of<Op>(),
                             server_wait_of<Op>(request)};
    }
}

// A successful answer's body decoded by `Op`: malformed_response (with the RequestId when the
// body had one) for a body that is not a JSON object or breaks one of Op's field rules.
template <Operation Op>
Result<typename Op::response_type> decode_body(std::string_view body, std::size_t max_json_depth)
{
    ScratchJson scratch;
    auto root = parse_json_object(body, max_json_depth, scratch.storage());
    if (!root) return root.error();
    JsonReader in(root->get_object(), max_json_depth);
    typename Op::response_type out;
    Op::decode(in, out);
    if (!in.ok()) return *in.error();
    return out;
}

}  // namespace cloudflow::detail
