// CloudFlow's expression language (Spec v1), compiled once and evaluated many times.
//
// One grammar serves every place an expression appears: the value of a `.$` key in a constructor
// or in Parameters, a Choice branch's Condition, a Map's ItemsPath, Seconds.$ and Timeout.$:
//
//   expr    := or
//   or      := and ('||' and)*
//   and     := compare ('&&' compare)*
//   compare := sum (('==' | '!=' | '<' | '<=' | '>' | '>=' | 'in') sum)?
//   sum     := product (('+' | '-') product)*
//   product := unary (('*' | '/' | '%') unary)*
//   unary   := ('!' | '-') unary | postfix
//   postfix := primary ('.' member | '[' index ']')*
//   primary := variable | literal | call | '(' expr ')' | '[' list ']' | '{' members '}'
//   variable:= $Input | $Output | $Context | $Global | $Item
//   literal := number | "text" | 'text' | `text` | true | false | null
//   call    := function '(' list ')'          (docs/emulator.md lists the built-in functions)
//
// Compiling checks the syntax, the function names and their argument counts, and the bounds
// (length, nesting, built-in calls nested at most 10 deep). Evaluating is pure: values in, a value
// or a Problem out, with bounded work and bounded values; the only outside input is Scope::random
// (uuid, randomInt). docs/emulator.md states the semantics (missing paths, comparisons, types).
#pragma once

#include "lang/problem.hpp"

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace cloudflow::local::expr {

// The variables an expression reads, as bits (Expression::variables).
enum Variable : unsigned {
    input = 1U << 0,    // $Input
    output = 1U << 1,   // $Output
    context = 1U << 2,  // $Context
    global = 1U << 3,   // $Global
    item = 1U << 4,     // $Item
};

// Where random values come from (uuid(), randomInt()): the runner's seeded generator.
class Random {
public:
    virtual ~Random() = default;
    virtual std::uint64_t next() = 0;
};

// The values an expression may read. A null pointer: that variable does not exist where the
// expression runs, and reading it is a Problem.
struct Scope {
    const boost::json::value* input = nullptr;
    const boost::json::value* output = nullptr;
    const boost::json::value* context = nullptr;
    const boost::json::value* global = nullptr;
    const boost::json::value* item = nullptr;
    Random* random = nullptr;  // null: uuid() and randomInt() are a Problem
};

struct Limits {
    std::size_t max_length = 4096;                          // an expression's text, in bytes
    std::size_t max_nesting = 64;                           // operators, parentheses and literals inside each other
    std::size_t max_call_depth = 10;                        // built-in calls inside each other (the documented limit)
    std::size_t max_steps = 1'000'000;                      // evaluation work: nodes, elements and bytes touched
    std::size_t max_value_bytes = std::size_t{256} * 1024;  // any string, array or object an evaluation builds
    std::size_t max_value_depth = 128;                      // arrays and objects inside each other in such a value
};

class Expression;

namespace detail {
struct Node;
class Budget;
// Evaluates `expression`, spending from `budget`: the expressions of a template share one.
Checked<boost::json::value> evaluate_within(const Expression& expression, const Scope& scope, Budget& budget);
}  // namespace detail

class Expression {
public:
    // Compiles `text`. The Problem's `where` is "at character N" (from 1, counting bytes).
    static Checked<Expression> compile(std::string_view text, const Limits& limits = {});

    // The value of the expression in `scope`. The Problem's `where` is "at character N" of the
    // operator, call, variable or literal that failed.
    Checked<boost::json::value> evaluate(const Scope& scope, const Limits& limits = {}) const;

    // The variables the expression reads (a union of Variable bits).
    unsigned variables() const { return variables_; }
    const std::string& text() const { return text_; }

private:
    friend Checked<boost::json::value> detail::evaluate_within(const Expression&, const Scope&, detail::Budget&);

    std::string text_;
    std::shared_ptr<const detail::Node> root_;  // immutable: copies share it
    unsigned variables_ = 0;
};

}  // namespace cloudflow::local::expr
