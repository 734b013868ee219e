/// @file
/// AccessKey credentials and where a client gets them from.
#pragma once

#include <cloudflow/result.hpp>

#include <boost/asio/awaitable.hpp>

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

namespace cloudflow {

/// An AccessKey pair, with the STS security token of temporary credentials. Printing it shows the
/// AccessKey ID only: the secret and the token never reach a stream.
struct Credentials {
    std::string access_key_id{};                  ///< the AccessKey ID
    std::string access_key_secret{};              ///< the AccessKey secret
    std::optional<std::string> security_token{};  ///< the STS security token of temporary credentials
};

/// The AccessKey ID only (the secret and the token are never printed).
std::ostream& operator<<(std::ostream& os, const Credentials& c);

/// Where a client gets its credentials before each attempt. Providers of temporary credentials
/// cache and refresh them; every call may come from any thread.
class CredentialsProvider {
public:
    /// Destroys the provider.
    virtual ~CredentialsProvider() = default;
    /// The credentials to sign with now, or a credentials_unavailable Error.
    virtual boost::asio::awaitable<Result<Credentials>> get_credentials() = 0;
};

/// Fixed credentials.
class StaticCredentialsProvider final : public CredentialsProvider {
public:
    /// Always serves `credentials`.
    explicit StaticCredentialsProvider(Credentials credentials);
    boost::asio::awaitable<Result<Credentials>> get_credentials() override;

private:
    Credentials credentials_;
};

/// Reads ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET and the optional
/// ALIBABA_CLOUD_SECURITY_TOKEN at every call, so a rotated key is picked up.
class EnvironmentCredentialsProvider final : public CredentialsProvider {
public:
    boost::asio::awaitable<Result<Credentials>> get_credentials() override;
};

/// A StaticCredentialsProvider of an AccessKey pair, with the security token of temporary credentials.
std::shared_ptr<CredentialsProvider> make_static_credentials(std::string access_key_id, std::string access_key_secret,
                                                             std::optional<std::string> security_token = std::nullopt);

}  // namespace cloudflow
