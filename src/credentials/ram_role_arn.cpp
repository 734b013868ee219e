#include <cloudflow/credentials/ram_role_arn.hpp>
#include <cloudflow/version.hpp>

#include "credentials/sts.hpp"
#include "rpc/nonce.hpp"
#include "rpc/rpc_request.hpp"
#include "util/deadline.hpp"
#include "util/env.hpp"

namespace cloudflow {
namespace {

// Refuses what cannot work, before anything is made; each error names its option.
const RamRoleArnOptions& checked_role_options(const RamRoleArnOptions& options)
{
    const auto refuse = [](const std::string& why, const char* field) {
        throw Exception(make_error(errc::invalid_config, "RAM role: " + why, field));
    };
    if (!options.source) refuse("the source credentials provider is not set", "source");
    if (options.role_arn.empty()) refuse("the role ARN is not set", "role_arn");
    if (options.duration < std::chrono::seconds(900))
        refuse("duration must be at least 900 s (got " + std::to_string(options.duration.count()) + " s)", "duration");
    if (auto broken = detail::timeout_rule("timeout", options.timeout)) refuse(*broken, "timeout");
    return options;
}

}  // namespace

RamRoleArnCredentialsProvider::RamRoleArnCredentialsProvider(const boost::asio::any_io_executor& executor,
                                                             RamRoleArnOptions options)
    : RefreshingCredentialsProvider(executor, checked_role_options(options).refresh), options_(std::move(options)),
      who_("RAM role " + options_.role_arn)
{
    if (options_.role_session_name.empty())
        options_.role_session_name = detail::environment_or_empty("ALIBABA_CLOUD_ROLE_SESSION_NAME");
    if (options_.role_session_name.empty()) options_.role_session_name = "cloudflow-cpp-session";
    endpoint_ = detail::sts_endpoint(options_.sts_endpoint, who_);
    transport_ = std::make_shared<HttpsTransport>(executor, options_.http);
}

boost::asio::awaitable<Result<TemporaryCredentials>> RamRoleArnCredentialsProvider::fetch()
{
    auto source = co_await options_.source->get_credentials();
    if (!source)
        co_return make_error(errc::credentials_unavailable,
                             who_ + ": the source credentials: " + source.error().message);

    detail::ParameterList params;
    params.add("RoleArn", options_.role_arn);
    params.add("RoleSessionName", options_.role_session_name);
    params.add("DurationSeconds", std::to_string(options_.duration.count()));
    if (!options_.policy.empty()) params.add("Policy", options_.policy);
    if (!options_.external_id.empty()) params.add("ExternalId", options_.external_id);
    const detail::RpcCall call{"AssumeRole", detail::sts_version, &params};
    auto request =
        detail::build_signed_request(call, RequestMethod::post, endpoint_, *source, detail::random_nonce(),
                                     std::chrono::system_clock::now(), "cloudflow-cpp/" + std::string(version()));
    co_return co_await detail::exchange_with_sts(*transport_, std::move(request), options_.timeout, "AssumeRole", who_);
}

}  // namespace cloudflow
