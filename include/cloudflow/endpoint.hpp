/// @file
/// Where requests go: an explicit endpoint URL, or the region's public endpoint.
#pragma once

#include <cloudflow/result.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace cloudflow {

/// Where requests go, as resolve_endpoint makes it from the configuration.
struct Endpoint {
    std::string scheme{};      ///< "https" or "http"
    std::string host{};        ///< a host name or an IP address (IPv6 without brackets)
    std::uint16_t port = 443;  ///< 443 for https, 80 for http, unless the URL gives one
};

/// An explicit `endpoint` ("https://host[:port][/]", "http://..." or a bare "host[:port]", which
/// means https) wins; otherwise `https://{region_id}.fnf.aliyuncs.com`, or with `vpc`
/// `https://{region_id}-internal.fnf.aliyuncs.com`. Any region id made of lower-case letters,
/// digits and '-' is accepted. An invalid_config Error says what is wrong.
Result<Endpoint> resolve_endpoint(std::string_view region_id, std::string_view endpoint, bool vpc = false);

}  // namespace cloudflow
