#include "output.hpp"

#include <boost/json/serialize.hpp>

#include <iostream>

namespace cloudflow::cli {

namespace json = boost::json;

json::object with_request_id(const std::string& request_id, const json::object& members)
{
    json::object out{{"RequestId", request_id}};
    for (const auto& member : members) out.emplace(member.key(), member.value());
    return out;
}

namespace {

// The SDK's advice for an untrusted certificate names its options (ca_file, ca_pem); the CLI's
// user has the CLI's.
std::string cli_advice(std::string text, const Error& e)
{
    static constexpr std::string_view sdk = "with ca_file or ca_pem";
    if (e.code != errc::tls_failed) return text;
    for (auto at = text.find(sdk); at != std::string::npos; at = text.find(sdk, at))
        text.replace(at, sdk.size(), "with --ca-file FILE (for a test server on loopback, --insecure)");
    return text;
}

}  // namespace

json::object to_json(const Error& e)
{
    const auto name = [](boost::system::error_code ec) -> std::string {
        if (ec.category() == error_category()) return std::string(to_string(static_cast<errc>(ec.value())));
        return ec.message();
    };
    json::object out{
        {"Error", name(e.code)},  {"Description", cli_advice(e.to_string(), e)}, {"HttpStatus", e.http_status},
        {"Code", e.service_code}, {"Message", cli_advice(e.message, e)},         {"RequestId", e.request_id},
        {"Attempts", e.attempts}};
    if (e.cause) out["Cause"] = name(e.cause);
    if (!e.field.empty()) out["Field"] = e.field;
    return out;
}

int print_success(const json::object& response)
{
    std::cout << json::serialize(response) << std::endl;
    return 0;
}

int print_failure(const Error& error)
{
    std::cerr << json::serialize(to_json(error)) << std::endl;
    return 1;
}

}  // namespace cloudflow::cli
