/// @file
/// The raw entry: any fnf action by name, with the same signing, retries and errors as the typed
/// operations, answering with the JSON body. For operations this SDK does not model yet, and for
/// the CLI's `cloudflow call`.
#pragma once

#include <cloudflow/client_config.hpp>
#include <cloudflow/rpc/parameters.hpp>

#include <boost/json/object.hpp>

#include <string>

namespace cloudflow {

struct InvokeResponse;

/// Any action by name (the raw entry): its parameters as given, its answer as JSON.
struct InvokeRequest {
    /// The answer of this operation: Client::async_call completes with `Result<InvokeResponse>`.
    using response_type = InvokeResponse;

    std::string action{};     ///< "DescribeFlow": 1-64 ASCII letters and digits
    Parameters parameters{};  ///< the action's own; the common ones (Action, Signature, ...) are refused
    RequestMethod method = RequestMethod::post;  ///< the HTTP method of the call, POST by default
    /// Whether an attempt that may have reached the service can be sent again (reads: yes).
    bool idempotent = false;
};

/// The answer of an action called by name.
struct InvokeResponse {
    std::string request_id{};    ///< the RequestId the service gave the call
    boost::json::object body{};  ///< the whole answer, RequestId included
};

}  // namespace cloudflow
