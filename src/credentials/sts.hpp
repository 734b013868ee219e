// What the providers that ask STS (2015-04-01) share: where STS is, and one exchange whose answer
// holds the temporary credentials ({"Credentials": {...}}) or STS's error code.
#pragma once

#include <cloudflow/credentials/refreshing.hpp>
#include <cloudflow/endpoint.hpp>
#include <cloudflow/http/https_transport.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <string>

namespace cloudflow::detail {

inline constexpr std::string_view sts_version = "2015-04-01";

// STS's endpoint: `configured` when set; else ALIBABA_CLOUD_STS_ENDPOINT; else, with
// ALIBABA_CLOUD_STS_REGION, https://sts.<region>.aliyuncs.com (https://sts-vpc.<region>.aliyuncs.com
// with ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED=true); else https://sts.aliyuncs.com. Throws
// cloudflow::Exception (invalid_config, naming `who`) when the result is malformed.
Endpoint sts_endpoint(const std::string& configured, std::string_view who);

// Sends `request` to STS before `timeout` runs out and reads the credentials of its answer. The
// errors are credentials_unavailable and begin with `who`: STS unreachable, STS's refusal (its HTTP
// status and Code), or an answer without usable credentials. No secret is in any of them.
boost::asio::awaitable<Result<TemporaryCredentials>> exchange_with_sts(HttpsTransport& transport, HttpRequest request,
                                                                       std::chrono::milliseconds timeout,
                                                                       std::string_view action, std::string_view who);

}  // namespace cloudflow::detail
