/// @file
/// Temporary credentials from a URI (ALIBABA_CLOUD_CREDENTIALS_URI).
#pragma once

#include <cloudflow/credentials/refreshing.hpp>
#include <cloudflow/endpoint.hpp>
#include <cloudflow/http/https_transport.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <memory>
#include <string>

namespace cloudflow {

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

}  // namespace cloudflow
