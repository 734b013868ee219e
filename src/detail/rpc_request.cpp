#include "detail/rpc_request.hpp"

#include <cloudflow/timestamp.hpp>

namespace cloudflow::detail {

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
        request.target = "/";
        request.body = canonical_query(params);
        request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    } else {
        request.target = "/?" + canonical_query(params);
    }
    return request;
}

std::size_t payload_size(const HttpRequest& request) noexcept
{
    if (!request.body.empty()) return request.body.size();
    const auto q = request.target.find('?');
    return q == std::string::npos ? 0 : request.target.size() - q - 1;
}

}  // namespace cloudflow::detail
