#include <cloudflow/credentials_chain.hpp>
#include <cloudflow/oidc_credentials.hpp>

#include <boost/property_tree/ini_parser.hpp>
#include <boost/property_tree/ptree.hpp>

#include <cstdlib>
#include <filesystem>

namespace cloudflow {
namespace {

Error unavailable(std::string why)
{
    return make_error(errc::credentials_unavailable, std::move(why));
}

std::string environment(const char* name)
{
    const char* value = std::getenv(name);
    return value ? value : "";
}

bool environment_true(const char* name)
{
    return environment(name) == "true";
}

}  // namespace

ProfileCredentialsProvider::ProfileCredentialsProvider(boost::asio::any_io_executor executor, ProfileOptions options)
    : executor_(std::move(executor)), options_(std::move(options))
{
    if (options_.file.empty()) options_.file = environment("ALIBABA_CLOUD_CREDENTIALS_FILE");
    if (options_.file.empty() && !environment("HOME").empty())
        options_.file = environment("HOME") + "/.alibabacloud/credentials";
    if (options_.profile.empty()) options_.profile = environment("ALIBABA_CLOUD_PROFILE");
    if (options_.profile.empty()) options_.profile = "default";
}

Result<std::shared_ptr<CredentialsProvider>> ProfileCredentialsProvider::load()
{
    const std::string where = "the credentials file " + options_.file;
    std::error_code exists_error;
    if (options_.file.empty() || !std::filesystem::exists(options_.file, exists_error))
        return unavailable(where + " does not exist");
    boost::property_tree::ptree ini;
    try {
        boost::property_tree::read_ini(options_.file, ini);
    } catch (const boost::property_tree::ini_parser_error& e) {
        return unavailable(where + " is not a valid INI file (line " + std::to_string(e.line()) + ")");
    }
    const auto section = ini.get_child_optional(options_.profile);
    if (!section) return unavailable(where + " has no profile [" + options_.profile + "]");
    const auto field = [&](const char* key) { return section->get<std::string>(key, ""); };
    const std::string type = field("type");
    const std::string in_profile = " in profile [" + options_.profile + "] of " + where;
    if (type == "access_key") {
        if (field("access_key_id").empty() || field("access_key_secret").empty())
            return unavailable("access_key_id or access_key_secret is missing" + in_profile);
        return make_static_credentials(field("access_key_id"), field("access_key_secret"));
    }
    if (type == "ecs_ram_role") {
        EcsRamRoleOptions ecs = options_.ecs;
        ecs.role_name = field("role_name");
        try {
            return std::shared_ptr<CredentialsProvider>(
                std::make_shared<EcsRamRoleCredentialsProvider>(executor_, ecs));
        } catch (const Exception& e) {
            return e.error();
        }
    }
    return unavailable("type '" + type + "'" + in_profile + " is not supported (access_key, ecs_ram_role)");
}

boost::asio::awaitable<Result<Credentials>> ProfileCredentialsProvider::get_credentials()
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
        lacked += (lacked.empty() ? "" : "; ") + providers_[i].name + ": " + credentials.error().message;
    }
    co_return unavailable("no credentials provider yielded (" + lacked + ")");
}

std::shared_ptr<CredentialsProvider> make_default_credentials_chain(boost::asio::any_io_executor executor,
                                                                    ProfileOptions profile)
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
    chain.push_back({"credentials file", std::make_shared<ProfileCredentialsProvider>(executor, profile)});
    if (!environment_true("ALIBABA_CLOUD_ECS_METADATA_DISABLED")) {
        EcsRamRoleOptions ecs = profile.ecs;
        ecs.require_token = ecs.require_token || environment_true("ALIBABA_CLOUD_IMDSV1_DISABLED");
        ecs.timeout = std::min(ecs.timeout, std::chrono::milliseconds(1'000));  // not on ECS: give up soon
        chain.push_back({"ECS RAM role", std::make_shared<EcsRamRoleCredentialsProvider>(executor, ecs)});
    }
    return std::make_shared<CredentialsProviderChain>(std::move(chain));
}

}  // namespace cloudflow
