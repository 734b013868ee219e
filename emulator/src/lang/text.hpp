// Text as cloudflow-local writes and checks it: UTF-8, and JSON whose doubles are in their
// shortest decimal form (12.5, 100.0, 1e+300) rather than Boost.JSON's exponent form (1.25E1, 1E2,
// 1E300); a whole double keeps its ".0", so that it reads back as a double. Answers, history events, outputs, messages
// and the expressions' format() and jsonToString() all write JSON this way.
#pragma once

#include <boost/json/value.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace cloudflow::local {

// Where `text` stops being well-formed UTF-8 (overlong forms, surrogates and code points past
// U+10FFFF are not), as an offset; npos when it is UTF-8 throughout.
std::size_t utf8_error(std::string_view text);
// Whether `text` is well-formed UTF-8 throughout.
bool is_valid_utf8(std::string_view text);
// `text` with every byte that starts no well-formed UTF-8 sequence replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

// How messages name a value's kind: "null", "a boolean", "a number", "a string", "an array", "a map".
std::string_view json_kind(const boost::json::value& value);

// A JSON number's text: an integer as it is, a double in its shortest form (with ".0" when whole).
std::string number_text(const boost::json::value& number);

// Appends `value` as compact JSON text, as Boost.JSON would write it except for doubles (above).
// Recursive: `value` is bounded in depth (the emulator's parsers and the expressions' limits).
void write_json(const boost::json::value& value, std::string& out);
std::string json_text(const boost::json::value& value);
// The same for an object, without making a value of it (a copy).
std::string json_text(const boost::json::object& object);

// A UUID-shaped text (version 4 form, upper case) from two random words: RequestIds, flow ids.
std::string uuid_text(std::uint64_t a, std::uint64_t b);

}  // namespace cloudflow::local
