// Signature V3 (ACS3-HMAC-SHA256). Vector D is Alibaba Cloud's official worked example and E is
// StartSyncExecution, both from ../shared/reference/signing.md; both were also reproduced
// independently with Python's hashlib and hmac.
#include <cloudflow/rpc/signer_v3.hpp>

#include "support/catch_result.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

using namespace cloudflow;

TEST_CASE("signer v3: SHA-256", "[signer_v3]")
{
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_CASE("signer v3: official example D (RunInstances)", "[signer_v3]")
{
    const Parameters query{{"ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"},
                           {"RegionId", "cn-shanghai"}};
    const std::string empty = sha256_hex("");
    const Headers headers{{"host", "ecs.cn-shanghai.aliyuncs.com"},
                          {"x-acs-action", "RunInstances"},
                          {"x-acs-version", "2014-05-26"},
                          {"x-acs-date", "2023-10-26T10:22:32Z"},
                          {"x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"},
                          {"x-acs-content-sha256", empty}};
    const auto s = sign_acs3("POST", "/", query, headers, empty, "YourAccessKeyId", "YourAccessKeySecret");
    CHECK(s.hashed_canonical_request == "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
    CHECK(s.signature == "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
    CHECK(s.signed_headers == "host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version");
    CHECK(s.authorization ==
          "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;"
          "x-acs-date;x-acs-signature-nonce;x-acs-version,Signature="
          "06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
}

TEST_CASE("signer v3: StartSyncExecution with a form body (vector E)", "[signer_v3]")
{
    const std::string body = "FlowName=my_flow&Input=%7B%22k%22%3A%22v%20w%22%7D";
    const std::string hashed = sha256_hex(body);
    CHECK(hashed == "4da6dc130a27408c79de52304c9335fb80b9412418d1d431db3f1f7821355df0");
    // Names in any case and order, values with stray blanks: the canonical form is the same.
    const Headers headers{{"X-Acs-Version", "2019-03-15"},
                          {"Host", "cn-hangzhou.fnf.aliyuncs.com"},
                          {"Content-Type", " application/x-www-form-urlencoded"},
                          {"x-acs-action", "StartSyncExecution"},
                          {"x-acs-date", "2024-01-01T00:00:00Z "},
                          {"x-acs-signature-nonce", "fixed-nonce-1"},
                          {"x-acs-content-sha256", hashed}};
    const auto s = sign_acs3("POST", "/", {}, headers, hashed, "testid", "testsecret");
    CHECK(s.signed_headers ==
          "content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version");
    CHECK(s.hashed_canonical_request == "707c3e9557a16fda67140ac0d926ad4f0463036dcf48e22ccab332981298c87a");
    CHECK(s.signature == "09afb194562f0c0ad7f7b5ea5b1b2104f3a784092fa58c951617ecfb4d614c1c");
    CHECK(s.authorization.find("testsecret") == std::string::npos);
}

// tests/unit/data/v3_vectors.json was produced by tests/conformance/make_v3_vectors.js with
// Alibaba Cloud's official @alicloud/openapi-util (getAuthorization) on fixed inputs.
TEST_CASE("signer v3: the official Node.js package's signatures", "[signer_v3]")
{
    std::ifstream in(CLOUDFLOW_V3_VECTORS);
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    const auto root = boost::json::parse(text.str());
    const auto& vectors = root.at("vectors").as_array();
    REQUIRE(vectors.size() >= 4);
    for (const auto& v : vectors) {
        INFO(v.at("name").as_string());
        Parameters query;
        for (const auto& [name, value] : v.at("query").as_object())
            query.emplace(std::string(name), std::string(value.as_string()));
        Headers headers;
        for (const auto& [name, value] : v.at("headers").as_object())
            headers.emplace_back(std::string(name), std::string(value.as_string()));
        const std::string body(v.at("body").as_string());
        const auto s =
            sign_acs3(std::string(v.at("method").as_string()), "/", query, headers, sha256_hex(body),
                      std::string(v.at("accessKeyId").as_string()), std::string(v.at("accessKeySecret").as_string()));
        CHECK(s.authorization == v.at("authorization").as_string());
        CHECK(*find_header(headers, "x-acs-content-sha256") == sha256_hex(body));
    }
}
