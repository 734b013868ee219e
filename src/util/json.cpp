#include "util/json.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>

namespace cloudflow::detail {

std::string string_or_empty(const boost::json::object& object, std::string_view key)
{
    const boost::json::value* v = object.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

boost::json::value json_number(double number)
{
    constexpr double int64_bound = 9.2e18;
    if (std::isfinite(number) && number == std::floor(number) && std::abs(number) < int64_bound)
        return static_cast<std::int64_t>(number);
    return number;
}

std::string number_text(double number)
{
    // Fixed notation, as decimal form fields are written (0.0001, not 1e-04); the longest
    // shortest-round-trip fixed form of a double has about 330 characters.
    if (number == 0) number = 0;  // -0 as 0
    char buffer[400];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, number, std::chars_format::fixed).ptr;
    return std::string(buffer, end);
}

}  // namespace cloudflow::detail
