// The V1 signature of an already-encoded canonical query: what sign_rpc_v1 and the request
// builder share.
#pragma once

#include <string>
#include <string_view>

namespace cloudflow::detail {

// METHOD&%2F&percent_encode(canonical_query), appended to `out`.
void append_v1_string_to_sign(std::string& out, std::string_view method, std::string_view canonical_query);

// Base64(HMAC-SHA1(secret + "&", string_to_sign)).
std::string v1_signature(std::string_view string_to_sign, std::string_view access_key_secret);

}  // namespace cloudflow::detail
