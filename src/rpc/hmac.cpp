#include "rpc/hmac.hpp"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <memory>
#include <stdexcept>
#include <string>

namespace cloudflow::detail {
namespace {

// The HMAC algorithm, fetched once for the process.
EVP_MAC* hmac_algorithm()
{
    static const std::unique_ptr<EVP_MAC, decltype(&EVP_MAC_free)> mac(EVP_MAC_fetch(nullptr, "HMAC", nullptr),
                                                                       &EVP_MAC_free);
    if (!mac) throw std::runtime_error("OpenSSL has no HMAC");
    return mac.get();
}

// One thread's keyed context for one digest.
class KeyedContext {
public:
    explicit KeyedContext(const char* digest) : digest_(digest) {}
    KeyedContext(const KeyedContext&) = delete;
    KeyedContext& operator=(const KeyedContext&) = delete;
    ~KeyedContext()
    {
        OPENSSL_cleanse(key_.data(), key_.size());
        EVP_MAC_CTX_free(ctx_);
    }

    Mac sign(std::string_view key, std::string_view data)
    {
        const auto* bytes = reinterpret_cast<const unsigned char*>(key.data());
        bool ok = true;
        if (!keyed_ || key != key_) {
            if (ctx_ == nullptr) ctx_ = EVP_MAC_CTX_new(hmac_algorithm());
            OSSL_PARAM params[] = {
                OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>(digest_), 0),
                OSSL_PARAM_construct_end()};
            OPENSSL_cleanse(key_.data(), key_.size());
            key_.clear();
            ok = ctx_ != nullptr && EVP_MAC_init(ctx_, bytes, key.size(), params) == 1;
            if (ok) key_.assign(key);
            keyed_ = ok;
        } else {
            ok = EVP_MAC_init(ctx_, nullptr, 0, nullptr) == 1;  // the same key: start over
        }
        Mac out;
        ok = ok && EVP_MAC_update(ctx_, reinterpret_cast<const unsigned char*>(data.data()), data.size()) == 1 &&
             EVP_MAC_final(ctx_, out.bytes.data(), &out.size, out.bytes.size()) == 1;
        if (!ok) {
            keyed_ = false;  // the next call keys the context again
            throw std::runtime_error(std::string("HMAC-") + digest_ + " failed in OpenSSL");
        }
        return out;
    }

private:
    const char* digest_;
    EVP_MAC_CTX* ctx_ = nullptr;
    std::string key_;
    bool keyed_ = false;
};

}  // namespace

Mac hmac(HmacDigest digest, std::string_view key, std::string_view data)
{
    thread_local KeyedContext sha1("SHA1"), sha256("SHA256");
    return (digest == HmacDigest::sha1 ? sha1 : sha256).sign(key, data);
}

}  // namespace cloudflow::detail
