// A constructor (InputConstructor, OutputConstructor, GlobalConstructor, a Catch's
// OutputConstructor, a distributed Map's ItemConstructor) or a Task's Parameters: a JSON value
// whose keys ending in `.$` hold expressions, compiled once and evaluated into a new value.
//
// - A key without `.$` keeps its value as a literal; objects and arrays under it are processed
//   the same way, at any depth (`body: {id.$: $Input.id}`).
// - A key ending in `.$` loses the suffix in the result; its value must be an expression (a
//   string), or an object or array in which each string that starts with a variable or is a call
//   is an expression, and every other value stays literal (the docs' `input.$: {key1: val1,
//   key2: $Input.age}`). A number, boolean or null as the value itself is a Problem.
// - Two keys that give the same result key (`id` and `id.$`) are a Problem.
#pragma once

#include "expr/expression.hpp"

#include <boost/json/value.hpp>

#include <memory>
#include <vector>

namespace cloudflow::local::expr {

namespace detail {
struct TemplateNode;
}

class Template {
public:
    // Compiles `value`. The Problem's `where` is the path inside the template, e.g. "body.id.$"
    // or "items[2].name.$", with the expression's own position after it when it has one.
    static Checked<Template> compile(const boost::json::value& value, const Limits& limits = {});
    // The same, and a Problem does not stop it: on failure `more` gets the ones after the first,
    // in the order of the template's keys.
    static Checked<Template> compile(const boost::json::value& value, const Limits& limits, std::vector<Problem>& more);

    // The template's value in `scope`; all its expressions share one budget of `limits`' steps,
    // and the result is at most `limits.max_value_bytes` of JSON text. A Problem's `where` is
    // the path of the expression that failed.
    Checked<boost::json::value> evaluate(const Scope& scope, const Limits& limits = {}) const;

    // The variables its expressions read (a union of Variable bits).
    unsigned variables() const { return variables_; }
    // The value as written in the definition.
    const boost::json::value& source() const { return source_; }

private:
    boost::json::value source_;
    std::shared_ptr<const detail::TemplateNode> root_;
    unsigned variables_ = 0;
};

}  // namespace cloudflow::local::expr
