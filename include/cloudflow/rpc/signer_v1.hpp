/// @file
/// Alibaba Cloud RPC signature V1 (HMAC-SHA1, SignatureVersion 1.0).
#pragma once

#include <cloudflow/rpc/parameters.hpp>

#include <string>
#include <string_view>

namespace cloudflow {

/// A V1 signature and what it was computed from (kept for tests and for debugging a mismatch).
struct RpcV1Signature {
    std::string canonical_query{};  ///< every parameter but Signature, encoded and sorted
    std::string string_to_sign{};   ///< METHOD&%2F&percent_encode(canonical_query)
    std::string signature{};        ///< Base64(HMAC-SHA1(secret + "&", string_to_sign))
};

/// Signs `params` (which must not hold `Signature`) for `method` ("GET" or "POST") with the
/// AccessKey secret. The secret is used for the HMAC only and appears in no output.
RpcV1Signature sign_rpc_v1(std::string_view method, const Parameters& params, std::string_view access_key_secret);

/// What a server checks of a request it received: true when `received` holds a `Signature` equal
/// to the V1 signature of its other parameters for `method` and the secret (compared in constant
/// time). Nothing is copied or kept.
bool verify_rpc_v1(std::string_view method, const Parameters& received, std::string_view access_key_secret);

}  // namespace cloudflow
