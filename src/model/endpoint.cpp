#include <cloudflow/endpoint.hpp>

#include <boost/url/parse.hpp>

#include <charconv>

namespace cloudflow {
namespace {

Error bad(std::string what)
{
    return make_error(errc::invalid_config, std::move(what));
}

bool valid_region(std::string_view region) noexcept
{
    if (region.empty() || region.size() > 63 || region.front() == '-' || region.back() == '-') return false;
    for (const char c : region)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

}  // namespace

Result<Endpoint> resolve_endpoint(std::string_view region_id, std::string_view endpoint, bool vpc)
{
    if (endpoint.empty()) {
        if (region_id.empty()) return bad("neither an endpoint nor a region id is configured");
        if (!valid_region(region_id))
            return bad("the region id '" + std::string(region_id) +
                       "' is invalid: use lower-case letters, digits and '-' (e.g. cn-hangzhou)");
        return Endpoint{"https", std::string(region_id) + (vpc ? "-internal" : "") + ".fnf.aliyuncs.com", 443};
    }

    std::string text(endpoint);
    if (text.find("://") == std::string::npos) text = "https://" + text;
    auto parsed = boost::urls::parse_absolute_uri(text);
    if (!parsed) return bad("the endpoint '" + std::string(endpoint) + "' is not a valid URL");
    const auto& url = *parsed;

    Endpoint out;
    out.scheme = url.scheme();
    if (out.scheme != "https" && out.scheme != "http")
        return bad("the endpoint '" + std::string(endpoint) + "' must use https or http");
    if (url.has_userinfo()) return bad("the endpoint must not carry user information");
    if (!url.encoded_path().empty() && url.encoded_path() != "/")
        return bad("the endpoint '" + std::string(endpoint) + "' must not have a path");
    if (url.has_query() || url.has_fragment()) return bad("the endpoint must not have a query or fragment");

    switch (url.host_type()) {
    case boost::urls::host_type::ipv6: out.host = url.host_address(); break;
    case boost::urls::host_type::name:
    case boost::urls::host_type::ipv4: out.host = url.host(); break;
    default: return bad("the endpoint '" + std::string(endpoint) + "' has no usable host");
    }
    if (out.host.empty()) return bad("the endpoint '" + std::string(endpoint) + "' has no host");

    if (url.has_port()) {
        const std::string_view port = url.port();
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535)
            return bad("the endpoint '" + std::string(endpoint) + "' has an invalid port");
        out.port = static_cast<std::uint16_t>(value);
    } else {
        out.port = out.scheme == "https" ? 443 : 80;
    }
    return out;
}

}  // namespace cloudflow
