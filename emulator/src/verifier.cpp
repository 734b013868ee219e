#include "verifier.hpp"

#include <cloudflow/signer.hpp>
#include <cloudflow/timestamp.hpp>

#include <openssl/crypto.h>

namespace cloudflow::local {

std::variant<const AccessKey*, Refusal> SignatureVerifier::verify(std::string_view method, const Parameters& params,
                                                                  std::chrono::system_clock::time_point now)
{
    for (const char* name : {"AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce", "Timestamp"})
        if (!params.contains(name))
            return Refusal{400, "MissingRequiredParams",
                           "The HTTP query '" + std::string(name) + "' must be specified."};
    if (params.at("SignatureMethod") != "HMAC-SHA1")
        return Refusal{400, "InvalidArgument",
                       "The SignatureMethod " + params.at("SignatureMethod") + " is not supported."};
    if (auto v = params.find("SignatureVersion"); v != params.end() && v->second != "1.0")
        return Refusal{400, "InvalidArgument", "The SignatureVersion " + v->second + " is not supported."};

    const AccessKey* key = config_.find_key(params.at("AccessKeyId"));
    if (key == nullptr)
        return Refusal{403, "InvalidAccessKeyID", "The AccessKey ID " + params.at("AccessKeyId") + " is invalid."};

    const std::string& stamp = params.at("Timestamp");
    const auto when = parse_timestamp(stamp);
    if (!when) return Refusal{400, "InvalidArgument", "The Timestamp " + stamp + " is not an ISO 8601 UTC time."};
    const auto skew = *when > now ? *when - now : now - *when;
    if (skew > config_.timestamp_window)
        return Refusal{403, "RequestTimeTooSkewed",
                       "The difference between the request time " + stamp + " and the current time " +
                           format_timestamp(std::chrono::floor<std::chrono::milliseconds>(now)) + " is too large."};

    Parameters signed_params = params;
    signed_params.erase("Signature");
    const std::string expected = sign_rpc_v1(method, signed_params, key->secret).signature;
    const std::string& given = params.at("Signature");
    if (expected.size() != given.size() || CRYPTO_memcmp(expected.data(), given.data(), given.size()) != 0)
        return Refusal{403, "SignatureNotMatch",
                       "The request signature we calculated does not match the signature you provided. Check your "
                       "access key and signing method."};

    forget_expired(now);
    const auto [it, fresh] = nonces_.try_emplace(params.at("SignatureNonce"), now + config_.timestamp_window);
    if (!fresh) {
        if (it->second > now) return Refusal{400, "SignatureNonceUsed", "The request signature nonce has been used."};
        it->second = now + config_.timestamp_window;  // seen before, but longer ago than the window
    }
    return key;
}

void SignatureVerifier::forget_expired(std::chrono::system_clock::time_point now)
{
    if (nonces_.size() < 4096) return;
    std::erase_if(nonces_, [now](const auto& entry) { return entry.second <= now; });
}

}  // namespace cloudflow::local
