// SignatureNonce values: random UUIDs, cheap enough to make one per attempt.
#pragma once

#include <string>

namespace cloudflow::detail {

// A random UUID (version 4, RFC 4122), e.g. "3f2a9c1e-5b7d-4e2f-8a6c-0d1e2f3a4b5c". The bytes come
// from OpenSSL's DRBG a kilobyte at a time per thread; a forked child never reuses its parent's.
std::string random_nonce();

}  // namespace cloudflow::detail
