// The expression language: a recursive-descent parser over the text (no separate token list) that
// builds an immutable tree, and an evaluator that walks it. expression.hpp has the grammar; the
// rules the docs leave open are commented where they are implemented.
#include "expr/expression.hpp"

#include "expr/builtins.hpp"
#include "expr/values.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

namespace cloudflow::local::expr {
namespace json = boost::json;

namespace detail {

enum class Kind {
    literal,
    variable,
    path,
    negate,
    logical_not,
    logical_and,
    logical_or,
    compare,
    arithmetic,
    array,
    object,
    call
};
enum class Op { eq, ne, lt, le, gt, ge, in, add, sub, mul, div, mod };

// One step of a path: `.member` or `[index]`.
struct Step {
    std::string member;
    std::size_t index = 0;
    bool is_index = false;
};

struct Operator {
    Op op;
    std::size_t position;
};

// One node of the tree. Operators with many operands (a + b - c, a && b && c) are one node with a
// list, not a nested chain: a long chain costs no depth.
struct Node {
    Kind kind = Kind::literal;
    std::size_t position = 0;              // of its first character, from 1
    json::value literal;                   // literal
    Variable variable{};                   // variable
    std::vector<Node> operands;            // path: the base; call: the arguments; others: the operands
    std::vector<Operator> ops;             // ops[i] stands before operands[i + 1] (&&, ||: only its position)
    std::vector<Step> steps;               // path
    std::vector<std::string> keys;         // object: the key of each operand
    const Builtin* function = nullptr;     // call
    std::string name;                      // call: the name as written
    std::shared_ptr<const void> prepared;  // call: what the function prepared at compile time
};

}  // namespace detail

namespace {

using detail::Kind;
using detail::Node;
using detail::Op;
using detail::Val;

std::string at_character(std::size_t position)
{
    return "at character " + std::to_string(position);
}

const char* op_text(Op op)
{
    switch (op) {
    case Op::eq: return "==";
    case Op::ne: return "!=";
    case Op::lt: return "<";
    case Op::le: return "<=";
    case Op::gt: return ">";
    case Op::ge: return ">=";
    case Op::in: return "in";
    case Op::add: return "+";
    case Op::sub: return "-";
    case Op::mul: return "*";
    case Op::div: return "/";
    default: return "%";
    }
}

bool member_byte(char c)
{
    const auto byte = static_cast<unsigned char>(c);
    return (byte >= 'a' && byte <= 'z') || (byte >= 'A' && byte <= 'Z') || (byte >= '0' && byte <= '9') ||
           byte == '_' || byte >= 0x80;
}

bool name_byte(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

bool digit(char c)
{
    return c >= '0' && c <= '9';
}

void append_utf8(std::string& out, std::uint32_t code)
{
    if (code < 0x80) {
        out += static_cast<char>(code);
    } else if (code < 0x800) {
        out += static_cast<char>(0xC0 | (code >> 6));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        out += static_cast<char>(0xE0 | (code >> 12));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (code >> 18));
        out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (code & 0x3F));
    }
}

// The parser reports a Problem by throwing it; Expression::compile catches it. Nothing leaves
// compile() by an exception.
struct Refusal {
    Problem problem;
};

class Parser {
public:
    Parser(std::string_view text, const Limits& limits) : text_(text), limits_(limits) {}

    Node parse()
    {
        Node root = parse_or();
        skip_space();
        if (!at_end()) fail(pos_, "unexpected " + here() + " after a complete expression");
        return root;
    }

    unsigned variables() const { return variables_; }

private:
    // Counts one level of nesting for as long as it lives: unary operators, parentheses, array
    // and object literals and calls. Each level is a bounded number of stack frames, here and in
    // the evaluator, so no text can overflow the stack (100000 '(' stop at the 65th).
    class Nest {
    public:
        Nest(Parser& parser, std::size_t position) : parser_(parser)
        {
            if (++parser_.depth_ > parser_.limits_.max_nesting)
                parser_.fail(position, "the expression nests deeper than " +
                                           std::to_string(parser_.limits_.max_nesting) +
                                           " levels (operators, parentheses, calls, arrays and objects)");
        }
        ~Nest() { --parser_.depth_; }
        Nest(const Nest&) = delete;
        Nest& operator=(const Nest&) = delete;

    private:
        Parser& parser_;
    };

    [[noreturn]] void fail(std::size_t offset, std::string what) const
    {
        throw Refusal{Problem{at_character(offset + 1), std::move(what)}};
    }

    bool at_end() const { return pos_ >= text_.size(); }
    char peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : '\0'; }

    void skip_space()
    {
        while (!at_end() && (peek() == ' ' || peek() == '\t' || peek() == '\n' || peek() == '\r')) ++pos_;
    }

    // What is at the current position, for Problems.
    std::string here() const
    {
        if (at_end()) return "end of the expression";
        const auto byte = static_cast<unsigned char>(peek());
        if (byte >= 0x20 && byte < 0x7F) return std::string("'") + peek() + "'";
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02X", byte);
        return std::string("byte ") + hex;
    }

    void expect(char c, const char* what)
    {
        skip_space();
        if (peek() != c || at_end()) fail(pos_, std::string("expects ") + what + " (got " + here() + ")");
        ++pos_;
    }

    std::size_t here_position() const { return pos_ + 1; }

    // or := and ('||' and)*; and := compare ('&&' compare)*. Flat lists, not nested nodes: a
    // long chain costs no depth.
    Node parse_or() { return parse_logical(Kind::logical_or, "||"); }
    Node parse_and() { return parse_logical(Kind::logical_and, "&&"); }

    Node parse_logical(Kind kind, std::string_view token)
    {
        Node first = kind == Kind::logical_or ? parse_and() : parse_compare();
        skip_space();
        if (!text_.substr(pos_).starts_with(token)) return first;
        Node node;
        node.kind = kind;
        node.position = first.position;
        node.operands.push_back(std::move(first));
        while (true) {
            skip_space();
            if (!text_.substr(pos_).starts_with(token)) break;
            node.ops.push_back({Op::eq, here_position()});
            pos_ += 2;
            node.operands.push_back(kind == Kind::logical_or ? parse_and() : parse_compare());
        }
        return node;
    }

    // The comparison operator at the current position, if any (without consuming it).
    std::optional<std::pair<Op, std::size_t>> comparison() const
    {
        const char c = peek(), next = peek(1);
        if (c == '=' && next == '=') return std::pair{Op::eq, std::size_t{2}};
        if (c == '!' && next == '=') return std::pair{Op::ne, std::size_t{2}};
        if (c == '<') return next == '=' ? std::pair{Op::le, std::size_t{2}} : std::pair{Op::lt, std::size_t{1}};
        if (c == '>') return next == '=' ? std::pair{Op::ge, std::size_t{2}} : std::pair{Op::gt, std::size_t{1}};
        // `in` (the Choice page's 2024 revision): a word, so not followed by a name's character.
        if (c == 'i' && next == 'n') {
            const char after = peek(2);
            const bool name = (after >= 'a' && after <= 'z') || (after >= 'A' && after <= 'Z') ||
                              (after >= '0' && after <= '9') || after == '_';
            if (!name) return std::pair{Op::in, std::size_t{2}};
        }
        return std::nullopt;
    }

    // compare := sum (op sum)?; `a < b < c` is refused rather than read as `(a < b) < c`, which
    // would compare a boolean with c and always be false.
    Node parse_compare()
    {
        Node left = parse_sum();
        skip_space();
        if (peek() == '=' && peek(1) != '=') fail(pos_, "'=' is not an operator (use == to compare)");
        const auto op = comparison();
        if (!op) return left;
        Node node;
        node.kind = Kind::compare;
        node.position = left.position;
        node.ops.push_back({op->first, here_position()});
        pos_ += op->second;
        node.operands.push_back(std::move(left));
        node.operands.push_back(parse_sum());
        skip_space();
        if (comparison()) fail(pos_, "comparisons do not chain: write a < b && b < c rather than a < b < c");
        return node;
    }

    Node parse_sum() { return parse_arithmetic(false); }
    Node parse_product() { return parse_arithmetic(true); }

    // sum := product (('+' | '-') product)*; product := unary (('*' | '/' | '%') unary)*. A flat
    // list evaluated from the left.
    Node parse_arithmetic(bool product)
    {
        Node first = product ? parse_unary() : parse_product();
        Node node;
        node.kind = Kind::arithmetic;
        node.position = first.position;
        node.operands.push_back(std::move(first));
        while (true) {
            skip_space();
            const char c = peek();
            Op op = Op::add;
            if (!product && c == '+')
                op = Op::add;
            else if (!product && c == '-')
                op = Op::sub;
            else if (product && c == '*')
                op = Op::mul;
            else if (product && c == '/')
                op = Op::div;
            else if (product && c == '%')
                op = Op::mod;
            else
                break;
            node.ops.push_back({op, here_position()});
            ++pos_;
            node.operands.push_back(product ? parse_unary() : parse_product());
        }
        if (node.ops.empty()) return std::move(node.operands.front());
        return node;
    }

    // unary := ('!' | '-') unary | postfix
    Node parse_unary()
    {
        skip_space();
        const char c = peek();
        if (c != '!' && c != '-') return parse_postfix();
        if (c == '!' && peek(1) == '=') fail(pos_, "expects a value (got '!=')");
        const std::size_t position = here_position();
        const Nest nest(*this, pos_);
        ++pos_;
        Node operand = parse_unary();
        if (c == '-' && operand.kind == Kind::literal && operand.literal.is_number()) {
            // Folded at compile time, so that -9223372036854775808 is the smallest int64.
            negate_literal(operand.literal);
            operand.position = position;
            return operand;
        }
        Node node;
        node.kind = c == '!' ? Kind::logical_not : Kind::negate;
        node.position = position;
        node.operands.push_back(std::move(operand));
        return node;
    }

    static void negate_literal(json::value& number)
    {
        constexpr auto int_min = std::numeric_limits<std::int64_t>::min();
        if (number.is_int64() && number.get_int64() != int_min)
            number = -number.get_int64();
        else if (number.is_uint64() && number.get_uint64() == std::uint64_t{1} << 63)
            number = int_min;
        else
            number = -detail::double_of(number);
    }

    // postfix := primary ('.' member | '[' index ']')*
    Node parse_postfix()
    {
        Node base = parse_primary();
        Node path;
        path.kind = Kind::path;
        path.position = base.position;
        while (true) {
            skip_space();
            detail::Step step;
            if (peek() == '.' && !at_end()) {
                ++pos_;
                const std::size_t start = pos_;
                while (!at_end() && member_byte(peek())) ++pos_;
                if (pos_ == start) fail(pos_, "expects a member name after '.' (got " + here() + ")");
                step.member = std::string(text_.substr(start, pos_ - start));
            } else if (peek() == '[' && !at_end()) {
                ++pos_;
                skip_space();
                step.is_index = true;
                step.index = parse_index();
                expect(']', "']' after the index");
            } else {
                break;
            }
            path.steps.push_back(std::move(step));
        }
        if (path.steps.empty()) return base;
        path.operands.push_back(std::move(base));
        return path;
    }

    // Only `[n]` with n a whole number literal (Q3): negative indexes, expressions, `*` and quoted
    // keys are refused here, when the flow is created, not when it runs.
    std::size_t parse_index()
    {
        const std::size_t start = pos_;
        while (!at_end() && digit(peek())) ++pos_;
        skip_space();
        if (pos_ == start || (!at_end() && peek() != ']'))
            fail(start, "an index must be a whole number such as [0] (negative indexes, expressions, * and quoted "
                        "keys are not supported)");
        std::size_t index = 0;
        const auto* first = text_.data() + start;
        const auto [end, ec] = std::from_chars(first, text_.data() + pos_, index);
        if (ec != std::errc{}) fail(start, "the index is too large");
        (void)end;
        return index;
    }

    Node parse_primary()
    {
        skip_space();
        Node node;
        node.position = here_position();
        const char c = peek();
        if (at_end()) fail(pos_, "expects a value (got end of the expression)");
        if (c == '$') return parse_variable();
        if (digit(c)) {
            node.literal = parse_number();
            return node;
        }
        if (c == '"' || c == '\'' || c == '`') {
            node.literal = parse_string();
            return node;
        }
        if (c == '(') {
            const Nest nest(*this, pos_);
            ++pos_;
            Node inner = parse_or();
            expect(')', "')'");
            return inner;
        }
        if (c == '[') return parse_array();
        if (c == '{') return parse_object();
        if (name_byte(c)) {
            const std::size_t start = pos_;
            while (!at_end() && name_byte(peek())) ++pos_;
            const std::string_view name = text_.substr(start, pos_ - start);
            const std::size_t after = pos_;
            skip_space();
            if (peek() == '(') return parse_call(name, start);
            pos_ = after;
            if (name == "true" || name == "false") {
                node.literal = name == "true";
                return node;
            }
            if (name == "null") return node;
            fail(start, "unknown name " + std::string(name) +
                            " (strings are quoted, variables start with $, functions are called with ())");
        }
        fail(pos_, "expects a value (got " + here() + ")");
    }

    // Variables are case-sensitive: $Input, not $input.
    Node parse_variable()
    {
        const std::size_t start = pos_;
        ++pos_;
        while (!at_end() && name_byte(peek())) ++pos_;
        const std::string_view name = text_.substr(start, pos_ - start);
        Node node;
        node.kind = Kind::variable;
        node.position = start + 1;
        if (name == "$Input")
            node.variable = input;
        else if (name == "$Output")
            node.variable = output;
        else if (name == "$Context")
            node.variable = context;
        else if (name == "$Global")
            node.variable = global;
        else if (name == "$Item")
            node.variable = item;
        else
            fail(start, "unknown variable " + std::string(name) +
                            " (the variables are $Input, $Output, $Context, "
                            "$Global and $Item)");
        variables_ |= node.variable;
        return node;
    }

    // A JSON number without its sign (unary minus gives that): an integer stays an integer when it
    // fits in int64 (or uint64), anything else is a double.
    json::value parse_number()
    {
        const std::size_t start = pos_;
        if (peek() == '0' && digit(peek(1))) fail(pos_, "a number does not start with 0 (as in JSON)");
        while (!at_end() && digit(peek())) ++pos_;
        bool whole = true, negative_exponent = false;
        if (peek() == '.' && digit(peek(1))) {
            whole = false;
            ++pos_;
            while (!at_end() && digit(peek())) ++pos_;
        }
        if (peek() == 'e' || peek() == 'E') {
            whole = false;
            ++pos_;
            if (peek() == '+' || peek() == '-') negative_exponent = peek() == '-', ++pos_;
            if (!digit(peek()) || at_end()) fail(pos_, "a number's exponent has no digits");
            while (!at_end() && digit(peek())) ++pos_;
        }
        const char* first = text_.data() + start;
        const char* last = text_.data() + pos_;
        if (whole) {
            std::int64_t i = 0;
            if (std::from_chars(first, last, i).ec == std::errc{}) return i;
            std::uint64_t u = 0;
            if (std::from_chars(first, last, u).ec == std::errc{}) return u;
        }
        double d = 0;
        const auto [end, ec] = std::from_chars(first, last, d);
        if (ec == std::errc::result_out_of_range) {
            if (!negative_exponent) fail(start, "the number is too large for a double");
            d = 0;  // too small: it rounds to 0, as JSON parsers do
        }
        (void)end;
        return d;
    }

    // "..." with JSON's escapes; '...' and `...` with none but \' (or \`) and \\.
    json::value parse_string()
    {
        const char quote = peek();
        const std::size_t start = pos_;
        ++pos_;
        std::string out;
        while (true) {
            if (at_end()) fail(start, "the string that starts here is not closed");
            const char c = peek();
            ++pos_;
            if (c == quote) break;
            if (c != '\\') {
                out += c;
                continue;
            }
            if (at_end()) fail(start, "the string that starts here is not closed");
            const char e = peek();
            if (quote != '"') {
                if (e == quote || e == '\\')
                    ++pos_, out += e;
                else
                    out += '\\';
                continue;
            }
            ++pos_;
            switch (e) {
            case '"': out += '"'; break;
            case '\\': out += '\\'; break;
            case '/': out += '/'; break;
            case 'b': out += '\b'; break;
            case 'f': out += '\f'; break;
            case 'n': out += '\n'; break;
            case 'r': out += '\r'; break;
            case 't': out += '\t'; break;
            case 'u': append_utf8(out, parse_code_point()); break;
            default: fail(pos_ - 2, std::string("unknown escape \\") + e + " in a string");
            }
        }
        return json::value(out);
    }

    std::uint32_t parse_hex4()
    {
        std::uint32_t code = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = peek();
            std::uint32_t v = 0;
            if (c >= '0' && c <= '9')
                v = static_cast<std::uint32_t>(c - '0');
            else if (c >= 'a' && c <= 'f')
                v = static_cast<std::uint32_t>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                v = static_cast<std::uint32_t>(c - 'A' + 10);
            else
                fail(pos_, "\\u needs four hexadecimal digits");
            code = code * 16 + v;
            ++pos_;
        }
        return code;
    }

    // After "\u": a code point, a surrogate pair joined.
    std::uint32_t parse_code_point()
    {
        const std::size_t start = pos_ - 2;
        const std::uint32_t code = parse_hex4();
        if (code >= 0xDC00 && code <= 0xDFFF) fail(start, "a \\u escape is an unpaired low surrogate");
        if (code < 0xD800 || code > 0xDBFF) return code;
        if (peek() != '\\' || peek(1) != 'u') fail(start, "a \\u escape is an unpaired high surrogate");
        pos_ += 2;
        const std::uint32_t low = parse_hex4();
        if (low < 0xDC00 || low > 0xDFFF) fail(start, "a \\u escape is an unpaired high surrogate");
        return 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
    }

    Node parse_array()
    {
        const Nest nest(*this, pos_);
        Node node;
        node.kind = Kind::array;
        node.position = here_position();
        ++pos_;
        skip_space();
        if (peek() == ']') {
            ++pos_;
            return node;
        }
        while (true) {
            node.operands.push_back(parse_or());
            skip_space();
            if (peek() == ',' && !at_end()) {
                ++pos_;
                continue;
            }
            expect(']', "',' or ']' in the array");
            return node;
        }
    }

    // Keys are string literals; a key given twice is refused.
    Node parse_object()
    {
        const Nest nest(*this, pos_);
        Node node;
        node.kind = Kind::object;
        node.position = here_position();
        ++pos_;
        skip_space();
        if (peek() == '}') {
            ++pos_;
            return node;
        }
        while (true) {
            skip_space();
            const std::size_t key_at = pos_;
            if (peek() != '"' && peek() != '\'' && peek() != '`')
                fail(pos_, "expects a quoted key in the object (got " + here() + ")");
            std::string key(parse_string().get_string());
            for (const auto& k : node.keys)
                if (k == key) fail(key_at, "the key \"" + key + "\" is given twice in the object");
            expect(':', "':' after the key");
            node.keys.push_back(std::move(key));
            node.operands.push_back(parse_or());
            skip_space();
            if (peek() == ',' && !at_end()) {
                ++pos_;
                continue;
            }
            expect('}', "',' or '}' in the object");
            return node;
        }
    }

    static std::string count_text(std::size_t n) { return std::to_string(n) + (n == 1 ? " argument" : " arguments"); }

    Node parse_call(std::string_view name, std::size_t start)
    {
        const auto* function = detail::find_builtin(name);
        if (function == nullptr) fail(start, "unknown function " + std::string(name));
        const Nest nest(*this, start);
        if (++calls_ > limits_.max_call_depth)
            fail(start, "built-in calls nest deeper than " + std::to_string(limits_.max_call_depth));
        Node node;
        node.kind = Kind::call;
        node.position = start + 1;
        node.function = function;
        node.name = std::string(name);
        ++pos_;  // '('
        skip_space();
        if (peek() == ')') {
            ++pos_;
        } else {
            while (true) {
                node.operands.push_back(parse_or());
                skip_space();
                if (peek() == ',' && !at_end()) {
                    ++pos_;
                    continue;
                }
                expect(')', "',' or ')' after an argument");
                break;
            }
        }
        --calls_;
        const std::size_t count = node.operands.size();
        if (count < function->min_args || count > function->max_args) {
            std::string expected;
            if (function->min_args == function->max_args)
                expected = count_text(function->min_args);
            else if (function->max_args == detail::any_count)
                expected = "at least " + count_text(function->min_args);
            else
                expected = std::to_string(function->min_args) + " to " + count_text(function->max_args);
            fail(start, node.name + ": expects " + expected + " (got " + std::to_string(count) + ")");
        }
        if (function->prepare != nullptr) {
            std::vector<const json::value*> literals;
            for (const auto& operand : node.operands)
                literals.push_back(operand.kind == Kind::literal ? &operand.literal : nullptr);
            auto prepared = function->prepare(literals, node.name);
            if (!prepared) fail(start, prepared.error().what);
            node.prepared = std::move(*prepared);
        }
        return node;
    }

    std::string_view text_;
    const Limits& limits_;
    std::size_t pos_ = 0;
    std::size_t depth_ = 0;
    std::size_t calls_ = 0;
    unsigned variables_ = 0;
};

// ---- evaluation ----

Problem at(std::size_t position, std::string what)
{
    return Problem{at_character(position), std::move(what)};
}

class Evaluator {
public:
    Evaluator(const Scope& scope, detail::Budget& budget) : scope_(scope), budget_(budget) {}

    // A Problem without a place gets the place of the innermost node it came through.
    Checked<Val> evaluate(const Node& node)
    {
        auto value = evaluate_kind(node);
        if (!value && value.error().where.empty()) return at(node.position, value.error().what);
        return value;
    }

private:
    Checked<Val> evaluate_kind(const Node& node)
    {
        if (auto spent = budget_.spend(1); !spent) return spent.error();
        switch (node.kind) {
        case Kind::literal: return Val::borrow(node.literal);
        case Kind::variable: return variable(node);
        case Kind::path: return path(node);
        case Kind::negate: return negate(node);
        case Kind::logical_not: {
            auto operand = evaluate(node.operands[0]);
            if (!operand) return operand;
            auto truth = truth_of(operand->get(), "!", node.position);
            if (!truth) return truth.error();
            return Val(json::value(!*truth));
        }
        case Kind::logical_and:
        case Kind::logical_or: return logical(node);
        case Kind::compare: return compare(node);
        case Kind::arithmetic: return arithmetic(node);
        case Kind::array: return array(node);
        case Kind::object: return object(node);
        case Kind::call: return call(node);
        }
        return Val();
    }

    // Reading a variable the Scope does not have is a Problem (e.g. $Output outside an
    // OutputConstructor), not null: the flow is wrong, not its data.
    Checked<Val> variable(const Node& node)
    {
        const json::value* value = nullptr;
        const char* name = "";
        switch (node.variable) {
        case input: value = scope_.input, name = "$Input"; break;
        case output: value = scope_.output, name = "$Output"; break;
        case context: value = scope_.context, name = "$Context"; break;
        case global: value = scope_.global, name = "$Global"; break;
        case item: value = scope_.item, name = "$Item"; break;
        }
        if (value == nullptr) return Problem{{}, std::string(name) + " is not available here"};
        return Val::borrow(*value);
    }

    // Lenient paths (Q2): a missing key, an index past the end, a member of a non-object or an
    // index of a non-array is null.
    Checked<Val> path(const Node& node)
    {
        auto base = evaluate(node.operands[0]);
        if (!base) return base;
        if (auto spent = budget_.spend(node.steps.size()); !spent) return spent.error();
        const json::value* at = &base->get();
        for (const auto& step : node.steps) {
            if (step.is_index) {
                const auto* array = at->if_array();
                at = array != nullptr && step.index < array->size() ? &(*array)[step.index] : nullptr;
            } else {
                const auto* object = at->if_object();
                at = object != nullptr ? object->if_contains(step.member) : nullptr;
            }
            if (at == nullptr) return Val();
        }
        return part_of(std::move(*base), *at);
    }

    // `part` inside `whole`: borrowed if `whole` is, otherwise copied out of it (a built value,
    // already bounded).
    static Val part_of(Val&& whole, const json::value& part)
    {
        if (whole.borrowed()) return Val::borrow(part);
        return Val(json::value(part));
    }

    Checked<bool> truth_of(const json::value& value, const char* op, std::size_t position)
    {
        // `!`, `&&` and `||` take booleans; null counts as false (a missing path is null).
        if (value.is_bool()) return value.get_bool();
        if (value.is_null()) return false;
        return at(position, std::string(op) + ": expects booleans (got " + detail::type_name(value) + ")");
    }

    // Short-circuit: `false && x` and `true || x` do not evaluate x.
    Checked<Val> logical(const Node& node)
    {
        const bool is_and = node.kind == Kind::logical_and;
        const char* op = is_and ? "&&" : "||";
        for (std::size_t i = 0; i < node.operands.size(); ++i) {
            auto operand = evaluate(node.operands[i]);
            if (!operand) return operand;
            auto truth = truth_of(operand->get(), op, node.ops[i == 0 ? 0 : i - 1].position);
            if (!truth) return truth.error();
            if (*truth != is_and) return Val(json::value(*truth));
        }
        return Val(json::value(is_and));
    }

    // == and != compare structurally (numbers by value: 1 == 1.0); <, <=, >, >= compare two
    // numbers by value or two strings by bytes, and any other pair is false (Q2).
    Checked<Val> compare(const Node& node)
    {
        auto a = evaluate(node.operands[0]);
        if (!a) return a;
        auto b = evaluate(node.operands[1]);
        if (!b) return b;
        const auto [op, position] = node.ops[0];
        // a in b: an array b has an element equal to a, or an object b has the key a.
        if (op == Op::in) {
            const json::value& container = b->get();
            if (const json::object* o = container.if_object())
                return Val(json::value(a->get().is_string() && o->contains(a->get().get_string())));
            const json::array* list = container.if_array();
            if (list == nullptr) return Val(json::value(false));
            for (const json::value& element : *list) {
                auto same = detail::equal(a->get(), element, budget_, "in");
                if (!same) return at(position, same.error().what);
                if (*same) return Val(json::value(true));
            }
            return Val(json::value(false));
        }
        if (op == Op::eq || op == Op::ne) {
            auto same = detail::equal(a->get(), b->get(), budget_, op_text(op));
            if (!same) return at(position, same.error().what);
            return Val(json::value(*same == (op == Op::eq)));
        }
        int order = 0;
        if (a->get().is_number() && b->get().is_number()) {
            order = detail::compare_numbers(a->get(), b->get());
        } else if (a->get().is_string() && b->get().is_string()) {
            const std::string_view x = a->get().get_string(), y = b->get().get_string();
            if (auto spent = budget_.spend(std::min(x.size(), y.size())); !spent) return spent.error();
            order = x.compare(y);  // char_traits<char> compares as unsigned char: byte order
        } else {
            return Val(json::value(false));
        }
        const bool result = op == Op::lt   ? order < 0
                            : op == Op::le ? order <= 0
                            : op == Op::gt ? order > 0
                                           : order >= 0;
        return Val(json::value(result));
    }

    Checked<Val> negate(const Node& node)
    {
        auto operand = evaluate(node.operands[0]);
        if (!operand) return operand;
        const json::value& v = operand->get();
        if (!v.is_number()) return Problem{{}, std::string("-: expects a number (got ") + detail::type_name(v) + ")"};
        if (const auto i = detail::integer_of(v); i && *i != std::numeric_limits<std::int64_t>::min())
            return Val(json::value(-*i));
        return Val(json::value(-detail::double_of(v)));
    }

    static Checked<Val> finite(double d, Op op)
    {
        // JSON has no NaN or infinity: a result that is one is refused, not written as null.
        if (!std::isfinite(d)) return Problem{{}, std::string(op_text(op)) + ": the result is not a finite number"};
        return Val(json::value(d));
    }

    // + - * / % on numbers: integers stay integers while the result fits in int64 (otherwise the
    // result is a double); / gives an integer only when the division is exact. + also joins two
    // strings.
    Checked<Val> apply(Op op, const Val& a, const Val& b)
    {
        const json::value &x = a.get(), &y = b.get();
        const std::string name = op_text(op);
        if (op == Op::add && x.is_string() && y.is_string()) {
            const std::string_view s = x.get_string(), t = y.get_string();
            if (auto spent = budget_.spend(s.size() + t.size()); !spent) return spent.error();
            const detail::Size size{detail::string_json_size(s) + detail::string_json_size(t) - 2, 0};
            if (auto fits = detail::check_size(size, budget_, name); !fits) return fits.error();
            json::string joined;
            joined.reserve(s.size() + t.size());
            joined.append(s);
            joined.append(t);
            return Val(json::value(std::move(joined)), size);
        }
        if (!x.is_number() || !y.is_number()) {
            const std::string got = std::string(detail::type_name(x)) + " and " + detail::type_name(y);
            if (op == Op::add) return Problem{{}, "+: expects two numbers or two strings (got " + got + ")"};
            return Problem{{}, name + ": expects two numbers (got " + got + ")"};
        }
        const auto i = detail::integer_of(x), j = detail::integer_of(y);
        std::int64_t r = 0;
        switch (op) {
        case Op::add:
            if (i && j && !__builtin_add_overflow(*i, *j, &r)) return Val(json::value(r));
            return finite(detail::double_of(x) + detail::double_of(y), op);
        case Op::sub:
            if (i && j && !__builtin_sub_overflow(*i, *j, &r)) return Val(json::value(r));
            return finite(detail::double_of(x) - detail::double_of(y), op);
        case Op::mul:
            if (i && j && !__builtin_mul_overflow(*i, *j, &r)) return Val(json::value(r));
            return finite(detail::double_of(x) * detail::double_of(y), op);
        case Op::div: {
            if (detail::double_of(y) == 0) return Problem{{}, "/: division by zero"};
            constexpr auto int_min = std::numeric_limits<std::int64_t>::min();
            if (i && j && !(*i == int_min && *j == -1) && *i % *j == 0) return Val(json::value(*i / *j));
            return finite(detail::double_of(x) / detail::double_of(y), op);
        }
        default: {
            // % takes whole numbers (2.0 counts as 2) and gives an integer with the dividend's sign.
            const auto m = detail::whole_number(x), n = detail::whole_number(y);
            if (!m || !n) return Problem{{}, "%: expects whole numbers (got " + detail::number_text(m ? y : x) + ")"};
            if (*n == 0) return Problem{{}, "%: division by zero"};
            return Val(json::value(*n == -1 ? std::int64_t{0} : *m % *n));
        }
        }
    }

    Checked<Val> arithmetic(const Node& node)
    {
        auto result = evaluate(node.operands[0]);
        if (!result) return result;
        for (std::size_t k = 0; k < node.ops.size(); ++k) {
            auto right = evaluate(node.operands[k + 1]);
            if (!right) return right;
            result = apply(node.ops[k].op, *result, *right);
            if (!result) {
                if (!result.error().where.empty()) return result;
                return at(node.ops[k].position, result.error().what);
            }
        }
        return result;
    }

    // Array and object literals are values built like any other: bounded in bytes and depth.
    Checked<Val> array(const Node& node)
    {
        std::vector<Val> elements;
        elements.reserve(node.operands.size());
        detail::Builder size;
        for (const auto& operand : node.operands) {
            auto element = evaluate(operand);
            if (!element) return element;
            auto element_size = detail::measure(*element, budget_, "[...]");
            if (!element_size) return element_size.error();
            size.add(*element_size);
            if (auto fits = detail::check_size(size.size(), budget_, "[...]"); !fits) return fits.error();
            elements.push_back(std::move(*element));
        }
        json::array out;
        out.reserve(elements.size());
        for (auto& element : elements) out.push_back(std::move(element).take());
        return Val(json::value(std::move(out)), size.size());
    }

    Checked<Val> object(const Node& node)
    {
        std::vector<Val> values;
        values.reserve(node.operands.size());
        detail::Builder size;
        for (std::size_t k = 0; k < node.operands.size(); ++k) {
            auto value = evaluate(node.operands[k]);
            if (!value) return value;
            auto value_size = detail::measure(*value, budget_, "{...}");
            if (!value_size) return value_size.error();
            size.add(*value_size, detail::string_json_size(node.keys[k]));
            if (auto fits = detail::check_size(size.size(), budget_, "{...}"); !fits) return fits.error();
            values.push_back(std::move(*value));
        }
        json::object out;
        out.reserve(values.size());
        for (std::size_t k = 0; k < values.size(); ++k) out.emplace(node.keys[k], std::move(values[k]).take());
        return Val(json::value(std::move(out)), size.size());
    }

    Checked<Val> call(const Node& node)
    {
        std::vector<Val> args;
        args.reserve(node.operands.size());
        for (const auto& operand : node.operands) {
            auto arg = evaluate(operand);
            if (!arg) return arg;
            args.push_back(std::move(*arg));
        }
        detail::Call call{node.name, args, scope_, budget_, node.prepared.get()};
        return node.function->call(call);
    }

    const Scope& scope_;
    detail::Budget& budget_;
};

}  // namespace

Checked<Expression> Expression::compile(std::string_view text, const Limits& limits)
{
    if (text.size() > limits.max_length)
        return at(limits.max_length + 1, "the expression is longer than " + std::to_string(limits.max_length) +
                                             " bytes (" + std::to_string(text.size()) + ")");
    // Definitions are UTF-8 text; so are all the strings an expression makes from its literals.
    if (const auto bad = detail::utf8_error(text); bad != std::string_view::npos)
        return at(bad + 1, "the expression is not UTF-8 text");
    Parser parser(text, limits);
    Expression expression;
    try {
        expression.root_ = std::make_shared<const Node>(parser.parse());
    } catch (const Refusal& refusal) {
        return refusal.problem;
    }
    expression.text_ = std::string(text);
    expression.variables_ = parser.variables();
    return expression;
}

Checked<json::value> Expression::evaluate(const Scope& scope, const Limits& limits) const
{
    detail::Budget budget(limits);
    return detail::evaluate_within(*this, scope, budget);
}

Checked<json::value> detail::evaluate_within(const Expression& expression, const Scope& scope, Budget& budget)
{
    if (!expression.root_) return Problem{{}, "the expression was not compiled"};
    Evaluator evaluator(scope, budget);
    auto value = evaluator.evaluate(*expression.root_);
    if (!value) return value.error();
    return std::move(*value).take();
}

}  // namespace cloudflow::local::expr
