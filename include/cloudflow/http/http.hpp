// The HTTP exchange the transport carries: plain values, no socket types.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cloudflow {

using Headers = std::vector<std::pair<std::string, std::string>>;

// The value of the first header named `name` (compared case-insensitively).
std::optional<std::string_view> find_header(const Headers& headers, std::string_view name) noexcept;

struct HttpRequest {
    std::string method;  // "GET" or "POST"
    std::string scheme;  // "https" or "http"
    std::string host;    // host name or address, without brackets for IPv6
    std::uint16_t port = 443;
    std::string target;  // origin-form: "/" or "/?query"
    Headers headers;     // Host is added by the transport
    std::string body;
};

// The Host header of `request`: the port only when it is not the scheme's default, an IPv6
// address in brackets. Transports send exactly this; V3 signatures sign it.
std::string host_header(const HttpRequest& request);

// The request's URL: scheme, "://", host_header(request) and the target
// ("https://cn-hangzhou.fnf.aliyuncs.com/?Action=..."). It may hold secrets: see redact_url.
std::string request_url(const HttpRequest& request);

struct HttpResponse {
    int status = 0;
    Headers headers;
    std::string body;
};

}  // namespace cloudflow
