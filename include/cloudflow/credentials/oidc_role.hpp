/// @file
/// Temporary credentials of a RAM role for an OIDC identity (RRSA on ACK): STS AssumeRoleWithOIDC.
#pragma once

#include <cloudflow/credentials/refreshing.hpp>
#include <cloudflow/endpoint.hpp>
#include <cloudflow/http/https_transport.hpp>

#include <string>

namespace cloudflow {

struct OidcRoleOptions {
    /// Empty fields come from ALIBABA_CLOUD_ROLE_ARN, ALIBABA_CLOUD_OIDC_PROVIDER_ARN and
    /// ALIBABA_CLOUD_OIDC_TOKEN_FILE; the session name from ALIBABA_CLOUD_ROLE_SESSION_NAME, else
    /// "cloudflow-cpp-session".
    std::string role_arn{};
    std::string oidc_provider_arn{};
    std::string oidc_token_file{};
    std::string role_session_name{};
    std::chrono::seconds duration{3600};
    /// STS; empty: ALIBABA_CLOUD_STS_ENDPOINT, else https://sts.aliyuncs.com. Tests use a fake.
    std::string sts_endpoint{};
    std::chrono::milliseconds timeout{10'000};
    HttpsTransportOptions http{};
    RefreshingCredentialsProvider::Options refresh{};
};

/// Reads the OIDC token file at every fetch (the platform rotates it) and exchanges the token for
/// the role's temporary credentials with STS AssumeRoleWithOIDC (2015-04-01), which needs no
/// signature. Cached and refreshed as RefreshingCredentialsProvider says.
class OidcRoleCredentialsProvider final : public RefreshingCredentialsProvider {
public:
    /// Throws cloudflow::Exception (invalid_config) when the role ARN, provider ARN or token file is
    /// missing, or the STS endpoint is malformed.
    OidcRoleCredentialsProvider(boost::asio::any_io_executor executor, OidcRoleOptions options = {});

    /// Whether the environment names a role, a provider and a token file.
    static bool configured_in_environment();

protected:
    boost::asio::awaitable<Result<TemporaryCredentials>> fetch() override;

private:
    OidcRoleOptions options_;
    Endpoint endpoint_;
    std::shared_ptr<HttpsTransport> transport_;
};

}  // namespace cloudflow
