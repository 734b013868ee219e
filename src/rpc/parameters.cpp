#include <cloudflow/rpc/parameters.hpp>

#include <boost/url/encode.hpp>
#include <boost/url/parse_query.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

namespace cloudflow {

std::string percent_encode(std::string_view text)
{
    // Boost.URL writes upper-case hex and, by default, never turns a space into '+'.
    return boost::urls::encode(text, boost::urls::unreserved_chars);
}

std::string canonical_query(const Parameters& params)
{
    std::string out;
    for (const auto& [name, value] : params) {
        if (!out.empty()) out += '&';
        out += percent_encode(name);
        out += '=';
        out += percent_encode(value);
    }
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
        out.emplace(std::move(name), param.has_value ? param.value.decode(form) : std::string());
    }
    return out;
}

}  // namespace cloudflow
