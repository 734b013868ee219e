// The built-in functions of the expression language, in one table: each name with how many
// arguments it takes and what it does. The parser looks names up here (an unknown name or a wrong
// count of arguments is a compile Problem); the evaluator calls them with evaluated arguments.
#pragma once

#include "expr/values.hpp"

#include <cstddef>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace cloudflow::local::expr::detail {

// One call while evaluating: the name as written (an alias names itself in Problems), the values
// of the arguments, the budget, and what the function prepared when the expression was compiled.
struct Call {
    std::string_view name;
    std::vector<Val>& args;
    const Scope& scope;
    Budget& budget;
    const void* prepared;
};

// Work a function does once, when the expression is compiled, from the arguments that are
// literals (null for the others): a regular expression compiled once, a format string checked.
// Returns what it prepared (or null), or the compile Problem.
using Prepare = Checked<std::shared_ptr<const void>> (*)(std::span<const boost::json::value* const> literals,
                                                         std::string_view name);

struct Builtin {
    std::string_view name;
    std::size_t min_args, max_args;
    Checked<Val> (*call)(Call& call);
    Prepare prepare;  // may be null
};

constexpr std::size_t any_count = static_cast<std::size_t>(-1);

// The function of that name (case-sensitive), or null.
const Builtin* find_builtin(std::string_view name);

}  // namespace cloudflow::local::expr::detail
