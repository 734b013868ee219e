// One profile of a credentials file, as the settings it holds: the official SDKs' INI file
// (~/.alibabacloud/credentials) or the aliyun CLI's JSON config (~/.aliyun/config.json).
// Reading is apart from acting on it (making a provider), so the parsers can be fuzzed alone.
#pragma once

#include <cloudflow/result.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace cloudflow::detail {

// A credentials_unavailable error saying `why`: what a provider answers when it has no credentials.
Error credentials_unavailable(std::string why);

struct ProfileSettings {
    std::string name;  // the profile read
    std::string kind;  // INI "type" (access_key, ecs_ram_role); CLI "mode" (AK, StsToken, EcsRAMRole)
    std::string access_key_id;
    std::string access_key_secret;
    std::optional<std::string> security_token;  // CLI StsToken only
    std::string role_name;                      // INI role_name; CLI ram_role_name
    std::string region_id;                      // CLI region_id
    // A RAM role to assume (INI type ram_role_arn; CLI modes RamRoleArn and ChainableRamRoleArn).
    std::string role_arn;           // INI role_arn; CLI ram_role_arn
    std::string role_session_name;  // INI role_session_name; CLI ram_session_name
    std::string policy;             // policy
    std::string external_id;        // external_id
    std::string duration_seconds;   // INI duration_seconds; CLI expired_seconds (as written)
    std::string source_profile;     // CLI ChainableRamRoleArn: the profile whose credentials assume the role
};

// The aliyun CLI's config and profile as `file` and `profile` name them, else as the CLI finds them:
// ~/.aliyun/config.json (empty without HOME) and ALIBABA_CLOUD_PROFILE (empty: the file's "current").
std::string cli_config_file(std::string file);
// The text of the aliyun CLI's config `file`, or credentials_unavailable "`where` does not exist"
// (also when it cannot be opened).
Result<std::string> read_cli_config(const std::string& file, std::string_view where);
std::string cli_profile_name(std::string profile);

// Profile `profile` of INI text. Errors (credentials_unavailable) name `where` and what is wrong:
// not INI (with the line), or no such profile.
Result<ProfileSettings> read_ini_profile(std::string_view ini_text, std::string_view profile, std::string_view where);

// Profile `profile` of the aliyun CLI's JSON config; an empty `profile` means the config's
// "current". Errors (credentials_unavailable) name `where`: not JSON, or no such profile.
Result<ProfileSettings> read_cli_profile(std::string_view json_text, std::string_view profile, std::string_view where);

}  // namespace cloudflow::detail
