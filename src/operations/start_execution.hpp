// StartExecution: starts a standard-mode execution. Always named (the SDK names an unnamed one), so
// always safe to repeat.
#pragma once

#include <cloudflow/operations/describe_execution.hpp>
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
    // Without an ExecutionName: "exec-" and a random UUID, made once for the call. Then a repeat
    // answered ExecutionAlreadyExists met the execution an earlier attempt of this call started
    // (no one else has its name), and the call answers with it. A name the caller chose could be
    // anyone's: no rule.
    static std::optional<RepeatRule> prepare(request_type& r);
    static DescribeExecutionRequest repeat_lookup(const request_type& r);
    static void from_lookup(DescribeExecutionResponse&& found, response_type& out);
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

template <>
struct operation_for<StartExecutionRequest> {
    using type = StartExecution;
};

}  // namespace cloudflow::detail
