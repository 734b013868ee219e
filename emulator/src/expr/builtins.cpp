// The built-in functions (cloudflow-spec.md section 5, and Q7 for the signatures the docs leave
// open). Each checks its arguments' types, spends steps for the elements and bytes it touches,
// and bounds what it builds (values.hpp's measure and check_size) before it builds it.
#include "expr/builtins.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/string.hpp>

#include <openssl/evp.h>
#include <re2/re2.h>

#include <algorithm>
#include <limits>
#include <string>
#include <unordered_map>
#include <vector>

namespace cloudflow::local::expr::detail {
namespace {

namespace json = boost::json;

constexpr std::size_t max_pattern_bytes = 1024;
// RE2's memory for one pattern, compiled program and DFA cache together: programs of up to about
// 40,000 instructions (`\p{L}{30}` is 36,000; `\p{L}{200}` is refused as too large). When the DFA's
// cache fills, RE2 falls back to its NFA: still linear in the text, but by a factor that grows
// with the program.
constexpr std::int64_t max_regex_memory = 1 << 20;
// What RE2's work costs in steps, measured: a search takes each byte of the text through at most
// every instruction of the program, about 0.1 us a byte for each 64 instructions when all are live
// (`.{1,900}!`: 8,104 instructions, 31 KiB in 0.4 s, unsanitized). So a search costs a step per
// byte of text for each 64 instructions, at least one: with the default budget no search takes
// much more than 0.1 s. Compiling takes about 1 us an instruction for Unicode classes (`\p{L}{30}`:
// 36,000 in 41 ms): 8 steps an instruction.
constexpr std::size_t instructions_per_step = 64;
constexpr std::size_t steps_per_compiled_instruction = 8;

Problem fail(const Call& call, const std::string& what)
{
    return Problem{{}, std::string(call.name) + ": " + what};
}

// "NAME: expects WHAT (got TYPE)"
Problem expects(const Call& call, const std::string& what, const json::value& got)
{
    return fail(call, "expects " + what + " (got " + type_name(got) + ")");
}

// `part` inside `whole` as a result: borrowed when `whole` is, otherwise copied out of it.
Val part_of(const Val& whole, const json::value& part)
{
    if (whole.borrowed()) return Val::borrow(part);
    return Val(json::value(part));
}

// A string result, bounded.
Checked<Val> string_result(const Call& call, std::string_view text)
{
    const Size size{string_json_size(text), 0};
    if (auto fits = check_size(size, call.budget, call.name); !fits) return fits.error();
    return Val(json::value(text), size);
}

// ---- arrays ----

// arrayContains(array, any) -> bool: an element equal (structurally) to the value.
Checked<Val> array_contains(Call& call)
{
    const auto& list = call.args[0].get();
    if (!list.is_array()) return expects(call, "an array as its first argument", list);
    for (const auto& element : list.get_array()) {
        auto same = equal(element, call.args[1].get(), call.budget, call.name);
        if (!same) return same.error();
        if (*same) return Val(json::value(true));
    }
    return Val(json::value(false));
}

// arrayUnique(array) -> array: the first of each set of equal elements, in order. Elements are
// hashed (hash_value agrees with equal), so the work is linear, not quadratic; only elements with
// the same hash are compared.
Checked<Val> array_unique(Call& call)
{
    const auto& list = call.args[0].get();
    if (!list.is_array()) return expects(call, "an array", list);
    const auto& elements = list.get_array();
    std::unordered_multimap<std::uint64_t, std::size_t> seen;  // hash -> index in `kept`
    std::vector<const json::value*> kept;
    Builder size;
    for (const auto& element : elements) {
        auto h = hash_value(element, call.budget, call.name);
        if (!h) return h.error();
        bool duplicate = false;
        const auto [first, last] = seen.equal_range(*h);
        for (auto it = first; it != last && !duplicate; ++it) {
            auto same = equal(*kept[it->second], element, call.budget, call.name);
            if (!same) return same.error();
            duplicate = *same;
        }
        if (duplicate) continue;
        auto element_size = measure(element, call.budget, call.name);
        if (!element_size) return element_size.error();
        size.add(*element_size);
        if (auto fits = check_size(size.size(), call.budget, call.name); !fits) return fits.error();
        seen.emplace(*h, kept.size());
        kept.push_back(&element);
    }
    json::array out;
    out.reserve(kept.size());
    for (const auto* element : kept) out.push_back(*element);
    return Val(json::value(std::move(out)), size.size());
}

// toArray(...any) -> array of its arguments (none: []).
Checked<Val> to_array(Call& call)
{
    Builder size;
    for (auto& arg : call.args) {
        auto arg_size = measure(arg, call.budget, call.name);
        if (!arg_size) return arg_size.error();
        size.add(*arg_size);
        if (auto fits = check_size(size.size(), call.budget, call.name); !fits) return fits.error();
    }
    json::array out;
    out.reserve(call.args.size());
    for (auto& arg : call.args) out.push_back(std::move(arg).take());
    return Val(json::value(std::move(out)), size.size());
}

// get(array, index) -> the element or null; get(object, key) -> the member or null.
Checked<Val> get(Call& call)
{
    const auto& from = call.args[0].get();
    const auto& at = call.args[1].get();
    if (const auto* array = from.if_array()) {
        const auto index = whole_number(at);
        if (!index || *index < 0)
            return fail(call, "an array's index must be a whole number from 0 (got " +
                                  (at.is_number() ? number_text(at) : std::string(type_name(at))) + ")");
        if (static_cast<std::uint64_t>(*index) >= array->size()) return Val();
        return part_of(call.args[0], (*array)[static_cast<std::size_t>(*index)]);
    }
    if (const auto* object = from.if_object()) {
        if (!at.is_string()) return expects(call, "a string key for an object", at);
        if (auto spent = call.budget.spend(at.get_string().size()); !spent) return spent.error();
        const auto* member = object->if_contains(at.get_string());
        if (member == nullptr) return Val();
        return part_of(call.args[0], *member);
    }
    return expects(call, "an array or an object as its first argument", from);
}

// length(array | object | string) -> elements, members, or the string's UTF-8 code points.
Checked<Val> length(Call& call)
{
    const auto& value = call.args[0].get();
    if (value.is_array()) return Val(json::value(static_cast<std::int64_t>(value.get_array().size())));
    if (value.is_object()) return Val(json::value(static_cast<std::int64_t>(value.get_object().size())));
    if (!value.is_string()) return expects(call, "an array, object or string", value);
    const std::string_view text = value.get_string();
    if (auto spent = call.budget.spend(text.size()); !spent) return spent.error();
    // Every byte that is not a continuation byte (10xxxxxx) starts a code point.
    const auto count =
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    return Val(json::value(static_cast<std::int64_t>(count)));
}

// ---- objects ----

// jsonMerge(object, object) -> object: shallow; on a key in both, the second's value wins. Keys
// in order: the first's, then the second's new ones. The result is sized before it is built.
Checked<Val> json_merge(Call& call)
{
    const auto& a = call.args[0].get();
    const auto& b = call.args[1].get();
    if (!a.is_object() || !b.is_object())
        return fail(call, std::string("expects two objects (got ") + type_name(a) + " and " + type_name(b) + ")");
    const auto& first = a.get_object();
    const auto& second = b.get_object();
    Builder size;
    const auto add = [&](const json::key_value_pair& member, const json::value& value) -> Checked<void> {
        if (auto spent = call.budget.spend(member.key().size()); !spent) return spent;
        auto value_size = measure(value, call.budget, call.name);
        if (!value_size) return value_size.error();
        size.add(*value_size, string_json_size(member.key()));
        return check_size(size.size(), call.budget, call.name);
    };
    for (const auto& member : first) {
        const auto* replaced = second.if_contains(member.key());
        if (auto added = add(member, replaced != nullptr ? *replaced : member.value()); !added) return added.error();
    }
    for (const auto& member : second)
        if (!first.contains(member.key()))
            if (auto added = add(member, member.value()); !added) return added.error();
    json::object out;
    out.reserve(first.size() + second.size());
    for (const auto& member : first) {
        const auto* replaced = second.if_contains(member.key());
        out.emplace(member.key(), replaced != nullptr ? *replaced : member.value());
    }
    for (const auto& member : second)
        if (!first.contains(member.key())) out.emplace(member.key(), member.value());
    return Val(json::value(std::move(out)), size.size());
}

// mapKeys(object) -> array of its keys, in the object's order.
Checked<Val> map_keys(Call& call)
{
    const auto& value = call.args[0].get();
    if (!value.is_object()) return expects(call, "an object", value);
    Builder size;
    for (const auto& member : value.get_object()) {
        if (auto spent = call.budget.spend(1 + member.key().size()); !spent) return spent.error();
        size.add(Size{string_json_size(member.key()), 0});
        if (auto fits = check_size(size.size(), call.budget, call.name); !fits) return fits.error();
    }
    json::array out;
    out.reserve(value.get_object().size());
    for (const auto& member : value.get_object()) out.emplace_back(member.key());
    return Val(json::value(std::move(out)), size.size());
}

// mapValues(object) -> array of its values, in the object's order.
Checked<Val> map_values(Call& call)
{
    const auto& value = call.args[0].get();
    if (!value.is_object()) return expects(call, "an object", value);
    Builder size;
    for (const auto& member : value.get_object()) {
        auto member_size = measure(member.value(), call.budget, call.name);
        if (!member_size) return member_size.error();
        size.add(*member_size);
        if (auto fits = check_size(size.size(), call.budget, call.name); !fits) return fits.error();
    }
    json::array out;
    out.reserve(value.get_object().size());
    for (const auto& member : value.get_object()) out.push_back(member.value());
    return Val(json::value(std::move(out)), size.size());
}

// ---- strings ----

// How many `{}` a format string has.
std::size_t placeholders(std::string_view text)
{
    std::size_t count = 0;
    for (auto at = text.find("{}"); at != std::string_view::npos; at = text.find("{}", at + 2)) ++count;
    return count;
}

std::string placeholder_problem(std::size_t wanted, std::size_t got)
{
    return "expects " + std::to_string(wanted) + (wanted == 1 ? " argument" : " arguments") + " for its " +
           std::to_string(wanted) + " {} (got " + std::to_string(got) + ")";
}

// A literal format string is checked when the expression is compiled.
Checked<std::shared_ptr<const void>> prepare_format(std::span<const json::value* const> literals, std::string_view name)
{
    if (literals[0] != nullptr && literals[0]->is_string()) {
        const auto wanted = placeholders(literals[0]->get_string());
        if (wanted != literals.size() - 1)
            return Problem{{}, std::string(name) + ": " + placeholder_problem(wanted, literals.size() - 1)};
    }
    return std::shared_ptr<const void>();
}

// format(string, ...any) -> string: each `{}` is replaced by the next argument, a string as it is,
// anything else as compact JSON text (numbers in their shortest form: 9.99, not 9.99E0). There
// must be exactly as many arguments as `{}`. No escapes: `{{}}` is `{` `{}` `}`. The text is
// bounded as it grows (its JSON text is at least as long): 250 copies of a 100 KiB string stop
// at the third.
Checked<Val> format(Call& call)
{
    const auto& pattern = call.args[0].get();
    if (!pattern.is_string()) return expects(call, "a string as its first argument", pattern);
    std::string_view text = pattern.get_string();
    const auto wanted = placeholders(text);
    if (wanted != call.args.size() - 1) return fail(call, placeholder_problem(wanted, call.args.size() - 1));
    std::string out;
    const auto append = [&](std::string_view piece) -> Checked<void> {
        if (auto fits = check_size(Size{out.size() + piece.size(), 0}, call.budget, call.name); !fits) return fits;
        if (auto spent = call.budget.spend(piece.size()); !spent) return spent;
        out.append(piece);
        return {};
    };
    for (std::size_t k = 1; k < call.args.size(); ++k) {
        const auto at = text.find("{}");
        if (auto appended = append(text.substr(0, at)); !appended) return appended.error();
        text.remove_prefix(at + 2);
        auto& arg = call.args[k];
        if (arg.get().is_string()) {
            if (auto appended = append(arg.get().get_string()); !appended) return appended.error();
            continue;
        }
        // Measured first, which bounds its depth and its size, then written.
        auto size = measure(arg, call.budget, call.name);
        if (!size) return size.error();
        write_json(arg.get(), out);
        if (auto fits = check_size(Size{out.size(), 0}, call.budget, call.name); !fits) return fits.error();
    }
    if (auto appended = append(text); !appended) return appended.error();
    return string_result(call, out);
}

// split(string, separator) -> array of the pieces between separators ("a," gives ["a", ""]).
Checked<Val> split(Call& call)
{
    const auto& value = call.args[0].get();
    const auto& separator = call.args[1].get();
    if (!value.is_string()) return expects(call, "a string to split", value);
    if (!separator.is_string() || separator.get_string().empty())
        return fail(call, std::string("the separator must be a string that is not empty (got ") +
                              (separator.is_string() ? "\"\"" : type_name(separator)) + ")");
    const std::string_view text = value.get_string(), sep = separator.get_string();
    if (auto spent = call.budget.spend(text.size()); !spent) return spent.error();
    std::vector<std::string_view> pieces;
    Builder size;
    for (std::size_t from = 0;;) {
        const auto at = text.find(sep, from);
        const auto piece = text.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from);
        if (auto spent = call.budget.spend(1); !spent) return spent.error();
        size.add(Size{string_json_size(piece), 0});
        if (auto fits = check_size(size.size(), call.budget, call.name); !fits) return fits.error();
        pieces.push_back(piece);
        if (at == std::string_view::npos) break;
        from = at + sep.size();
    }
    json::array out;
    out.reserve(pieces.size());
    for (const auto piece : pieces) out.emplace_back(piece);
    return Val(json::value(std::move(out)), size.size());
}

// regexMatchString(pattern, string) -> bool: whether the pattern matches anywhere in the string
// (RE2 syntax, a search: anchor with ^ and $ for a whole match). RE2 runs in time linear in the
// text whatever the pattern, so no pattern can make it backtrack for ever.
Checked<std::shared_ptr<const RE2>> compile_pattern(std::string_view pattern, std::string_view name)
{
    if (pattern.size() > max_pattern_bytes)
        return Problem{
            {}, std::string(name) + ": the pattern is longer than " + std::to_string(max_pattern_bytes) + " bytes"};
    RE2::Options options;
    options.set_log_errors(false);
    options.set_max_mem(max_regex_memory);
    auto re = std::make_shared<const RE2>(re2::StringPiece(pattern.data(), pattern.size()), options);
    if (!re->ok()) return Problem{{}, std::string(name) + ": the pattern does not compile (" + re->error() + ")"};
    return re;
}

// A literal pattern is compiled once, with the expression; a bad one is a compile Problem.
Checked<std::shared_ptr<const void>> prepare_regex(std::span<const json::value* const> literals, std::string_view name)
{
    if (literals[0] == nullptr || !literals[0]->is_string()) return std::shared_ptr<const void>();
    auto re = compile_pattern(literals[0]->get_string(), name);
    if (!re) return re.error();
    return std::shared_ptr<const void>(std::move(*re));
}

Checked<Val> regex_match_string(Call& call)
{
    const auto& pattern = call.args[0].get();
    const auto& text = call.args[1].get();
    if (!pattern.is_string()) return expects(call, "a string pattern as its first argument", pattern);
    if (!text.is_string()) return expects(call, "a string to match as its second argument", text);
    std::shared_ptr<const RE2> compiled;
    const RE2* re = static_cast<const RE2*>(call.prepared);
    if (re == nullptr) {
        if (auto spent = call.budget.spend(pattern.get_string().size()); !spent) return spent.error();
        auto made = compile_pattern(pattern.get_string(), call.name);
        if (!made) return made.error();
        compiled = std::move(*made);
        re = compiled.get();
        const auto instructions = static_cast<std::size_t>(re->ProgramSize());
        if (auto spent = call.budget.spend(instructions * steps_per_compiled_instruction); !spent) return spent.error();
    }
    const std::string_view subject = text.get_string();
    const std::size_t factor = 1 + static_cast<std::size_t>(re->ProgramSize()) / instructions_per_step;
    if (auto spent = call.budget.spend(subject.size() * factor); !spent) return spent.error();
    return Val(json::value(RE2::PartialMatch(re2::StringPiece(subject.data(), subject.size()), *re)));
}

// ---- encodings ----

// toBase64(string) -> string: standard Base64 with padding, no line breaks.
Checked<Val> to_base64(Call& call)
{
    const auto& value = call.args[0].get();
    if (!value.is_string()) return expects(call, "a string", value);
    const std::string_view text = value.get_string();
    const std::size_t encoded = (text.size() + 2) / 3 * 4;
    const Size size{encoded + 2, 0};  // Base64's alphabet needs no escapes in JSON
    if (auto fits = check_size(size, call.budget, call.name); !fits) return fits.error();
    if (auto spent = call.budget.spend(text.size() + encoded); !spent) return spent.error();
    std::string out(encoded + 1, '\0');  // EVP_EncodeBlock writes a NUL after the text
    const int written =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    out.resize(static_cast<std::size_t>(written));
    return Val(json::value(out), size);
}

bool base64_byte(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
}

// fromBase64(string) -> string: standard Base64 with its padding; the bytes must be UTF-8 text
// (a JSON string cannot hold anything else).
Checked<Val> from_base64(Call& call)
{
    const auto& value = call.args[0].get();
    if (!value.is_string()) return expects(call, "a string", value);
    const std::string_view text = value.get_string();
    if (auto spent = call.budget.spend(2 * text.size()); !spent) return spent.error();
    // EVP_DecodeBlock skips blanks and does not check padding: the text is checked here first.
    const std::size_t padding = text.ends_with("==") ? 2 : text.ends_with("=") ? 1 : 0;
    const bool valid = text.size() % 4 == 0 &&
                       std::all_of(text.begin(), text.end() - static_cast<std::ptrdiff_t>(padding), base64_byte);
    if (!valid) return fail(call, "the text is not Base64 (A-Z, a-z, 0-9, + and /, padded with = to a multiple of 4)");
    // The decoded bytes, before their escapes, already bound the result.
    if (auto fits = check_size(Size{text.size() / 4 * 3 - padding + 2, 0}, call.budget, call.name); !fits)
        return fits.error();
    std::string out(text.size() / 4 * 3, '\0');
    const int written =
        EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(text.data()), static_cast<int>(text.size()));
    if (written < 0) return fail(call, "the text is not Base64");
    out.resize(static_cast<std::size_t>(written) - padding);  // EVP_DecodeBlock counts the padding as zeros
    if (utf8_error(out) != std::string_view::npos) return fail(call, "the decoded bytes are not UTF-8 text");
    return string_result(call, out);
}

// hash(string, algorithm) -> lowercase hex digest; MD5, SHA-1, SHA-256 or SHA-512, as written.
Checked<Val> hash(Call& call)
{
    const auto& value = call.args[0].get();
    const auto& algorithm = call.args[1].get();
    if (!value.is_string()) return expects(call, "a string to hash", value);
    const std::string_view name = algorithm.is_string() ? std::string_view(algorithm.get_string()) : "";
    const EVP_MD* md = name == "MD5"       ? EVP_md5()
                       : name == "SHA-1"   ? EVP_sha1()
                       : name == "SHA-256" ? EVP_sha256()
                       : name == "SHA-512" ? EVP_sha512()
                                           : nullptr;
    if (md == nullptr) {
        // Appended piece by piece: GCC 12 at -O3 warns (-Wrestrict) about "\"" + std::string + "\"".
        std::string got = "the algorithm must be MD5, SHA-1, SHA-256 or SHA-512 (got ";
        if (algorithm.is_string())
            got.append(1, '"').append(name).append(1, '"');
        else
            got.append(type_name(algorithm));
        return fail(call, got.append(1, ')'));
    }
    const std::string_view text = value.get_string();
    if (auto spent = call.budget.spend(text.size()); !spent) return spent.error();
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (EVP_Digest(text.data(), text.size(), digest, &size, md, nullptr) != 1)
        return fail(call, "the digest failed in OpenSSL");
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (unsigned int i = 0; i < size; ++i) out += hex[digest[i] >> 4], out += hex[digest[i] & 0xF];
    return Val(json::value(out));
}

// ---- JSON ----

// stringToJson(string) -> the value its JSON text stands for (alias fromJSON). Bounded before
// parsing (the text's bytes, and Boost.JSON's max_depth), and after (the value's size).
Checked<Val> string_to_json(Call& call)
{
    const auto& value = call.args[0].get();
    if (!value.is_string()) return expects(call, "a string of JSON text", value);
    const std::string_view text = value.get_string();
    const auto& limits = call.budget.limits();
    if (text.size() > limits.max_value_bytes)
        return fail(call, "the text is more than " + std::to_string(limits.max_value_bytes) + " bytes");
    if (auto spent = call.budget.spend(text.size()); !spent) return spent.error();
    json::parse_options options;
    options.max_depth = limits.max_value_depth;
    boost::system::error_code ec;
    auto parsed = json::parse(text, ec, {}, options);
    if (ec) return fail(call, "the text is not JSON (" + ec.message() + ")");
    Val result(std::move(parsed));
    auto size = measure(result, call.budget, call.name);
    if (!size) return size.error();
    return result;
}

// jsonToString(any) -> its compact JSON text (alias toJSON), numbers in their shortest form.
Checked<Val> json_to_string(Call& call)
{
    auto size = measure(call.args[0], call.budget, call.name);
    if (!size) return size.error();
    if (auto spent = call.budget.spend(size->bytes); !spent) return spent.error();
    std::string out;
    write_json(call.args[0].get(), out);
    return string_result(call, out);
}

// ---- numbers and random values ----

Checked<std::int64_t> whole_argument(const Call& call, const json::value& value)
{
    if (const auto n = whole_number(value)) return *n;
    return fail(call,
                "expects whole numbers (got " + (value.is_number() ? number_text(value) : type_name(value)) + ")");
}

// intAdd(int, int) -> int; a sum past int64 is a Problem, not a double.
Checked<Val> int_add(Call& call)
{
    auto a = whole_argument(call, call.args[0].get());
    if (!a) return a.error();
    auto b = whole_argument(call, call.args[1].get());
    if (!b) return b.error();
    std::int64_t sum = 0;
    if (__builtin_add_overflow(*a, *b, &sum)) return fail(call, "the sum does not fit in a 64-bit integer");
    return Val(json::value(sum));
}

Checked<Random*> random_of(const Call& call)
{
    if (call.scope.random == nullptr) return fail(call, "random values are not available here");
    return call.scope.random;
}

// randomInt(min, max) -> an integer from min to max, both included.
Checked<Val> random_int(Call& call)
{
    auto low = whole_argument(call, call.args[0].get());
    if (!low) return low.error();
    auto high = whole_argument(call, call.args[1].get());
    if (!high) return high.error();
    if (*low > *high)
        return fail(call, "min must not be more than max (got " + std::to_string(*low) + " and " +
                              std::to_string(*high) + ")");
    auto random = random_of(call);
    if (!random) return random.error();
    // The span as uint64 (max - min can pass int64). A 64-bit draw reduced modulo span + 1 favours
    // the low values by at most (span + 1) / 2^64: nothing a flow can notice.
    const std::uint64_t span = static_cast<std::uint64_t>(*high) - static_cast<std::uint64_t>(*low);
    const std::uint64_t draw = (*random)->next();
    const std::uint64_t offset = span == std::numeric_limits<std::uint64_t>::max() ? draw : draw % (span + 1);
    return Val(json::value(static_cast<std::int64_t>(static_cast<std::uint64_t>(*low) + offset)));
}

// uuid() -> a random version-4 UUID, lowercase ("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", y in 8-b).
Checked<Val> uuid(Call& call)
{
    auto random = random_of(call);
    if (!random) return random.error();
    unsigned char bytes[16];
    for (int half = 0; half < 2; ++half) {
        std::uint64_t draw = (*random)->next();
        for (int k = 0; k < 8; ++k, draw >>= 8) bytes[half * 8 + k] = static_cast<unsigned char>(draw);
    }
    bytes[6] = static_cast<unsigned char>((bytes[6] & 0x0F) | 0x40);  // version 4
    bytes[8] = static_cast<unsigned char>((bytes[8] & 0x3F) | 0x80);  // variant 10xx (RFC 4122)
    static constexpr char hex[] = "0123456789abcdef";
    std::string out;
    for (int k = 0; k < 16; ++k) {
        if (k == 4 || k == 6 || k == 8 || k == 10) out += '-';
        out += hex[bytes[k] >> 4];
        out += hex[bytes[k] & 0xF];
    }
    return Val(json::value(out));
}

// The table. Names are case-sensitive; fromJSON and toJSON are aliases (Q7).
constexpr Builtin builtins[] = {
    {"arrayContains", 2, 2, array_contains, nullptr},
    {"arrayUnique", 1, 1, array_unique, nullptr},
    {"format", 1, any_count, format, prepare_format},
    {"fromBase64", 1, 1, from_base64, nullptr},
    {"toBase64", 1, 1, to_base64, nullptr},
    {"stringToJson", 1, 1, string_to_json, nullptr},
    {"fromJSON", 1, 1, string_to_json, nullptr},
    {"jsonToString", 1, 1, json_to_string, nullptr},
    {"toJSON", 1, 1, json_to_string, nullptr},
    {"hash", 2, 2, hash, nullptr},
    {"jsonMerge", 2, 2, json_merge, nullptr},
    {"length", 1, 1, length, nullptr},
    {"mapKeys", 1, 1, map_keys, nullptr},
    {"mapValues", 1, 1, map_values, nullptr},
    {"regexMatchString", 2, 2, regex_match_string, prepare_regex},
    {"split", 2, 2, split, nullptr},
    {"toArray", 0, any_count, to_array, nullptr},
    {"uuid", 0, 0, uuid, nullptr},
    {"get", 2, 2, get, nullptr},
    {"intAdd", 2, 2, int_add, nullptr},
    {"randomInt", 2, 2, random_int, nullptr},
};

}  // namespace

const Builtin* find_builtin(std::string_view name)
{
    for (const auto& builtin : builtins)
        if (builtin.name == name) return &builtin;
    return nullptr;
}

}  // namespace cloudflow::local::expr::detail
