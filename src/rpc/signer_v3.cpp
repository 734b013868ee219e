#include <cloudflow/rpc/signer_v3.hpp>

#include "rpc/hmac.hpp"

#include <boost/algorithm/hex.hpp>
#include <boost/algorithm/string/case_conv.hpp>
#include <boost/algorithm/string/trim.hpp>

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <stdexcept>

namespace cloudflow {
namespace {

std::string hex(const unsigned char* data, std::size_t size)
{
    std::string out;
    out.reserve(size * 2);
    boost::algorithm::hex_lower(data, data + size, std::back_inserter(out));
    return out;
}

}  // namespace

std::string sha256_hex(std::string_view data)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned int size = 0;
    if (EVP_Digest(data.data(), data.size(), digest.data(), &size, EVP_sha256(), nullptr) != 1)
        throw std::runtime_error("SHA-256 failed in OpenSSL");
    return hex(digest.data(), size);
}

Acs3Signature sign_acs3(std::string_view method, std::string_view canonical_uri, const Parameters& query,
                        const Headers& headers, std::string_view hashed_payload, std::string_view access_key_id,
                        std::string_view access_key_secret)
{
    std::vector<std::pair<std::string, std::string>> canonical;
    for (const auto& [name, value] : headers)
        canonical.emplace_back(boost::algorithm::to_lower_copy(name), boost::algorithm::trim_copy(value));
    std::sort(canonical.begin(), canonical.end());

    Acs3Signature out;
    std::string canonical_headers;
    for (const auto& [name, value] : canonical) {
        canonical_headers += name;
        canonical_headers += ':';
        canonical_headers += value;
        canonical_headers += '\n';
        if (!out.signed_headers.empty()) out.signed_headers += ';';
        out.signed_headers += name;
    }
    out.canonical_request = std::string(method) + "\n" + std::string(canonical_uri) + "\n" + canonical_query(query) +
                            "\n" + canonical_headers + "\n" + out.signed_headers + "\n" + std::string(hashed_payload);
    out.hashed_canonical_request = sha256_hex(out.canonical_request);
    const std::string string_to_sign = std::string(acs3_algorithm) + "\n" + out.hashed_canonical_request;

    const detail::Mac mac = detail::hmac(detail::HmacDigest::sha256, access_key_secret, string_to_sign);
    out.signature = hex(mac.bytes.data(), mac.size);
    out.authorization = std::string(acs3_algorithm) + " Credential=" + std::string(access_key_id) +
                        ",SignedHeaders=" + out.signed_headers + ",Signature=" + out.signature;
    return out;
}

}  // namespace cloudflow
