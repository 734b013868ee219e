// What the evaluator and the built-in functions share while an expression runs: the step budget,
// values that are either borrowed or built, and the JSON helpers every operator and function
// needs (type names, numbers by value, structural equality and hashing, sizes of JSON text).
//
// Every helper here is bounded: it spends steps from the Budget for the work it does, and it
// refuses values nested deeper than Limits::max_value_depth, so its recursion is bounded too
// (Boost.JSON copies and frees values recursively: no value this code builds may be deeper).
#pragma once

#include "expr/expression.hpp"
#include "lang/text.hpp"

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cloudflow::local::expr::detail {

// The work an evaluation may still do (Limits::max_steps): a template's expressions share one.
class Budget {
public:
    explicit Budget(const Limits& limits) : limits_(limits), left_(limits.max_steps) {}

    const Limits& limits() const { return limits_; }

    // Spends `n` steps; a Problem once the evaluation has done more than max_steps.
    Checked<void> spend(std::size_t n);

private:
    const Limits& limits_;
    std::size_t left_;
};

// A value's size as compact JSON text, and how deep its arrays and objects nest (0: a scalar).
struct Size {
    std::size_t bytes = 0;
    std::size_t depth = 0;
};

// A value during an evaluation: borrowed (a path into the Scope, a literal of the expression,
// both outliving the evaluation) or owned (built by an operator or a function).
class Val {
public:
    Val() : ref_(&null_value()) {}
    explicit Val(boost::json::value&& owned, std::optional<Size> size = std::nullopt)
        : own_(std::move(owned)), size_(size)
    {
    }
    static Val borrow(const boost::json::value& value)
    {
        Val v;
        v.ref_ = &value;
        return v;
    }

    const boost::json::value& get() const { return ref_ != nullptr ? *ref_ : own_; }
    bool borrowed() const { return ref_ != nullptr; }
    // The value itself: a copy when it is borrowed.
    boost::json::value take() &&
    {
        if (ref_ != nullptr) return *ref_;
        return std::move(own_);
    }
    // Its size, when known (it was measured, or built with a known size).
    const std::optional<Size>& size() const { return size_; }
    void set_size(Size size) { size_ = size; }

    static const boost::json::value& null_value();

private:
    const boost::json::value* ref_ = nullptr;
    boost::json::value own_;
    std::optional<Size> size_;
};

// "null", "boolean", "number", "string", "array" or "object": how Problems name a value's type.
const char* type_name(const boost::json::value& value);

using cloudflow::local::number_text;

// The value of an integer-kinded number (int64, or a uint64 that fits in int64).
std::optional<std::int64_t> integer_of(const boost::json::value& value);
// A number with no fraction within int64's range, whatever its kind (2, 2.0): what the functions
// and operators that take integers (%, intAdd, randomInt, get) accept.
std::optional<std::int64_t> whole_number(const boost::json::value& value);
// Any number as a double.
double double_of(const boost::json::value& number);

// Two numbers by value, exactly (int64, uint64 and double mixed; 1 == 1.0): -1, 0 or 1.
int compare_numbers(const boost::json::value& a, const boost::json::value& b);

// Structural equality: numbers by value, objects whatever their key order. Spends a step for each
// value it compares and for each byte of the strings. `who` names the operator or function.
Checked<bool> equal(const boost::json::value& a, const boost::json::value& b, Budget& budget, std::string_view who);

// A hash consistent with equal() (equal values hash alike), with the same costs.
Checked<std::uint64_t> hash_value(const boost::json::value& value, Budget& budget, std::string_view who);

using cloudflow::local::utf8_error;
using cloudflow::local::write_json;

// The size of a string as JSON text, quotes and escapes included (as Boost.JSON writes it).
std::size_t string_json_size(std::string_view text);

// The size of `value` as compact JSON text, and its depth. Spends a step for each value and for
// each byte of its strings and keys. A Problem (naming `who`, if not empty) when it is more than
// max_value_bytes, nests deeper than max_value_depth or holds an infinite double: this is how every
// value an evaluation builds is bounded.
Checked<Size> measure(const boost::json::value& value, Budget& budget, std::string_view who);
// The same for a Val, remembering the size in it.
Checked<Size> measure(Val& value, Budget& budget, std::string_view who);

// The size of an array or object being built, from the sizes of its parts: `add` each element
// (for an object, with the size of its key as JSON text) before copying it in, and check `size()`.
class Builder {
public:
    void add(const Size& element, std::size_t key_bytes = 0)
    {
        if (count_++ > 0) size_.bytes += 1;  // ','
        size_.bytes += element.bytes + (key_bytes == 0 ? 0 : key_bytes + 1);
        if (element.depth + 1 > size_.depth) size_.depth = element.depth + 1;
    }
    const Size& size() const { return size_; }

private:
    Size size_{2, 1};  // [] or {}
    std::size_t count_ = 0;
};

// The Problem for a built value of that size, when it is over max_value_bytes or max_value_depth.
Checked<void> check_size(const Size& size, const Budget& budget, std::string_view who);

}  // namespace cloudflow::local::expr::detail
