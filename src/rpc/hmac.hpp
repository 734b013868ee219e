// HMAC through OpenSSL's EVP_MAC with one keyed context per thread and digest: signing the next
// request with the same secret re-initializes the context instead of fetching the algorithm and
// deriving the key pads again (a third of the cost of a one-shot HMAC()).
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace cloudflow::detail {

enum class HmacDigest { sha1, sha256 };

struct Mac {
    std::array<unsigned char, 64> bytes{};
    std::size_t size = 0;
    std::string_view view() const noexcept { return {reinterpret_cast<const char*>(bytes.data()), size}; }
};

// HMAC-`digest`(key, data). The key is kept by the calling thread's context until a different key
// replaces it (and is then cleansed), or the thread ends. Throws std::runtime_error when OpenSSL fails.
Mac hmac(HmacDigest digest, std::string_view key, std::string_view data);

}  // namespace cloudflow::detail
