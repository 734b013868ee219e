// The V1 string to sign and its signature: what sign_rpc_v1, verify_rpc_v1 and the request
// builder share.
#pragma once

#include "rpc/encoded_query.hpp"

#include <array>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace cloudflow::detail {

// METHOD&%2F&: the start of a V1 string to sign, appended to `out`; append_signed_query
// (encoded_query.hpp) appends the rest, percent_encode(canonical query), as it builds the query.
void append_v1_string_to_sign_head(std::string& out, std::string_view method);

// A V1 signature's text: the Base64 of a 20-byte HMAC-SHA1, kept without a heap allocation.
class V1Signature {
public:
    std::string_view view() const noexcept { return {text_.data(), size_}; }

private:
    friend V1Signature v1_signature(std::string_view, std::string_view);
    std::array<char, 32> text_{};  // 28 characters and EVP_EncodeBlock's NUL
    std::size_t size_ = 0;
};

// One thread's buffers for the text a V1 signature is computed over, kept from call to call for
// their capacity (neither text is secret): the request builder's, and sign_rpc_v1's and
// verify_rpc_v1's. thread_signing_scratch() gives them cleared; a caller is done with them before
// it returns (none of their users calls another).
struct SigningScratch {
    std::vector<ParameterView> parameters;
    std::string canonical, string_to_sign;
};
SigningScratch& thread_signing_scratch();

// Base64(HMAC-SHA1(secret + "&", string_to_sign)).
V1Signature v1_signature(std::string_view string_to_sign, std::string_view access_key_secret);

}  // namespace cloudflow::detail
