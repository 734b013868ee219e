#include "rpc/rpc_request.hpp"

#include <cloudflow/model/timestamp.hpp>

#include <algorithm>
#include <tuple>

namespace cloudflow::detail {
namespace {

// `params` split for a POST: (query, form body), by the call's query fields.
std::pair<Parameters, Parameters> split_for_post(const Parameters& params,
                                                 std::span<const std::string_view> query_fields)
{
    std::pair<Parameters, Parameters> out;
    for (const auto& [name, value] : params) {
        const bool in_query = std::find(query_fields.begin(), query_fields.end(), name) != query_fields.end();
        (in_query ? out.first : out.second).emplace(name, value);
    }
    return out;
}

}  // namespace

bool is_common_parameter(std::string_view name) noexcept
{
    constexpr std::string_view common[] = {"Action",          "Version",          "Format",         "AccessKeyId",
                                           "SignatureMethod", "SignatureVersion", "SignatureNonce", "Timestamp",
                                           "SecurityToken",   "Signature"};
    return std::find(std::begin(common), std::end(common), name) != std::end(common);
}

std::string rpc_timestamp(std::chrono::system_clock::time_point t)
{
    std::string text = format_timestamp(std::chrono::floor<std::chrono::seconds>(t));
    text.erase(19, 4);  // "2024-01-01T00:00:00.000Z" -> "2024-01-01T00:00:00Z"
    return text;
}

HttpRequest build_signed_request(const RpcCall& call, RequestMethod method, const Endpoint& endpoint,
                                 const Credentials& credentials, std::string_view nonce,
                                 std::chrono::system_clock::time_point now, std::string_view user_agent)
{
    Parameters params = *call.params;
    params["Action"] = call.action;
    params["Version"] = call.version;
    params["Format"] = "JSON";
    params["AccessKeyId"] = credentials.access_key_id;
    params["SignatureMethod"] = "HMAC-SHA1";
    params["SignatureVersion"] = "1.0";
    params["SignatureNonce"] = nonce;
    params["Timestamp"] = rpc_timestamp(now);
    if (credentials.security_token) params["SecurityToken"] = *credentials.security_token;

    HttpRequest request;
    request.method = method == RequestMethod::post ? "POST" : "GET";
    params["Signature"] = sign_rpc_v1(request.method, params, credentials.access_key_secret).signature;

    request.scheme = endpoint.scheme;
    request.host = endpoint.host;
    request.port = endpoint.port;
    request.headers = {{"Accept", "application/json"}, {"User-Agent", std::string(user_agent)}};
    if (method == RequestMethod::post) {
        auto [query, body] = split_for_post(params, call.query_fields);
        request.target = query.empty() ? "/" : "/?" + canonical_query(query);
        request.body = canonical_query(body);
        request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    } else {
        request.target = "/?" + canonical_query(params);
    }
    return request;
}

HttpRequest build_v3_signed_request(const RpcCall& call, RequestMethod method, const Endpoint& endpoint,
                                    const Credentials& credentials, std::string_view nonce,
                                    std::chrono::system_clock::time_point now, std::string_view user_agent)
{
    HttpRequest request;
    request.method = method == RequestMethod::post ? "POST" : "GET";
    request.scheme = endpoint.scheme;
    request.host = endpoint.host;
    request.port = endpoint.port;
    Parameters query, body;
    if (method == RequestMethod::post)
        std::tie(query, body) = split_for_post(*call.params, call.query_fields);
    else
        query = *call.params;
    request.target = query.empty() ? "/" : "/?" + canonical_query(query);
    request.body = canonical_query(body);

    const std::string hashed_payload = sha256_hex(request.body);
    Headers signed_headers{{"host", host_header(request)},
                           {"x-acs-action", std::string(call.action)},
                           {"x-acs-version", std::string(call.version)},
                           {"x-acs-date", rpc_timestamp(now)},
                           {"x-acs-signature-nonce", std::string(nonce)},
                           {"x-acs-content-sha256", hashed_payload}};
    if (!request.body.empty()) signed_headers.emplace_back("content-type", "application/x-www-form-urlencoded");
    if (credentials.security_token) signed_headers.emplace_back("x-acs-security-token", *credentials.security_token);
    const auto signature = sign_acs3(request.method, "/", query, signed_headers, hashed_payload,
                                     credentials.access_key_id, credentials.access_key_secret);

    request.headers = {{"Accept", "application/json"}, {"User-Agent", std::string(user_agent)}};
    for (auto& header : signed_headers)
        if (header.first != "host") request.headers.push_back(std::move(header));  // the transport sends Host
    request.headers.emplace_back("Authorization", signature.authorization);
    return request;
}

std::size_t payload_size(const HttpRequest& request) noexcept
{
    if (!request.body.empty()) return request.body.size();
    const auto q = request.target.find('?');
    return q == std::string::npos ? 0 : request.target.size() - q - 1;
}

}  // namespace cloudflow::detail
