#include "expr/template.hpp"

#include "expr/values.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace cloudflow::local::expr {
namespace json = boost::json;

namespace detail {

struct TemplateNode {
    enum class Kind { literal, expression, array, object };
    Kind kind = Kind::literal;
    json::value literal;                 // literal: copied as it is
    Expression expression;               // expression
    std::string where;                   // expression: its path, for Problems
    std::vector<TemplateNode> elements;  // array: the elements; object: the members' values
    std::vector<std::string> keys;       // object: the members' result keys
};

}  // namespace detail

namespace {

using detail::TemplateNode;
using Kind = TemplateNode::Kind;

constexpr std::string_view suffix = ".$";

// Inside a `.$` object or array, whether a string is an expression: it starts with a variable
// or is a call (`name(`). Anything else stays literal, as in the docs' own example
// `input.$: {key1: val1, key2: $Input.age}` (the child-flow integration page).
bool expression_like(std::string_view text)
{
    const auto start = text.find_first_not_of(" \t");
    if (start == std::string_view::npos) return false;
    text.remove_prefix(start);
    if (text.front() == '$') return true;
    const auto name_char = [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    };
    if (!((text.front() >= 'a' && text.front() <= 'z') || (text.front() >= 'A' && text.front() <= 'Z'))) return false;
    std::size_t i = 0;
    while (i < text.size() && name_char(text[i])) ++i;
    return i < text.size() && text[i] == '(';
}

std::string member_path(const std::string& path, std::string_view key)
{
    return path.empty() ? std::string(key) : path + "." + std::string(key);
}

class Compiler {
public:
    explicit Compiler(const Limits& limits) : limits_(limits) {}

    // `expressions`: inside the value of a `.$` key, where a string that starts with a variable or
    // is a call is an expression (Q14, with the docs' example of literal leaves).
    // `whole`: the value of a `.$` key itself, which is always an expression.
    Checked<TemplateNode> compile(const json::value& value, const std::string& path, bool expressions,
                                  std::size_t depth, bool whole = false)
    {
        // The document reader bounds definitions' depth already; this keeps the recursion bounded
        // for a value from anywhere else.
        if (depth > limits_.max_value_depth)
            return problem(path, "the template nests deeper than " + std::to_string(limits_.max_value_depth) +
                                     " arrays and objects");
        if (value.is_string() && (whole || (expressions && expression_like(value.get_string()))))
            return expression(value.get_string(), path);
        if (value.is_array()) return array(value.get_array(), path, expressions, depth);
        if (value.is_object()) return object(value.get_object(), path, expressions, depth);
        TemplateNode node;
        node.literal = value;
        return node;
    }

    unsigned variables() const { return variables_; }
    // Every Problem, in the order they were met; the first is the one compile() returns.
    const std::vector<Problem>& problems() const { return problems_; }

private:
    Checked<TemplateNode> expression(std::string_view text, const std::string& path)
    {
        auto compiled = Expression::compile(text, limits_);
        if (!compiled) {
            // "body.id.$ at character 7"
            const auto& inner = compiled.error();
            return problem(inner.where.empty() ? path : path + " " + inner.where, inner.what);
        }
        TemplateNode node;
        node.kind = Kind::expression;
        variables_ |= compiled->variables();
        node.expression = std::move(*compiled);
        node.where = path;
        return node;
    }

    Checked<TemplateNode> array(const json::array& array, const std::string& path, bool expressions, std::size_t depth)
    {
        TemplateNode node;
        node.kind = Kind::array;
        bool literal = true;
        std::optional<Problem> failed;
        for (std::size_t i = 0; i < array.size(); ++i) {
            auto element = compile(array[i], path + "[" + std::to_string(i) + "]", expressions, depth + 1);
            if (!element) {
                if (!failed) failed = element.error();
                continue;
            }
            literal = literal && element->kind == Kind::literal;
            node.elements.push_back(std::move(*element));
        }
        if (failed) return *failed;
        return literal ? literal_node(array) : std::move(node);
    }

    Checked<TemplateNode> object(const json::object& object, const std::string& path, bool expressions,
                                 std::size_t depth)
    {
        TemplateNode node;
        node.kind = Kind::object;
        bool literal = true;
        std::unordered_set<std::string_view> keys;
        std::optional<Problem> failed;
        const auto fail = [&failed](Problem p) {
            if (!failed) failed = std::move(p);
        };
        for (const auto& member : object) {
            const std::string_view key = member.key();
            const std::string where = member_path(path, key);
            const bool dollar = key.ends_with(suffix);
            if (key == suffix) {
                fail(problem(where, "a key must have a name before .$"));
                continue;
            }
            const std::string_view result_key = dollar ? key.substr(0, key.size() - suffix.size()) : key;
            if (!keys.insert(result_key).second) {
                fail(problem(where, "gives the key \"" + std::string(result_key) +
                                        "\" that another key of the same object gives"));
                continue;
            }
            const json::value& value = member.value();
            // A `.$` key's value is an expression, or a map or array of them (Q14): a number,
            // boolean or null there is refused rather than kept.
            if (dollar && !value.is_string() && !value.is_object() && !value.is_array()) {
                fail(problem(where, std::string("a key ending in .$ needs an expression (a string), or an object or "
                                                "array of them (got ") +
                                        detail::type_name(value) + ")"));
                continue;
            }
            auto compiled = compile(value, where, expressions || dollar, depth + 1, dollar);
            if (!compiled) {
                fail(compiled.error());
                continue;
            }
            literal = literal && !dollar && compiled->kind == Kind::literal;
            node.keys.emplace_back(result_key);
            node.elements.push_back(std::move(*compiled));
        }
        if (failed) return *failed;
        return literal ? literal_node(object) : std::move(node);
    }

    static TemplateNode literal_node(const json::value& value)
    {
        TemplateNode node;
        node.literal = value;
        return node;
    }

    Problem problem(std::string where, std::string what)
    {
        problems_.push_back(Problem{std::move(where), std::move(what)});
        return problems_.back();
    }

    const Limits& limits_;
    unsigned variables_ = 0;
    std::vector<Problem> problems_;
};

class Evaluator {
public:
    Evaluator(const Scope& scope, detail::Budget& budget) : scope_(scope), budget_(budget) {}

    Checked<json::value> evaluate(const TemplateNode& node)
    {
        switch (node.kind) {
        case Kind::literal: return node.literal;
        case Kind::expression: return expression(node);
        case Kind::array: {
            json::array out;
            out.reserve(node.elements.size());
            for (const auto& element : node.elements) {
                auto value = evaluate(element);
                if (!value) return value;
                out.push_back(std::move(*value));
            }
            return json::value(std::move(out));
        }
        case Kind::object: {
            json::object out;
            out.reserve(node.elements.size());
            for (std::size_t k = 0; k < node.elements.size(); ++k) {
                auto value = evaluate(node.elements[k]);
                if (!value) return value;
                out.emplace(node.keys[k], std::move(*value));
            }
            return json::value(std::move(out));
        }
        }
        return json::value();
    }

private:
    // Each result is measured as it comes, so that a template of many large values (a thousand
    // `$Input`) is refused once their sum passes the bound, not after copying them all.
    Checked<json::value> expression(const TemplateNode& node)
    {
        auto value = detail::evaluate_within(node.expression, scope_, budget_);
        if (!value) {
            const auto& inner = value.error();
            return Problem{inner.where.empty() ? node.where : node.where + " " + inner.where, inner.what};
        }
        auto size = detail::measure(*value, budget_, "");
        if (!size) return Problem{node.where, size.error().what};
        produced_ += size->bytes;
        if (auto fits = detail::check_size(detail::Size{produced_, 0}, budget_, ""); !fits) return fits.error();
        return value;
    }

    const Scope& scope_;
    detail::Budget& budget_;
    std::size_t produced_ = 0;
};

}  // namespace

Checked<Template> Template::compile(const json::value& value, const Limits& limits)
{
    std::vector<Problem> more;
    return compile(value, limits, more);
}

Checked<Template> Template::compile(const json::value& value, const Limits& limits, std::vector<Problem>& more)
{
    Compiler compiler(limits);
    auto root = compiler.compile(value, "", false, 0);
    if (!root) {
        const auto& all = compiler.problems();
        more.insert(more.end(), all.begin() + 1, all.end());
        return root.error();
    }
    Template compiled;
    compiled.source_ = value;
    compiled.root_ = std::make_shared<const TemplateNode>(std::move(*root));
    compiled.variables_ = compiler.variables();
    return compiled;
}

Checked<json::value> Template::evaluate(const Scope& scope, const Limits& limits) const
{
    if (!root_) return Problem{{}, "the template was not compiled"};
    detail::Budget budget(limits);
    Evaluator evaluator(scope, budget);
    auto value = evaluator.evaluate(*root_);
    if (!value) return value;
    // The whole result, literal parts included, within the bounds.
    if (auto size = detail::measure(*value, budget, ""); !size) return size.error();
    return value;
}

}  // namespace cloudflow::local::expr
