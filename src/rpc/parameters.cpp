#include <cloudflow/rpc/parameters.hpp>

#include "rpc/encoded_query.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/grammar/charset.hpp>
#include <boost/url/grammar/parse.hpp>
#include <boost/url/rfc/pchars.hpp>
#include <boost/url/rfc/pct_encoded_rule.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <algorithm>
#include <array>
#include <optional>
#include <vector>

namespace cloudflow {

namespace detail {

namespace {

// A Boost.URL character set as a table of the 256 bytes, made from that set when compiled: the same
// set for Boost.URL's encode, search and parse, tested with one load a byte where the set's own test
// is a shift and a mask.
class CharTable {
public:
    template <class CharSet>
    constexpr explicit CharTable(const CharSet& set)
    {
        for (int c = 0; c < 256; ++c) table_[c] = set(static_cast<char>(c));
    }
    constexpr bool operator()(char c) const noexcept { return table_[static_cast<unsigned char>(c)]; }

private:
    std::array<bool, 256> table_{};
};

// RFC 3986's unreserved characters (Boost.URL's unreserved_chars): what percent-encoding keeps.
constexpr CharTable unreserved(boost::urls::unreserved_chars);
static_assert(boost::urls::grammar::is_charset<CharTable>::value);
static_assert(unreserved('~') && unreserved('-') && !unreserved('%') && !unreserved(' ') && !unreserved('\xff'));

// What a query may hold besides escapes (RFC 3986: pchar / "/" / "?"), as Boost.URL's query rule
// has it; '&' and '=' among them.
constexpr CharTable query_chars(boost::urls::pchars + '/' + '?');
static_assert(query_chars('&') && query_chars('=') && query_chars('+') && !query_chars('%') && !query_chars(' ') &&
              !query_chars('#'));

}  // namespace

bool append_percent_encoded(std::string& out, std::string_view text)
{
    // Most texts of a request (names, the nonce, the version, ...) need no escape, and are copied
    // as they are.
    const char* const end = text.data() + text.size();
    if (boost::urls::grammar::find_if_not(text.data(), end, unreserved) == end) {
        out.append(text);
        return true;
    }
    // Boost.URL writes upper-case hex and, by default, never turns a space into '+'. A short text
    // gets room for the worst case (every byte escaped) and one pass; a long one is measured first.
    const std::size_t at = out.size();
    if (text.size() <= 512) {
        out.resize(at + 3 * text.size());
        out.resize(at + boost::urls::encode(out.data() + at, 3 * text.size(), text, unreserved));
        return false;
    }
    const std::size_t size = boost::urls::encoded_size(text, unreserved);
    out.resize(at + size);
    boost::urls::encode(out.data() + at, size, text, unreserved);
    return false;
}

namespace {

// `text` as it is when `plain` (a PlainText), else percent-encoded; true when what was appended is
// `text` itself.
bool append_piece(std::string& out, std::string_view text, bool plain)
{
    if (!plain) return append_percent_encoded(out, text);
    out += text;
    return true;
}

// `text` encoded into `canonical`, and that encoding encoded again into `string_to_sign`: a text
// that needs no escape (`plain`, or found so) is the same text both times.
void append_encoded_twice(std::string& canonical, std::string& string_to_sign, std::string_view text, bool plain)
{
    const std::size_t at = canonical.size();
    if (append_piece(canonical, text, plain))
        string_to_sign.append(text);
    else
        append_percent_encoded(string_to_sign, std::string_view(canonical).substr(at));
}

}  // namespace

void append_encoded_query(std::string& out, std::span<const ParameterView> params)
{
    bool first = true;
    for (const auto& p : params) {
        if (!first) out += '&';
        first = false;
        append_piece(out, p.name, p.plain_name);
        out += '=';
        append_piece(out, p.value, p.plain_value);
    }
}

void append_signed_query(std::string& canonical, std::string& string_to_sign, std::span<const ParameterView> params)
{
    for (const auto& p : params) {
        if (!canonical.empty()) {
            canonical += '&';
            string_to_sign += "%26";
        }
        append_encoded_twice(canonical, string_to_sign, p.name, p.plain_name);
        canonical += '=';
        string_to_sign += "%3D";
        append_encoded_twice(canonical, string_to_sign, p.value, p.plain_value);
    }
}

}  // namespace detail

std::string percent_encode(std::string_view text)
{
    std::string out;
    detail::append_percent_encoded(out, text);
    return out;
}

std::string canonical_query(const Parameters& params)
{
    std::vector<detail::ParameterView> views;
    views.reserve(params.size());
    for (const auto& [name, value] : params) views.push_back({name, value});
    std::string out;
    detail::append_encoded_query(out, views);
    return out;
}

Result<Parameters> decode_parameters(std::string_view encoded)
{
    Parameters out;
    boost::urls::encoding_opts form;
    form.space_as_plus = true;
    // A piece of a name=value pair: query characters and well-formed escapes, decoded; nullopt when
    // it is not.
    const auto decoded = [&form](std::string_view piece) -> std::optional<std::string> {
        const auto pct = boost::urls::grammar::parse(piece, boost::urls::pct_encoded_rule(detail::query_chars));
        if (!pct) return std::nullopt;
        if (pct->decoded_size() == piece.size() && piece.find('+') == std::string_view::npos)
            return std::string(piece);  // nothing to decode
        return pct->decode(form);
    };
    while (!encoded.empty()) {
        const std::size_t amp = std::min(encoded.find('&'), encoded.size());
        const std::string_view pair = encoded.substr(0, amp);
        encoded.remove_prefix(std::min(amp + 1, encoded.size()));
        const std::size_t eq = std::min(pair.find('='), pair.size());
        auto name = decoded(pair.substr(0, eq));
        auto value = decoded(pair.substr(std::min(eq + 1, pair.size())));
        if (!name || !value)
            return make_error(errc::invalid_argument, "the parameters are not valid percent-encoded text");
        if (name->empty()) continue;
        // Signed requests come sorted by name: at the end is where each goes (and a repeated name
        // still keeps its first value).
        out.emplace_hint(out.end(), std::move(*name), std::move(*value));
    }
    return out;
}

}  // namespace cloudflow
