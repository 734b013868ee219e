// default_region_id: where a client without a region and an endpoint finds its region.
#include <cloudflow/client_config.hpp>

#include "credentials/profile_file.hpp"
#include "util/env.hpp"

namespace cloudflow {

Result<std::string> default_region_id(const ProfileOptions& profile)
{
    if (auto region = detail::environment_or_empty("ALIBABA_CLOUD_REGION_ID"); !region.empty()) return region;
    const std::string looked = "ClientConfig::region_id and endpoint are empty, ALIBABA_CLOUD_REGION_ID is not set";
    const auto not_found = [&](const std::string& why) {
        return make_error(errc::invalid_config, "no region: " + looked + ", and " + why, "region_id");
    };
    if (detail::environment_true("ALIBABA_CLOUD_CLI_PROFILE_DISABLED"))
        return not_found("the aliyun CLI profile is not read (ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true)");
    const std::string file = detail::cli_config_file(profile.cli_file);
    if (file.empty()) return not_found("there is no aliyun CLI config (HOME is not set)");
    const std::string where = "the aliyun CLI config " + file;
    const auto text = detail::read_cli_config(file, where);
    if (!text) return not_found(text.error().message);
    const auto settings = detail::read_cli_profile(*text, detail::cli_profile_name(profile.profile), where);
    if (!settings) return not_found(settings.error().message);
    if (settings->region_id.empty())
        return not_found("profile " + settings->name + " of " + where + " has no region_id");
    return settings->region_id;
}

}  // namespace cloudflow
