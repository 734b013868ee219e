// Which HTTP proxy, if any, a request goes through.
#pragma once

#include <cloudflow/endpoint.hpp>
#include <cloudflow/http/http.hpp>
#include <cloudflow/result.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cloudflow::detail {

struct ProxyRoute {
    Endpoint proxy;             // http://host:port
    std::string authorization;  // "Basic ..." for Proxy-Authorization, or empty
};

struct ProxySettings {
    std::string https_proxy;  // for https:// targets
    std::string http_proxy;   // for http:// targets
    std::string no_proxy;     // comma-separated: host names, domains (.example.com), addresses, or *
    bool from_environment = false;
};

// The settings in effect: an explicit proxy wins; otherwise, when allowed, HTTPS_PROXY /
// HTTP_PROXY / NO_PROXY (or their lower-case spellings) from the environment.
ProxySettings proxy_settings(std::string_view explicit_proxy, std::string_view explicit_no_proxy, bool use_environment);

// The route for `request`, nullopt for a direct connection. NO_PROXY entries match the host or a
// domain suffix; loopback hosts never use a proxy taken from the environment. A malformed proxy URL
// (or one that is not http://) is an invalid_config Error.
Result<std::optional<ProxyRoute>> proxy_route(const ProxySettings& settings, const HttpRequest& request);

}  // namespace cloudflow::detail
