#include <cloudflow/http/redact.hpp>

#include <boost/beast/core/string.hpp>

#include <algorithm>
#include <array>

namespace cloudflow {
namespace {

constexpr std::string_view redacted = "redacted";

// The parameters whose values are secrets or grant access: the signature, the STS token (a V1
// parameter, a V3 header name), an Authorization header put in a query, a secret by mistake.
constexpr std::array<std::string_view, 5> secret_parameters{"Signature", "SecurityToken", "x-acs-security-token",
                                                            "Authorization", "AccessKeySecret"};

int hex_value(char c) noexcept
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// A query parameter's name, percent-decoded ('+' is a space), as a form decoder reads it.
std::string decoded_name(std::string_view name)
{
    std::string out;
    out.reserve(name.size());
    for (std::size_t i = 0; i < name.size(); ++i) {
        if (name[i] == '%' && i + 2 < name.size()) {
            const int hi = hex_value(name[i + 1]), lo = hex_value(name[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += name[i] == '+' ? ' ' : name[i];
    }
    return out;
}

bool is_secret_parameter(std::string_view encoded_name)
{
    const std::string name = decoded_name(encoded_name);
    return std::any_of(secret_parameters.begin(), secret_parameters.end(),
                       [&name](std::string_view secret) { return boost::beast::iequals(name, secret); });
}

// The part before the query, with a password in the user information redacted.
void append_redacted_base(std::string& out, std::string_view base)
{
    const auto scheme_end = base.find("://");
    if (scheme_end == std::string_view::npos) {
        out += base;
        return;
    }
    const std::size_t authority_begin = scheme_end + 3;
    const std::size_t authority_end = std::min(base.find('/', authority_begin), base.size());
    const std::string_view authority = base.substr(authority_begin, authority_end - authority_begin);
    const auto at = authority.rfind('@');
    const auto colon = at == std::string_view::npos ? std::string_view::npos : authority.substr(0, at).find(':');
    if (colon == std::string_view::npos) {
        out += base;
        return;
    }
    out += base.substr(0, authority_begin + colon + 1);
    out += redacted;
    out += base.substr(authority_begin + at);
}

}  // namespace

std::string redact_url(std::string_view url)
{
    std::string out;
    out.reserve(url.size());
    const auto fragment = url.find('#');
    const std::string_view before_fragment = url.substr(0, fragment);
    const auto question = before_fragment.find('?');
    append_redacted_base(out, before_fragment.substr(0, question));
    if (question != std::string_view::npos) {
        out += '?';
        std::string_view query = before_fragment.substr(question + 1);
        bool first = true;
        while (true) {
            const auto amp = query.find('&');
            const std::string_view item = query.substr(0, amp);
            if (!first) out += '&';
            first = false;
            const auto equals = item.find('=');
            if (equals != std::string_view::npos && is_secret_parameter(item.substr(0, equals))) {
                out += item.substr(0, equals + 1);
                out += redacted;
            } else {
                out += item;
            }
            if (amp == std::string_view::npos) break;
            query.remove_prefix(amp + 1);
        }
    }
    if (fragment != std::string_view::npos) out += url.substr(fragment);
    return out;
}

}  // namespace cloudflow
