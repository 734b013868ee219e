// RPC signature V1. Vectors A, B and C are from ../shared/reference/signing.md: A and B are
// Alibaba Cloud's official worked examples, C was reproduced by the official Node.js SDK
// (@alicloud/pop-core 1.8.0). The edge-case vectors were computed independently with Python's
// hmac, base64 and urllib.parse.quote(safe='-_.~').
#include <cloudflow/rpc/signer_v1.hpp>

#include "support/catch_result.hpp"

#include <catch2/catch.hpp>

using cloudflow::Parameters;
using cloudflow::sign_rpc_v1;

TEST_CASE("signer: official example A (DescribeDedicatedHosts, GET)", "[signer]")
{
    const Parameters params{{"AccessKeyId", "testid"},
                            {"Action", "DescribeDedicatedHosts"},
                            {"Format", "JSON"},
                            {"RegionId", "cn-beijing"},
                            {"SignatureMethod", "HMAC-SHA1"},
                            {"SignatureNonce", "edb2b34af0af9a6d14deaf7c1a5315eb"},
                            {"SignatureVersion", "1.0"},
                            {"Timestamp", "2023-03-13T08:34:30Z"},
                            {"Version", "2014-05-26"}};
    CHECK(sign_rpc_v1("GET", params, "testsecret").signature == "9NaGiOspFP5UPcwX8Iwt2YJXXuk=");
}

TEST_CASE("signer: official example B (DescribeRegions, GET) with its string to sign", "[signer]")
{
    const Parameters params{{"AccessKeyId", "testid"},
                            {"Action", "DescribeRegions"},
                            {"Format", "XML"},
                            {"SignatureMethod", "HMAC-SHA1"},
                            {"SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"},
                            {"SignatureVersion", "1.0"},
                            {"Timestamp", "2016-02-23T12:46:24Z"},
                            {"Version", "2014-05-26"}};
    const auto s = sign_rpc_v1("GET", params, "testsecret");
    CHECK(s.string_to_sign ==
          "GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1%"
          "26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0%26Timestamp%3D2016-02-"
          "23T12%253A46%253A24Z%26Version%3D2014-05-26");
    CHECK(s.signature == "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
}

TEST_CASE("signer: StartSyncExecution with UTF-8 input, POST (vector C)", "[signer]")
{
    const Parameters params{{"AccessKeyId", "testid"},
                            {"Action", "StartSyncExecution"},
                            {"ExecutionName", "exec-1"},
                            {"FlowName", "my_flow"},
                            {"Format", "JSON"},
                            {"Input", "{\"msg\":\"\xE4\xBD\xA0\xE5\xA5\xBD +a/b\"}"},
                            {"SignatureMethod", "HMAC-SHA1"},
                            {"SignatureNonce", "fixed-nonce-1"},
                            {"SignatureVersion", "1.0"},
                            {"Timestamp", "2024-01-01T00:00:00Z"},
                            {"Version", "2019-03-15"}};
    const auto s = sign_rpc_v1("POST", params, "testsecret");
    CHECK(s.canonical_query.find("Input=%7B%22msg%22%3A%22%E4%BD%A0%E5%A5%BD%20%2Ba%2Fb%22%7D&") != std::string::npos);
    CHECK(s.signature == "ipDrvIEtzynumBOUuICS36yatug=");
}

namespace {

Parameters edge_case_params()
{
    return {{"AccessKeyId", "testid"},
            {"Action", "StartSyncExecution"},
            {"ExecutionName", "e_1-2"},
            {"FlowName", "my_flow"},
            {"Format", "JSON"},
            {"Input", R"({"a":"x y*z~w/v+u=t&s"})"},
            {"SignatureMethod", "HMAC-SHA1"},
            {"SignatureNonce", "fixed-nonce-1"},
            {"SignatureVersion", "1.0"},
            {"Timestamp", "2024-01-01T00:00:00Z"},
            {"Version", "2019-03-15"}};
}

}  // namespace

TEST_CASE("signer: space, *, ~, /, +, = and & in the input", "[signer]")
{
    const auto s = sign_rpc_v1("POST", edge_case_params(), "testsecret");
    CHECK(s.canonical_query ==
          "AccessKeyId=testid&Action=StartSyncExecution&ExecutionName=e_1-2&FlowName=my_flow&Format=JSON&Input=%"
          "7B%22a%22%3A%22x%20y%2Az~w%2Fv%2Bu%3Dt%26s%22%7D&SignatureMethod=HMAC-SHA1&SignatureNonce=fixed-nonce-1&"
          "SignatureVersion=1.0&Timestamp=2024-01-01T00%3A00%3A00Z&Version=2019-03-15");
    CHECK(s.string_to_sign.starts_with("POST&%2F&AccessKeyId%3Dtestid%26"));
    CHECK(s.signature == "yNkNh4eiCBvrWguVC27QjdqFYiE=");
}

TEST_CASE("signer: the method is part of what is signed", "[signer]")
{
    CHECK(sign_rpc_v1("GET", edge_case_params(), "testsecret").signature == "78VbIPTChlnYq09kK7UXoC1i/Wc=");
}

TEST_CASE("signer: an STS security token is signed like any parameter", "[signer]")
{
    Parameters params = edge_case_params();
    params["ExecutionName"] = "exec-1";
    params["Input"] = "{\"msg\":\"\xE4\xBD\xA0\xE5\xA5\xBD +a/b\"}";
    params["SecurityToken"] = "sts/token+==";
    CHECK(sign_rpc_v1("POST", params, "testsecret").signature == "sWWeScBul39cO7CFXzM1TuEZXzo=");
}

TEST_CASE("signer: the secret never appears in what is returned", "[signer]")
{
    const auto s = sign_rpc_v1("POST", edge_case_params(), "very-secret-value");
    CHECK(s.canonical_query.find("very-secret-value") == std::string::npos);
    CHECK(s.string_to_sign.find("very-secret-value") == std::string::npos);
}

TEST_CASE("signer: verify_rpc_v1 checks a received request's Signature against the others", "[signer]")
{
    // Official example A, as a server receives it: the Signature among the parameters.
    Parameters received{{"AccessKeyId", "testid"},
                        {"Action", "DescribeDedicatedHosts"},
                        {"Format", "JSON"},
                        {"RegionId", "cn-beijing"},
                        {"Signature", "9NaGiOspFP5UPcwX8Iwt2YJXXuk="},
                        {"SignatureMethod", "HMAC-SHA1"},
                        {"SignatureNonce", "edb2b34af0af9a6d14deaf7c1a5315eb"},
                        {"SignatureVersion", "1.0"},
                        {"Timestamp", "2023-03-13T08:34:30Z"},
                        {"Version", "2014-05-26"}};
    CHECK(cloudflow::verify_rpc_v1("GET", received, "testsecret"));
    CHECK_FALSE(cloudflow::verify_rpc_v1("POST", received, "testsecret"));
    CHECK_FALSE(cloudflow::verify_rpc_v1("GET", received, "othersecret"));

    Parameters changed = received;
    changed["RegionId"] = "cn-hangzhou";
    CHECK_FALSE(cloudflow::verify_rpc_v1("GET", changed, "testsecret"));
    Parameters added = received;
    added["Extra"] = "1";  // a parameter the signature did not cover
    CHECK_FALSE(cloudflow::verify_rpc_v1("GET", added, "testsecret"));
    Parameters truncated = received;
    truncated["Signature"] = "9NaGiOspFP5UPcwX8Iwt2YJXXuk";
    CHECK_FALSE(cloudflow::verify_rpc_v1("GET", truncated, "testsecret"));
    Parameters unsigned_request = received;
    unsigned_request.erase("Signature");
    CHECK_FALSE(cloudflow::verify_rpc_v1("GET", unsigned_request, "testsecret"));
}
