#include <cloudflow/rpc/parameters.hpp>

#include "rpc/encoded_query.hpp"

#include <boost/url/encode.hpp>
#include <boost/url/grammar/charset.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <array>
#include <vector>

namespace cloudflow {

namespace detail {

namespace {

// RFC 3986's unreserved characters (Boost.URL's unreserved_chars) as a table of the 256 bytes,
// made from that set when compiled: the same set for Boost.URL's encode and search, tested with
// one load a byte where the set's own test is a shift and a mask.
class UnreservedTable {
public:
    constexpr UnreservedTable()
    {
        for (int c = 0; c < 256; ++c) table_[c] = boost::urls::unreserved_chars(static_cast<char>(c));
    }
    constexpr bool operator()(char c) const noexcept { return table_[static_cast<unsigned char>(c)]; }

private:
    std::array<bool, 256> table_{};
};

constexpr UnreservedTable unreserved;
static_assert(boost::urls::grammar::is_charset<UnreservedTable>::value);
static_assert(unreserved('~') && unreserved('-') && !unreserved('%') && !unreserved(' ') && !unreserved('\xff'));

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
    if (encoded.empty()) return out;
    // Boost.URL 1.81's parse_query rebuilds its view from the pointer alone (strlen): it reads past
    // the end of a view that is not a whole NUL-terminated string, and parses what lies there
    // (boostorg/url#757). A copy ends where the view does.
    const std::string text(encoded);
    auto query = boost::urls::parse_query(text);
    if (!query) return make_error(errc::invalid_argument, "the parameters are not valid percent-encoded text");
    boost::urls::encoding_opts form;
    form.space_as_plus = true;
    for (const auto& param : *query) {
        std::string name = param.key.decode(form);
        if (name.empty()) continue;
        // Signed requests come sorted by name: at the end is where each goes (and a repeated name
        // still keeps its first value).
        out.emplace_hint(out.end(), std::move(name), param.has_value ? param.value.decode(form) : std::string());
    }
    return out;
}

}  // namespace cloudflow
