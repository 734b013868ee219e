// The per-thread keyed HMAC contexts, against the RFC 2202 (HMAC-SHA1) and RFC 4231
// (HMAC-SHA256) test vectors, and with the key changing between calls.
#include "rpc/hmac.hpp"

#include <boost/algorithm/hex.hpp>
#include <catch2/catch.hpp>

#include <iterator>
#include <string>
#include <thread>

using cloudflow::detail::hmac;
using cloudflow::detail::HmacDigest;

namespace {

std::string hex(const cloudflow::detail::Mac& mac)
{
    std::string out;
    boost::algorithm::hex_lower(mac.bytes.data(), mac.bytes.data() + mac.size, std::back_inserter(out));
    return out;
}

// RFC 2202 section 3, test cases 1 and 2.
const std::string sha1_key_1(20, '\x0b');
constexpr auto sha1_mac_1 = "b617318655057264e28bc0b6fb378c8ef146be00";
constexpr auto sha1_mac_2 = "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79";
// RFC 4231 section 4.3, test case 2.
constexpr auto sha256_mac_2 = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";

}  // namespace

TEST_CASE("hmac: the RFC 2202 and RFC 4231 vectors")
{
    CHECK(hex(hmac(HmacDigest::sha1, sha1_key_1, "Hi There")) == sha1_mac_1);
    CHECK(hex(hmac(HmacDigest::sha1, "Jefe", "what do ya want for nothing?")) == sha1_mac_2);
    CHECK(hex(hmac(HmacDigest::sha256, "Jefe", "what do ya want for nothing?")) == sha256_mac_2);
}

TEST_CASE("hmac: the same key again, another key, then the first again")
{
    // The context keeps its key between calls: each call must still use the key it is given.
    for (int i = 0; i < 3; ++i) {
        CHECK(hex(hmac(HmacDigest::sha1, "Jefe", "what do ya want for nothing?")) == sha1_mac_2);
        CHECK(hex(hmac(HmacDigest::sha1, sha1_key_1, "Hi There")) == sha1_mac_1);
        CHECK(hex(hmac(HmacDigest::sha1, sha1_key_1, "Hi There")) == sha1_mac_1);
    }
}

TEST_CASE("hmac: an empty key and a key longer than the block")
{
    // RFC 2202 test case 6: an 80-byte key (hashed first, as HMAC says).
    CHECK(hex(hmac(HmacDigest::sha1, std::string(80, '\xaa'),
                   "Test Using Larger Than Block-Size Key - Hash Key First")) ==
          "aa4ae5e15272d00e95705637ce8a3b55ed402112");
    // HMAC-SHA1 with an empty key and message (a widely published value).
    CHECK(hex(hmac(HmacDigest::sha1, "", "")) == "fbdb1d1b18aa6c08324b7d64b71fb76370690e1d");
}

TEST_CASE("hmac: each thread has its own context")
{
    std::string other;
    std::thread t([&] { other = hex(hmac(HmacDigest::sha256, "Jefe", "what do ya want for nothing?")); });
    const std::string here = hex(hmac(HmacDigest::sha1, sha1_key_1, "Hi There"));
    t.join();
    CHECK(other == sha256_mac_2);
    CHECK(here == sha1_mac_1);
}
