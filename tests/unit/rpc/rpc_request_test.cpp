// The signed HTTP request. Vector C of ../shared/reference/signing.md, as the official Node.js SDK
// sends it, must come out byte for byte.
#include "rpc/rpc_request.hpp"

#include "support/catch_result.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace std::chrono;

namespace {

const detail::ParameterList vector_c{Parameters{
    {"FlowName", "my_flow"}, {"ExecutionName", "exec-1"}, {"Input", "{\"msg\":\"\xE4\xBD\xA0\xE5\xA5\xBD +a/b\"}"}}};
const detail::RpcCall call{"StartSyncExecution", detail::api_version, &vector_c};
const Endpoint endpoint{"https", "cn-hangzhou.fnf.aliyuncs.com", 443};
const Credentials credentials{"testid", "testsecret", std::nullopt};
const auto new_year = sys_days{2024y / 1 / 1};

}  // namespace

TEST_CASE("rpc request: timestamp format", "[rpc]")
{
    CHECK(detail::rpc_timestamp(sys_days{2016y / 2 / 23} + 12h + 46min + 24s + 999ms) == "2016-02-23T12:46:24Z");
}

TEST_CASE("rpc request: POST carries every parameter in a form body (vector C)", "[rpc]")
{
    const HttpRequest r = detail::build_signed_request(call, RequestMethod::post, endpoint, credentials,
                                                       "fixed-nonce-1", new_year, "ua/1");
    CHECK(r.method == "POST");
    CHECK(r.target == "/");
    CHECK(r.host == "cn-hangzhou.fnf.aliyuncs.com");
    CHECK(find_header(r.headers, "content-type") == "application/x-www-form-urlencoded");
    CHECK(find_header(r.headers, "User-Agent") == "ua/1");
    CHECK(r.body ==
          "AccessKeyId=testid&Action=StartSyncExecution&ExecutionName=exec-1&FlowName=my_flow&Format=JSON&Input=%7B%"
          "22msg%22%3A%22%E4%BD%A0%E5%A5%BD%20%2Ba%2Fb%22%7D&Signature=ipDrvIEtzynumBOUuICS36yatug%3D&"
          "SignatureMethod=HMAC-SHA1&SignatureNonce=fixed-nonce-1&SignatureVersion=1.0&Timestamp=2024-01-01T00%3A00%"
          "3A00Z&Version=2019-03-15");
    CHECK(detail::payload_size(r) == r.body.size());
}

TEST_CASE("rpc request: GET carries them in the query", "[rpc]")
{
    const HttpRequest r = detail::build_signed_request(call, RequestMethod::get, endpoint, credentials, "fixed-nonce-1",
                                                       new_year, "ua/1");
    CHECK(r.method == "GET");
    CHECK(r.body.empty());
    CHECK(r.target.starts_with("/?AccessKeyId=testid&Action=StartSyncExecution&"));
    CHECK_FALSE(find_header(r.headers, "Content-Type"));
    Parameters sent = decode_parameters(r.target.substr(2)).value();
    sent.erase("Signature");
    const auto signature = sign_rpc_v1("GET", sent, "testsecret");
    CHECK(r.target.find("Signature=" + percent_encode(signature.signature) + "&") != std::string::npos);
    CHECK(detail::payload_size(r) == r.target.size() - 2);
}

TEST_CASE("rpc request: an STS token is sent and signed, the secret is not sent", "[rpc]")
{
    const Credentials sts{"STS.id", "sts-secret", "the-token"};
    const HttpRequest r = detail::build_signed_request(call, RequestMethod::post, endpoint, sts, "n", new_year, "ua/1");
    const Parameters sent = decode_parameters(r.body).value();
    CHECK(sent.at("SecurityToken") == "the-token");
    CHECK(sent.at("AccessKeyId") == "STS.id");
    CHECK(r.body.find("sts-secret") == std::string::npos);
    Parameters unsigned_params = sent;
    unsigned_params.erase("Signature");
    CHECK(sent.at("Signature") == sign_rpc_v1("POST", unsigned_params, "sts-secret").signature);
}

TEST_CASE("rpc request: V3 puts the signature in Authorization", "[rpc][v3]")
{
    const Endpoint local{"http", "127.0.0.1", 8080};
    const Credentials sts{"STS.id", "sts-secret", "the-token"};
    const HttpRequest r =
        detail::build_v3_signed_request(call, RequestMethod::post, local, sts, "nonce-1", new_year, "ua/1");
    CHECK(r.target == "/");
    CHECK(r.body.starts_with("ExecutionName=exec-1&FlowName=my_flow&Input="));
    CHECK(r.body.find("Signature") == std::string::npos);
    CHECK(find_header(r.headers, "x-acs-action") == "StartSyncExecution");
    CHECK(find_header(r.headers, "x-acs-version") == "2019-03-15");
    CHECK(find_header(r.headers, "x-acs-date") == "2024-01-01T00:00:00Z");
    CHECK(find_header(r.headers, "x-acs-security-token") == "the-token");
    CHECK(find_header(r.headers, "x-acs-content-sha256") == sha256_hex(r.body));
    CHECK_FALSE(find_header(r.headers, "host"));  // the transport sends Host

    // The signature covers Host as the transport will send it.
    Headers signed_headers{{"host", "127.0.0.1:8080"}};
    for (const auto& [name, value] : r.headers)
        if (name.starts_with("x-acs-") || name == "content-type") signed_headers.emplace_back(name, value);
    const auto expected = sign_acs3("POST", "/", {}, signed_headers, sha256_hex(r.body), "STS.id", "sts-secret");
    CHECK(find_header(r.headers, "Authorization") == expected.authorization);
    CHECK(expected.signed_headers == "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;"
                                     "x-acs-security-token;x-acs-signature-nonce;x-acs-version");

    const HttpRequest get =
        detail::build_v3_signed_request(call, RequestMethod::get, local, sts, "nonce-1", new_year, "ua/1");
    CHECK(get.target.starts_with("/?ExecutionName=exec-1&FlowName=my_flow&Input="));
    CHECK(get.body.empty());
    CHECK_FALSE(find_header(get.headers, "content-type"));
}

TEST_CASE("rpc request: a POST's query fields go in the query, signed with the rest", "[rpc]")
{
    const detail::ParameterList params{Parameters{{"TaskToken", "t/1"}, {"Output", "{}"}}};
    const std::string_view in_query[] = {"TaskToken"};
    const detail::RpcCall report{"ReportTaskSucceeded", detail::api_version, &params, in_query};

    const HttpRequest v1 = detail::build_signed_request(report, RequestMethod::post, endpoint, credentials,
                                                        "fixed-nonce-1", new_year, "ua/1");
    CHECK(v1.target == "/?TaskToken=t%2F1");
    CHECK(v1.body.find("TaskToken") == std::string::npos);
    CHECK(v1.body.find("Output=%7B%7D") != std::string::npos);
    CHECK(v1.body.find("Signature=") != std::string::npos);
    // The signature covers every parameter wherever it goes: the same one as with all in the body.
    const detail::RpcCall all_in_body{"ReportTaskSucceeded", detail::api_version, &params};
    const HttpRequest plain = detail::build_signed_request(all_in_body, RequestMethod::post, endpoint, credentials,
                                                           "fixed-nonce-1", new_year, "ua/1");
    const auto signature = [](const std::string& body) { return body.substr(body.find("Signature=")).substr(0, 40); };
    CHECK(signature(v1.body) == signature(plain.body));

    const HttpRequest v3 = detail::build_v3_signed_request(report, RequestMethod::post, endpoint, credentials,
                                                           "fixed-nonce-1", new_year, "ua/1");
    CHECK(v3.target == "/?TaskToken=t%2F1");
    CHECK(v3.body == "Output=%7B%7D");
}
