// Lenient reading of a JSON object's string members, for documents where a missing or mistyped
// member is simply absent (credentials documents, config files, error bodies). The strict reader of
// service answers, which reports a mistyped member, is operations/json_reader.hpp.
#pragma once

#include <boost/json/object.hpp>

#include <string>
#include <string_view>

namespace cloudflow::detail {

// The string member `key`, or "" when it is absent, null or not a string.
std::string string_or_empty(const boost::json::object& object, std::string_view key);

}  // namespace cloudflow::detail
