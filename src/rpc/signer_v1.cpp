#include <cloudflow/rpc/signer_v1.hpp>

#include "rpc/encoded_query.hpp"
#include "rpc/hmac.hpp"
#include "rpc/v1_signature.hpp"
#include "util/base64.hpp"

#include <openssl/crypto.h>

#include <array>
#include <optional>
#include <vector>

namespace cloudflow {

namespace detail {

void append_v1_string_to_sign_head(std::string& out, std::string_view method)
{
    out += method;
    out += "&%2F&";
}

SigningScratch& thread_signing_scratch()
{
    thread_local SigningScratch scratch;
    scratch.parameters.clear();
    scratch.canonical.clear();
    scratch.string_to_sign.clear();
    return scratch;
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

namespace {

// The V1 signature of `params` (but `skip`, when given), in a Parameters map's order (by name), its
// canonical query and string to sign left in `canonical` and `string_to_sign`; `views` (empty) is
// where the parameters are viewed.
detail::V1Signature sign_parameters(std::string_view method, const Parameters& params,
                                    std::optional<std::string_view> skip, std::string_view access_key_secret,
                                    std::vector<detail::ParameterView>& views, std::string& canonical,
                                    std::string& string_to_sign)
{
    for (const auto& [name, value] : params)
        if (name != skip) views.push_back({name, value});  // without `skip`, every name
    canonical.reserve(512);
    string_to_sign.reserve(640);
    detail::append_v1_string_to_sign_head(string_to_sign, method);
    detail::append_signed_query(canonical, string_to_sign, views);
    return detail::v1_signature(string_to_sign, access_key_secret);
}

}  // namespace

bool verify_rpc_v1(std::string_view method, const Parameters& received, std::string_view access_key_secret)
{
    const auto given = received.find("Signature");
    if (given == received.end()) return false;
    detail::SigningScratch& scratch = detail::thread_signing_scratch();
    const detail::V1Signature expected = sign_parameters(method, received, "Signature", access_key_secret,
                                                         scratch.parameters, scratch.canonical, scratch.string_to_sign);
    const std::string_view text = expected.view();
    return text.size() == given->second.size() && CRYPTO_memcmp(text.data(), given->second.data(), text.size()) == 0;
}

RpcV1Signature sign_rpc_v1(std::string_view method, const Parameters& params, std::string_view access_key_secret)
{
    RpcV1Signature out;
    // Every parameter is signed (the caller's map must not hold Signature).
    const detail::V1Signature signature =
        sign_parameters(method, params, std::nullopt, access_key_secret, detail::thread_signing_scratch().parameters,
                        out.canonical_query, out.string_to_sign);
    out.signature = signature.view();
    return out;
}

}  // namespace cloudflow
