/// @file
/// Temporary credentials of a RAM role, assumed with other credentials: STS AssumeRole. The usual
/// way to call another account's CloudFlow.
#pragma once

#include <cloudflow/credentials/credentials.hpp>
#include <cloudflow/credentials/refreshing.hpp>
#include <cloudflow/endpoint.hpp>
#include <cloudflow/http/https_transport.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace cloudflow {

/// The source credentials, the role and STS, for RamRoleArnCredentialsProvider.
struct RamRoleArnOptions {
    /// Required: the credentials that sign AssumeRole (any provider: static keys, a profile,
    /// another role's).
    std::shared_ptr<CredentialsProvider> source{};
    /// Required: the role to assume, `acs:ram::ACCOUNT_ID:role/ROLE_NAME`.
    std::string role_arn{};
    /// The session's name; empty: ALIBABA_CLOUD_ROLE_SESSION_NAME, else "cloudflow-cpp-session".
    std::string role_session_name{};
    /// How long the credentials STS issues last: 900 s to the role's maximum session duration.
    std::chrono::seconds duration{3600};
    /// A policy (JSON text) that narrows the role's permissions for this session; empty: none.
    std::string policy{};
    /// The external ID the role's trust policy asks for; empty: none.
    std::string external_id{};
    /// STS; empty: ALIBABA_CLOUD_STS_ENDPOINT, else sts.REGION.aliyuncs.com with
    /// ALIBABA_CLOUD_STS_REGION (sts-vpc. with ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true), else
    /// https://sts.aliyuncs.com.
    std::string sts_endpoint{};
    std::chrono::milliseconds timeout{10'000};         ///< each STS request
    HttpsTransportOptions http{};                      ///< the HTTPS transport to STS
    RefreshingCredentialsProvider::Options refresh{};  ///< when the credentials are refreshed
};

/// Asks `source` for credentials and exchanges them for the role's temporary credentials with STS
/// AssumeRole (2015-04-01), signed V1 with the source's keys (and its security token, when the
/// source is temporary). Cached and refreshed as RefreshingCredentialsProvider says. A failure
/// is a credentials_unavailable Error that names the role and says what failed: the source's
/// credentials, STS unreachable, or STS's refusal with its HTTP status and Code.
class RamRoleArnCredentialsProvider final : public RefreshingCredentialsProvider {
public:
    /// Throws cloudflow::Exception (invalid_config, its field the option's name) when `source` or
    /// `role_arn` is missing, `duration` is under 900 s, `timeout` under 1 ms, or the STS endpoint
    /// is malformed.
    RamRoleArnCredentialsProvider(const boost::asio::any_io_executor& executor, RamRoleArnOptions options);

protected:
    boost::asio::awaitable<Result<TemporaryCredentials>> fetch() override;

private:
    RamRoleArnOptions options_;
    std::string who_;
    Endpoint endpoint_;
    std::shared_ptr<HttpsTransport> transport_;
};

}  // namespace cloudflow
