// libFuzzer target: the credentials documents the SDK reads - temporary credentials as JSON (ECS
// metadata, credentials URI, STS), the INI credentials file and the aliyun CLI's JSON config.
// Byte 0 chooses the reader. Each ends in credentials or an Error (or none), never a crash, and
// what it returns is complete.
#include "credentials/credentials_document.hpp"
#include "credentials/profile_file.hpp"

#include <cstdint>
#include <cstdlib>

using namespace cloudflow;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1) return 0;
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    const auto check_profile = [](const Result<detail::ProfileSettings>& p) {
        if (!p && (p.error().code != errc::credentials_unavailable || p.error().message.empty())) std::abort();
    };
    switch (data[0] % 5) {
    case 0:
    case 1: {
        const bool sts = data[0] % 5 == 1;
        const auto document = detail::parse_credentials_document(text, sts, sts ? "Credentials" : "");
        if (document &&
            (document->credentials.access_key_id.empty() || document->credentials.access_key_secret.empty()))
            std::abort();
        break;
    }
    case 2: check_profile(detail::read_ini_profile(text, "default", "the file")); break;
    case 3: check_profile(detail::read_cli_profile(text, "", "the config")); break;
    default: check_profile(detail::read_cli_profile(text, "default", "the config")); break;
    }
    return 0;
}
