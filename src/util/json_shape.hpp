// What a JSON text is, read without building a document: for a request's JSON fields (Input,
// Output, Payload), which the SDK checks and then sends as the caller wrote them.
#pragma once

#include <boost/system/error_code.hpp>

#include <cstddef>
#include <string_view>

namespace cloudflow::detail {

enum class JsonShape { object, other };

// The shape of `text`'s one value, or the parse error (nesting deeper than `max_depth` included) in
// `ec`. Allocates nothing and keeps nothing of the text.
JsonShape json_shape(std::string_view text, std::size_t max_depth, boost::system::error_code& ec);

}  // namespace cloudflow::detail
