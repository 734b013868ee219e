// StartSyncExecution: runs an express flow and answers with its result.
#pragma once

#include <cloudflow/operations/start_sync_execution.hpp>

#include "operations/operation.hpp"

namespace cloudflow::detail {

struct StartSyncExecution {
    using request_type = StartSyncExecutionRequest;
    using response_type = StartSyncExecutionResponse;
    static constexpr std::string_view action = "StartSyncExecution";
    static constexpr RequestMethod method = RequestMethod::post;

    // The execution may have run when an answer is lost: never sent twice unless the caller says.
    static Idempotency idempotency(const request_type&) { return Idempotency::not_idempotent; }
    static Result<ParameterList> encode(const request_type& r, const RequestLimits& limits);
    static void decode(JsonReader& in, response_type& out);
};

template <>
struct operation_for<StartSyncExecutionRequest> {
    using type = StartSyncExecution;
};

}  // namespace cloudflow::detail
