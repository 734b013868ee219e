// The signed HTTP request. Vector C of ../shared/reference/signing.md, as the official Node.js SDK
// sends it, must come out byte for byte.
#include "detail/rpc_request.hpp"

#include "support/catch_result.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace std::chrono;

namespace {

const Parameters vector_c{
    {"FlowName", "my_flow"}, {"ExecutionName", "exec-1"}, {"Input", "{\"msg\":\"\xE4\xBD\xA0\xE5\xA5\xBD +a/b\"}"}};
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

TEST_CASE("rpc request: an STS token is sent and signed; the secret is not sent", "[rpc]")
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
