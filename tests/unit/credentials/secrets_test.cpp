// Secrets never appear in what the SDK prints or returns: errors (every path, and their printed
// forms), observer events, LoggingObserver's lines and the wire debug's (CLOUDFLOW_DEBUG=wire),
// and the printed forms of settings and credentials (issue 7). The
// signed request itself is the one place they travel (the token as a parameter), and the SDK
// never prints it.
#include <cloudflow/client.hpp>
#include <cloudflow/credentials/ram_role_arn.hpp>
#include <cloudflow/logging_observer.hpp>
#include <cloudflow/rpc/parameters.hpp>
#include <cloudflow/testing/manual_clock.hpp>
#include <cloudflow/testing/mock_transport.hpp>

#include "support/capture.hpp"
#include "support/fake_http_server.hpp"
#include "support/run.hpp"

#include <boost/asio/io_context.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <sstream>

using namespace cloudflow;
using namespace std::chrono_literals;
using testing::ManualClock;
using testing::MockReply;
using testing::MockTransport;

namespace {

constexpr const char* secret = "SECRET-d41d8cd98f00b204";
constexpr const char* token = "STS-TOKEN-9e107d9d372bb682";

// Everything the observers were told, as text.
class Recorder final : public CallObserver {
public:
    void on_attempt_start(AttemptStart& s) noexcept override
    {
        seen << s.action << ' ' << s.attempt << ' ' << s.request.method << ' ' << s.request.host << '\n';
    }
    void on_attempt_end(const AttemptEnd& e) noexcept override
    {
        seen << e.action << ' ' << e.attempt << ' ' << e.http_status << ' ' << e.service_code << ' ' << e.request_id
             << ' ' << e.error.message() << ' ' << e.error.what() << ' ' << e.method << ' ' << e.url << '\n';
    }
    void on_call_end(const CallEnd& end) noexcept override
    {
        seen << end.action << ' ' << end.request_id << ' ' << end.attempts << ' ';
        if (end.error)
            seen << *end.error << ' ' << end.error->to_string() << ' ' << end.error->message << ' '
                 << end.error->cause.message();
        seen << '\n';
    }
    std::ostringstream seen;
};

void check_clean(const std::string& text)
{
    INFO(text);
    CHECK(text.find(secret) == std::string::npos);
    CHECK(text.find(token) == std::string::npos);
}

}  // namespace

TEST_CASE("secrets: no error, observer event or printed setting shows the secret or the token", "[unit][secrets]")
{
    boost::asio::io_context ioc;
    auto clock = std::make_shared<ManualClock>();
    auto transport = std::make_shared<MockTransport>(clock);
    auto recorder = std::make_shared<Recorder>();

    ClientConfig config;
    config.region_id = "cn-hangzhou";
    config.credentials = make_static_credentials("LTAI-id", secret, token);
    config.clock = clock;
    config.observers.push_back(recorder);
    config.http.proxy = std::string("http://user:") + secret + "@127.0.0.1:3128";
    config.http.ca_pem = token;  // not a real PEM: only its size may be printed

    std::ostringstream printed;
    // POST, and GET, whose URL carries the Signature and the SecurityToken in its query (V1): the
    // URL observers are given is redacted.
    for (const auto method : {RequestMethod::post, RequestMethod::get}) {
        // Every kind of outcome: success, service errors (one quoting the request), transport
        // failures, a malformed answer, a retry storm.
        transport->push(MockReply::execution("flow", "Succeeded"))
            .push(MockReply::service_error(403, "SignatureNotMatch", "The signature does not match."))
            .push(MockReply::service_error(400, "InvalidArgument", "bad"))
            .push(MockReply::failure(errc::network_failure, "the connection broke"))
            .push(MockReply::failure(errc::tls_failed, "certificate verification failed"))
            .push(MockReply::respond(200, "not json"))
            .push(MockReply::respond(500, "<html>oops</html>"))
            .push(MockReply::service_error(429, "ResourceThrottled", "slow down"))
            .push(MockReply::service_error(500, "InternalServerError", "oops"));
        config.method = method;
        Client client(ioc.get_executor(), config, transport);
        StartSyncExecutionRequest request;
        request.flow_name = "flow";
        for (int i = 0; i < 7; ++i) {
            const auto r = test::run(ioc, client.start_sync_execution(request, {.max_attempts = 3}));
            if (r)
                printed << *r << '\n';
            else
                printed << r.error() << ' ' << r.error().to_string() << ' ' << r.error().message << '\n';
        }
        // A request the client refuses before sending.
        request.flow_name = "bad name";
        const auto refused = test::run(ioc, client.start_sync_execution(request));
        REQUIRE_FALSE(refused);
        CHECK(refused.error().field == "FlowName");
        CHECK(transport->remaining() == 0);  // every kind of outcome happened
    }
    // Credentials that cannot be had.
    config.credentials = make_static_credentials("", secret, token);
    {
        Client client(ioc.get_executor(), config, transport);
        StartSyncExecutionRequest request;
        request.flow_name = "flow";
        const auto r = test::run(ioc, client.start_sync_execution(request));
        REQUIRE_FALSE(r);
        printed << r.error() << ' ' << r.error().to_string() << '\n';
    }

    printed << config << '\n' << config.http << '\n' << Credentials{"LTAI-id", secret, token} << '\n';
    check_clean(printed.str());
    check_clean(recorder->seen.str());
    // The events' URLs were there to check: a GET's, with its secrets redacted.
    CHECK(recorder->seen.str().find("GET https://cn-hangzhou.fnf.aliyuncs.com/?") != std::string::npos);
    CHECK(recorder->seen.str().find("SecurityToken=redacted") != std::string::npos);
    CHECK(recorder->seen.str().find("Signature=redacted") != std::string::npos);
    CHECK(printed.str().find("user:redacted@127.0.0.1") != std::string::npos);

    // Exceptions thrown for an unusable configuration.
    config.http.proxy = std::string("ftp://user:") + secret + "@127.0.0.1:21";
    try {
        Client client(ioc.get_executor(), config);
        FAIL("an unusable proxy was accepted");
    } catch (const Exception& e) {
        check_clean(e.what());
        check_clean(e.error().to_string());
    }
}

namespace {

// Every signature the transport received: V1's Signature parameter (as sent, percent-encoded, and
// decoded), V3's from the Authorization header.
std::vector<std::string> signatures_sent(const MockTransport& transport)
{
    std::vector<std::string> out;
    for (const auto& r : transport.requests()) {
        if (const auto it = r.params.find("Signature"); it != r.params.end()) {
            out.push_back(it->second);
            out.push_back(percent_encode(it->second));
        }
        if (const auto authorization = find_header(r.http.headers, "Authorization")) {
            const auto at = authorization->find("Signature=");
            if (at != std::string_view::npos) out.emplace_back(authorization->substr(at + 10));
        }
    }
    return out;
}

}  // namespace

TEST_CASE("secrets: LoggingObserver and the wire debug write neither the secret nor the token nor the signature",
          "[unit][secrets][logging]")
{
    const test::ScopedEnvironment debug("CLOUDFLOW_DEBUG", "wire");
    const test::CaptureClog wire;
    std::string logged;  // the sink is called one line at a time
    const auto sink = [&logged](LogLevel level, std::string_view line) {
        logged += to_string(level);
        logged += ' ';
        logged += line;
        logged += '\n';
    };

    std::vector<std::string> signatures;
    for (const auto version : {SignatureVersion::v1, SignatureVersion::v3}) {
        for (const auto method : {RequestMethod::get, RequestMethod::post}) {
            boost::asio::io_context ioc;
            auto clock = std::make_shared<ManualClock>();
            auto transport = std::make_shared<MockTransport>(clock);
            ClientConfig config;
            config.region_id = "cn-hangzhou";
            config.credentials = make_static_credentials("LTAI-id", secret, token);
            config.clock = clock;
            config.signature_version = version;
            config.method = method;
            config.observers.push_back(std::make_shared<LoggingObserver>(sink, LogLevel::debug));
            transport->push(MockReply::execution("flow", "Succeeded"))
                .push(MockReply::service_error(403, "SignatureNotMatch", "The signature does not match."))
                .push(MockReply::failure(errc::network_failure, "the connection broke"))
                .push(MockReply::respond(200, "not json"))
                .push(MockReply::service_error(429, "ResourceThrottled", "slow down"))
                .push(MockReply::service_error(500, "InternalServerError", "oops"))
                .push(MockReply::execution("flow", "Succeeded"));
            Client client(ioc.get_executor(), config, transport);
            StartSyncExecutionRequest request;
            request.flow_name = "flow";
            for (int i = 0; i < 5; ++i) (void)test::run(ioc, client.start_sync_execution(request, {.max_attempts = 3}));
            request.flow_name = "bad name";
            (void)test::run(ioc, client.start_sync_execution(request));
            for (auto& s : signatures_sent(*transport)) signatures.push_back(std::move(s));
        }
    }
    REQUIRE(signatures.size() >= 14);

    std::string written = wire.text();
    for (const std::string* text : {&logged, &written}) {
        check_clean(*text);
        for (const auto& signature : signatures) {
            INFO(signature);
            CHECK(text->find(signature) == std::string::npos);
        }
        // The lines were there to check: GET's query with its secrets redacted.
        CHECK(text->find("GET https://cn-hangzhou.fnf.aliyuncs.com/?") != std::string::npos);
        CHECK(text->find("Signature=redacted") != std::string::npos);
        CHECK(text->find("SecurityToken=redacted") != std::string::npos);
        CHECK(text->find("StartSyncExecution failed") != std::string::npos);
    }
    // The wire debug writes the same lines as the observer at debug level, through std::clog.
    CHECK(written.find("[cloudflow] debug StartSyncExecution attempt 1: POST https://cn-hangzhou.fnf.aliyuncs.com/ "
                       "-> HTTP 200") != std::string::npos);
}

TEST_CASE("secrets: a RAM role's errors show neither the source's secret and token nor STS's", "[unit][secrets]")
{
    // STS echoes what it got, secrets included, in each refusal, and once answers with keys that
    // carry the secret but no valid Expiration.
    std::atomic<int> calls{0};
    test::FakeHttpServer sts([&](const test::ReceivedRequest& r) -> HttpResponse {
        if (++calls == 1)
            return {200,
                    {},
                    std::string(R"({"Credentials":{"AccessKeyId":"STS.x","AccessKeySecret":")") + secret +
                        R"(","SecurityToken":")" + token + R"(","Expiration":"soon"}})"};
        return {403, {}, R"({"Code":"NoPermission","Message":")" + r.body + R"("})"};
    });
    boost::asio::io_context ioc;
    auto provider = std::make_shared<RamRoleArnCredentialsProvider>(
        ioc.get_executor(), RamRoleArnOptions{.source = make_static_credentials("LTAI-id", secret, token),
                                              .role_arn = "acs:ram::1:role/app",
                                              .sts_endpoint = sts.url()});
    std::ostringstream seen;
    for (int i = 0; i < 2; ++i) {
        const auto r = test::run(ioc, provider->get_credentials());
        REQUIRE_FALSE(r);
        seen << r.error() << ' ' << r.error().to_string() << ' ' << r.error().message << '\n';
    }
    CHECK(seen.str().find("NoPermission") != std::string::npos);

    // Through a client: the call's error and the observers' events.
    auto recorder = std::make_shared<Recorder>();
    ClientConfig config;
    config.region_id = "cn-hangzhou";
    config.credentials = provider;
    config.observers = {recorder};
    Client client(ioc.get_executor(), config, std::make_shared<MockTransport>());
    const auto call = test::run(ioc, client.start_sync_execution({.flow_name = "f"}));
    REQUIRE_FALSE(call);
    seen << call.error() << ' ' << call.error().message << '\n' << recorder->seen.str();
    check_clean(seen.str());
}
