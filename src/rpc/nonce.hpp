// SignatureNonce values: random UUIDs, cheap enough to make one per attempt.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace cloudflow::detail {

// A random UUID's text, kept without a heap allocation.
class NonceText {
public:
    std::string_view view() const noexcept { return {text_.data(), text_.size()}; }

private:
    friend NonceText random_nonce_text();
    std::array<char, 36> text_{};
};

// A random UUID (version 4, RFC 4122), e.g. "3f2a9c1e-5b7d-4e2f-8a6c-0d1e2f3a4b5c". The bytes come
// from OpenSSL's DRBG a kilobyte at a time per thread; a forked child never reuses its parent's.
NonceText random_nonce_text();
std::string random_nonce();

}  // namespace cloudflow::detail
