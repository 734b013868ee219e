// Lenient reading of a JSON object's string members, for documents where a missing or mistyped
// member is simply absent (credentials documents, config files, error bodies), and numbers written
// as a person would. The strict reader of service answers, which reports a mistyped member, is
// operations/json_reader.hpp.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace cloudflow::detail {

// The string member `key`, or "" when it is absent, null or not a string.
std::string string_or_empty(const boost::json::object& object, std::string_view key);

// `number` as JSON: an integer when it has no fraction (20, not Boost.JSON's 2E1 for a double),
// a double otherwise.
boost::json::value json_number(double number);
// The same as text in fixed notation: "20", "12.5", "0.0001", "0" for -0 (the shortest that
// reads back the same; never an exponent, as form fields are decimal). Also a JSON number: the
// weights of an alias's RoutingConfigurations are written with it.
std::string number_text(double number);

}  // namespace cloudflow::detail
