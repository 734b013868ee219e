/// @file
/// Credentials from the shared credentials file, and the default chain of providers.
#pragma once

#include <cloudflow/credentials/credentials.hpp>
#include <cloudflow/credentials/ecs_ram_role.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

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

/// Temporary credentials from ALIBABA_CLOUD_CREDENTIALS_URI (or `uri`): GET returns
/// {"Code":"Success","AccessKeyId","AccessKeySecret","SecurityToken","Expiration"}.
class UriCredentialsProvider final : public RefreshingCredentialsProvider {
public:
    /// Throws cloudflow::Exception (invalid_config) for a missing or malformed URI.
    UriCredentialsProvider(const boost::asio::any_io_executor& executor, std::string uri = {},
                           RefreshingCredentialsProvider::Options refresh = {});

protected:
    boost::asio::awaitable<Result<TemporaryCredentials>> fetch() override;

private:
    std::string target_;
    Endpoint endpoint_;
    std::shared_ptr<HttpsTransport> transport_;
};

/// A provider of a chain, with the name its Error uses.
struct NamedCredentialsProvider {
    std::string name{};                               ///< the name an Error uses, e.g. "environment"
    std::shared_ptr<CredentialsProvider> provider{};  ///< the provider
};

/// Asks its providers in order; the first that yields wins, and is asked first next time. When
/// none yields, the Error lists what each one lacked.
class CredentialsProviderChain final : public CredentialsProvider {
public:
    /// Asks `providers` in this order.
    explicit CredentialsProviderChain(std::vector<NamedCredentialsProvider> providers);
    boost::asio::awaitable<Result<Credentials>> get_credentials() override;

private:
    std::vector<NamedCredentialsProvider> providers_;
    std::mutex mutex_;
    std::size_t last_good_ = 0;
};

/// The official SDKs' order: the environment (ALIBABA_CLOUD_ACCESS_KEY_ID, ...); the OIDC role when
/// ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and ALIBABA_CLOUD_OIDC_TOKEN_FILE are set;
/// the aliyun CLI's profile unless ALIBABA_CLOUD_CLI_PROFILE_DISABLED=true; the shared credentials
/// file; the ECS RAM role unless ALIBABA_CLOUD_ECS_METADATA_DISABLED=true
/// (ALIBABA_CLOUD_IMDSV1_DISABLED=true requires its token); ALIBABA_CLOUD_CREDENTIALS_URI when set.
std::shared_ptr<CredentialsProvider> make_default_credentials_chain(const boost::asio::any_io_executor& executor,
                                                                    const ProfileOptions& profile = {});

}  // namespace cloudflow
