/// @file
/// Temporary credentials of a RAM role for an OIDC identity (RRSA on ACK): STS AssumeRoleWithOIDC.
#pragma once

#include <cloudflow/credentials/refreshing.hpp>
#include <cloudflow/endpoint.hpp>
#include <cloudflow/http/https_transport.hpp>

#include <string>

namespace cloudflow {

/// The role, the OIDC provider and token, and STS, for OidcRoleCredentialsProvider.
struct OidcRoleOptions {
    /// The role to assume; empty: ALIBABA_CLOUD_ROLE_ARN.
    std::string role_arn{};
    /// The OIDC identity provider; empty: ALIBABA_CLOUD_OIDC_PROVIDER_ARN.
    std::string oidc_provider_arn{};
    /// The file holding the OIDC token; empty: ALIBABA_CLOUD_OIDC_TOKEN_FILE.
    std::string oidc_token_file{};
    /// The session name; empty: ALIBABA_CLOUD_ROLE_SESSION_NAME, else "cloudflow-cpp-session".
    std::string role_session_name{};
    std::chrono::seconds duration{3600};  ///< how long the credentials STS issues last
    /// STS; empty: ALIBABA_CLOUD_STS_ENDPOINT, else sts.REGION.aliyuncs.com with
    /// ALIBABA_CLOUD_STS_REGION (sts-vpc. with ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true), else
    /// https://sts.aliyuncs.com. Tests use a fake.
    std::string sts_endpoint{};
    std::chrono::milliseconds timeout{10'000};         ///< each STS request
    HttpsTransportOptions http{};                      ///< the HTTPS transport to STS
    RefreshingCredentialsProvider::Options refresh{};  ///< when the credentials are refreshed
};

/// Reads the OIDC token file at every fetch (the platform rotates it) and exchanges the token for
/// the role's temporary credentials with STS AssumeRoleWithOIDC (2015-04-01), which needs no
/// signature. Cached and refreshed as RefreshingCredentialsProvider says.
class OidcRoleCredentialsProvider final : public RefreshingCredentialsProvider {
public:
    /// Throws cloudflow::Exception (invalid_config) when the role ARN, provider ARN or token file is
    /// missing, or the STS endpoint is malformed.
    OidcRoleCredentialsProvider(const boost::asio::any_io_executor& executor, OidcRoleOptions options = {});

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
