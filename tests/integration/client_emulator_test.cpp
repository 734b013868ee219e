// The client against cloudflow-local over real loopback sockets: success, execution failure,
// every error the emulator produces, retries, budget, deadlines and cancellation.
#include "integration/fixture.hpp"
#include "support/catch_result.hpp"
#include "support/run.hpp"

#include "rpc/error_response.hpp"
#include "rpc/rpc_request.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <set>

using namespace cloudflow;
using namespace cloudflow::test;
using namespace std::chrono_literals;

namespace {

struct Setup {
    LocalEmulator emulator{{}, test_config};
    boost::asio::io_context ioc;

    Result<StartSyncExecutionResponse> call(Client& client, StartSyncExecutionRequest request, CallOptions options = {})
    {
        return run(ioc, client.start_sync_execution(std::move(request), options));
    }
};

StartSyncExecutionRequest flow(std::string name, std::string input = {})
{
    StartSyncExecutionRequest r;
    r.flow_name = std::move(name);
    if (!input.empty()) r.input_json = std::move(input);
    return r;
}

// A request the client would never send: parameters as given, signed (or not) with the test key.
Error raw_refusal(Setup& s, Parameters params, std::string content_type = "application/x-www-form-urlencoded",
                  bool sign = true)
{
    params.try_emplace("Format", "JSON");
    params.try_emplace("AccessKeyId", key_id);
    params.try_emplace("SignatureMethod", "HMAC-SHA1");
    params.try_emplace("SignatureVersion", "1.0");
    params.try_emplace("SignatureNonce", "raw-" + std::to_string(std::rand()) + std::to_string(std::rand()));
    params.try_emplace("Timestamp", detail::rpc_timestamp(std::chrono::system_clock::now()));
    if (sign) params["Signature"] = sign_rpc_v1("POST", params, key_secret).signature;
    const auto endpoint = resolve_endpoint("", s.emulator.url()).value();
    HttpRequest request{"POST",
                        endpoint.scheme,
                        endpoint.host,
                        endpoint.port,
                        "/",
                        {{"Content-Type", content_type}},
                        canonical_query(params)};
    HttpsTransport transport(s.ioc.get_executor());
    auto response = run(s.ioc, transport.send(request, std::chrono::steady_clock::now() + 10s));
    REQUIRE(response);
    REQUIRE(response->status != 200);
    return detail::parse_error_response(*response);
}

Parameters operation(std::string flow_name = "echo")
{
    return {{"Action", "StartSyncExecution"}, {"Version", "2019-03-15"}, {"FlowName", std::move(flow_name)}};
}

}  // namespace

TEST_CASE("integration: a successful execution, POST and GET", "[integration]")
{
    Setup s;
    for (const auto method : {RequestMethod::post, RequestMethod::get}) {
        auto config = client_config(s.emulator);
        config.method = method;
        Client client(s.ioc.get_executor(), config);
        auto request = flow("echo", R"({"msg":"你好 +a/b *~ & = %"})");
        request.execution_name = "exec-1";
        const auto r = s.call(client, request);
        REQUIRE(r);
        CHECK(r->status == ExecutionStatus::succeeded);
        CHECK(r->flow_name == "echo");
        CHECK(r->name.starts_with("exec-1:"));
        CHECK(r->output == boost::json::parse(R"({"msg":"你好 +a/b *~ & = %"})"));
        CHECK(r->started_time);
        CHECK(r->stopped_time >= r->started_time);
        CHECK_FALSE(r->request_id.empty());
    }
}

TEST_CASE("integration: a flow's choices, and an execution that fails", "[integration]")
{
    Setup s;
    Client client(s.ioc.get_executor(), client_config(s.emulator));
    auto r = s.call(client, flow("router", R"({"order":{"amount":250}})"));
    REQUIRE(r);
    CHECK(r->output == boost::json::parse(R"({"size":"big"})"));
    r = s.call(client, flow("router", R"({"order":{"amount":5}})"));
    REQUIRE(r);
    CHECK(r->output == boost::json::parse(R"({"size":"small"})"));

    r = s.call(client, flow("router", R"({"refuse":true})"));
    REQUIRE(r);  // the call succeeded; the execution failed
    CHECK(r->status == ExecutionStatus::failed);
    CHECK(r->error_code == "Refused");
    CHECK(r->error_message == "the order was refused");
    CHECK_FALSE(r->output);

    r = s.call(client, flow("limited"));
    REQUIRE(r);
    CHECK(r->status == ExecutionStatus::timed_out);
}

TEST_CASE("integration: every error the emulator produces reaches the client typed", "[integration]")
{
    Setup s;
    Client client(s.ioc.get_executor(), client_config(s.emulator));
    const auto refused = [&](const Result<StartSyncExecutionResponse>& r, errc code, int status) {
        REQUIRE_FALSE(r);
        CHECK(r.error().code == code);
        CHECK(r.error().http_status == status);
        CHECK_FALSE(r.error().request_id.empty());
        CHECK_FALSE(r.error().message.empty());
    };

    refused(s.call(client, flow("no_such_flow")), errc::flow_not_exists, 404);
    refused(s.call(client, flow("standard")), errc::action_not_supported, 400);

    Client unknown_key(s.ioc.get_executor(), client_config(s.emulator, "LTAI-unknown", "x"));
    refused(s.call(unknown_key, flow("echo")), errc::invalid_access_key_id, 403);

    Client wrong_secret(s.ioc.get_executor(), client_config(s.emulator, key_id, "wrong-secret"));
    refused(s.call(wrong_secret, flow("echo")), errc::signature_not_match, 403);

    Client restricted(s.ioc.get_executor(), client_config(s.emulator, restricted_id, restricted_secret));
    REQUIRE(s.call(restricted, flow("echo")));
    refused(s.call(restricted, flow("router")), errc::access_denied, 403);

    SECTION("a clock far from the service's")
    {
        struct SkewedClock final : Clock {
            std::shared_ptr<Clock> real = make_system_clock();
            std::chrono::system_clock::time_point system_now() const override { return real->system_now() - 1h; }
            std::chrono::steady_clock::time_point now() const override { return real->now(); }
            boost::asio::awaitable<boost::system::error_code> sleep_for(std::chrono::steady_clock::duration d) override
            {
                return real->sleep_for(d);
            }
        };
        auto config = client_config(s.emulator);
        config.clock = std::make_shared<SkewedClock>();
        // The first attempt is refused; the client learns the service's time from the Date
        // header, signs again, and succeeds; later calls are right at once.
        std::vector<std::string> codes;
        struct Recorder final : CallObserver {
            std::vector<std::string>& codes;
            explicit Recorder(std::vector<std::string>& c) : codes(c) {}
            void on_attempt_end(const AttemptEnd& e) noexcept override { codes.emplace_back(e.service_code); }
        };
        config.observers.push_back(std::make_shared<Recorder>(codes));
        Client skewed(s.ioc.get_executor(), config);
        REQUIRE(s.call(skewed, flow("echo")));
        REQUIRE(s.call(skewed, flow("echo")));
        CHECK(codes == std::vector<std::string>{"RequestTimeTooSkewed", "", ""});
    }
    SECTION("a nonce used twice")
    {
        auto config = client_config(s.emulator);
        config.nonce_source = [] { return std::string("the-same-nonce"); };
        Client replaying(s.ioc.get_executor(), config);
        REQUIRE(s.call(replaying, flow("echo")));
        const auto r = s.call(replaying, flow("echo"));
        refused(r, errc::signature_not_match, 400);
        CHECK(r.error().service_code == "SignatureNonceUsed");
    }
    SECTION("throttling and internal errors, when retries are off")
    {
        refused(s.call(client, flow("always_throttled"), {.max_attempts = 1}), errc::resource_throttled, 429);
        refused(s.call(client, flow("always_failing"), {.max_attempts = 1}), errc::internal_server_error, 500);
    }
    SECTION("requests the client would not send")
    {
        auto params = operation();
        params["Action"] = "NoSuchAction";  // not an fnf operation
        auto e = raw_refusal(s, params);
        CHECK(e.code == errc::action_not_supported);
        CHECK(e.http_status == 400);

        params = operation();
        params["Version"] = "2020-01-01";
        e = raw_refusal(s, params);
        CHECK(e.code == errc::api_version_not_supported);

        params = operation();
        params.erase("FlowName");
        e = raw_refusal(s, params);
        CHECK(e.code == errc::missing_required_params);
        CHECK(e.message == "The HTTP query 'FlowName' must be specified.");

        e = raw_refusal(s, operation(), "application/x-www-form-urlencoded", false);
        CHECK(e.code == errc::missing_required_params);

        params = operation();
        params["Input"] = "[1,2,3]";
        e = raw_refusal(s, params);
        CHECK(e.code == errc::invalid_argument);

        params = operation();
        params["FlowName"] = "9-not-a-name";
        e = raw_refusal(s, params);
        CHECK(e.code == errc::invalid_argument);

        e = raw_refusal(s, operation(), "application/json");
        CHECK(e.code == errc::unsupported_media_type);
        CHECK(e.http_status == 415);

        params = operation();
        params["Input"] = R"({"big":")" + std::string(2 * 1024 * 1024, 'x') + R"("})";
        e = raw_refusal(s, params);
        CHECK(e.code == errc::entity_too_large);
    }
}

TEST_CASE("integration: a missing Host header is MissingRequiredHeader", "[integration]")
{
    Setup s;
    // Beast always sends Host, so this one is written by hand on a socket.
    boost::asio::ip::tcp::socket socket(s.ioc);
    socket.connect({boost::asio::ip::make_address("127.0.0.1"), s.emulator.port()});
    const std::string request = "GET /?Action=StartSyncExecution HTTP/1.0\r\n\r\n";
    boost::asio::write(socket, boost::asio::buffer(request));
    std::string answer;
    boost::system::error_code ec;
    char buffer[4096];
    while (!ec) answer.append(buffer, socket.read_some(boost::asio::buffer(buffer), ec));
    CHECK(answer.starts_with("HTTP/1.0 400") | answer.starts_with("HTTP/1.1 400"));
    CHECK(answer.find(R"("Code":"MissingRequiredHeader")") != std::string::npos);
}

TEST_CASE("integration: injected 429 and 500 are retried until success", "[integration][retry]")
{
    Setup s;
    Client client(s.ioc.get_executor(), client_config(s.emulator));
    const auto r = s.call(client, flow("flaky"));
    REQUIRE(r);
    CHECK(r->output == boost::json::parse(R"({"ok":true})"));

    const auto exhausted = s.call(client, flow("always_throttled"));
    REQUIRE_FALSE(exhausted);
    CHECK(exhausted.error().code == errc::retries_exhausted);
    CHECK(exhausted.error().cause == errc::resource_throttled);
    CHECK(exhausted.error().attempts == 3);
}

TEST_CASE("integration: the retry budget stops a storm", "[integration][retry]")
{
    Setup s;
    auto config = client_config(s.emulator);
    config.retry.budget_capacity = 10;
    config.retry.max_attempts = 5;
    Client client(s.ioc.get_executor(), config);
    auto r = s.call(client, flow("always_failing"));
    REQUIRE_FALSE(r);
    CHECK(r.error().attempts == 3);  // two retries of 5 tokens
    CHECK(r.error().message.starts_with("the client's retry budget is exhausted"));
    r = s.call(client, flow("always_failing"));
    REQUIRE_FALSE(r);
    CHECK(r.error().attempts == 1);
}

TEST_CASE("integration: a dropped answer is not retried unless allowed", "[integration][retry]")
{
    Setup s;
    Client client(s.ioc.get_executor(), client_config(s.emulator));
    auto r = s.call(client, flow("dropping"));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::network_failure);
    CHECK(r.error().attempts == 1);
    // The next answer is whole.
    REQUIRE(s.call(client, flow("dropping")));

    LocalEmulator dropping({"--fault-sequence", "drop,drop,0"}, test_config);
    Client retrying(s.ioc.get_executor(), client_config(dropping));
    r = s.call(retrying, flow("echo"), {.retry_sent_requests = true});
    REQUIRE(r);
}

TEST_CASE("integration: a drop fault cuts an error answer too", "[integration][retry]")
{
    Setup s;
    LocalEmulator dropping({"--fault-sequence", "drop,0"}, test_config);
    Client client(s.ioc.get_executor(), client_config(dropping));
    const DescribeExecutionRequest missing{.flow_name = "echo", .execution_name = "nobody"};
    // The action refuses after the fault step (ExecutionNotExists): its answer is cut all the same.
    auto r = run(s.ioc, client.describe_execution(missing, {.max_attempts = 1}));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::network_failure);
    // The sequence's next entry lets the refusal through whole.
    r = run(s.ioc, client.describe_execution(missing, {.max_attempts = 1}));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::execution_not_exists);
}

TEST_CASE("integration: the call's deadline ends a long execution", "[integration][deadline]")
{
    Setup s;
    Client client(s.ioc.get_executor(), client_config(s.emulator));
    const auto started = std::chrono::steady_clock::now();
    const auto r = s.call(client, flow("slow"), {.timeout = 300ms});
    const auto took = std::chrono::steady_clock::now() - started;
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::timeout);
    CHECK(r.error().attempts == 1);
    CHECK(took >= 300ms);
    CHECK(took < 4s);
}

TEST_CASE("integration: cancellation mid-call completes at once", "[integration][cancel]")
{
    Setup s;
    auto transport = std::make_shared<HttpsTransport>(s.ioc.get_executor());
    Client client(s.ioc.get_executor(), client_config(s.emulator), transport);

    boost::asio::cancellation_signal signal;
    std::optional<Result<StartSyncExecutionResponse>> result;
    client.async_call(flow("slow"), {},
                      boost::asio::bind_cancellation_slot(signal.slot(), [&](auto r) { result = r; }));
    boost::asio::steady_timer timer(s.ioc, 100ms);
    timer.async_wait([&](auto) { signal.emit(boost::asio::cancellation_type::total); });
    const auto started = std::chrono::steady_clock::now();
    s.ioc.run();
    REQUIRE(result);
    REQUIRE_FALSE(*result);
    CHECK(result->error().code == errc::cancelled);
    CHECK(std::chrono::steady_clock::now() - started < 3s);
    CHECK(transport->open_connections() == 0);  // the cancelled exchange's connection was closed

    // The client still works.
    s.ioc.restart();
    REQUIRE(s.call(client, flow("echo")));
}

TEST_CASE("integration: the built-in demo configuration", "[integration][emulator]")
{
    LocalEmulator demo;  // no config file
    boost::asio::io_context ioc;
    auto config = client_config(demo, "LTAI-cloudflow-local-demo", "cloudflow-local-demo-secret");
    Client client(ioc.get_executor(), config);
    auto r = run(ioc, client.start_sync_execution(flow("demo_flow", R"({"k":1})")));
    REQUIRE(r);
    CHECK(r->output == boost::json::parse(R"({"k":1})"));
    r = run(ioc, client.start_sync_execution(flow("demo_flow", R"({"action":"fail"})")));
    REQUIRE(r);
    CHECK(r->status == ExecutionStatus::failed);
    CHECK(r->error_code == "DemoError");
    CHECK(r->error_message == "the input asked the flow to fail");
    r = run(ioc, client.start_sync_execution(flow("busy_flow")));
    REQUIRE(r);  // throttled twice, then served: three attempts
    CHECK(r->output == boost::json::parse(R"({"served":true})"));
    // The demo's flows: approval_flow's request is a flow of its own.
    const auto flows = run(ioc, client.list_flows({.limit = 999}));
    REQUIRE(flows);
    std::set<std::string> names;
    for (const auto& f : flows->flows) names.insert(f.name);
    CHECK(names == std::set<std::string>{"demo_flow", "busy_flow", "standard_flow", "approval_flow", "approval_request",
                                         "map_flow"});
    CHECK(demo.stop() == 0);  // SIGTERM stops it cleanly
}

TEST_CASE("integration: added latency delays every answer", "[integration][emulator]")
{
    LocalEmulator slow({"--latency-ms", "300"}, test_config);
    boost::asio::io_context ioc;
    Client client(ioc.get_executor(), client_config(slow));
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(run(ioc, client.start_sync_execution(flow("echo"))));
    CHECK(std::chrono::steady_clock::now() - started >= 300ms);
}

TEST_CASE("integration: V3 (ACS3-HMAC-SHA256) signed calls, POST and GET", "[integration][v3]")
{
    Setup s;
    for (const auto method : {RequestMethod::post, RequestMethod::get}) {
        auto config = client_config(s.emulator);
        config.signature_version = SignatureVersion::v3;
        config.method = method;
        Client client(s.ioc.get_executor(), config);
        const auto r = s.call(client, flow("echo", R"({"msg":"你好 +a/b *~ & = %"})"));
        REQUIRE(r);
        CHECK(r->output == boost::json::parse(R"({"msg":"你好 +a/b *~ & = %"})"));

        auto wrong = client_config(s.emulator, key_id, "wrong-secret");
        wrong.signature_version = SignatureVersion::v3;
        wrong.method = method;
        Client wrong_client(s.ioc.get_executor(), wrong);
        const auto refused = s.call(wrong_client, flow("echo"));
        REQUIRE_FALSE(refused);
        CHECK(refused.error().code == errc::signature_not_match);
    }
}

TEST_CASE("integration: a call's own credentials and headers, V1 and V3, against the emulator's checks",
          "[integration][call-options]")
{
    Setup s;
    for (const auto version : {SignatureVersion::v1, SignatureVersion::v3}) {
        INFO(static_cast<int>(version));
        auto config = client_config(s.emulator, key_id, "not-the-secret");
        config.signature_version = version;
        Client client(s.ioc.get_executor(), config);
        // The client's own key is refused; the call's is the emulator's, and its headers ride along
        // outside the signature.
        CHECK(s.call(client, echo_flow()).error().code == errc::signature_not_match);
        const CallOptions options{.credentials = make_static_credentials(key_id, key_secret),
                                  .headers = {{"X-Trace-Id", "trace-7"}}};
        const auto r = s.call(client, echo_flow(), options);
        INFO((r ? std::string("ok") : r.error().to_string()));
        CHECK(r.has_value());
    }
}
