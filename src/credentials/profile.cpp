#include <cloudflow/credentials/profile.hpp>
#include <cloudflow/credentials/ram_role_arn.hpp>

#include "credentials/credentials_document.hpp"
#include "credentials/profile_file.hpp"
#include "util/env.hpp"

#include <charconv>
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

// The RAM role a profile names (`settings`), assumed with `source`'s credentials. `in_profile`
// ends each error: which profile of which file.
Result<std::shared_ptr<CredentialsProvider>> ram_role(const boost::asio::any_io_executor& executor,
                                                      std::shared_ptr<CredentialsProvider> source,
                                                      const detail::ProfileSettings& settings,
                                                      const std::string& role_field, const std::string& in_profile)
{
    if (settings.role_arn.empty()) return credentials_unavailable(role_field + " is missing" + in_profile);
    RamRoleArnOptions options{.source = std::move(source),
                              .role_arn = settings.role_arn,
                              .role_session_name = settings.role_session_name,
                              .policy = settings.policy,
                              .external_id = settings.external_id};
    if (!settings.duration_seconds.empty()) {
        long long seconds = 0;
        const auto& text = settings.duration_seconds;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), seconds);
        if (ec != std::errc{} || end != text.data() + text.size() || seconds < 900 || seconds > 43'200)
            return credentials_unavailable("the duration '" + text + "'" + in_profile + " is not 900 to 43200 seconds");
        options.duration = std::chrono::seconds(seconds);
    }
    try {
        return std::shared_ptr<CredentialsProvider>(
            std::make_shared<RamRoleArnCredentialsProvider>(executor, std::move(options)));
    } catch (const Exception& e) {
        return credentials_unavailable(e.error().message + in_profile);
    }
}

// The keys a profile holds, checked.
Result<std::shared_ptr<CredentialsProvider>> profile_keys(const detail::ProfileSettings& settings,
                                                          const std::string& in_profile)
{
    if (settings.access_key_id.empty() || settings.access_key_secret.empty())
        return credentials_unavailable("access_key_id or access_key_secret is missing" + in_profile);
    return make_static_credentials(settings.access_key_id, settings.access_key_secret, settings.security_token);
}

// The provider a profile of the aliyun CLI's config describes. A ChainableRamRoleArn profile's
// source_profile is made the same way, up to a chain of `max_chain` profiles.
Result<std::shared_ptr<CredentialsProvider>> cli_provider(const boost::asio::any_io_executor& executor,
                                                          const ProfileOptions& options, std::string_view json_text,
                                                          const std::string& name, const std::string& where,
                                                          int links = 0)
{
    constexpr int max_chain = 8;
    auto profile = detail::read_cli_profile(json_text, name, where);
    if (!profile) return profile.error();
    const std::string& mode = profile->kind;
    const std::string in_profile = " in profile " + profile->name + " of " + where;
    if (mode == "AK" || mode == "StsToken") return profile_keys(*profile, in_profile);
    if (mode == "EcsRAMRole") return ecs_role(executor, options.ecs, profile->role_name);
    if (mode == "RamRoleArn") {
        auto keys = profile_keys(*profile, in_profile);
        if (!keys) return keys.error();
        return ram_role(executor, *keys, *profile, "ram_role_arn", in_profile);
    }
    if (mode == "ChainableRamRoleArn") {
        if (profile->source_profile.empty()) return credentials_unavailable("source_profile is missing" + in_profile);
        if (links + 1 >= max_chain)
            return credentials_unavailable("the source_profile chain" + in_profile + " is longer than " +
                                           std::to_string(max_chain) + " profiles (or goes round)");
        auto source = cli_provider(executor, options, json_text, profile->source_profile, where, links + 1);
        if (!source) return source.error();
        return ram_role(executor, *source, *profile, "ram_role_arn", in_profile);
    }
    return credentials_unavailable("mode '" + mode + "'" + in_profile +
                                   " is not supported (AK, StsToken, EcsRAMRole, RamRoleArn, ChainableRamRoleArn)");
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
    if (type == "access_key") return profile_keys(*profile, in_profile);
    if (type == "ecs_ram_role") return ecs_role(executor_, options_.ecs, profile->role_name);
    if (type == "ram_role_arn") {
        auto keys = profile_keys(*profile, in_profile);
        if (!keys) return keys.error();
        return ram_role(executor_, *keys, *profile, "role_arn", in_profile);
    }
    return credentials_unavailable("type '" + type + "'" + in_profile +
                                   " is not supported (access_key, ecs_ram_role, ram_role_arn)");
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
    const auto text = detail::read_cli_config(options_.cli_file, where);
    if (!text) return text.error();
    return cli_provider(executor_, options_, *text, options_.profile, where);
}

}  // namespace cloudflow
