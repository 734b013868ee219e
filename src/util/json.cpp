#include "util/json.hpp"

namespace cloudflow::detail {

std::string string_or_empty(const boost::json::object& object, std::string_view key)
{
    const boost::json::value* v = object.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace cloudflow::detail
