#include "rpc/nonce_memory.hpp"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <openssl/rand.h>

#include <array>
#include <cstring>
#include <stdexcept>

namespace cloudflow::local {

// OpenSSL's SipHash-2-4 with a 128-bit output and a key drawn once.
class NonceMemory::Mac {
public:
    Mac() : mac_(EVP_MAC_fetch(nullptr, "SIPHASH", nullptr)), ctx_(mac_ ? EVP_MAC_CTX_new(mac_) : nullptr)
    {
        if (ctx_ == nullptr || RAND_bytes(key_.data(), static_cast<int>(key_.size())) != 1)
            throw std::runtime_error("OpenSSL's SipHash or random generator is not available");
    }
    Mac(const Mac&) = delete;
    Mac& operator=(const Mac&) = delete;
    ~Mac()
    {
        EVP_MAC_CTX_free(ctx_);
        EVP_MAC_free(mac_);
    }

    std::array<unsigned char, 16> operator()(std::string_view text)
    {
        std::size_t size = 16;
        OSSL_PARAM params[] = {OSSL_PARAM_construct_size_t(OSSL_MAC_PARAM_SIZE, &size), OSSL_PARAM_construct_end()};
        std::array<unsigned char, 16> out{};
        std::size_t written = 0;
        if (EVP_MAC_init(ctx_, key_.data(), key_.size(), params) != 1 ||
            EVP_MAC_update(ctx_, reinterpret_cast<const unsigned char*>(text.data()), text.size()) != 1 ||
            EVP_MAC_final(ctx_, out.data(), &written, out.size()) != 1 || written != out.size())
            throw std::runtime_error("SipHash failed in OpenSSL");
        return out;
    }

private:
    EVP_MAC* mac_;
    EVP_MAC_CTX* ctx_;
    std::array<unsigned char, 16> key_{};
};

NonceMemory::NonceMemory(std::size_t capacity) : capacity_(capacity), mac_(std::make_unique<Mac>()) {}

NonceMemory::~NonceMemory() = default;

NonceMemory::Digest NonceMemory::digest(std::string_view nonce)
{
    const auto bytes = (*mac_)(nonce);
    Digest d;
    std::memcpy(&d.high, bytes.data(), sizeof d.high);
    std::memcpy(&d.low, bytes.data() + sizeof d.high, sizeof d.low);
    return d;
}

bool NonceMemory::remember(std::string_view nonce, time_point now, time_point expires)
{
    forget_until(now);
    const Digest d = digest(nonce);
    const auto [it, fresh] = seen_.try_emplace(d, expires);
    if (!fresh) {
        if (it->second > now) return false;
        it->second = expires;  // seen before, but longer ago than the window
    }
    order_.emplace_back(expires, d);
    while (seen_.size() > capacity_) forget_oldest();
    return true;
}

void NonceMemory::forget_until(time_point now)
{
    while (!order_.empty() && order_.front().first <= now) forget_oldest();
}

void NonceMemory::forget_oldest()
{
    // A nonce remembered again later has a newer entry, and stays until that one goes.
    const auto& [expires, d] = order_.front();
    if (const auto it = seen_.find(d); it != seen_.end() && it->second == expires) seen_.erase(it);
    order_.pop_front();
}

}  // namespace cloudflow::local
