// The floor's V1 signer: Base64(HMAC-SHA1(secret + "&", string to sign)) with one keyed EVP_MAC
// context reused for every signature, the least work a signature can take. Used by the CPU
// benchmark's lowest floor and by the floor client (floor_client.cpp); header-only, no SDK code.
#pragma once

#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <array>
#include <string>
#include <string_view>

namespace cloudflow::bench {

class FloorSigner {
public:
    explicit FloorSigner(std::string_view secret)
        : mac_(EVP_MAC_fetch(nullptr, "HMAC", nullptr)), ctx_(EVP_MAC_CTX_new(mac_))
    {
        const std::string key = std::string(secret) + "&";
        OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>("SHA1"), 0),
                               OSSL_PARAM_construct_end()};
        EVP_MAC_init(ctx_, reinterpret_cast<const unsigned char*>(key.data()), key.size(), params);
    }
    FloorSigner(const FloorSigner&) = delete;
    FloorSigner& operator=(const FloorSigner&) = delete;
    ~FloorSigner()
    {
        EVP_MAC_CTX_free(ctx_);
        EVP_MAC_free(mac_);
    }

    // The Base64 signature of `string_to_sign`, valid until the next call.
    std::string_view sign(std::string_view string_to_sign)
    {
        std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
        std::size_t size = 0;
        EVP_MAC_init(ctx_, nullptr, 0, nullptr);
        EVP_MAC_update(ctx_, reinterpret_cast<const unsigned char*>(string_to_sign.data()), string_to_sign.size());
        EVP_MAC_final(ctx_, digest.data(), &size, digest.size());
        const int length = EVP_EncodeBlock(text_.data(), digest.data(), static_cast<int>(size));
        return {reinterpret_cast<const char*>(text_.data()), static_cast<std::size_t>(length)};
    }

private:
    EVP_MAC* mac_;
    EVP_MAC_CTX* ctx_;
    std::array<unsigned char, 64> text_{};
};

}  // namespace cloudflow::bench
