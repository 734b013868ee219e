// read_document: JSON through Boost.JSON's parser, YAML through libyaml's event parser (never its
// document loader, which would build every alias's copy before anything could count it). The
// YAML reader builds the JSON value as the events arrive, and counts every node, those an alias
// repeats included, before it makes them.
#include "lang/document.hpp"

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/parser.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/stream_parser.hpp>

#include <yaml.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

namespace cloudflow::local {
namespace {

namespace json = boost::json;

// "line L, column C", from libyaml's 0-based mark.
std::string at(const yaml_mark_t& mark)
{
    return "line " + std::to_string(mark.line + 1) + ", column " + std::to_string(mark.column + 1);
}

// The mark of byte `offset` of `text`, its column counted in characters as libyaml counts them.
yaml_mark_t mark_of(std::string_view text, std::size_t offset)
{
    yaml_mark_t mark{offset, 0, 0};
    for (std::size_t i = 0; i < std::min(offset, text.size()); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte == '\n') {
            ++mark.line;
            mark.column = 0;
        } else if ((byte & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
            ++mark.column;
        }
    }
    return mark;
}

// `text` as a JSON string for a message, at most 64 bytes of it (cut between characters).
std::string quoted(std::string_view text)
{
    constexpr std::size_t most = 64;
    if (text.size() <= most) return json::serialize(json::string(text));
    std::size_t end = most;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return json::serialize(json::string(text.substr(0, end))) + "...";
}

std::string too_many_nodes(std::size_t max_nodes)
{
    return "the document has more than " + std::to_string(max_nodes) +
           " nodes (scalars, mappings and sequences, counting every node an alias repeats)";
}

std::string too_deep(std::size_t max_depth)
{
    return "mappings and sequences are nested more than " + std::to_string(max_depth) + " deep";
}

// ---- JSON ----

// Keys must be unique in JSON text too (Boost.JSON keeps the last of equal keys): this handler of
// a second, value-less pass over a text that parsed refuses the first key an object repeats.
class KeyChecker {
public:
    static constexpr std::size_t max_object_size = -1;
    static constexpr std::size_t max_array_size = -1;
    static constexpr std::size_t max_key_size = -1;
    static constexpr std::size_t max_string_size = -1;

    std::string duplicate;  // the key, once refused

    bool on_document_begin(json::error_code&) { return true; }
    bool on_document_end(json::error_code&) { return true; }
    bool on_array_begin(json::error_code&) { return true; }
    bool on_array_end(std::size_t, json::error_code&) { return true; }
    bool on_object_begin(json::error_code&)
    {
        objects_.emplace_back();
        return true;
    }
    bool on_object_end(std::size_t, json::error_code&)
    {
        objects_.pop_back();
        return true;
    }
    bool on_string_part(json::string_view, std::size_t, json::error_code&) { return true; }
    bool on_string(json::string_view, std::size_t, json::error_code&) { return true; }
    bool on_key_part(json::string_view part, std::size_t, json::error_code&)
    {
        key_.append(part.data(), part.size());
        return true;
    }
    bool on_key(json::string_view part, std::size_t, json::error_code& ec)
    {
        key_.append(part.data(), part.size());
        if (!objects_.back().insert(key_).second) {
            duplicate = std::move(key_);
            ec = make_error_code(boost::system::errc::invalid_argument);
            return false;
        }
        key_.clear();
        return true;
    }
    bool on_number_part(json::string_view, json::error_code&) { return true; }
    bool on_int64(std::int64_t, json::string_view, json::error_code&) { return true; }
    bool on_uint64(std::uint64_t, json::string_view, json::error_code&) { return true; }
    bool on_double(double, json::string_view, json::error_code&) { return true; }
    bool on_bool(bool, json::error_code&) { return true; }
    bool on_null(json::error_code&) { return true; }
    bool on_comment_part(json::string_view, json::error_code&) { return true; }
    bool on_comment(json::string_view, json::error_code&) { return true; }

private:
    std::vector<std::unordered_set<std::string>> objects_;  // the keys of each open object
    std::string key_;
};

// The byte at which a JSON text stops being acceptable, given whether a streaming pass refuses
// its first `length` bytes: the shortest prefix refused ends there (a parser refuses a text at its
// first wrong byte, so every longer prefix is refused too). Only asked after a failed parse: about
// 20 passes over a prefix at most.
template <class Refuses>
std::size_t first_wrong_byte(std::size_t size, Refuses refuses)
{
    std::size_t good = 0, bad = size;  // refuses(good) is false, refuses(bad) true
    while (bad - good > 1) {
        const std::size_t middle = good + (bad - good) / 2;
        (refuses(middle) ? bad : good) = middle;
    }
    return bad - 1;
}

// Counts the nodes of a parsed JSON value (its depth is already bounded by the parser) and refuses
// numbers JSON cannot carry on (Boost.JSON reads 1e400 as infinity).
Checked<void> check_json(const json::value& value, std::size_t& nodes, std::size_t max_nodes)
{
    if (++nodes > max_nodes) return problem("", too_many_nodes(max_nodes));
    if (value.is_double() && !std::isfinite(value.get_double()))
        return problem("", "a number is out of the range of a double");
    if (const json::array* array = value.if_array()) {
        for (const auto& item : *array)
            if (auto checked = check_json(item, nodes, max_nodes); !checked) return checked;
    } else if (const json::object* object = value.if_object()) {
        for (const auto& member : *object) {
            if (++nodes > max_nodes) return problem("", too_many_nodes(max_nodes));  // the key, a scalar
            if (auto checked = check_json(member.value(), nodes, max_nodes); !checked) return checked;
        }
    }
    return {};
}

Checked<json::value> read_json(std::string_view text, const DocumentLimits& limits)
{
    json::parse_options options;
    options.max_depth = limits.max_depth;
    json::parser parser({}, options);
    json::error_code ec;
    const std::size_t read = parser.write(text.data(), text.size(), ec);
    if (ec == json::error::extra_data)
        return problem(at(mark_of(text, read)), "there is more after the JSON value (one document per text)");
    if (ec) {
        const auto refuses = [&](std::size_t length) {
            json::stream_parser prefix({}, options);
            json::error_code prefix_ec;
            prefix.write_some(text.data(), length, prefix_ec);
            return static_cast<bool>(prefix_ec);
        };
        if (!refuses(text.size())) return problem(at(mark_of(text, text.size())), "the JSON text ends too soon");
        const std::size_t wrong = first_wrong_byte(text.size(), refuses);
        return problem(at(mark_of(text, wrong)),
                       ec == json::error::too_deep ? too_deep(limits.max_depth) : "invalid JSON: " + ec.message());
    }
    json::value value = parser.release();
    std::size_t nodes = 0;
    if (auto checked = check_json(value, nodes, limits.max_nodes); !checked) return checked.error();

    json::basic_parser<KeyChecker> keys(options);
    keys.write_some(false, text.data(), text.size(), ec);
    if (ec) {
        const std::string duplicate = keys.handler().duplicate;
        const std::size_t wrong = first_wrong_byte(text.size(), [&](std::size_t length) {
            json::basic_parser<KeyChecker> prefix(options);
            json::error_code prefix_ec;
            prefix.write_some(true, text.data(), length, prefix_ec);
            return static_cast<bool>(prefix_ec);
        });
        // `wrong` is the key's closing quote: the key starts at the quote before it that no odd
        // run of backslashes escapes (a JSON string holds no line break, so it is on this line).
        std::size_t start = wrong;
        while (start > 0) {
            --start;
            std::size_t backslashes = 0;
            while (start > backslashes && text[start - 1 - backslashes] == '\\') ++backslashes;
            if (text[start] == '"' && backslashes % 2 == 0) break;
        }
        return problem(at(mark_of(text, start)), "duplicate key " + quoted(duplicate));
    }
    return value;
}

// ---- YAML ----

constexpr std::string_view core_tag = "tag:yaml.org,2002:";

// A tag as it was written: "!!str" for the core schema's, others as they are.
std::string shown_tag(std::string_view tag)
{
    if (tag.starts_with(core_tag)) return quoted("!!" + std::string(tag.substr(core_tag.size())));
    return quoted(tag);
}

bool is_null(std::string_view s)
{
    return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

std::optional<bool> boolean(std::string_view s)
{
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    return std::nullopt;
}

bool all_digits(std::string_view s, int base)
{
    return !s.empty() && std::all_of(s.begin(), s.end(), [base](char c) {
        if (c >= '0' && c <= '9') return c - '0' < base;
        return base == 16 && ((c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'));
    });
}

// The core schema's float: [-+]? ( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?
bool is_float(std::string_view s)
{
    std::size_t i = 0;
    const auto digits = [&] {
        const std::size_t from = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        return i - from;
    };
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    if (i < s.size() && s[i] == '.') {
        ++i;
        if (digits() == 0) return false;
    } else {
        if (digits() == 0) return false;
        if (i < s.size() && s[i] == '.') {
            ++i;
            digits();
        }
    }
    if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
        if (digits() == 0) return false;
    }
    return i == s.size();
}

bool is_infinity_or_nan(std::string_view s)
{
    if (!s.empty() && (s.front() == '-' || s.front() == '+')) s.remove_prefix(1);
    return s == ".inf" || s == ".Inf" || s == ".INF" || s == ".nan" || s == ".NaN" || s == ".NAN";
}

// A float of the core schema (or an integer written where a float is wanted) as a double.
std::optional<double> to_double(std::string_view s)
{
    if (!s.empty() && s.front() == '+') s.remove_prefix(1);  // from_chars takes no '+'
    double out = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(out)) return std::nullopt;
    return out;
}

// An integer of the core schema: decimal (with a sign), 0o octal or 0x hex. A decimal too large
// for 64 bits becomes a double, as in JSON; nullopt: not an integer, or an octal or hex one too large.
std::optional<json::value> to_integer(std::string_view s, bool& too_large)
{
    too_large = false;
    int base = 10;
    std::string_view digits = s;
    if (s.starts_with("0o") || s.starts_with("0x")) {
        base = s[1] == 'o' ? 8 : 16;
        digits.remove_prefix(2);
    } else if (!s.empty() && (s.front() == '-' || s.front() == '+')) {
        digits.remove_prefix(1);
    }
    if (!all_digits(digits, base)) return std::nullopt;
    if (base == 10 && s.front() == '-') {
        std::int64_t out = 0;
        if (std::from_chars(s.data(), s.data() + s.size(), out).ec == std::errc()) return json::value(out);
    } else {
        std::uint64_t out = 0;
        if (std::from_chars(digits.data(), digits.data() + digits.size(), out, base).ec == std::errc()) {
            if (out <= static_cast<std::uint64_t>(INT64_MAX)) return json::value(static_cast<std::int64_t>(out));
            return json::value(out);
        }
    }
    if (base == 10)
        if (auto d = to_double(s)) return json::value(*d);
    too_large = true;
    return std::nullopt;
}

// libyaml's text (an anchor's name, a tag), or "" for none.
std::string chars(const yaml_char_t* text)
{
    return text != nullptr ? reinterpret_cast<const char*>(text) : "";
}

struct Anchor {
    json::value value;
    std::size_t nodes = 1;                // the nodes an alias of it repeats
    std::size_t height = 0;               // mappings and sequences inside each other in it (0: a scalar)
    std::optional<std::string> key_text;  // a scalar's text, for an alias used as a mapping key
};

// One mapping or sequence being read.
struct Frame {
    bool mapping = false;
    json::value value;               // an object or an array
    std::optional<std::string> key;  // a mapping's key whose value comes next
    std::string anchor;              // its anchor, or empty
    std::size_t nodes_before = 0;    // the document's nodes before this one
    std::size_t height = 1;
};

class YamlReader {
public:
    YamlReader(std::string_view text, const DocumentLimits& limits) : text_(text), limits_(limits)
    {
        if (yaml_parser_initialize(&parser_) == 0) throw std::bad_alloc();
        yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
    }
    ~YamlReader() { yaml_parser_delete(&parser_); }
    YamlReader(const YamlReader&) = delete;
    YamlReader& operator=(const YamlReader&) = delete;

    Checked<json::value> read()
    {
        int documents = 0;
        for (;;) {
            Event event;
            if (yaml_parser_parse(&parser_, &event.e) == 0) return parser_problem();
            const yaml_event_t& e = event.e;
            Checked<void> step;
            switch (e.type) {
            case YAML_STREAM_END_EVENT:
                if (!root_) return problem("", "the text holds no document");
                return std::move(*root_);
            case YAML_DOCUMENT_START_EVENT:
                if (++documents > 1) return problem(at(e.start_mark), "the text holds more than one document");
                break;
            case YAML_SCALAR_EVENT: step = scalar(e); break;
            case YAML_ALIAS_EVENT: step = alias(e); break;
            case YAML_MAPPING_START_EVENT:
                step = open(e, true, e.data.mapping_start.tag, e.data.mapping_start.anchor);
                break;
            case YAML_SEQUENCE_START_EVENT:
                step = open(e, false, e.data.sequence_start.tag, e.data.sequence_start.anchor);
                break;
            case YAML_MAPPING_END_EVENT:
            case YAML_SEQUENCE_END_EVENT: step = close(e); break;
            default: break;  // stream start, document end
            }
            if (!step) return step.error();
        }
    }

private:
    // An event, always deleted (yaml_parser_parse zeroes it first, so a failed one is too).
    struct Event {
        yaml_event_t e{};
        Event() = default;
        Event(const Event&) = delete;
        Event& operator=(const Event&) = delete;
        ~Event() { yaml_event_delete(&e); }
    };

    Problem parser_problem() const
    {
        if (parser_.error == YAML_MEMORY_ERROR) return problem("", "out of memory reading the YAML text");
        std::string what = parser_.problem != nullptr ? parser_.problem : "invalid YAML";
        if (parser_.context != nullptr)
            what += std::string(" (") + parser_.context + " at " + at(parser_.context_mark) + ")";
        // A reader error (bad UTF-8, a control character) has an offset, not a mark.
        const yaml_mark_t mark =
            parser_.error == YAML_READER_ERROR ? mark_of(text_, parser_.problem_offset) : parser_.problem_mark;
        return problem(at(mark), what);
    }

    Checked<void> count(std::size_t nodes, const yaml_mark_t& mark)
    {
        if (nodes > limits_.max_nodes - nodes_) return problem(at(mark), too_many_nodes(limits_.max_nodes));
        nodes_ += nodes;
        return {};
    }

    bool expecting_key() const { return !stack_.empty() && stack_.back().mapping && !stack_.back().key; }

    // The anchor `name` now stands for `anchor`. What anchors keep is bounded too: nested
    // anchors each keep a copy of the nodes inside them.
    Checked<void> keep(const std::string& name, Anchor anchor, const yaml_mark_t& mark)
    {
        if (name.empty()) return {};
        if (anchor.nodes > limits_.max_nodes - kept_)
            return problem(at(mark), "anchors keep more than " + std::to_string(limits_.max_nodes) + " nodes");
        kept_ += anchor.nodes;
        anchors_.insert_or_assign(name, std::move(anchor));
        return {};
    }

    Checked<void> use_key(std::string key, const yaml_mark_t& mark)
    {
        Frame& frame = stack_.back();
        if (frame.value.get_object().contains(key)) return problem(at(mark), "duplicate key " + quoted(key));
        frame.key = std::move(key);
        return {};
    }

    // A finished value goes into the collection being read, or is the document.
    void add(json::value value, std::size_t height)
    {
        if (stack_.empty()) {
            root_ = std::move(value);
            return;
        }
        Frame& frame = stack_.back();
        frame.height = std::max(frame.height, height + 1);
        if (frame.mapping) {
            frame.value.get_object().emplace(*frame.key, std::move(value));
            frame.key.reset();
        } else {
            frame.value.get_array().push_back(std::move(value));
        }
    }

    Checked<json::value> resolve(const yaml_event_t& e) const
    {
        const std::string_view text(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
        const std::string_view tag = e.data.scalar.tag != nullptr
                                         ? std::string_view(reinterpret_cast<const char*>(e.data.scalar.tag))
                                         : std::string_view();
        const auto refuse = [&](const std::string& what) { return problem(at(e.start_mark), what); };
        bool too_large = false;
        if (tag.empty()) {  // untagged: quoted and block scalars are strings, plain ones resolved
            if (e.data.scalar.style != YAML_PLAIN_SCALAR_STYLE) return json::value(json::string(text));
            if (is_null(text)) return json::value(nullptr);
            if (auto b = boolean(text)) return json::value(*b);
            if (auto i = to_integer(text, too_large)) return std::move(*i);
            if (too_large) return refuse("the integer " + quoted(text) + " is too large");
            if (is_float(text)) {
                if (auto d = to_double(text)) return json::value(*d);
                return refuse("the number " + quoted(text) + " is out of the range of a double");
            }
            if (is_infinity_or_nan(text)) return refuse(quoted(text) + ": JSON has no infinity or NaN");
            return json::value(json::string(text));
        }
        if (tag == "!" || tag == "tag:yaml.org,2002:str") return json::value(json::string(text));
        if (tag == "tag:yaml.org,2002:null") {
            if (is_null(text)) return json::value(nullptr);
            return refuse(quoted(text) + " is not null (tagged !!null)");
        }
        if (tag == "tag:yaml.org,2002:bool") {
            if (auto b = boolean(text)) return json::value(*b);
            return refuse(quoted(text) + " is not a boolean (tagged !!bool)");
        }
        if (tag == "tag:yaml.org,2002:int") {
            if (auto i = to_integer(text, too_large)) return std::move(*i);
            return refuse(quoted(text) + (too_large ? " is too large" : " is not an integer (tagged !!int)"));
        }
        if (tag == "tag:yaml.org,2002:float") {
            if (is_float(text))
                if (auto d = to_double(text)) return json::value(*d);
            return refuse(quoted(text) + " is not a finite float (tagged !!float)");
        }
        if (tag == "tag:yaml.org,2002:map" || tag == "tag:yaml.org,2002:seq")
            return refuse("the tag " + shown_tag(tag) + " is on a scalar");
        return refuse("the tag " + shown_tag(tag) + " is not supported (only the core schema's)");
    }

    Checked<void> scalar(const yaml_event_t& e)
    {
        auto value = resolve(e);
        if (!value) return value.error();
        if (auto counted = count(1, e.start_mark); !counted) return counted;
        std::string text(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
        if (auto kept = keep(chars(e.data.scalar.anchor), Anchor{*value, 1, 0, text}, e.start_mark); !kept) return kept;
        if (expecting_key()) return use_key(std::move(text), e.start_mark);
        add(std::move(*value), 0);
        return {};
    }

    Checked<void> alias(const yaml_event_t& e)
    {
        const std::string name(reinterpret_cast<const char*>(e.data.alias.anchor));
        const auto found = anchors_.find(name);
        if (found == anchors_.end())
            return problem(at(e.start_mark),
                           "the alias *" + name.substr(0, 64) + " names no anchor whose node is complete before it");
        const Anchor& anchor = found->second;
        if (auto counted = count(anchor.nodes, e.start_mark); !counted) return counted;
        if (stack_.size() + anchor.height > limits_.max_depth)
            return problem(at(e.start_mark), too_deep(limits_.max_depth));
        if (expecting_key()) {
            if (!anchor.key_text) return problem(at(e.start_mark), "a mapping key must be a scalar");
            return use_key(*anchor.key_text, e.start_mark);
        }
        add(anchor.value, anchor.height);
        return {};
    }

    Checked<void> open(const yaml_event_t& e, bool mapping, const yaml_char_t* tag_text, const yaml_char_t* anchor)
    {
        if (expecting_key()) return problem(at(e.start_mark), "a mapping key must be a scalar");
        if (tag_text != nullptr) {
            const std::string_view tag(reinterpret_cast<const char*>(tag_text));
            const std::string_view wanted = mapping ? "tag:yaml.org,2002:map" : "tag:yaml.org,2002:seq";
            if (tag != "!" && tag != wanted)
                return problem(at(e.start_mark), "the tag " + shown_tag(tag) + " is not supported on a " +
                                                     (mapping ? "mapping" : "sequence"));
        }
        if (stack_.size() + 1 > limits_.max_depth) return problem(at(e.start_mark), too_deep(limits_.max_depth));
        const std::size_t before = nodes_;
        if (auto counted = count(1, e.start_mark); !counted) return counted;
        Frame frame;
        frame.mapping = mapping;
        frame.value = mapping ? json::value(json::object()) : json::value(json::array());
        frame.anchor = chars(anchor);
        frame.nodes_before = before;
        stack_.push_back(std::move(frame));
        return {};
    }

    Checked<void> close(const yaml_event_t& e)
    {
        Frame frame = std::move(stack_.back());
        stack_.pop_back();
        if (!frame.anchor.empty()) {
            Anchor anchor{frame.value, nodes_ - frame.nodes_before, frame.height, std::nullopt};
            if (auto kept = keep(frame.anchor, std::move(anchor), e.start_mark); !kept) return kept;
        }
        add(std::move(frame.value), frame.height);
        return {};
    }

    std::string_view text_;
    const DocumentLimits& limits_;
    yaml_parser_t parser_{};
    std::vector<Frame> stack_;
    std::optional<json::value> root_;
    std::unordered_map<std::string, Anchor> anchors_;
    std::size_t nodes_ = 0;  // in the document, aliases expanded
    std::size_t kept_ = 0;   // in the anchors' copies
};

}  // namespace

Checked<json::value> read_document(std::string_view text, const DocumentLimits& limits)
{
    if (text.size() > limits.max_bytes)
        return problem("", "the text is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                               std::to_string(limits.max_bytes));
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) return read_json(text, limits);
    YamlReader reader(text, limits);
    return reader.read();
}

}  // namespace cloudflow::local
