/// @file
/// RPC request parameters and their RFC 3986 encoding.
#pragma once

#include <cloudflow/result.hpp>

#include <map>
#include <string>
#include <string_view>

namespace cloudflow {

/// Request parameters by name; std::map keeps them in byte order, as signing needs.
using Parameters = std::map<std::string, std::string>;

/// RFC 3986 percent-encoding of UTF-8 text: A-Z a-z 0-9 - _ . ~ stay, every other byte becomes %XY
/// (upper-case hex). A space is %20, `*` is %2A.
std::string percent_encode(std::string_view text);

/// `name=value` pairs joined with `&`, each percent-encoded, in byte order of the names.
std::string canonical_query(const Parameters& params);

/// The parameters of a query string or a form body, percent-decoded ('+' read as a space, as
/// application/x-www-form-urlencoded says). A malformed escape is an invalid_argument Error; a
/// name given twice keeps its first value.
Result<Parameters> decode_parameters(std::string_view encoded);

}  // namespace cloudflow
