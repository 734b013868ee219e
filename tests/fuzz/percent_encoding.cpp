// libFuzzer target: the percent-encoder that signing depends on, against Boost.URL's decoder.
// percent_encode leaves only RFC 3986 unreserved characters and %XY escapes (upper-case hex) and
// decodes back to its input; a parameter set survives canonical_query -> decode_parameters; and
// decode_parameters takes any text without crashing.
#include <cloudflow/rpc/parameters.hpp>

#include <boost/url/pct_string_view.hpp>

#include <cstdint>
#include <cstdlib>

using namespace cloudflow;

namespace {

bool unreserved(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == '~';
}

bool upper_hex(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    const std::string encoded = percent_encode(text);
    for (std::size_t i = 0; i < encoded.size(); ++i) {
        if (unreserved(encoded[i])) continue;
        if (encoded[i] != '%' || i + 2 >= encoded.size() || !upper_hex(encoded[i + 1]) || !upper_hex(encoded[i + 2]))
            std::abort();
        i += 2;
    }
    const auto view = boost::urls::make_pct_string_view(encoded);
    if (!view || view->decode() != text) std::abort();

    // A name and a value, split at the first '=', through the canonical query and back.
    const auto eq = text.find('=');
    const std::string name(text.substr(0, eq));
    const std::string value(eq == std::string_view::npos ? std::string_view() : text.substr(eq + 1));
    if (!name.empty()) {
        const auto back = decode_parameters(canonical_query({{name, value}}));
        if (!back || back->size() != 1 || back->begin()->first != name || back->begin()->second != value) std::abort();
    }

    // Any text as a query: a value or a typed Error; a value encodes and decodes to itself.
    const auto decoded = decode_parameters(text);
    if (decoded) {
        const auto again = decode_parameters(canonical_query(*decoded));
        if (!again || *again != *decoded) std::abort();
    }
    return 0;
}
