#include <cloudflow/credentials/chain.hpp>
#include <cloudflow/credentials/oidc_role.hpp>

#include "credentials/profile_file.hpp"
#include "util/env.hpp"

namespace cloudflow {

using detail::credentials_unavailable;

CredentialsProviderChain::CredentialsProviderChain(std::vector<NamedCredentialsProvider> providers)
    : providers_(std::move(providers))
{
}

boost::asio::awaitable<Result<Credentials>> CredentialsProviderChain::get_credentials()
{
    std::size_t first = 0;
    {
        std::lock_guard lock(mutex_);
        first = last_good_;
    }
    std::string lacked;
    for (std::size_t n = 0; n < providers_.size(); ++n) {
        const std::size_t i = (first + n) % providers_.size();
        auto credentials = co_await providers_[i].provider->get_credentials();
        if (credentials) {
            std::lock_guard lock(mutex_);
            last_good_ = i;
            co_return credentials;
        }
        const std::string& message = credentials.error().message;
        const std::string& name = providers_[i].name;
        if (!lacked.empty()) lacked += "; ";
        if (!message.starts_with(name + ": ")) lacked += name + ": ";
        lacked += message;
    }
    co_return credentials_unavailable("no credentials provider yielded (" + lacked + ")");
}

std::shared_ptr<CredentialsProvider> make_default_credentials_chain(const boost::asio::any_io_executor& executor,
                                                                    const ProfileOptions& profile)
{
    std::vector<NamedCredentialsProvider> chain;
    chain.push_back({"environment", std::make_shared<EnvironmentCredentialsProvider>()});
    if (OidcRoleCredentialsProvider::configured_in_environment()) {
        try {
            chain.push_back({"OIDC role", std::make_shared<OidcRoleCredentialsProvider>(executor)});
        } catch (const Exception&) {
            // A malformed ALIBABA_CLOUD_STS_ENDPOINT: the other providers may still yield.
        }
    }
    if (!detail::environment_true("ALIBABA_CLOUD_CLI_PROFILE_DISABLED"))
        chain.push_back({"aliyun CLI profile", std::make_shared<CliProfileCredentialsProvider>(executor, profile)});
    chain.push_back({"credentials file", std::make_shared<ProfileCredentialsProvider>(executor, profile)});
    if (!detail::environment_true("ALIBABA_CLOUD_ECS_METADATA_DISABLED")) {
        EcsRamRoleOptions ecs = profile.ecs;
        ecs.timeout = std::min(ecs.timeout, std::chrono::milliseconds(1'000));  // not on ECS: give up soon
        chain.push_back({"ECS RAM role", std::make_shared<EcsRamRoleCredentialsProvider>(executor, ecs)});
    }
    if (!detail::environment_or_empty("ALIBABA_CLOUD_CREDENTIALS_URI").empty()) {
        try {
            chain.push_back({"credentials URI", std::make_shared<UriCredentialsProvider>(executor)});
        } catch (const Exception&) {
            // Malformed: the error of the other providers still says what they lacked.
        }
    }
    return std::make_shared<CredentialsProviderChain>(std::move(chain));
}

}  // namespace cloudflow
