#include <cloudflow/credentials/profile.hpp>

#include "credentials/credentials_document.hpp"
#include "credentials/profile_file.hpp"
#include "util/env.hpp"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace cloudflow {
namespace {

using detail::credentials_unavailable;

// The ECS RAM role a profile names, with the caller's metadata options.
Result<std::shared_ptr<CredentialsProvider>> ecs_role(const boost::asio::any_io_executor& executor,
                                                      EcsRamRoleOptions options, std::string role)
{
    options.role_name = std::move(role);
    try {
        return std::shared_ptr<CredentialsProvider>(std::make_shared<EcsRamRoleCredentialsProvider>(executor, options));
    } catch (const Exception& e) {
        return e.error();
    }
}

}  // namespace

namespace detail {

boost::asio::awaitable<Result<Credentials>> ConfigFileCredentialsProvider::get_credentials()
{
    std::shared_ptr<CredentialsProvider> provider;
    {
        std::lock_guard lock(mutex_);
        if (!loaded_) {
            auto loaded = load();
            if (!loaded) co_return loaded.error();  // read again next time: the file may appear
            loaded_ = *loaded;
        }
        provider = loaded_;
    }
    co_return co_await provider->get_credentials();
}

}  // namespace detail

ProfileCredentialsProvider::ProfileCredentialsProvider(boost::asio::any_io_executor executor, ProfileOptions options)
    : executor_(std::move(executor)), options_(std::move(options))
{
    if (options_.file.empty()) options_.file = detail::environment_or_empty("ALIBABA_CLOUD_CREDENTIALS_FILE");
    if (options_.file.empty() && !detail::environment_or_empty("HOME").empty())
        options_.file = detail::environment_or_empty("HOME") + "/.alibabacloud/credentials";
    if (options_.profile.empty()) options_.profile = detail::environment_or_empty("ALIBABA_CLOUD_PROFILE");
    if (options_.profile.empty()) options_.profile = "default";
}

Result<std::shared_ptr<CredentialsProvider>> ProfileCredentialsProvider::load()
{
    const std::string where = "the credentials file " + options_.file;
    std::error_code exists_error;
    if (options_.file.empty() || !std::filesystem::exists(options_.file, exists_error))
        return credentials_unavailable(where + " does not exist");
    std::ifstream in(options_.file);
    std::stringstream text;
    text << in.rdbuf();
    auto profile = detail::read_ini_profile(text.str(), options_.profile, where);
    if (!profile) return profile.error();
    const std::string& type = profile->kind;
    const std::string in_profile = " in profile [" + options_.profile + "] of " + where;
    if (type == "access_key") {
        if (profile->access_key_id.empty() || profile->access_key_secret.empty())
            return credentials_unavailable("access_key_id or access_key_secret is missing" + in_profile);
        return make_static_credentials(profile->access_key_id, profile->access_key_secret);
    }
    if (type == "ecs_ram_role") return ecs_role(executor_, options_.ecs, profile->role_name);
    return credentials_unavailable("type '" + type + "'" + in_profile + " is not supported (access_key, ecs_ram_role)");
}

CliProfileCredentialsProvider::CliProfileCredentialsProvider(boost::asio::any_io_executor executor,
                                                             ProfileOptions options)
    : executor_(std::move(executor)), options_(std::move(options))
{
    options_.cli_file = detail::cli_config_file(std::move(options_.cli_file));
    options_.profile = detail::cli_profile_name(std::move(options_.profile));
}

Result<std::shared_ptr<CredentialsProvider>> CliProfileCredentialsProvider::load()
{
    const std::string where = "the aliyun CLI config " + options_.cli_file;
    std::ifstream in(options_.cli_file);
    if (!in) return credentials_unavailable(where + " does not exist");
    std::stringstream text;
    text << in.rdbuf();
    auto profile = detail::read_cli_profile(text.str(), options_.profile, where);
    if (!profile) return profile.error();
    const std::string& mode = profile->kind;
    const std::string in_profile = " in profile " + profile->name + " of " + where;
    if (mode == "AK" || mode == "StsToken") {
        if (profile->access_key_id.empty() || profile->access_key_secret.empty())
            return credentials_unavailable("access_key_id or access_key_secret is missing" + in_profile);
        return make_static_credentials(profile->access_key_id, profile->access_key_secret, profile->security_token);
    }
    if (mode == "EcsRAMRole") return ecs_role(executor_, options_.ecs, profile->role_name);
    return credentials_unavailable("mode '" + mode + "'" + in_profile + " is not supported (AK, StsToken, EcsRAMRole)");
}

}  // namespace cloudflow
