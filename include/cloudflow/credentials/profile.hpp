/// @file
/// Credentials from a configuration file: a profile of the shared credentials file, or of the
/// aliyun CLI's config.
#pragma once

#include <cloudflow/credentials/credentials.hpp>
#include <cloudflow/credentials/ecs_ram_role.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <mutex>
#include <string>

namespace cloudflow {

/// Where the profile providers look: the files, the profile, and the ECS options of an ecs_ram_role profile.
struct ProfileOptions {
    /// The INI file; empty: ALIBABA_CLOUD_CREDENTIALS_FILE, else ~/.alibabacloud/credentials.
    std::string file{};
    /// The aliyun CLI's config; empty: ~/.aliyun/config.json.
    std::string cli_file{};
    /// The section; empty: ALIBABA_CLOUD_PROFILE, else "default".
    std::string profile{};
    /// For profiles of type ecs_ram_role (role_name comes from the profile).
    EcsRamRoleOptions ecs{};
};

namespace detail {

// A provider made from a configuration file: the file is read at the first call that finds it,
// and the provider it describes serves from then on.
class ConfigFileCredentialsProvider : public CredentialsProvider {
public:
    boost::asio::awaitable<Result<Credentials>> get_credentials() final;

protected:
    virtual Result<std::shared_ptr<CredentialsProvider>> load() = 0;

private:
    std::mutex mutex_;
    std::shared_ptr<CredentialsProvider> loaded_;
};

}  // namespace detail

/// A profile of the shared credentials file, e.g.
/// @verbatim
///   [default]                      [prod]
///   type = access_key              type = ecs_ram_role
///   access_key_id = LTAI...        role_name = app-role
///   access_key_secret = ...
/// @endverbatim
/// The file is read at the first call; a missing file, profile or key is a credentials_unavailable
/// Error that says which.
class ProfileCredentialsProvider final : public detail::ConfigFileCredentialsProvider {
public:
    /// Calls of the provider the profile describes run on `executor`.
    ProfileCredentialsProvider(boost::asio::any_io_executor executor, ProfileOptions options = {});

protected:
    /// Reads the file and makes the provider its profile describes.
    Result<std::shared_ptr<CredentialsProvider>> load() override;

private:
    boost::asio::any_io_executor executor_;
    ProfileOptions options_;
};

/// The aliyun CLI's profiles, ~/.aliyun/config.json (or `file`): the profile named by `profile`,
/// else ALIBABA_CLOUD_PROFILE, else the file's "current". Modes AK, StsToken and EcsRAMRole.
class CliProfileCredentialsProvider final : public detail::ConfigFileCredentialsProvider {
public:
    /// Calls of the provider the profile describes run on `executor`.
    CliProfileCredentialsProvider(boost::asio::any_io_executor executor, ProfileOptions options = {});

protected:
    /// Reads the file and makes the provider its profile describes.
    Result<std::shared_ptr<CredentialsProvider>> load() override;

private:
    boost::asio::any_io_executor executor_;
    ProfileOptions options_;
};

}  // namespace cloudflow
