#include <cloudflow/rpc/signer_v1.hpp>

#include "util/base64.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <array>
#include <stdexcept>

namespace cloudflow {

RpcV1Signature sign_rpc_v1(std::string_view method, const Parameters& params, std::string_view access_key_secret)
{
    RpcV1Signature out;
    out.canonical_query = canonical_query(params);
    out.string_to_sign = std::string(method) + "&" + percent_encode("/") + "&" + percent_encode(out.canonical_query);

    std::string key(access_key_secret);
    key += '&';
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int digest_size = 0;
    const unsigned char* ok = HMAC(EVP_sha1(), key.data(), static_cast<int>(key.size()),
                                   reinterpret_cast<const unsigned char*>(out.string_to_sign.data()),
                                   out.string_to_sign.size(), digest.data(), &digest_size);
    OPENSSL_cleanse(key.data(), key.size());
    if (ok == nullptr) throw std::runtime_error("HMAC-SHA1 failed in OpenSSL");
    out.signature = detail::base64({reinterpret_cast<const char*>(digest.data()), digest_size});
    return out;
}

}  // namespace cloudflow
