/// @file
/// Temporary credentials of the ECS instance's RAM role, from the instance metadata service.
#pragma once

#include <cloudflow/credentials/refreshing.hpp>
#include <cloudflow/endpoint.hpp>
#include <cloudflow/http/https_transport.hpp>

#include <string>

namespace cloudflow {

/// Where and how EcsRamRoleCredentialsProvider asks the instance metadata service.
struct EcsRamRoleOptions {
    /// The role; empty: ALIBABA_CLOUD_ECS_METADATA, else discovered from the metadata service.
    std::string role_name{};
    /// The metadata service. Tests point it at a loopback fake.
    std::string metadata_endpoint = "http://100.100.100.200";
    /// Hardened mode only: without a metadata token, fail rather than ask without one. Also on when
    /// ALIBABA_CLOUD_IMDSV1_DISABLED=true.
    bool require_token = false;
    /// Each metadata request.
    std::chrono::milliseconds timeout{5'000};
    RefreshingCredentialsProvider::Options refresh{};  ///< when the credentials are refreshed
};

/// The hardened mode first: PUT /latest/api/token (X-aliyun-ecs-metadata-token-ttl-seconds: 21600),
/// then every GET carries X-aliyun-ecs-metadata-token. GET
/// /latest/meta-data/ram/security-credentials/ names the role when it is not given; GET
/// .../security-credentials/{role} returns {"Code":"Success","AccessKeyId","AccessKeySecret",
/// "SecurityToken","Expiration"}. Cached and refreshed as RefreshingCredentialsProvider says.
class EcsRamRoleCredentialsProvider final : public RefreshingCredentialsProvider {
public:
    /// Throws cloudflow::Exception (invalid_config) for a malformed metadata endpoint.
    EcsRamRoleCredentialsProvider(const boost::asio::any_io_executor& executor, EcsRamRoleOptions options = {});

protected:
    boost::asio::awaitable<Result<TemporaryCredentials>> fetch() override;

private:
    boost::asio::awaitable<Result<HttpResponse>> request(std::string method, std::string path,
                                                         const std::optional<std::string>& token);

    EcsRamRoleOptions options_;
    Endpoint endpoint_;
    std::shared_ptr<HttpsTransport> transport_;
};

}  // namespace cloudflow
