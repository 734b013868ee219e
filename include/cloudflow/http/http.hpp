/// @file
/// The HTTP exchange the transport carries: plain values, no socket types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cloudflow {

/// HTTP headers in the order they are sent or arrived; a name may repeat.
using Headers = std::vector<std::pair<std::string, std::string>>;

/// The value of the first header named `name` (compared case-insensitively).
std::optional<std::string_view> find_header(const Headers& headers, std::string_view name) noexcept;

/// One HTTP request, as a Transport sends it.
struct HttpRequest {
    std::string method{};      ///< "GET" or "POST"
    std::string scheme{};      ///< "https" or "http"
    std::string host{};        ///< host name or address, without brackets for IPv6
    std::uint16_t port = 443;  ///< the TCP port
    std::string target{};      ///< origin-form: "/" or "/?query"
    Headers headers{};         ///< Host is added by the transport
    std::string body{};        ///< the body; empty for GET
};

/// The Host header of `request`: the port only when it is not the scheme's default, an IPv6
/// address in brackets. Transports send exactly this; V3 signatures sign it.
std::string host_header(const HttpRequest& request);

/// The request's URL: scheme, "://", host_header(request) and the target
/// ("https://cn-hangzhou.fnf.aliyuncs.com/?Action=..."). It may hold secrets: see redact_url.
std::string request_url(const HttpRequest& request);

/// One HTTP answer, as a Transport returns it.
struct HttpResponse {
    int status = 0;      ///< the status code, e.g. 200
    Headers headers{};   ///< the headers, in the order they arrived
    std::string body{};  ///< the whole body
};

}  // namespace cloudflow
