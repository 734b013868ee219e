#include <cloudflow/credentials/credentials.hpp>

#include "util/env.hpp"

#include <ostream>

namespace cloudflow {

std::ostream& operator<<(std::ostream& os, const Credentials& c)
{
    os << "Credentials{access_key_id=" << c.access_key_id << ", access_key_secret=<redacted>";
    if (c.security_token) os << ", security_token=<redacted>";
    return os << '}';
}

StaticCredentialsProvider::StaticCredentialsProvider(Credentials credentials) : credentials_(std::move(credentials)) {}

boost::asio::awaitable<Result<Credentials>> StaticCredentialsProvider::get_credentials()
{
    if (credentials_.access_key_id.empty() || credentials_.access_key_secret.empty())
        co_return make_error(errc::credentials_unavailable,
                             "the static credentials have an empty AccessKey ID or secret");
    co_return credentials_;
}

boost::asio::awaitable<Result<Credentials>> EnvironmentCredentialsProvider::get_credentials()
{
    const auto variable = detail::environment;
    auto id = variable("ALIBABA_CLOUD_ACCESS_KEY_ID");
    auto secret = variable("ALIBABA_CLOUD_ACCESS_KEY_SECRET");
    if (!id || !secret)
        co_return make_error(errc::credentials_unavailable,
                             std::string(!id ? "ALIBABA_CLOUD_ACCESS_KEY_ID" : "ALIBABA_CLOUD_ACCESS_KEY_SECRET") +
                                 " is not set");
    co_return Credentials{std::move(*id), std::move(*secret), variable("ALIBABA_CLOUD_SECURITY_TOKEN")};
}

std::shared_ptr<CredentialsProvider> make_static_credentials(std::string access_key_id, std::string access_key_secret,
                                                             std::optional<std::string> security_token)
{
    return std::make_shared<StaticCredentialsProvider>(
        Credentials{std::move(access_key_id), std::move(access_key_secret), std::move(security_token)});
}

}  // namespace cloudflow
