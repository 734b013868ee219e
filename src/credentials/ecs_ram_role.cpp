#include <cloudflow/credentials/ecs_ram_role.hpp>
#include <cloudflow/endpoint.hpp>

#include "credentials/credentials_document.hpp"
#include "util/deadline.hpp"
#include "util/env.hpp"

namespace cloudflow {
namespace {

Error ecs_unavailable(const std::string& why)
{
    return make_error(errc::credentials_unavailable, "ECS RAM role: " + why);
}

Endpoint metadata_endpoint(const std::string& url)
{
    auto endpoint = resolve_endpoint("", url);
    if (!endpoint) throw Exception(endpoint.error());
    return *endpoint;
}

// Refuses a metadata request timeout under 1 ms, before anything else is made.
const EcsRamRoleOptions& checked_ecs(const EcsRamRoleOptions& options)
{
    if (auto broken = detail::timeout_rule("timeout", options.timeout))
        throw Exception(make_error(errc::invalid_config, "ECS RAM role: " + *broken, "timeout"));
    return options;
}

std::string first_role(std::string s)
{
    s = s.substr(0, s.find_first_of("\r\n"));  // the first role when several are listed
    while (!s.empty() && s.back() == ' ') s.pop_back();
    return s;
}

}  // namespace

EcsRamRoleCredentialsProvider::EcsRamRoleCredentialsProvider(const boost::asio::any_io_executor& executor,
                                                             EcsRamRoleOptions options)
    : RefreshingCredentialsProvider(executor, checked_ecs(options).refresh), options_(std::move(options)),
      endpoint_(metadata_endpoint(options_.metadata_endpoint)),
      transport_(std::make_shared<HttpsTransport>(executor, HttpsTransportOptions{.proxy_from_environment = false}))
{
    // The metadata service is link-local: never through a proxy from the environment.
    if (detail::environment_true("ALIBABA_CLOUD_IMDSV1_DISABLED")) options_.require_token = true;
    if (options_.role_name.empty()) options_.role_name = detail::environment_or_empty("ALIBABA_CLOUD_ECS_METADATA");
}

boost::asio::awaitable<Result<HttpResponse>>
EcsRamRoleCredentialsProvider::request(std::string method, std::string path, const std::optional<std::string>& token)
{
    HttpRequest r{std::move(method), endpoint_.scheme, endpoint_.host, endpoint_.port, std::move(path), {}, {}};
    if (r.method == "PUT") r.headers.emplace_back("X-aliyun-ecs-metadata-token-ttl-seconds", "21600");
    if (token) r.headers.emplace_back("X-aliyun-ecs-metadata-token", *token);
    co_return co_await transport_->send(std::move(r),
                                        detail::saturating_add(std::chrono::steady_clock::now(), options_.timeout));
}

boost::asio::awaitable<Result<TemporaryCredentials>> EcsRamRoleCredentialsProvider::fetch()
{
    // Hardened mode: a session token first.
    std::optional<std::string> token;
    auto token_answer = co_await request("PUT", "/latest/api/token", std::nullopt);
    if (token_answer && token_answer->status == 200 && !token_answer->body.empty())
        token = token_answer->body;
    else if (options_.require_token)
        co_return ecs_unavailable(
            "no metadata token (" +
            (token_answer ? "HTTP " + std::to_string(token_answer->status) : token_answer.error().message) +
            ") and ALIBABA_CLOUD_IMDSV1_DISABLED forbids asking without one");

    std::string role = options_.role_name;
    if (role.empty()) {
        auto listed = co_await request("GET", "/latest/meta-data/ram/security-credentials/", token);
        if (!listed) co_return ecs_unavailable("the metadata service is unreachable: " + listed.error().message);
        if (listed->status != 200 || first_role(listed->body).empty())
            co_return ecs_unavailable("no RAM role is attached to this instance (HTTP " +
                                      std::to_string(listed->status) + ")");
        role = first_role(listed->body);
    }

    auto answer = co_await request("GET", "/latest/meta-data/ram/security-credentials/" + role, token);
    if (!answer) co_return ecs_unavailable("the metadata service is unreachable: " + answer.error().message);
    if (answer->status != 200)
        co_return ecs_unavailable("the credentials of role " + role + " were refused (HTTP " +
                                  std::to_string(answer->status) + ")");
    auto document = detail::parse_credentials_document(answer->body, true);
    if (!document)
        co_return ecs_unavailable("the metadata service's answer for role " + role +
                                  " is not a complete credentials document");
    co_return std::move(*document);
}

}  // namespace cloudflow
