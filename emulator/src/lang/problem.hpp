// What goes wrong in the flow language, as a value: where (a path into the definition, a line and
// column of its text, or a key of the mock file) and what (the rule that was broken). Definitions,
// expressions, documents and mock files report their errors this way; nothing of the language
// throws across the runner.
#pragma once

#include <boost/assert/source_location.hpp>
#include <boost/system/result.hpp>

#include <ostream>
#include <stdexcept>
#include <string>
#include <utility>

namespace cloudflow::local {

struct Problem {
    std::string where;  // "States[1] (Charge).Retry[0].IntervalSeconds", "line 3, column 7", or empty
    std::string what;   // "must be 1-86400 (got 0)"

    // "where: what", or "what" when nothing says where.
    std::string text() const { return where.empty() ? what : where + ": " + what; }
    // The same problem, further out: `outer` is prefixed to `where` ("Parameters" + "body.id.$").
    Problem within(const std::string& outer) const&
    {
        return Problem{where.empty() ? outer : outer + (where.front() == '[' ? "" : ".") + where, what};
    }
};

// Writes text(): results of the language print their Problem (in tests' messages too).
inline std::ostream& operator<<(std::ostream& out, const Problem& problem)
{
    return out << problem.text();
}

// `result.value()` on a Problem throws this (the language's own code tests and never calls it).
[[noreturn]] inline void throw_exception_from_error(const Problem& problem, const boost::source_location&)
{
    throw std::runtime_error(problem.text());
}

// A value, or the Problem that kept it from being made.
template <class T>
using Checked = boost::system::result<T, Problem>;

inline Problem problem(std::string where, std::string what)
{
    return Problem{std::move(where), std::move(what)};
}

}  // namespace cloudflow::local
