#include "credentials/sts.hpp"

#include "credentials/credentials_document.hpp"
#include "util/deadline.hpp"
#include "util/env.hpp"

#include <boost/json/parse.hpp>

#include <cctype>

namespace cloudflow::detail {
namespace {

// STS's error code as the message shows it: at most 64 of its characters, those of a code only
// (the server is not trusted to send a short, printable one).
std::string printable_code(std::string_view code)
{
    std::string out;
    for (const char c : code.substr(0, 64))
        out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-') ? c : '?';
    return out;
}

Error sts_unavailable(std::string_view who, const std::string& why)
{
    return make_error(errc::credentials_unavailable, std::string(who) + ": " + why);
}

}  // namespace

Endpoint sts_endpoint(const std::string& configured, std::string_view who)
{
    std::string url = configured;
    if (url.empty()) url = environment_or_empty("ALIBABA_CLOUD_STS_ENDPOINT");
    if (const auto region = environment_or_empty("ALIBABA_CLOUD_STS_REGION"); url.empty() && !region.empty())
        url =
            std::string(environment_true("ALIBABA_CLOUD_VPC_ENDPOINT_ENABLED") ? "https://sts-vpc." : "https://sts.") +
            region + ".aliyuncs.com";
    if (url.empty()) url = "https://sts.aliyuncs.com";
    auto endpoint = resolve_endpoint("", url);
    if (!endpoint)
        throw Exception(make_error(errc::invalid_config,
                                   std::string(who) + ": STS endpoint: " + endpoint.error().message, "sts_endpoint"));
    return *endpoint;
}

boost::asio::awaitable<Result<TemporaryCredentials>> exchange_with_sts(HttpsTransport& transport, HttpRequest request,
                                                                       std::chrono::milliseconds timeout,
                                                                       std::string_view action, std::string_view who)
{
    auto answer =
        co_await transport.send(std::move(request), saturating_add(std::chrono::steady_clock::now(), timeout));
    if (!answer) co_return sts_unavailable(who, "STS is unreachable: " + answer.error().message);
    if (answer->status != 200) {
        boost::system::error_code ec;
        const auto json = boost::json::parse(answer->body, ec);
        const auto* root = ec ? nullptr : json.if_object();
        const auto* code = root ? root->if_contains("Code") : nullptr;
        co_return sts_unavailable(
            who, "STS refused " + std::string(action) + " (HTTP " + std::to_string(answer->status) +
                     (code && code->is_string() ? ", " + printable_code(code->get_string()) : std::string()) + ")");
    }
    auto document = parse_credentials_document(answer->body, false, "Credentials");
    if (!document) co_return sts_unavailable(who, "STS's answer lacks Credentials with a key and a valid Expiration");
    co_return std::move(*document);
}

}  // namespace cloudflow::detail
