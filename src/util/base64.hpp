// Base64 (RFC 4648) through OpenSSL.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cloudflow::detail {

std::string base64(std::string_view data);

// The Base64 of `data` written to `out`, which has room for 4 * ((data.size() + 2) / 3) chars;
// returns how many it wrote.
std::size_t base64_into(char* out, std::string_view data);

}  // namespace cloudflow::detail
