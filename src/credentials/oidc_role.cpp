#include <cloudflow/credentials/oidc_role.hpp>
#include <cloudflow/model/timestamp.hpp>
#include <cloudflow/rpc/parameters.hpp>

#include "credentials/sts.hpp"
#include "rpc/rpc_request.hpp"
#include "util/deadline.hpp"
#include "util/env.hpp"

#include <fstream>
#include <sstream>

namespace cloudflow {
namespace {

Error oidc_unavailable(const std::string& why)
{
    return make_error(errc::credentials_unavailable, "OIDC role: " + why);
}

// Refuses an STS request timeout under 1 ms, before anything else is made.
const OidcRoleOptions& checked_oidc(const OidcRoleOptions& options)
{
    if (auto broken = detail::timeout_rule("timeout", options.timeout))
        throw Exception(make_error(errc::invalid_config, "OIDC role: " + *broken, "timeout"));
    return options;
}

void from_environment(std::string& field, const char* name)
{
    if (field.empty()) field = detail::environment_or_empty(name);
}

}  // namespace

bool OidcRoleCredentialsProvider::configured_in_environment()
{
    for (const char* name :
         {"ALIBABA_CLOUD_ROLE_ARN", "ALIBABA_CLOUD_OIDC_PROVIDER_ARN", "ALIBABA_CLOUD_OIDC_TOKEN_FILE"}) {
        if (!detail::environment(name)) return false;
    }
    return true;
}

OidcRoleCredentialsProvider::OidcRoleCredentialsProvider(const boost::asio::any_io_executor& executor,
                                                         OidcRoleOptions options)
    : RefreshingCredentialsProvider(executor, checked_oidc(options).refresh), options_(std::move(options))
{
    from_environment(options_.role_arn, "ALIBABA_CLOUD_ROLE_ARN");
    from_environment(options_.oidc_provider_arn, "ALIBABA_CLOUD_OIDC_PROVIDER_ARN");
    from_environment(options_.oidc_token_file, "ALIBABA_CLOUD_OIDC_TOKEN_FILE");
    from_environment(options_.role_session_name, "ALIBABA_CLOUD_ROLE_SESSION_NAME");
    if (options_.role_session_name.empty()) options_.role_session_name = "cloudflow-cpp-session";
    for (const auto& [value, name] :
         {std::pair{&options_.role_arn, "the role ARN (ALIBABA_CLOUD_ROLE_ARN)"},
          {&options_.oidc_provider_arn, "the OIDC provider ARN (ALIBABA_CLOUD_OIDC_PROVIDER_ARN)"},
          {&options_.oidc_token_file, "the OIDC token file (ALIBABA_CLOUD_OIDC_TOKEN_FILE)"}})
        if (value->empty())
            throw Exception(make_error(errc::invalid_config, std::string("OIDC role: ") + name + " is not set"));
    endpoint_ = detail::sts_endpoint(options_.sts_endpoint, "OIDC role");
    transport_ = std::make_shared<HttpsTransport>(executor, options_.http);
}

boost::asio::awaitable<Result<TemporaryCredentials>> OidcRoleCredentialsProvider::fetch()
{
    std::ifstream in(options_.oidc_token_file);
    if (!in) co_return oidc_unavailable("cannot read the token file " + options_.oidc_token_file);
    std::stringstream token;
    token << in.rdbuf();
    std::string oidc_token = token.str();
    while (!oidc_token.empty() && (oidc_token.back() == '\n' || oidc_token.back() == '\r')) oidc_token.pop_back();
    if (oidc_token.empty()) co_return oidc_unavailable("the token file " + options_.oidc_token_file + " is empty");

    const Parameters params{{"Action", "AssumeRoleWithOIDC"},
                            {"Version", std::string(detail::sts_version)},
                            {"Format", "JSON"},
                            {"Timestamp", detail::rpc_timestamp(std::chrono::system_clock::now())},
                            {"RoleArn", options_.role_arn},
                            {"OIDCProviderArn", options_.oidc_provider_arn},
                            {"OIDCToken", oidc_token},
                            {"RoleSessionName", options_.role_session_name},
                            {"DurationSeconds", std::to_string(options_.duration.count())}};
    HttpRequest request{"POST",
                        endpoint_.scheme,
                        endpoint_.host,
                        endpoint_.port,
                        "/",
                        {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}},
                        canonical_query(params)};
    co_return co_await detail::exchange_with_sts(*transport_, std::move(request), options_.timeout,
                                                 "AssumeRoleWithOIDC", "OIDC role");
}

}  // namespace cloudflow
