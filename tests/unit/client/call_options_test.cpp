// CallOptions' per-call credentials and headers: the call signs with its own provider, every
// attempt carries its headers, observers see them, and a header the SDK sets is refused.
#include <cloudflow/client.hpp>

#include "support/capture.hpp"
#include "support/catch_result.hpp"
#include "support/mock_fixture.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using testing::MockReply;

namespace {

// The headers of each attempt, as observers see them before it is sent.
class HeaderRecorder final : public CallObserver {
public:
    void on_attempt_start(AttemptStart& s) noexcept override { seen.push_back(s.request.headers); }
    std::vector<Headers> seen;
};

}  // namespace

TEST_CASE("call options: a call's own credentials sign it; the next call is the client's again",
          "[client][call-options]")
{
    test::MockFixture f;
    f.transport->push(MockReply::execution("flow", "Succeeded")).push(MockReply::execution("flow", "Succeeded"));
    auto client = f.client();
    CallOptions other{.credentials = make_static_credentials("LTAI-other-account", "other-secret", "other-token")};
    REQUIRE(f.run(client.start_sync_execution({.flow_name = "flow"}, other)));
    REQUIRE(f.run(client.start_sync_execution({.flow_name = "flow"})));
    const auto requests = f.transport->requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].params.at("AccessKeyId") == "LTAI-other-account");
    CHECK(requests[0].params.at("SecurityToken") == "other-token");
    CHECK(requests[1].params.at("AccessKeyId") == "test-id");
    CHECK_FALSE(requests[1].params.contains("SecurityToken"));

    // A provider that yields nothing ends the call as the client's would.
    CallOptions none{.credentials = std::make_shared<EnvironmentCredentialsProvider>()};
    test::ScopedEnvironment unset("ALIBABA_CLOUD_ACCESS_KEY_ID", "");
    const auto failed = f.run(client.start_sync_execution({.flow_name = "flow"}, none));
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code == errc::credentials_unavailable);
    CHECK(f.transport->request_count() == 2);
}

TEST_CASE("call options: every attempt carries the call's headers, which observers see", "[client][call-options]")
{
    test::MockFixture f;
    auto recorder = std::make_shared<HeaderRecorder>();
    auto config = f.config();
    config.observers = {recorder};
    auto client = f.client(config);
    f.transport->push(MockReply::service_error(500, "InternalServerError", "busy"))
        .push(MockReply::execution("flow", "Succeeded"));
    const CallOptions options{.headers = {{"X-Trace-Id", "trace-7"}, {"X-Tenant", "blue\tgreen"}}};
    REQUIRE(f.run(client.start_sync_execution({.flow_name = "flow"}, options)));
    const auto requests = f.transport->requests();
    REQUIRE(requests.size() == 2);
    for (const auto& r : requests) {
        CHECK(find_header(r.http.headers, "X-Trace-Id") == "trace-7");
        CHECK(find_header(r.http.headers, "X-Tenant") == "blue\tgreen");
    }
    REQUIRE(recorder->seen.size() == 2);
    CHECK(find_header(recorder->seen[1], "X-Trace-Id") == "trace-7");

    // V3 signs its own headers only: the added ones do not break it.
    config.signature_version = SignatureVersion::v3;
    auto v3 = f.client(config);
    f.transport->push(MockReply::execution("flow", "Succeeded"));
    REQUIRE(f.run(v3.start_sync_execution({.flow_name = "flow"}, options)));
    CHECK(find_header(f.transport->requests().back().http.headers, "X-Trace-Id") == "trace-7");
}

TEST_CASE("call options: a header the SDK or the signature sets, or a malformed one, is refused before sending",
          "[client][call-options]")
{
    test::MockFixture f;
    auto client = f.client();
    const auto refused = [&](std::string name, std::string value) {
        const CallOptions options{.headers = {{std::move(name), std::move(value)}}};
        const auto r = f.run(client.start_sync_execution({.flow_name = "flow"}, options));
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::invalid_request);
        CHECK(r.error().field == "headers");
        CHECK(r.error().attempts == 0);
        return r.error().message;
    };
    CHECK(refused("Authorization", "x") == "headers: 'Authorization' is set by the SDK or the signature");
    CHECK(refused("x-acs-date", "x") == "headers: 'x-acs-date' is set by the SDK or the signature");
    CHECK(refused("HOST", "evil") == "headers: 'HOST' is set by the SDK or the signature");
    CHECK(refused("Bad Name", "x") == "headers: the name 'Bad Name' is not an HTTP token");
    CHECK(refused("", "x") == "headers: the name '' is not an HTTP token");
    CHECK(refused("X-Split", "a\r\nInjected: yes") == "headers: the value of 'X-Split' has a control character");
    CHECK(f.transport->request_count() == 0);
}
