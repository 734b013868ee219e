#include <cloudflow/credentials/uri.hpp>

#include "credentials/credentials_document.hpp"
#include "credentials/profile_file.hpp"
#include "util/env.hpp"

#include <boost/url/parse.hpp>

namespace cloudflow {

using detail::credentials_unavailable;

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
