// The RPC envelope of a request: its parameters (query and form body), its Action and Version,
// and the key whose signature (V1 or V3) it carries; or the refusal, as the service words it.
#pragma once

#include "rpc/replies.hpp"
#include "rpc/verifier.hpp"

#include <cloudflow/http/http.hpp>
#include <cloudflow/rpc/parameters.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <variant>

namespace cloudflow::local {

struct ServiceRequest {
    std::string method;        // GET or POST
    std::string target;        // "/?query" or "/"
    std::string content_type;  // the Content-Type header, if any
    bool has_host = true;      // whether a Host header came
    std::string body;
    Headers headers;  // every header, as received
};

struct Envelope {
    std::string action;
    Parameters params;  // the query's and the form body's; the query wins a name given in both
    const AccessKey* key = nullptr;
};

// Checks, in the documented order: the Host header, the method, the query and the form body, the
// Action (`served` says which ones exist), the Version, then the signature.
std::variant<Envelope, Refusal> open_envelope(const ServiceRequest& request, SignatureVerifier& verifier,
                                              const std::function<bool(std::string_view)>& served,
                                              std::chrono::system_clock::time_point now);

}  // namespace cloudflow::local
