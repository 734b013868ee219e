#include "integrations/outbound.hpp"

#include <cloudflow/http/https_transport.hpp>

#include <boost/asio/ip/address.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <charconv>

namespace cloudflow::local {
namespace {

using SteadyClock = std::chrono::steady_clock;

// Where a request goes, from its URL.
struct Target {
    std::string scheme;  // "http" or "https"
    std::string host;    // a name, or an address (IPv6 without brackets)
    std::uint16_t port = 0;
    std::string target;     // origin-form: path and query
    std::string authority;  // host:port, for messages (never the path or query, which may hold secrets)
    bool loopback = false;
};

bool equal_ignoring_case(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
               return lower(x) == lower(y);
           });
}

// What a host name may hold once decoded: letters, digits, '-', '.', '_' (nothing that could
// end up as something else in the Host header).
bool plain_host_name(std::string_view name)
{
    return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
               c == '_';
    });
}

Checked<Target> parse_target(const std::string& url)
{
    const auto parsed = boost::urls::parse_uri(url);
    if (!parsed) return problem("", "must be an absolute http:// or https:// URL (it does not parse as a URL)");
    const auto& u = *parsed;
    Target out;
    if (u.scheme_id() == boost::urls::scheme::http) {
        out.scheme = "http";
    } else if (u.scheme_id() == boost::urls::scheme::https) {
        out.scheme = "https";
    } else {
        return problem("", "must be an http:// or https:// URL");
    }
    if (u.has_userinfo()) return problem("", "must not hold user information (user:password@)");
    // Boost.URL 1.81 reads "http://127.0.0.1.example.com/" as the host 127.0.0.1 and the path
    // ".example.com/": a path after an authority that does not start with '/' is that misreading.
    if (!u.encoded_path().empty() && u.encoded_path().front() != '/')
        return problem("", "must have a host that is a name, an IPv4 address or an [IPv6] address (a name that "
                           "begins with an IPv4 address, such as 127.0.0.1.example.com, is not supported)");
    switch (u.host_type()) {
    case boost::urls::host_type::ipv4:
        out.host = u.host_address();
        out.loopback = (u.host_ipv4_address().to_uint() >> 24) == 127;
        break;
    case boost::urls::host_type::ipv6: {
        out.host = u.host_address();
        const auto address = u.host_ipv6_address();
        out.loopback = address.is_loopback() || (address.is_v4_mapped() && address.to_bytes()[12] == 127);
        break;
    }
    case boost::urls::host_type::name:
        out.host = u.host_name();
        if (!plain_host_name(out.host))
            return problem("", "must have a host name of letters, digits, '-', '.' and '_' only");
        out.loopback = equal_ignoring_case(out.host, "localhost");
        break;
    default: return problem("", "must have a host");
    }
    out.port = out.scheme == "https" ? 443 : 80;
    if (u.has_port()) {
        const std::string_view port = u.port();
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (port.empty() || ec != std::errc{} || end != port.data() + port.size() || value == 0 || value > 65535)
            return problem("", "must have a port from 1 to 65535");
        out.port = static_cast<std::uint16_t>(value);
    }
    out.target = u.encoded_path().empty() ? "/" : std::string(u.encoded_path());
    if (u.has_query()) out.target += "?" + std::string(u.encoded_query());
    const bool v6 = u.host_type() == boost::urls::host_type::ipv6;
    out.authority = (v6 ? "[" + out.host + "]" : out.host) + ":" + std::to_string(out.port);
    return out;
}

// An allowed host as the flag wrote it names `host` when the two are the same address (in any
// of its spellings), or the same name in any case.
bool names_host(std::string allowed, const std::string& host)
{
    if (allowed.size() >= 2 && allowed.front() == '[' && allowed.back() == ']')
        allowed = allowed.substr(1, allowed.size() - 2);
    boost::system::error_code a_ec, b_ec;
    const auto a = boost::asio::ip::make_address(allowed, a_ec);
    const auto b = boost::asio::ip::make_address(host, b_ec);
    if (!a_ec && !b_ec) return a == b;
    return equal_ignoring_case(allowed, host);
}

// RFC 9110's token, for header names.
bool is_token(std::string_view name)
{
    constexpr std::string_view specials = "!#$%&'*+-.^_`|~";
    return !name.empty() && std::all_of(name.begin(), name.end(), [&](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
               specials.find(c) != std::string_view::npos;
    });
}

// A header value may not end the header early: no CR, LF or NUL.
bool is_field_value(std::string_view value)
{
    return value.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

std::string describe(const Error& error, const Target& to, std::size_t max_response_bytes, bool capped)
{
    if (error.code == errc::timeout)
        return "no complete answer from " + to.authority +
               (capped ? " within the longest exchange cloudflow-local allows" : " before the deadline");
    if (error.code == errc::response_too_large)
        return "the answer from " + to.authority + " is larger than the limit of " +
               std::to_string(max_response_bytes) + " bytes";
    if (error.code == errc::connection_failed || error.code == errc::tls_failed)
        return error.message;  // it names the host and port
    if (error.code == errc::cancelled) return "the request to " + to.authority + " was cancelled";
    return "the exchange with " + to.authority + " failed: " + error.message;
}

}  // namespace

Checked<void> check_url_form(const std::string& url)
{
    auto target = parse_target(url);
    if (!target) return target.error();
    return {};
}

Outbound::Outbound(boost::asio::any_io_executor executor, OutboundOptions options) : options_(std::move(options))
{
    HttpsTransportOptions transport;
    transport.max_response_body_bytes = options_.max_response_bytes;
    transport_ = std::make_shared<HttpsTransport>(std::move(executor), std::move(transport));
}

Checked<void> Outbound::check_url(const std::string& url) const
{
    auto target = parse_target(url);
    if (!target) return target.error();
    if (target->loopback) return {};
    for (const auto& allowed : options_.allowed_hosts)
        if (names_host(allowed, target->host)) return {};
    return problem("", "the host " + target->host +
                           " is not allowed: cloudflow-local calls loopback hosts, and others only when "
                           "--allow-http-host names them");
}

boost::asio::awaitable<Checked<OutboundResponse>> Outbound::send(OutboundRequest request,
                                                                 std::chrono::steady_clock::time_point deadline)
{
    if (auto allowed = check_url(request.url); !allowed) co_return allowed.error();
    auto to = parse_target(request.url);
    if (!to) co_return to.error();
    for (const auto& [name, value] : request.headers)
        if (!is_token(name) || !is_field_value(value))
            co_return problem("", "a header's name is not a token, or its value holds CR, LF or NUL");

    // The Task's deadline, or the longest exchange, whichever comes first (without overflow).
    const auto now = SteadyClock::now();
    if (deadline <= now) co_return problem("", "the deadline passed before the request to " + to->authority);
    bool capped = false;
    if (std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now) > options_.max_exchange) {
        deadline = now + options_.max_exchange;
        capped = true;
    }

    HttpRequest http{
        std::move(request.method), to->scheme, to->host, to->port, std::move(to->target), std::move(request.headers),
        std::move(request.body)};
    auto answer = co_await transport_->send(std::move(http), deadline);
    if (!answer) co_return problem("", describe(answer.error(), *to, options_.max_response_bytes, capped));
    co_return OutboundResponse{answer->status, std::move(answer->headers), std::move(answer->body)};
}

}  // namespace cloudflow::local
