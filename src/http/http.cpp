#include <cloudflow/http/http.hpp>

#include <boost/beast/core/string.hpp>

namespace cloudflow {

std::optional<std::string_view> find_header(const Headers& headers, std::string_view name) noexcept
{
    for (const auto& [key, value] : headers)
        if (boost::beast::iequals(key, name)) return std::string_view(value);
    return std::nullopt;
}

std::string host_header(const HttpRequest& r)
{
    std::string host = r.host.find(':') != std::string::npos ? "[" + r.host + "]" : r.host;
    const bool default_port = (r.scheme == "https" && r.port == 443) || (r.scheme == "http" && r.port == 80);
    if (!default_port) host += ":" + std::to_string(r.port);
    return host;
}

std::string request_url(const HttpRequest& r)
{
    std::string url = r.scheme;
    url += "://";
    url += host_header(r);
    url += r.target;
    return url;
}

}  // namespace cloudflow
