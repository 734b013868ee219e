#include "rpc/verifier.hpp"

#include <cloudflow/model/timestamp.hpp>
#include <cloudflow/rpc/signer_v1.hpp>
#include <cloudflow/rpc/signer_v3.hpp>

#include <boost/algorithm/string/case_conv.hpp>

#include <openssl/crypto.h>

namespace cloudflow::local {
namespace {

Refusal mismatch()
{
    return Refusal{403, "SignatureNotMatch",
                   "The request signature we calculated does not match the signature you provided. Check your access "
                   "key and signing method."};
}

bool same(std::string_view expected, std::string_view given)
{
    return expected.size() == given.size() && CRYPTO_memcmp(expected.data(), given.data(), given.size()) == 0;
}

std::string lower(std::string_view s)
{
    return boost::algorithm::to_lower_copy(std::string(s));
}

// "ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=a;b,Signature=hex" into its three parts.
struct Authorization {
    std::string credential, signed_headers, signature;
};

std::optional<Authorization> parse_authorization(std::string_view value)
{
    if (!value.starts_with(acs3_algorithm) || value.size() <= acs3_algorithm.size() ||
        value[acs3_algorithm.size()] != ' ')
        return std::nullopt;
    value.remove_prefix(acs3_algorithm.size() + 1);
    Authorization out;
    while (!value.empty()) {
        const auto comma = value.find(',');
        std::string_view item = value.substr(0, comma);
        value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        const auto eq = item.find('=');
        if (eq == std::string_view::npos) return std::nullopt;
        const auto key = item.substr(0, eq), v = item.substr(eq + 1);
        if (key == "Credential")
            out.credential = v;
        else if (key == "SignedHeaders")
            out.signed_headers = v;
        else if (key == "Signature")
            out.signature = v;
    }
    if (out.credential.empty() || out.signed_headers.empty() || out.signature.empty()) return std::nullopt;
    return out;
}

}  // namespace

std::optional<Refusal> SignatureVerifier::check_time(std::string_view field, std::string_view stamp,
                                                     std::chrono::system_clock::time_point now) const
{
    const auto when = parse_timestamp(stamp);
    if (!when)
        return Refusal{400, "InvalidArgument",
                       "The " + std::string(field) + " " + std::string(stamp) + " is not an ISO 8601 UTC time."};
    const auto skew = *when > now ? *when - now : now - *when;
    if (skew > config_.timestamp_window)
        return Refusal{403, "RequestTimeTooSkewed",
                       "The difference between the request time " + std::string(stamp) + " and the current time " +
                           format_timestamp(std::chrono::floor<std::chrono::milliseconds>(now)) + " is too large."};
    return std::nullopt;
}

std::optional<Refusal> SignatureVerifier::check_nonce(std::string_view nonce, std::chrono::system_clock::time_point now)
{
    if (!nonces_.remember(nonce, now, now + config_.timestamp_window))
        return Refusal{400, "SignatureNonceUsed", "The request signature nonce has been used."};
    return std::nullopt;
}

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
    if (auto refusal = check_time("Timestamp", params.at("Timestamp"), now)) return *refusal;

    if (!verify_rpc_v1(method, params, key->secret)) return mismatch();
    if (auto refusal = check_nonce(params.at("SignatureNonce"), now)) return *refusal;
    return key;
}

std::variant<const AccessKey*, Refusal> SignatureVerifier::verify_v3(std::string_view method, std::string_view target,
                                                                     const Headers& headers, std::string_view body,
                                                                     std::chrono::system_clock::time_point now)
{
    const auto auth = parse_authorization(find_header(headers, "Authorization").value_or(""));
    if (!auth) return Refusal{400, "InvalidArgument", "The Authorization header is malformed."};
    for (const char* name : {"x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"})
        if (!find_header(headers, name))
            return Refusal{400, "MissingRequiredHeader",
                           "The HTTP header '" + std::string(name) + "' must be specified."};

    const AccessKey* key = config_.find_key(auth->credential);
    if (key == nullptr)
        return Refusal{403, "InvalidAccessKeyID", "The AccessKey ID " + auth->credential + " is invalid."};
    if (auto refusal = check_time("x-acs-date", *find_header(headers, "x-acs-date"), now)) return *refusal;

    // Recompute over exactly the headers the client named, as they arrived (host with its port).
    const std::string hashed_payload = sha256_hex(body);
    if (lower(*find_header(headers, "x-acs-content-sha256")) != hashed_payload) return mismatch();
    Headers signed_headers;
    bool has_host = false;
    std::string_view names = auth->signed_headers;
    while (!names.empty()) {
        const auto semicolon = names.find(';');
        const std::string name = lower(names.substr(0, semicolon));
        names = semicolon == std::string_view::npos ? std::string_view{} : names.substr(semicolon + 1);
        const auto value = find_header(headers, name);
        if (!value) return mismatch();
        has_host = has_host || name == "host";
        signed_headers.emplace_back(name, std::string(*value));
    }
    if (!has_host) return mismatch();
    for (const auto& [name, value] : headers) {  // every x-acs-* header that came must be signed
        const std::string lowered = lower(name);
        if (!lowered.starts_with("x-acs-")) continue;
        bool is_signed = false;
        for (const auto& signed_header : signed_headers) is_signed = is_signed || signed_header.first == lowered;
        if (!is_signed) return mismatch();
    }

    Parameters query;
    if (const auto q = target.find('?'); q != std::string_view::npos) {
        auto decoded = decode_parameters(target.substr(q + 1));
        if (!decoded) return Refusal{400, "InvalidArgument", "The query string is not valid percent-encoded text."};
        query = std::move(*decoded);
    }
    const auto expected = sign_acs3(method, "/", query, signed_headers, hashed_payload, auth->credential, key->secret);
    if (!same(expected.signature, auth->signature)) return mismatch();
    if (auto refusal = check_nonce(*find_header(headers, "x-acs-signature-nonce"), now)) return *refusal;
    return key;
}

}  // namespace cloudflow::local
