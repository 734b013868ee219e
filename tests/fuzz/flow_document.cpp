// libFuzzer target: read_document on any text, as YAML or JSON (a text starting with '{' or '['),
// the way flow definitions, the config file and the mock file are read. Byte 0 chooses the
// limits: the defaults, or small ones (depth 8, 1,000 nodes) that the fuzzer reaches more often.
// Reading ends in a value or a Problem that says what, never a crash, a leak or a runaway; a
// mapping or sequence read serializes to JSON that reads back to the same value (doubles within
// a relative 1e-12: Boost.JSON 1.81 reads some 17-digit doubles back one unit off in the last place).
#include "lang/document.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>

using namespace cloudflow::local;
namespace json = boost::json;

namespace {

bool same(const json::value& a, const json::value& b)
{
    if (a.is_double() || b.is_double()) {
        if (!a.is_number() || !b.is_number()) return false;
        const double x = a.to_number<double>(), y = b.to_number<double>();
        return x == y || std::fabs(x - y) <= 1e-12 * std::max(std::fabs(x), std::fabs(y));
    }
    if (a.is_array() && b.is_array()) {
        const auto &x = a.get_array(), &y = b.get_array();
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i)
            if (!same(x[i], y[i])) return false;
        return true;
    }
    if (a.is_object() && b.is_object()) {
        const auto &x = a.get_object(), &y = b.get_object();
        if (x.size() != y.size()) return false;
        for (const auto& [key, value] : x) {
            const json::value* other = y.if_contains(key);
            if (other == nullptr || !same(value, *other)) return false;
        }
        return true;
    }
    return a == b;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    DocumentLimits limits;
    if (data[0] % 2 == 1) {
        limits.max_depth = 8;
        limits.max_nodes = 1000;
    }
    const auto read = read_document(text, limits);
    if (!read) {
        if (read.error().what.empty()) std::abort();
        return 0;
    }
    if (read->is_object() || read->is_array()) {
        // Aliases may have made it larger than the text: the bytes are not what is checked here.
        DocumentLimits again = limits;
        again.max_bytes = SIZE_MAX;
        const std::string json = boost::json::serialize(*read);
        const auto back = read_document(json, again);
        if (!back || !same(*back, *read)) std::abort();
    }
    return 0;
}
