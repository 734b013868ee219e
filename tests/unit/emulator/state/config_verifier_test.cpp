// cloudflow-local's configuration and its signature verifier.
#include "rpc/verifier.hpp"
#include "state/config.hpp"

#include <cloudflow/rpc/signer_v1.hpp>
#include <cloudflow/rpc/signer_v3.hpp>

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace cloudflow::local;
using namespace std::chrono;

namespace {

std::string config_error(const std::string& text)
{
    std::string error;
    CHECK_FALSE(parse_config(boost::json::parse(text), error));
    return error;
}

const auto now = sys_days{2024y / 1 / 1} + 12h;

Parameters signed_params(std::string nonce, std::string timestamp = "2024-01-01T12:00:00Z",
                         std::string secret = "s3cret")
{
    Parameters p{{"Action", "StartSyncExecution"},
                 {"Version", "2019-03-15"},
                 {"FlowName", "f"},
                 {"AccessKeyId", "id"},
                 {"SignatureMethod", "HMAC-SHA1"},
                 {"SignatureVersion", "1.0"},
                 {"SignatureNonce", nonce},
                 {"Timestamp", timestamp},
                 {"Format", "JSON"}};
    p["Signature"] = sign_rpc_v1("POST", p, secret).signature;
    return p;
}

std::string refusal_code(const std::variant<const AccessKey*, Refusal>& v)
{
    return std::holds_alternative<Refusal>(v) ? std::get<Refusal>(v).code : std::string("accepted");
}

}  // namespace

TEST_CASE("emulator config: the demo configuration parses", "[emulator][config]")
{
    const auto demo = demo_config();
    CHECK(demo.keys.size() == 1);
    CHECK(demo.find_flow("demo_flow"));
    CHECK(demo.find_flow("busy_flow")->faults->sequence == std::vector<int>{429, 429, 0});
    CHECK_FALSE(demo.find_flow("standard_flow")->express);
}

TEST_CASE("emulator config: mistakes name the field", "[emulator][config]")
{
    CHECK(config_error("[]") == "the config is not a JSON object");
    CHECK(config_error(R"({"flows": []})") == "access_keys must be a non-empty array");
    CHECK(config_error(R"({"access_keys": [{"id": "a"}], "flows": []})") == "each access key needs an id and a secret");
    CHECK(config_error(R"({"access_keys": [{"id": "a", "secret": "b", "flows": "f"}], "flows": []})") ==
          "access key a: flows must be an array of flow names");
    CHECK(config_error(R"({"access_keys": [{"id": "a", "secret": "b"}], "flows": [{"name": "f"}]})") ==
          "flow f has no definition");
    CHECK(config_error(
              R"({"access_keys": [{"id": "a", "secret": "b"}], "flows": [], "faults": {"throttle_share": 2}})") ==
          "faults.throttle_share must be a number from 0 to 1");
    // The share's old name: refused with its new one, never read as calls a second.
    CHECK(config_error(
              R"({"access_keys": [{"id": "a", "secret": "b"}], "flows": [], "faults": {"throttle_rate": 0.1}})") ==
          "faults.throttle_rate is now throttle_share (a share of requests, 0 to 1); a limit of calls a second is "
          "cloudflow-local's --throttle-rate");
    CHECK(
        config_error(R"({"access_keys": [{"id": "a", "secret": "b"}], "flows": [], "faults": {"sequence": [404]}})") ==
        "faults.sequence entries must be 0, 200, 429, 500, 503 or \"drop\"");
    CHECK(config_error(R"({"access_keys": [{"id": "a", "secret": "b"}], "flows": [
            {"name": "f", "mode": "turbo", "definition": {"Type": "StateMachine", "SpecVersion": "v1",
             "StartAt": "A", "States": [{"Type": "Succeed", "Name": "A"}]}}]})") ==
          "flow f: mode must be express or standard");
    CHECK(config_error(R"({"access_keys": [{"id": "a", "secret": "b"}], "flows": [
            {"name": "f", "definition": ["Type", "StateMachine"]}]})") ==
          "flow f: definition must be a map or its YAML or JSON text");
}

TEST_CASE("emulator config: a field it does not know is refused, not ignored", "[emulator][config]")
{
    CHECK(config_error(R"({"access_keys": [{"id": "a", "secret": "b"}], "flows": [], "time_scal": 0.001})") ==
          "unknown field time_scal (the config has access_keys, flows, functions, faults, seed, "
          "timestamp_window_seconds, max_request_bytes, region, time_scale)");
    CHECK(config_error(R"({"access_keys": [{"id": "a", "secret": "b", "flow": ["f"]}], "flows": []})") ==
          "an access key: unknown field flow (it has id, secret, flows)");
    CHECK(config_error(R"({"access_keys": [{"id": "a", "secret": "b"}], "flows": [
            {"name": "f", "timeout": 3, "definition": {"Type": "StateMachine", "SpecVersion": "v1",
             "StartAt": "A", "States": [{"Type": "Succeed", "Name": "A"}]}}]})") ==
          "flow f: unknown field timeout (it has name, mode, definition, timeout_seconds, faults)");
    CHECK(config_error(R"({"access_keys": [{"id": "a", "secret": "b"}], "flows": [], "faults": {"latency": 5}})") ==
          "faults: unknown field latency (it has sequence, throttle_share, error_rate, drop_rate, latency_ms)");
}

TEST_CASE("emulator config: time_scale is a number above 0 and at most 1", "[emulator][config]")
{
    const std::string keys = R"("access_keys": [{"id": "a", "secret": "b"}], "flows": [])";
    for (const char* bad : {"0", "-1", "1.5", "\"0.5\"", "null"})
        CHECK(config_error("{" + keys + ", \"time_scale\": " + bad + "}") ==
              "time_scale must be a number above 0 and at most 1, such as 0.001");
    std::string error;
    const auto config = parse_config(boost::json::parse("{" + keys + R"(, "time_scale": 0.001})"), error);
    REQUIRE(config);
    CHECK(config->time_scale == 0.001);
}

TEST_CASE("emulator config: a flow whose definition is invalid is refused with the flow's name and the problem",
          "[emulator][config]")
{
    // The emulator's old dialect.
    CHECK(config_error(R"({"access_keys": [{"id": "a", "secret": "b"}], "flows": [
            {"name": "old", "definition": {"StartAt": "A", "States": [{"Name": "A", "Type": "Pass",
                                           "Result": {"v": 1}}]}}]})") ==
          "flow old: the definition is invalid: Type: is required: a Spec v1 definition starts with Type: StateMachine "
          "and SpecVersion: v1 (the legacy FDL starts with type: flow and has steps)");
    // Spec v1 text (YAML) that breaks a rule of the flow's mode.
    CHECK(config_error(R"({"access_keys": [{"id": "a", "secret": "b"}], "flows": [
            {"name": "ok", "definition": "Type: StateMachine\nSpecVersion: v1\nStartAt: A\nStates:\n  - {Type: Succeed, Name: A}\n"},
            {"name": "long", "definition": "Type: StateMachine\nSpecVersion: v1\nStartAt: Nap\nStates:\n  - {Type: Wait, Name: Nap, Seconds: 60, End: true}\n"}]})") ==
          "flow long: the definition is invalid: States[0] (Nap).Seconds: must be 1-20 in an Express flow (got 60)");
    CHECK(config_error(R"({"access_keys": [{"id": "a", "secret": "b"}], "flows": [
            {"name": "text", "definition": "{not json"}]})")
              .starts_with("flow text: the definition is invalid: line 1"));
}

TEST_CASE("emulator config: a definition is a map, kept as JSON text, or YAML or JSON text, kept as given; the "
          "legacy FDL is kept, not run",
          "[emulator][config]")
{
    const std::string yaml = "Type: StateMachine\nSpecVersion: v1\nStartAt: A\nStates:\n  - {Type: Succeed, Name: A}\n";
    boost::json::object root{{"access_keys", boost::json::parse(R"([{"id": "a", "secret": "b"}])")}};
    root["flows"] = boost::json::array{
        boost::json::object{{"name", "map"},
                            {"definition", boost::json::parse(R"({"Type": "StateMachine", "SpecVersion": "v1",
                                "StartAt": "A", "States": [{"Type": "Succeed", "Name": "A"}]})")}},
        boost::json::object{{"name", "text"}, {"mode", "standard"}, {"definition", yaml}},
        boost::json::object{{"name", "legacy"}, {"definition", "version: v1\ntype: flow\nsteps: []\n"}}};
    std::string error;
    const auto config = parse_config(root, error);
    INFO(error);
    REQUIRE(config);
    const FlowConfig* map = config->find_flow("map");
    CHECK(map->definition_text ==
          R"({"Type":"StateMachine","SpecVersion":"v1","StartAt":"A","States":[{"Type":"Succeed","Name":"A"}]})");
    CHECK(map->definition);
    CHECK(map->express);
    CHECK(map->timeout == std::chrono::minutes(5));
    const FlowConfig* text = config->find_flow("text");
    CHECK(text->definition_text == yaml);
    CHECK(text->definition);
    CHECK_FALSE(text->express);
    CHECK(text->timeout == std::chrono::hours(24 * 365));  // a standard flow's year
    const FlowConfig* legacy = config->find_flow("legacy");
    CHECK_FALSE(legacy->definition);
    CHECK(legacy->not_runnable.find("legacy FDL") != std::string::npos);
}

TEST_CASE("emulator verifier: signatures, keys, time and nonces", "[emulator][verifier]")
{
    EmulatorConfig config;
    config.keys = {{"id", "s3cret", {}}};
    SignatureVerifier verifier(config);

    CHECK(refusal_code(verifier.verify("POST", signed_params("n1"), now)) == "accepted");
    CHECK(refusal_code(verifier.verify("GET", signed_params("n2"), now)) == "SignatureNotMatch");  // other method
    CHECK(refusal_code(verifier.verify("POST", signed_params("n3", "2024-01-01T12:00:00Z", "wrong"), now)) ==
          "SignatureNotMatch");
    CHECK(refusal_code(verifier.verify("POST", signed_params("n4", "2024-01-01T11:40:00Z"), now)) ==
          "RequestTimeTooSkewed");
    CHECK(refusal_code(verifier.verify("POST", signed_params("n5", "2024-01-01T12:14:00Z"), now)) == "accepted");
    CHECK(refusal_code(verifier.verify("POST", signed_params("n6", "yesterday"), now)) == "InvalidArgument");

    auto unknown = signed_params("n7");
    unknown["AccessKeyId"] = "other";
    CHECK(refusal_code(verifier.verify("POST", unknown, now)) == "InvalidAccessKeyID");

    auto unsigned_params = signed_params("n8");
    unsigned_params.erase("Signature");
    CHECK(refusal_code(verifier.verify("POST", unsigned_params, now)) == "MissingRequiredParams");

    // A nonce is refused again within the window, and accepted once the window has passed.
    CHECK(refusal_code(verifier.verify("POST", signed_params("n1"), now)) == "SignatureNonceUsed");
    CHECK(refusal_code(verifier.verify("POST", signed_params("n1", "2024-01-01T12:20:00Z"), now + 20min)) ==
          "accepted");
}

TEST_CASE("emulator verifier: V3 signatures", "[emulator][verifier][v3]")
{
    EmulatorConfig config;
    config.keys = {{"testid", "testsecret", {}}};
    SignatureVerifier verifier(config);
    // Vector E of ../shared/reference/signing.md, as it arrives.
    const std::string body = "FlowName=my_flow&Input=%7B%22k%22%3A%22v%20w%22%7D";
    const auto request = [&](std::string nonce, std::string signature) {
        return Headers{{"Host", "cn-hangzhou.fnf.aliyuncs.com"},
                       {"Content-Type", "application/x-www-form-urlencoded"},
                       {"x-acs-action", "StartSyncExecution"},
                       {"x-acs-version", "2019-03-15"},
                       {"x-acs-date", "2024-01-01T00:00:00Z"},
                       {"x-acs-signature-nonce", nonce},
                       {"x-acs-content-sha256", sha256_hex(body)},
                       {"Authorization", "ACS3-HMAC-SHA256 Credential=testid,SignedHeaders=content-type;host;"
                                         "x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;"
                                         "x-acs-version,Signature=" +
                                             signature}};
    };
    const std::string good = "09afb194562f0c0ad7f7b5ea5b1b2104f3a784092fa58c951617ecfb4d614c1c";
    const auto at = sys_days{2024y / 1 / 1} + 5min;
    CHECK(refusal_code(verifier.verify_v3("POST", "/", request("fixed-nonce-1", good), body, at)) == "accepted");
    CHECK(refusal_code(verifier.verify_v3("POST", "/", request("fixed-nonce-1", good), body, at)) ==
          "SignatureNonceUsed");
    CHECK(refusal_code(verifier.verify_v3("POST", "/", request("other-nonce", good), body, at)) ==
          "SignatureNotMatch");  // the nonce is signed
    CHECK(refusal_code(verifier.verify_v3("POST", "/", request("fixed-nonce-1", good), body + "x", at)) ==
          "SignatureNotMatch");  // so is the body
    CHECK(refusal_code(verifier.verify_v3("POST", "/", request("fixed-nonce-1", good), body, at + 1h)) ==
          "RequestTimeTooSkewed");
    auto broken = request("n", good);
    broken.back().second = "ACS3-HMAC-SHA256 Signature=abc";
    CHECK(refusal_code(verifier.verify_v3("POST", "/", broken, body, at)) == "InvalidArgument");
}
