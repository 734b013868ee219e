#include "expr/values.hpp"

#include <boost/json/serializer.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

namespace cloudflow::local::expr::detail {
namespace {

namespace json = boost::json;

constexpr double two_to_63 = 9223372036854775808.0;
constexpr double two_to_64 = 18446744073709551616.0;

template <class T>
int three_way(T a, T b)
{
    return a < b ? -1 : b < a ? 1 : 0;
}

// An integer-kinded number against a double, exactly: converting the integer to a double would
// round above 2^53.
int compare_integer_double(const json::value& integer, double d)
{
    if (std::isnan(d)) return 1;  // never made by the evaluator; any fixed answer will do
    if (integer.is_int64()) {
        if (d >= two_to_63) return -1;
        if (d < -two_to_63) return 1;
        const double whole = std::trunc(d);
        const auto i = integer.get_int64(), w = static_cast<std::int64_t>(whole);
        if (i != w) return three_way(i, w);
        return three_way(whole, d);
    }
    if (d >= two_to_64) return -1;
    if (d < 0) return 1;
    const double whole = std::trunc(d);
    const auto u = integer.get_uint64(), w = static_cast<std::uint64_t>(whole);
    if (u != w) return three_way(u, w);
    return three_way(whole, d);
}

// "who: what", or "what" when nothing is named.
Problem named(std::string_view who, const std::string& what)
{
    return Problem{{}, who.empty() ? what : std::string(who) + ": " + what};
}

Problem too_deep(const Budget& budget, std::string_view who)
{
    return named(who, "the values nest deeper than " + std::to_string(budget.limits().max_value_depth) +
                          " arrays and objects");
}

Checked<bool> equal_at(const json::value& a, const json::value& b, std::size_t depth, Budget& budget,
                       std::string_view who)
{
    if (auto spent = budget.spend(1); !spent) return spent.error();
    if (a.is_number() && b.is_number()) return compare_numbers(a, b) == 0;
    if (a.kind() != b.kind()) return false;
    switch (a.kind()) {
    case json::kind::null: return true;
    case json::kind::bool_: return a.get_bool() == b.get_bool();
    case json::kind::string: {
        const auto &x = a.get_string(), &y = b.get_string();
        if (x.size() != y.size()) return false;
        if (auto spent = budget.spend(x.size()); !spent) return spent.error();
        return x == y;
    }
    case json::kind::array: {
        if (depth >= budget.limits().max_value_depth) return too_deep(budget, who);
        const auto &x = a.get_array(), &y = b.get_array();
        if (x.size() != y.size()) return false;
        for (std::size_t i = 0; i < x.size(); ++i) {
            auto same = equal_at(x[i], y[i], depth + 1, budget, who);
            if (!same || !*same) return same;
        }
        return true;
    }
    case json::kind::object: {
        if (depth >= budget.limits().max_value_depth) return too_deep(budget, who);
        const auto &x = a.get_object(), &y = b.get_object();
        if (x.size() != y.size()) return false;
        for (const auto& member : x) {
            if (auto spent = budget.spend(member.key().size()); !spent) return spent.error();
            const auto* other = y.if_contains(member.key());
            if (other == nullptr) return false;
            auto same = equal_at(member.value(), *other, depth + 1, budget, who);
            if (!same || !*same) return same;
        }
        return true;
    }
    default: return false;  // numbers were compared above
    }
}

// SplitMix64's finalizer: every input bit affects every output bit.
std::uint64_t mix(std::uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

std::uint64_t hash_bytes(std::string_view text)
{
    std::uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
    for (const char c : text) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ULL;
    return mix(h);
}

// Numbers that are equal by value hash alike: a whole double as the integer it equals.
std::uint64_t hash_number(const json::value& number)
{
    const auto as_signed = [](std::int64_t i) { return mix(0x1000 + static_cast<std::uint64_t>(i)); };
    const auto as_unsigned = [](std::uint64_t u) { return mix(0x2000 ^ u); };
    if (number.is_int64()) return as_signed(number.get_int64());
    if (number.is_uint64()) {
        const auto u = number.get_uint64();
        return u <= std::numeric_limits<std::int64_t>::max() ? as_signed(static_cast<std::int64_t>(u)) : as_unsigned(u);
    }
    const double d = number.get_double();
    if (std::trunc(d) == d) {
        if (d >= -two_to_63 && d < two_to_63) return as_signed(static_cast<std::int64_t>(d));
        if (d >= 0 && d < two_to_64) return as_unsigned(static_cast<std::uint64_t>(d));
    }
    std::uint64_t bits = 0;
    static_assert(sizeof bits == sizeof d);
    std::memcpy(&bits, &d, sizeof bits);
    return mix(0x3000 ^ bits);
}

Checked<std::uint64_t> hash_at(const json::value& value, std::size_t depth, Budget& budget, std::string_view who)
{
    if (auto spent = budget.spend(1); !spent) return spent.error();
    switch (value.kind()) {
    case json::kind::null: return mix(1);
    case json::kind::bool_: return mix(value.get_bool() ? 2 : 3);
    case json::kind::string: {
        if (auto spent = budget.spend(value.get_string().size()); !spent) return spent.error();
        return mix(4) ^ hash_bytes(value.get_string());
    }
    case json::kind::array: {
        if (depth >= budget.limits().max_value_depth) return too_deep(budget, who);
        std::uint64_t h = mix(5);
        for (const auto& element : value.get_array()) {
            auto e = hash_at(element, depth + 1, budget, who);
            if (!e) return e;
            h = mix(h * 31 + *e);  // order matters
        }
        return h;
    }
    case json::kind::object: {
        if (depth >= budget.limits().max_value_depth) return too_deep(budget, who);
        std::uint64_t h = mix(6);
        for (const auto& member : value.get_object()) {
            if (auto spent = budget.spend(member.key().size()); !spent) return spent.error();
            auto v = hash_at(member.value(), depth + 1, budget, who);
            if (!v) return v;
            h += mix(hash_bytes(member.key()) + 0x9e3779b97f4a7c15ULL * *v);  // a sum: key order does not matter
        }
        return h;
    }
    default: return hash_number(value);
    }
}

std::size_t number_json_size(const json::value& number)
{
    char text[32];
    if (number.is_int64())
        return static_cast<std::size_t>(std::to_chars(text, text + 32, number.get_int64()).ptr - text);
    if (number.is_uint64())
        return static_cast<std::size_t>(std::to_chars(text, text + 32, number.get_uint64()).ptr - text);
    // Boost.JSON's own format for doubles ("1E0", "1.5E-1"), written into a buffer on the stack.
    json::serializer writer;
    writer.reset(&number);
    char buffer[64];
    return writer.read(buffer, sizeof buffer).size();
}

// Adds the value's bytes to `total.bytes` and raises `total.depth` to the deepest level reached;
// `depth` is how many arrays and objects hold the value. Stops as soon as a bound is passed.
Checked<void> measure_at(const json::value& value, std::size_t depth, Budget& budget, std::string_view who, Size& total)
{
    if (auto spent = budget.spend(1); !spent) return spent;
    switch (value.kind()) {
    case json::kind::null: total.bytes += 4; break;
    case json::kind::bool_: total.bytes += value.get_bool() ? 4 : 5; break;
    case json::kind::string:
        if (auto spent = budget.spend(value.get_string().size()); !spent) return spent;
        total.bytes += string_json_size(value.get_string());
        break;
    case json::kind::array: {
        const auto& array = value.get_array();
        total.depth = std::max(total.depth, depth + 1);
        total.bytes += 2 + (array.empty() ? 0 : array.size() - 1);
        for (const auto& element : array) {
            if (auto fits = check_size(total, budget, who); !fits) return fits;
            if (auto m = measure_at(element, depth + 1, budget, who, total); !m) return m;
        }
        break;
    }
    case json::kind::object: {
        const auto& object = value.get_object();
        total.depth = std::max(total.depth, depth + 1);
        total.bytes += 2 + (object.empty() ? 0 : object.size() - 1);
        for (const auto& member : object) {
            if (auto fits = check_size(total, budget, who); !fits) return fits;
            if (auto spent = budget.spend(member.key().size()); !spent) return spent;
            total.bytes += string_json_size(member.key()) + 1;
            if (auto m = measure_at(member.value(), depth + 1, budget, who, total); !m) return m;
        }
        break;
    }
    default:
        // Boost.JSON reads 1e400 as infinity, and would write it as Infinity: not JSON.
        if (value.is_double() && !std::isfinite(value.get_double()))
            return named(who, "a number is too large for a double");
        total.bytes += number_json_size(value);
        break;
    }
    return check_size(total, budget, who);
}

}  // namespace

Checked<void> Budget::spend(std::size_t n)
{
    if (n > left_) {
        left_ = 0;
        return Problem{{}, "the evaluation takes more than " + std::to_string(limits_.max_steps) + " steps"};
    }
    left_ -= n;
    return {};
}

const json::value& Val::null_value()
{
    static const json::value null;
    return null;
}

const char* type_name(const json::value& value)
{
    switch (value.kind()) {
    case json::kind::null: return "null";
    case json::kind::bool_: return "boolean";
    case json::kind::string: return "string";
    case json::kind::array: return "array";
    case json::kind::object: return "object";
    default: return "number";
    }
}

std::optional<std::int64_t> integer_of(const json::value& value)
{
    if (value.is_int64()) return value.get_int64();
    if (value.is_uint64() && value.get_uint64() <= std::numeric_limits<std::int64_t>::max())
        return static_cast<std::int64_t>(value.get_uint64());
    return std::nullopt;
}

std::optional<std::int64_t> whole_number(const json::value& value)
{
    if (value.is_double()) {
        const double d = value.get_double();
        if (std::trunc(d) == d && d >= -two_to_63 && d < two_to_63) return static_cast<std::int64_t>(d);
        return std::nullopt;
    }
    return integer_of(value);
}

double double_of(const json::value& number)
{
    if (number.is_int64()) return static_cast<double>(number.get_int64());
    if (number.is_uint64()) return static_cast<double>(number.get_uint64());
    return number.get_double();
}

int compare_numbers(const json::value& a, const json::value& b)
{
    if (a.is_double() && b.is_double()) return three_way(a.get_double(), b.get_double());
    if (b.is_double()) return compare_integer_double(a, b.get_double());
    if (a.is_double()) return -compare_integer_double(b, a.get_double());
    if (a.is_int64() && b.is_int64()) return three_way(a.get_int64(), b.get_int64());
    if (a.is_uint64() && b.is_uint64()) return three_way(a.get_uint64(), b.get_uint64());
    // One int64 and one uint64: a negative int64 is the smaller, otherwise both fit in uint64.
    if (a.is_int64())
        return a.get_int64() < 0 ? -1 : three_way(static_cast<std::uint64_t>(a.get_int64()), b.get_uint64());
    return b.get_int64() < 0 ? 1 : three_way(a.get_uint64(), static_cast<std::uint64_t>(b.get_int64()));
}

Checked<bool> equal(const json::value& a, const json::value& b, Budget& budget, std::string_view who)
{
    return equal_at(a, b, 0, budget, who);
}

Checked<std::uint64_t> hash_value(const json::value& value, Budget& budget, std::string_view who)
{
    return hash_at(value, 0, budget, who);
}

std::size_t string_json_size(std::string_view text)
{
    std::size_t size = 2;
    for (const char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x20 && byte != '"' && byte != '\\')
            size += 1;
        else if (byte == '"' || byte == '\\' || byte == '\b' || byte == '\t' || byte == '\n' || byte == '\f' ||
                 byte == '\r')
            size += 2;
        else
            size += 6;  // \u00XX
    }
    return size;
}

Checked<Size> measure(const json::value& value, Budget& budget, std::string_view who)
{
    Size total;
    if (auto m = measure_at(value, 0, budget, who, total); !m) return m.error();
    return total;
}

Checked<Size> measure(Val& value, Budget& budget, std::string_view who)
{
    if (value.size()) return *value.size();
    auto size = measure(value.get(), budget, who);
    if (size) value.set_size(*size);
    return size;
}

Checked<void> check_size(const Size& size, const Budget& budget, std::string_view who)
{
    const auto& limits = budget.limits();
    if (size.depth > limits.max_value_depth)
        return named(who, "the result would nest deeper than " + std::to_string(limits.max_value_depth) +
                              " arrays and objects");
    if (size.bytes > limits.max_value_bytes)
        return named(who, "the result would be more than " + std::to_string(limits.max_value_bytes) + " bytes of JSON");
    return {};
}

}  // namespace cloudflow::local::expr::detail
