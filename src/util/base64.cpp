#include "util/base64.hpp"

#include <openssl/evp.h>

namespace cloudflow::detail {

std::size_t base64_into(char* out, std::string_view data)
{
    const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out),
                                  reinterpret_cast<const unsigned char*>(data.data()), static_cast<int>(data.size()));
    return static_cast<std::size_t>(n);
}

std::string base64(std::string_view data)
{
    // EVP_EncodeBlock also writes a terminating NUL: room for it, then cut.
    std::string out(4 * ((data.size() + 2) / 3) + 1, '\0');
    out.resize(base64_into(out.data(), data));
    return out;
}

}  // namespace cloudflow::detail
