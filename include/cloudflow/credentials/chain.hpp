/// @file
/// The default chain of credentials providers, and chains of your own. Includes every provider the
/// default chain uses (profile.hpp, uri.hpp).
#pragma once

#include <cloudflow/credentials/credentials.hpp>
#include <cloudflow/credentials/profile.hpp>
#include <cloudflow/credentials/uri.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cloudflow {

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
