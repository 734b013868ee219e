// Base64 (RFC 4648) through OpenSSL.
#pragma once

#include <string>
#include <string_view>

namespace cloudflow::detail {

std::string base64(std::string_view data);

}  // namespace cloudflow::detail
