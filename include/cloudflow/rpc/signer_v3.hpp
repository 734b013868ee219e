/// @file
/// Alibaba Cloud signature V3 (ACS3-HMAC-SHA256): the request is signed over its method, path,
/// query, chosen headers and the SHA-256 of its body, and carries the result in `Authorization`.
#pragma once

#include <cloudflow/http/http.hpp>
#include <cloudflow/rpc/parameters.hpp>

#include <string>
#include <string_view>

namespace cloudflow {

/// The algorithm name of V3 signatures, as the Authorization header carries it.
inline constexpr std::string_view acs3_algorithm = "ACS3-HMAC-SHA256";

/// Lower-case hex of SHA-256(data).
std::string sha256_hex(std::string_view data);

/// A V3 signature and what it was computed from (kept for tests and for debugging a mismatch).
struct Acs3Signature {
    /// The canonical request: method, path, query, signed headers and the payload's hash.
    std::string canonical_request{};
    std::string hashed_canonical_request{};  ///< hex SHA-256 of canonical_request
    std::string signed_headers{};            ///< "content-type;host;x-acs-action;..."
    std::string signature{};                 ///< lower-case hex HMAC-SHA256(secret, string to sign)
    std::string authorization{};             ///< the Authorization header's value
};

/// Signs with V3. `headers` are exactly the headers to sign (host, content-type when there is a
/// body, every x-acs-* header); names are compared and sorted in lower case, values trimmed.
/// `hashed_payload` is sha256_hex(body). The secret is used for the HMAC only.
Acs3Signature sign_acs3(std::string_view method, std::string_view canonical_uri, const Parameters& query,
                        const Headers& headers, std::string_view hashed_payload, std::string_view access_key_id,
                        std::string_view access_key_secret);

}  // namespace cloudflow
