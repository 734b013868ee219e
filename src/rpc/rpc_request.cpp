#include "rpc/rpc_request.hpp"

#include <cloudflow/model/timestamp.hpp>

#include "rpc/encoded_query.hpp"
#include "rpc/v1_signature.hpp"

#include <algorithm>
#include <tuple>

namespace cloudflow::detail {
namespace {

// `params` split for a POST: (query, form body), by the call's query fields.
std::pair<Parameters, Parameters> split_for_post(const ParameterList& params,
                                                 std::span<const std::string_view> query_fields)
{
    std::pair<Parameters, Parameters> out;
    for (const auto [name, value] : params) {
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

namespace {

// rpc_timestamp's text, formatted once a second per thread: calls in the same second share it. The
// view is valid until the thread asks for another second's.
std::string_view thread_timestamp(std::chrono::system_clock::time_point t)
{
    struct Last {
        std::chrono::sys_seconds second{std::chrono::sys_seconds::min()};
        std::string text;
    };
    thread_local Last last;
    const auto second = std::chrono::floor<std::chrono::seconds>(t);
    if (second != last.second) {
        last.text = format_timestamp(second);
        last.text.erase(19, 4);  // "2024-01-01T00:00:00.000Z" -> "2024-01-01T00:00:00Z"
        last.second = second;
    }
    return last.text;
}

}  // namespace

std::string rpc_timestamp(std::chrono::system_clock::time_point t)
{
    return std::string(thread_timestamp(t));
}

HttpRequest build_signed_request(const RpcCall& call, RequestMethod method, const Endpoint& endpoint,
                                 const Credentials& credentials, std::string_view nonce,
                                 std::chrono::system_clock::time_point now, std::string_view user_agent)
{
    // Every parameter as a view, sorted by name: the operation's (nothing copied) and the common ones.
    SigningScratch& scratch = thread_signing_scratch();
    const std::string_view timestamp = thread_timestamp(now);
    std::vector<ParameterView>& all = scratch.parameters;
    for (const auto [name, value] : *call.params)
        if (!is_common_parameter(name)) all.push_back({name, value});
    // The common parameters' names and fixed values are copied without a check (PlainText).
    all.push_back(with_plain_name("Action", call.action));
    all.push_back(with_plain_name("Version", call.version));
    all.push_back(plain_parameter("Format", "JSON"));
    all.push_back(with_plain_name("AccessKeyId", credentials.access_key_id));
    all.push_back(plain_parameter("SignatureMethod", "HMAC-SHA1"));
    all.push_back(plain_parameter("SignatureVersion", "1.0"));
    all.push_back(with_plain_name("SignatureNonce", nonce));
    all.push_back(with_plain_name("Timestamp", timestamp));
    if (credentials.security_token) all.push_back(with_plain_name("SecurityToken", *credentials.security_token));
    std::sort(all.begin(), all.end());

    HttpRequest request;
    request.method = method == RequestMethod::post ? "POST" : "GET";
    // The canonical query, and where Signature goes in it: before the first name above "Signature".
    const auto after = std::upper_bound(all.begin(), all.end(), ParameterView{"Signature", {}});
    // The string to sign is built with it, in the same pass.
    std::string& canonical = scratch.canonical;
    append_v1_string_to_sign_head(scratch.string_to_sign, request.method);
    append_signed_query(canonical, scratch.string_to_sign, {all.begin(), after});
    const std::size_t split = canonical.size();
    const bool joined = after != all.begin() && after != all.end();
    append_signed_query(canonical, scratch.string_to_sign, {after, all.end()});

    const V1Signature signed_text = v1_signature(scratch.string_to_sign, credentials.access_key_secret);
    const std::string_view signature = signed_text.view();

    request.scheme = endpoint.scheme;
    request.host = endpoint.host;
    request.port = endpoint.port;
    request.headers.reserve(4);  // these two, Content-Type, and one of the caller's (CallOptions::headers)
    request.headers.emplace_back("Accept", "application/json");
    request.headers.emplace_back("User-Agent", user_agent);

    // Every parameter sent together, sorted, Signature in its place: the canonical query, spliced.
    const auto signed_query = [&](std::string out) {
        out.reserve(out.size() + canonical.size() + 48);
        out.append(canonical, 0, split);
        if (split > 0) out += '&';
        out += "Signature=";
        append_percent_encoded(out, signature);
        if (after != all.end()) {
            out += '&';
            out.append(canonical, split + (joined ? 1 : 0));
        }
        return out;
    };
    // Some parameters in the query of a POST, the others with Signature in the body.
    const auto with_signature = [&](std::span<const ParameterView> sent) {
        std::string out;
        const auto at = std::upper_bound(sent.begin(), sent.end(), ParameterView{"Signature", {}});
        const ParameterView signature_parameter{"Signature", signature};
        append_encoded_query(out, {sent.begin(), at});
        if (at != sent.begin()) out += '&';
        append_encoded_query(out, {&signature_parameter, 1});
        if (at != sent.end()) out += '&';
        append_encoded_query(out, {at, sent.end()});
        return out;
    };
    if (method == RequestMethod::get) {
        request.target = signed_query("/?");
    } else if (call.query_fields.empty()) {
        request.target = "/";
        request.body = signed_query({});
        request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
    } else {
        std::vector<ParameterView> query, body;
        for (const auto& p : all)
            (std::find(call.query_fields.begin(), call.query_fields.end(), p.name) != call.query_fields.end() ? query
                                                                                                              : body)
                .push_back(p);
        request.target = "/";
        if (!query.empty()) {
            request.target += '?';
            append_encoded_query(request.target, query);
        }
        request.body = with_signature(body);
        request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
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
    // Where the parameters go: V3 signs them as a map (sign_acs3), split when a POST keeps some in
    // the query.
    std::pair<Parameters, Parameters> split;
    if (method == RequestMethod::post && call.query_fields.empty())
        split.second = call.params->to_map();
    else if (method == RequestMethod::post)
        split = split_for_post(*call.params, call.query_fields);
    else
        split.first = call.params->to_map();
    const Parameters& query = split.first;
    request.target = query.empty() ? "/" : "/?" + canonical_query(query);
    request.body = canonical_query(split.second);

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
