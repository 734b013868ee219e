#include <cloudflow/rpc/signer_v1.hpp>

#include "rpc/encoded_query.hpp"
#include "rpc/hmac.hpp"
#include "rpc/v1_signature.hpp"
#include "util/base64.hpp"

#include <openssl/crypto.h>

#include <array>
#include <vector>

namespace cloudflow {

namespace detail {

void append_v1_string_to_sign(std::string& out, std::string_view method, std::string_view canonical_query)
{
    out += method;
    out += "&%2F&";
    append_percent_encoded(out, canonical_query);
}

V1Signature v1_signature(std::string_view string_to_sign, std::string_view access_key_secret)
{
    // The key is the secret and '&', in a buffer on the stack (cleansed) for a secret that fits.
    std::array<char, 256> buffer;
    std::string heap;
    std::string_view key;
    if (access_key_secret.size() < buffer.size()) {
        access_key_secret.copy(buffer.data(), access_key_secret.size());
        buffer[access_key_secret.size()] = '&';
        key = {buffer.data(), access_key_secret.size() + 1};
    } else {
        heap.assign(access_key_secret);
        heap += '&';
        key = heap;
    }
    const Mac mac = hmac(HmacDigest::sha1, key, string_to_sign);
    OPENSSL_cleanse(buffer.data(), buffer.size());
    if (!heap.empty()) OPENSSL_cleanse(heap.data(), heap.size());
    V1Signature out;
    out.size_ = base64_into(out.text_.data(), mac.view());
    return out;
}

}  // namespace detail

bool verify_rpc_v1(std::string_view method, const Parameters& received, std::string_view access_key_secret)
{
    const auto given = received.find("Signature");
    if (given == received.end()) return false;
    std::vector<detail::ParameterView> views;
    views.reserve(received.size());
    for (const auto& [name, value] : received)
        if (name != "Signature") views.push_back({name, value});
    std::string canonical, string_to_sign;
    canonical.reserve(512);
    detail::append_encoded_query(canonical, views);
    string_to_sign.reserve(canonical.size() + canonical.size() / 4 + 16);
    detail::append_v1_string_to_sign(string_to_sign, method, canonical);
    const std::string_view expected = detail::v1_signature(string_to_sign, access_key_secret).view();
    return expected.size() == given->second.size() &&
           CRYPTO_memcmp(expected.data(), given->second.data(), expected.size()) == 0;
}

RpcV1Signature sign_rpc_v1(std::string_view method, const Parameters& params, std::string_view access_key_secret)
{
    RpcV1Signature out;
    out.canonical_query = canonical_query(params);
    detail::append_v1_string_to_sign(out.string_to_sign, method, out.canonical_query);
    out.signature = detail::v1_signature(out.string_to_sign, access_key_secret).view();
    return out;
}

}  // namespace cloudflow
