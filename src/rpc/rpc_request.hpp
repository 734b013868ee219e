// An RPC-style request (Action, Version, parameters) turned into a signed HTTP request.
#pragma once

#include <cloudflow/credentials/credentials.hpp>
#include <cloudflow/endpoint.hpp>
#include <cloudflow/http/http.hpp>
#include <cloudflow/rpc/request_method.hpp>
#include <cloudflow/rpc/signer_v1.hpp>
#include <cloudflow/rpc/signer_v3.hpp>

#include "rpc/parameter_list.hpp"

#include <chrono>
#include <span>
#include <string_view>

namespace cloudflow::detail {

inline constexpr std::string_view api_version = "2019-03-15";

struct RpcCall {
    std::string_view action;      // e.g. "StartSyncExecution"
    std::string_view version;     // e.g. "2019-03-15"
    const ParameterList* params;  // the operation's own parameters
    // Those of `params` that a POST sends in the query rather than in the form body.
    std::span<const std::string_view> query_fields{};
};

// Whether `name` is one of the parameters every request carries (Action, Version, Signature, ...),
// which an operation's own parameters must not set.
bool is_common_parameter(std::string_view name) noexcept;

// `YYYY-MM-DDThh:mm:ssZ`, the signature's Timestamp.
std::string rpc_timestamp(std::chrono::system_clock::time_point t);

// Adds the common parameters (Format JSON, SignatureMethod HMAC-SHA1, ...), signs with V1 and
// lays the result out as GET (query) or POST (form body).
HttpRequest build_signed_request(const RpcCall& call, RequestMethod method, const Endpoint& endpoint,
                                 const Credentials& credentials, std::string_view nonce,
                                 std::chrono::system_clock::time_point now, std::string_view user_agent);

// The same call signed with V3: the operation's parameters in the form body (POST) or the query
// (GET); Action, Version, time, nonce and body hash in x-acs-* headers; the signature in
// Authorization.
HttpRequest build_v3_signed_request(const RpcCall& call, RequestMethod method, const Endpoint& endpoint,
                                    const Credentials& credentials, std::string_view nonce,
                                    std::chrono::system_clock::time_point now, std::string_view user_agent);

// The size that counts against RequestLimits::max_request_bytes: the body of a POST, the query of
// a GET.
std::size_t payload_size(const HttpRequest& request) noexcept;

}  // namespace cloudflow::detail
