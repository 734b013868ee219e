#include "http/proxy.hpp"
#include "util/env.hpp"

#include "util/base64.hpp"

#include <boost/algorithm/string/case_conv.hpp>
#include <boost/algorithm/string/trim.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>

namespace cloudflow::detail {
namespace {

// The upper-case spelling wins over the lower-case one (curl's rule).
std::string environment(const char* upper, const char* lower)
{
    return detail::environment(upper).value_or(environment_or_empty(lower));
}

std::string lower_case(std::string_view s)
{
    return boost::algorithm::to_lower_copy(std::string(s));
}

bool is_loopback(const std::string& host)
{
    if (lower_case(host) == "localhost") return true;
    boost::system::error_code ec;
    const auto address = boost::asio::ip::make_address(host, ec);
    return !ec && address.is_loopback();
}

bool excluded(std::string_view no_proxy, const std::string& host)
{
    const std::string h = lower_case(host);
    while (!no_proxy.empty()) {
        const auto comma = no_proxy.find(',');
        std::string entry = lower_case(no_proxy.substr(0, comma));
        no_proxy = comma == std::string_view::npos ? std::string_view{} : no_proxy.substr(comma + 1);
        boost::algorithm::trim(entry);
        if (entry.empty()) continue;
        if (entry == "*") return true;
        if (entry.front() == '.') entry.erase(0, 1);
        if (h == entry || (h.size() > entry.size() && h.ends_with("." + entry))) return true;
    }
    return false;
}

}  // namespace

ProxySettings proxy_settings(std::string_view explicit_proxy, std::string_view explicit_no_proxy, bool use_environment)
{
    ProxySettings s;
    s.no_proxy = explicit_no_proxy;
    if (!explicit_proxy.empty()) {
        s.https_proxy = s.http_proxy = explicit_proxy;
        return s;
    }
    if (!use_environment) return s;
    s.from_environment = true;
    s.https_proxy = environment("HTTPS_PROXY", "https_proxy");
    s.http_proxy = environment("HTTP_PROXY", "http_proxy");
    if (s.no_proxy.empty()) s.no_proxy = environment("NO_PROXY", "no_proxy");
    return s;
}

Result<std::optional<ProxyRoute>> proxy_route(const ProxySettings& settings, const HttpRequest& request)
{
    const std::string& url = request.scheme == "https" ? settings.https_proxy : settings.http_proxy;
    if (url.empty() || excluded(settings.no_proxy, request.host)) return std::optional<ProxyRoute>{};
    if (settings.from_environment && is_loopback(request.host)) return std::optional<ProxyRoute>{};

    const auto bad = [&](const std::string& why) {
        // The URL may carry a password: never repeat it.
        return make_error(errc::invalid_config, "the proxy URL is " + why);
    };
    const std::string text = url.find("://") == std::string::npos ? "http://" + url : url;
    auto parsed = boost::urls::parse_uri(text);  // a view into `text`
    if (!parsed) return bad("malformed");
    if (parsed->scheme() != "http") return bad("not http:// (only HTTP proxies are supported)");
    auto endpoint = resolve_endpoint("", "http://" + std::string(parsed->encoded_host_and_port()));
    if (!endpoint) return bad("malformed (host or port)");
    ProxyRoute route{*endpoint, {}};
    if (parsed->has_userinfo()) route.authorization = "Basic " + base64(parsed->user() + ":" + parsed->password());
    return std::optional<ProxyRoute>{std::move(route)};
}

}  // namespace cloudflow::detail
