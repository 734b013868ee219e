#include <cloudflow/credentials/chain.hpp>
#include <cloudflow/credentials/oidc_role.hpp>

#include "credentials/credentials_document.hpp"
#include "credentials/profile_file.hpp"
#include "util/env.hpp"

#include <boost/url/parse.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace cloudflow {
namespace {

using detail::credentials_unavailable;

// The ECS RAM role a profile names, with the caller's metadata options.
Result<std::shared_ptr<CredentialsProvider>> ecs_role(const boost::asio::any_io_executor& executor,
                                                      EcsRamRoleOptions options, std::string role)
{
    options.role_name = std::move(role);
    try {
        return std::shared_ptr<CredentialsProvider>(std::make_shared<EcsRamRoleCredentialsProvider>(executor, options));
    } catch (const Exception& e) {
        return e.error();
    }
}

}  // namespace

namespace detail {

boost::asio::awaitable<Result<Credentials>> ConfigFileCredentialsProvider::get_credentials()
{
    std::shared_ptr<CredentialsProvider> provider;
    {
        std::lock_guard lock(mutex_);
        if (!loaded_) {
            auto loaded = load();
            if (!loaded) co_return loaded.error();  // read again next time: the file may appear
            loaded_ = *loaded;
        }
        provider = loaded_;
    }
    co_return co_await provider->get_credentials();
}

}  // namespace detail

ProfileCredentialsProvider::ProfileCredentialsProvider(boost::asio::any_io_executor executor, ProfileOptions options)
    : executor_(std::move(executor)), options_(std::move(options))
{
    if (options_.file.empty()) options_.file = detail::environment_or_empty("ALIBABA_CLOUD_CREDENTIALS_FILE");
    if (options_.file.empty() && !detail::environment_or_empty("HOME").empty())
        options_.file = detail::environment_or_empty("HOME") + "/.alibabacloud/credentials";
    if (options_.profile.empty()) options_.profile = detail::environment_or_empty("ALIBABA_CLOUD_PROFILE");
    if (options_.profile.empty()) options_.profile = "default";
}

Result<std::shared_ptr<CredentialsProvider>> ProfileCredentialsProvider::load()
{
    const std::string where = "the credentials file " + options_.file;
    std::error_code exists_error;
    if (options_.file.empty() || !std::filesystem::exists(options_.file, exists_error))
        return credentials_unavailable(where + " does not exist");
    std::ifstream in(options_.file);
    std::stringstream text;
    text << in.rdbuf();
    auto profile = detail::read_ini_profile(text.str(), options_.profile, where);
    if (!profile) return profile.error();
    const std::string& type = profile->kind;
    const std::string in_profile = " in profile [" + options_.profile + "] of " + where;
    if (type == "access_key") {
        if (profile->access_key_id.empty() || profile->access_key_secret.empty())
            return credentials_unavailable("access_key_id or access_key_secret is missing" + in_profile);
        return make_static_credentials(profile->access_key_id, profile->access_key_secret);
    }
    if (type == "ecs_ram_role") return ecs_role(executor_, options_.ecs, profile->role_name);
    return credentials_unavailable("type '" + type + "'" + in_profile + " is not supported (access_key, ecs_ram_role)");
}

CredentialsProviderChain::CredentialsProviderChain(std::vector<NamedCredentialsProvider> providers)
    : providers_(std::move(providers))
{
}

boost::asio::awaitable<Result<Credentials>> CredentialsProviderChain::get_credentials()
{
    std::size_t first = 0;
    {
        std::lock_guard lock(mutex_);
        first = last_good_;
    }
    std::string lacked;
    for (std::size_t n = 0; n < providers_.size(); ++n) {
        const std::size_t i = (first + n) % providers_.size();
        auto credentials = co_await providers_[i].provider->get_credentials();
        if (credentials) {
            std::lock_guard lock(mutex_);
            last_good_ = i;
            co_return credentials;
        }
        const std::string& message = credentials.error().message;
        const std::string& name = providers_[i].name;
        if (!lacked.empty()) lacked += "; ";
        if (!message.starts_with(name + ": ")) lacked += name + ": ";
        lacked += message;
    }
    co_return credentials_unavailable("no credentials provider yielded (" + lacked + ")");
}

std::shared_ptr<CredentialsProvider> make_default_credentials_chain(const boost::asio::any_io_executor& executor,
                                                                    const ProfileOptions& profile)
{
    std::vector<NamedCredentialsProvider> chain;
    chain.push_back({"environment", std::make_shared<EnvironmentCredentialsProvider>()});
    if (OidcRoleCredentialsProvider::configured_in_environment()) {
        try {
            chain.push_back({"OIDC role", std::make_shared<OidcRoleCredentialsProvider>(executor)});
        } catch (const Exception&) {
            // A malformed ALIBABA_CLOUD_STS_ENDPOINT: the other providers may still yield.
        }
    }
    if (!detail::environment_true("ALIBABA_CLOUD_CLI_PROFILE_DISABLED"))
        chain.push_back({"aliyun CLI profile", std::make_shared<CliProfileCredentialsProvider>(executor, profile)});
    chain.push_back({"credentials file", std::make_shared<ProfileCredentialsProvider>(executor, profile)});
    if (!detail::environment_true("ALIBABA_CLOUD_ECS_METADATA_DISABLED")) {
        EcsRamRoleOptions ecs = profile.ecs;
        ecs.timeout = std::min(ecs.timeout, std::chrono::milliseconds(1'000));  // not on ECS: give up soon
        chain.push_back({"ECS RAM role", std::make_shared<EcsRamRoleCredentialsProvider>(executor, ecs)});
    }
    if (!detail::environment_or_empty("ALIBABA_CLOUD_CREDENTIALS_URI").empty()) {
        try {
            chain.push_back({"credentials URI", std::make_shared<UriCredentialsProvider>(executor)});
        } catch (const Exception&) {
            // Malformed: the error of the other providers still says what they lacked.
        }
    }
    return std::make_shared<CredentialsProviderChain>(std::move(chain));
}

}  // namespace cloudflow

namespace cloudflow {

CliProfileCredentialsProvider::CliProfileCredentialsProvider(boost::asio::any_io_executor executor,
                                                             ProfileOptions options)
    : executor_(std::move(executor)), options_(std::move(options))
{
    if (options_.cli_file.empty() && !detail::environment_or_empty("HOME").empty())
        options_.cli_file = detail::environment_or_empty("HOME") + "/.aliyun/config.json";
    if (options_.profile.empty()) options_.profile = detail::environment_or_empty("ALIBABA_CLOUD_PROFILE");
}

Result<std::shared_ptr<CredentialsProvider>> CliProfileCredentialsProvider::load()
{
    const std::string where = "the aliyun CLI config " + options_.cli_file;
    std::ifstream in(options_.cli_file);
    if (!in) return credentials_unavailable(where + " does not exist");
    std::stringstream text;
    text << in.rdbuf();
    auto profile = detail::read_cli_profile(text.str(), options_.profile, where);
    if (!profile) return profile.error();
    const std::string& mode = profile->kind;
    const std::string in_profile = " in profile " + profile->name + " of " + where;
    if (mode == "AK" || mode == "StsToken") {
        if (profile->access_key_id.empty() || profile->access_key_secret.empty())
            return credentials_unavailable("access_key_id or access_key_secret is missing" + in_profile);
        return make_static_credentials(profile->access_key_id, profile->access_key_secret, profile->security_token);
    }
    if (mode == "EcsRAMRole") return ecs_role(executor_, options_.ecs, profile->role_name);
    return credentials_unavailable("mode '" + mode + "'" + in_profile + " is not supported (AK, StsToken, EcsRAMRole)");
}

UriCredentialsProvider::UriCredentialsProvider(const boost::asio::any_io_executor& executor, std::string uri,
                                               RefreshingCredentialsProvider::Options refresh)
    : RefreshingCredentialsProvider(executor, std::move(refresh))
{
    if (uri.empty()) uri = detail::environment_or_empty("ALIBABA_CLOUD_CREDENTIALS_URI");
    const auto parsed = boost::urls::parse_absolute_uri(uri);
    auto endpoint =
        parsed
            ? resolve_endpoint("", std::string(parsed->scheme()) + "://" + std::string(parsed->encoded_host_and_port()))
            : Result<Endpoint>(make_error(errc::invalid_config, "malformed"));
    if (!endpoint) throw Exception(make_error(errc::invalid_config, "the credentials URI is missing or malformed"));
    endpoint_ = *endpoint;
    target_ = parsed->encoded_resource().empty() ? "/" : std::string(parsed->encoded_resource());
    transport_ = std::make_shared<HttpsTransport>(executor);
}

boost::asio::awaitable<Result<TemporaryCredentials>> UriCredentialsProvider::fetch()
{
    HttpRequest request{"GET", endpoint_.scheme, endpoint_.host, endpoint_.port, target_, {}, {}};
    auto answer =
        co_await transport_->send(std::move(request), std::chrono::steady_clock::now() + std::chrono::seconds(5));
    if (!answer) co_return credentials_unavailable("the credentials URI is unreachable: " + answer.error().message);
    if (answer->status != 200)
        co_return credentials_unavailable("the credentials URI answered HTTP " + std::to_string(answer->status));
    auto document = detail::parse_credentials_document(answer->body, true);
    if (!document)
        co_return credentials_unavailable("the credentials URI's answer is not a complete credentials document");
    co_return std::move(*document);
}

}  // namespace cloudflow
