// The client above the socket: MockTransport answers, ManualClock makes backoff instant and exact.
#include <cloudflow/client.hpp>
#include <cloudflow/rpc/signer_v1.hpp>
#include <cloudflow/testing/manual_clock.hpp>
#include <cloudflow/testing/mock_transport.hpp>

#include "support/run.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>

#include "support/catch_result.hpp"

#include <catch2/catch.hpp>

#include <atomic>
#include <mutex>
#include <set>
#include <sstream>
#include <variant>

using namespace cloudflow;
using namespace std::chrono_literals;
using testing::ManualClock;
using testing::MockReply;
using testing::MockTransport;

namespace {

constexpr const char* secret = "SECRET-never-shown";

struct Fixture {
    boost::asio::io_context ioc;
    std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
    std::shared_ptr<MockTransport> transport = std::make_shared<MockTransport>(clock);
    int nonces = 0;

    ClientConfig config()
    {
        ClientConfig c;
        c.region_id = "cn-hangzhou";
        c.credentials = make_static_credentials("test-id", secret);
        c.clock = clock;
        c.nonce_source = [this] { return "nonce-" + std::to_string(++nonces); };
        c.jitter_source = [] { return 0.5; };
        return c;
    }

    Result<StartSyncExecutionResponse> call(Client& client, StartSyncExecutionRequest request, CallOptions options = {})
    {
        return test::run(ioc, client.start_sync_execution(std::move(request), options));
    }
};

StartSyncExecutionRequest simple_request()
{
    return {.flow_name = "my_flow", .execution_name = "exec-1", .input = boost::json::parse(R"({"k":"v w"})")};
}

void check_signature(const testing::RecordedRequest& r, std::string_view method)
{
    Parameters unsigned_params = r.params;
    unsigned_params.erase("Signature");
    CHECK(r.params.at("Signature") == sign_rpc_v1(method, unsigned_params, secret).signature);
}

}  // namespace

TEST_CASE("client: a successful call, signed and parsed", "[client]")
{
    Fixture f;
    f.transport->push(MockReply::execution("my_flow", "Succeeded", R"({"answer":42})", "req-1"));
    Client client(f.ioc.get_executor(), f.config(), f.transport);

    const auto r = f.call(client, simple_request());
    REQUIRE(r);
    CHECK(r->request_id == "req-1");
    CHECK(r->status == ExecutionStatus::succeeded);
    CHECK(r->output->at("answer") == 42);
    CHECK(r->started_time);

    const auto requests = f.transport->requests();
    REQUIRE(requests.size() == 1);
    const auto& sent = requests[0];
    CHECK(sent.http.method == "POST");
    CHECK(sent.http.host == "cn-hangzhou.fnf.aliyuncs.com");
    CHECK(sent.http.port == 443);
    CHECK(sent.params.at("Action") == "StartSyncExecution");
    CHECK(sent.params.at("Version") == "2019-03-15");
    CHECK(sent.params.at("Format") == "JSON");
    CHECK(sent.params.at("AccessKeyId") == "test-id");
    CHECK(sent.params.at("SignatureMethod") == "HMAC-SHA1");
    CHECK(sent.params.at("SignatureVersion") == "1.0");
    CHECK(sent.params.at("SignatureNonce") == "nonce-1");
    CHECK(sent.params.at("Timestamp") == "2024-01-01T00:00:00Z");
    CHECK(sent.params.at("FlowName") == "my_flow");
    CHECK(sent.params.at("ExecutionName") == "exec-1");
    CHECK(sent.params.at("Input") == R"({"k":"v w"})");
    CHECK_FALSE(sent.params.contains("Qualifier"));
    CHECK_FALSE(sent.params.contains("SecurityToken"));
    CHECK(*find_header(sent.http.headers, "User-Agent") == "cloudflow-cpp/" + std::string(cloudflow::version()));
    check_signature(sent, "POST");
    CHECK(sent.http.body.find(secret) == std::string::npos);
}

TEST_CASE("client: GET, a qualifier, an STS token and a user agent suffix", "[client]")
{
    Fixture f;
    f.transport->push(MockReply::execution("my_flow", "Succeeded"));
    auto config = f.config();
    config.method = RequestMethod::get;
    config.credentials = make_static_credentials("STS.id", secret, "token-value");
    config.user_agent_suffix = "my-service/2.0";
    config.endpoint = "http://127.0.0.1:8080";
    Client client(f.ioc.get_executor(), config, f.transport);

    auto request = simple_request();
    request.qualifier = "v1";
    REQUIRE(f.call(client, request));
    const auto sent = f.transport->requests().at(0);
    CHECK(sent.http.method == "GET");
    CHECK(sent.http.scheme == "http");
    CHECK(sent.http.port == 8080);
    CHECK(sent.http.body.empty());
    CHECK(sent.params.at("Qualifier") == "v1");
    CHECK(sent.params.at("SecurityToken") == "token-value");
    CHECK(find_header(sent.http.headers, "User-Agent")->ends_with(" my-service/2.0"));
    check_signature(sent, "GET");
}

TEST_CASE("client: a failed execution is a successful call", "[client]")
{
    Fixture f;
    f.transport->push(MockReply::respond(
        200,
        R"({"RequestId":"r","FlowName":"my_flow","Name":"exec-1:u","Status":"Failed","ErrorCode":"Boom","ErrorMessage":"it failed","StartedTime":"2024-01-01T00:00:00.000Z","StoppedTime":"2024-01-01T00:00:01.000Z"})"));
    Client client(f.ioc.get_executor(), f.config(), f.transport);
    const auto r = f.call(client, simple_request());
    REQUIRE(r);
    CHECK(r->status == ExecutionStatus::failed);
    CHECK(r->error_code == "Boom");
    CHECK(r->error_message == "it failed");
}

TEST_CASE("client: a throttled call succeeds after retries, with exact backoff", "[client][retry]")
{
    Fixture f;
    f.transport->push(MockReply::service_error(429, "ResourceThrottled", "throttled", "req-a"))
        .push(MockReply::service_error(429, "ResourceThrottled", "throttled", "req-b"))
        .push(MockReply::execution("my_flow", "Succeeded", "{}", "req-c"));
    Client client(f.ioc.get_executor(), f.config(), f.transport);

    const auto r = f.call(client, simple_request());
    REQUIRE(r);
    CHECK(r->request_id == "req-c");
    // Full jitter at 0.5 of the throttling base (1 s) doubled per retry.
    CHECK(f.clock->sleeps() == std::vector<std::chrono::steady_clock::duration>{500ms, 1000ms});

    const auto requests = f.transport->requests();
    REQUIRE(requests.size() == 3);
    // Each attempt is signed afresh: a new nonce, the current time.
    CHECK(requests[0].params.at("SignatureNonce") == "nonce-1");
    CHECK(requests[1].params.at("SignatureNonce") == "nonce-2");
    CHECK(requests[2].params.at("SignatureNonce") == "nonce-3");
    CHECK(requests[2].params.at("Timestamp") == "2024-01-01T00:00:01Z");
    for (const auto& request : requests) check_signature(request, "POST");
}

TEST_CASE("client: 500 until the attempts run out", "[client][retry]")
{
    Fixture f;
    for (int i = 1; i <= 3; ++i)
        f.transport->push(MockReply::service_error(500, "InternalServerError", "oops", "req-" + std::to_string(i)));
    Client client(f.ioc.get_executor(), f.config(), f.transport);

    const auto r = f.call(client, simple_request());
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::retries_exhausted);
    CHECK(r.error().cause == errc::internal_server_error);
    CHECK(r.error().http_status == 500);
    CHECK(r.error().service_code == "InternalServerError");
    CHECK(r.error().request_id == "req-3");
    CHECK(r.error().attempts == 3);
    CHECK(f.clock->sleeps() == std::vector<std::chrono::steady_clock::duration>{50ms, 100ms});
}

TEST_CASE("client: per-call max_attempts", "[client][retry]")
{
    Fixture f;
    f.transport->push(MockReply::service_error(500, "InternalServerError", "oops"));
    Client client(f.ioc.get_executor(), f.config(), f.transport);
    const auto r = f.call(client, simple_request(), {.max_attempts = 1});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::internal_server_error);
    CHECK(r.error().attempts == 1);
    CHECK(f.transport->request_count() == 1);
}

TEST_CASE("client: Retry-After is honoured", "[client][retry]")
{
    Fixture f;
    auto throttled = MockReply::service_error(429, "ResourceThrottled", "throttled");
    std::get<HttpResponse>(throttled.outcome).headers.emplace_back("Retry-After", "3");
    f.transport->push(std::move(throttled)).push(MockReply::execution("my_flow", "Succeeded"));
    Client client(f.ioc.get_executor(), f.config(), f.transport);
    REQUIRE(f.call(client, simple_request()));
    CHECK(f.clock->sleeps() == std::vector<std::chrono::steady_clock::duration>{3000ms});
}

TEST_CASE("client: the call's deadline bounds backoff and attempts", "[client][retry]")
{
    Fixture f;
    f.transport->push(MockReply::service_error(429, "ResourceThrottled", "throttled", "req-1"))
        .push(MockReply::service_error(429, "ResourceThrottled", "throttled", "req-2"));
    Client client(f.ioc.get_executor(), f.config(), f.transport);

    // 500 ms of backoff fits in 1.2 s; the next 1 s would end past the deadline.
    const auto r = f.call(client, simple_request(), {.timeout = 1200ms});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::timeout);
    CHECK(r.error().cause == errc::resource_throttled);
    CHECK(r.error().request_id == "req-2");
    CHECK(r.error().attempts == 2);
    CHECK(f.clock->sleeps() == std::vector<std::chrono::steady_clock::duration>{500ms});
    // The transport was given the call's deadline, not the longer per-attempt timeout.
    const auto requests = f.transport->requests();
    CHECK(requests[0].deadline == std::chrono::steady_clock::time_point{} + 1200ms);
}

TEST_CASE("client: an attempt that times out after sending is not retried by default", "[client][retry]")
{
    Fixture f;
    f.transport->push(MockReply::hang()).push(MockReply::hang()).push(MockReply::execution("my_flow", "Succeeded"));
    auto config = f.config();
    config.attempt_timeout = 10s;
    Client client(f.ioc.get_executor(), config, f.transport);

    const auto r = f.call(client, simple_request());
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::timeout);
    CHECK(r.error().attempts == 1);
    CHECK(f.clock->now() == std::chrono::steady_clock::time_point{} + 10s);
    CHECK(f.clock->sleeps() == std::vector<std::chrono::steady_clock::duration>{10s});  // the hang, not a backoff

    // Opting in retries it.
    const auto retried = f.call(client, simple_request(), {.retry_sent_requests = true});
    REQUIRE(retried);
    CHECK(f.transport->request_count() == 3);
    CHECK(f.clock->sleeps() == std::vector<std::chrono::steady_clock::duration>{10s, 10s, 50ms});
}

TEST_CASE("client: connection failures are retried, TLS failures are not", "[client][retry]")
{
    Fixture f;
    f.transport->push(MockReply::failure(errc::connection_failed, "connection refused"))
        .push(MockReply::execution("my_flow", "Succeeded"));
    Client client(f.ioc.get_executor(), f.config(), f.transport);
    REQUIRE(f.call(client, simple_request()));
    CHECK(f.transport->request_count() == 2);

    f.transport->push(MockReply::failure(errc::tls_failed, "certificate verify failed"));
    const auto r = f.call(client, simple_request());
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::tls_failed);
    CHECK(r.error().message == "certificate verify failed");
    CHECK(f.transport->request_count() == 3);
}

TEST_CASE("client: the retry budget is shared by calls and stops storms", "[client][retry]")
{
    Fixture f;
    auto config = f.config();
    config.retry.budget_capacity = 10;  // two retries' worth
    config.retry.max_attempts = 10;
    f.transport->on_request(
        [](const testing::RecordedRequest&) { return MockReply::service_error(503, "ServiceUnavailable", "down"); });
    Client client(f.ioc.get_executor(), config, f.transport);

    const auto first = f.call(client, simple_request());
    REQUIRE_FALSE(first);
    CHECK(first.error().code == errc::retries_exhausted);
    CHECK(first.error().attempts == 3);
    CHECK(first.error().message.starts_with("the client's retry budget is exhausted"));

    const auto second = f.call(client, simple_request());
    REQUIRE_FALSE(second);
    CHECK(second.error().attempts == 1);  // nothing left to retry with
    CHECK(f.transport->request_count() == 4);
}

TEST_CASE("client: non-retryable service errors return at once with the service's details", "[client]")
{
    Fixture f;
    f.transport->push(MockReply::service_error(404, "FlowNotExists", "Flow my_flow does not exist.", "req-404"));
    Client client(f.ioc.get_executor(), f.config(), f.transport);
    const auto r = f.call(client, simple_request());
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::flow_not_exists);
    CHECK(r.error().http_status == 404);
    CHECK(r.error().message == "Flow my_flow does not exist.");
    CHECK(r.error().request_id == "req-404");
    CHECK(r.error().host_id == "cn-hangzhou.fnf.aliyuncs.com");
    CHECK(r.error().attempts == 1);
    CHECK(f.clock->sleeps().empty());
}

TEST_CASE("client: a malformed success body is a typed error, not retried", "[client]")
{
    Fixture f;
    f.transport->push(MockReply::respond(200, R"({"RequestId":"req-x","Status":"Succeeded"})"));
    Client client(f.ioc.get_executor(), f.config(), f.transport);
    const auto r = f.call(client, simple_request());
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::malformed_response);
    CHECK(r.error().request_id == "req-x");
    CHECK(r.error().http_status == 200);
    CHECK(f.transport->request_count() == 1);
}

TEST_CASE("client: invalid requests are refused before anything is sent", "[client]")
{
    Fixture f;
    Client client(f.ioc.get_executor(), f.config(), f.transport);
    auto r = f.call(client, {.flow_name = "9lives"});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::invalid_request);
    CHECK(r.error().field == "FlowName");
    CHECK(r.error().attempts == 0);

    auto config = f.config();
    config.limits.max_request_bytes = 300;
    Client small(f.ioc.get_executor(), config, f.transport);
    r = f.call(small, {.flow_name = "f", .input_json = R"({"k":")" + std::string(400, 'x') + R"("})"});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::invalid_request);
    CHECK(r.error().field == "Input");
    CHECK(r.error().message.find("the limit is 300 bytes") != std::string::npos);
    CHECK(f.transport->request_count() == 0);
}

TEST_CASE("client: unusable configurations throw invalid_config at construction", "[client]")
{
    Fixture f;
    const auto refuses = [&](ClientConfig config, std::shared_ptr<Transport> transport) {
        try {
            Client client(f.ioc.get_executor(), std::move(config), std::move(transport));
            FAIL("the configuration was accepted");
        } catch (const Exception& e) {
            CHECK(e.code() == errc::invalid_config);
            CHECK(std::string(e.what()).find(secret) == std::string::npos);
        }
    };
    auto no_credentials = f.config();
    no_credentials.credentials = nullptr;
    refuses(no_credentials, f.transport);
    auto bad_region = f.config();
    bad_region.region_id = "not a region";
    refuses(bad_region, f.transport);
    auto bad_endpoint = f.config();
    bad_endpoint.endpoint = "ftp://x";
    refuses(bad_endpoint, f.transport);
    refuses(f.config(), nullptr);
    auto zero_attempts = f.config();
    zero_attempts.retry.max_attempts = 0;
    refuses(zero_attempts, f.transport);
}

TEST_CASE("client: credentials that cannot be had end the call before sending", "[client]")
{
    Fixture f;
    auto config = f.config();
    config.credentials = make_static_credentials("", "");
    Client client(f.ioc.get_executor(), config, f.transport);
    const auto r = f.call(client, simple_request());
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::credentials_unavailable);
    CHECK(r.error().attempts == 0);
    CHECK(f.transport->request_count() == 0);
}

TEST_CASE("client: secrets never appear in errors or printed credentials", "[client]")
{
    Fixture f;
    auto config = f.config();
    config.credentials = make_static_credentials("id", secret, "TOKEN-never-shown");
    f.transport->push(MockReply::service_error(403, "SignatureNotMatch", "The request signature does not match."));
    Client client(f.ioc.get_executor(), config, f.transport);
    const auto r = f.call(client, simple_request());
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::signature_not_match);
    const std::string text = r.error().to_string();
    CHECK(text.find(secret) == std::string::npos);
    CHECK(text.find("TOKEN-never-shown") == std::string::npos);

    std::ostringstream os;
    os << Credentials{"id", secret, "TOKEN-never-shown"};
    CHECK(os.str() == "Credentials{access_key_id=id, access_key_secret=<redacted>, security_token=<redacted>}");
}

TEST_CASE("client: cancellation while waiting for the answer", "[client][cancel]")
{
    boost::asio::io_context ioc;
    auto transport = std::make_shared<MockTransport>();  // real time: the reply never comes
    transport->push(MockReply::hang());
    ClientConfig config;
    config.region_id = "cn-hangzhou";
    config.credentials = make_static_credentials("id", secret);
    Client client(ioc.get_executor(), config, transport);

    boost::asio::cancellation_signal signal;
    std::optional<Result<StartSyncExecutionResponse>> result;
    client.async_call(simple_request(), {},
                      boost::asio::bind_cancellation_slot(signal.slot(), [&](auto r) { result = r; }));
    boost::asio::steady_timer timer(ioc, 20ms);
    timer.async_wait([&](auto) { signal.emit(boost::asio::cancellation_type::terminal); });
    const auto started = std::chrono::steady_clock::now();
    ioc.run();
    REQUIRE(result);
    REQUIRE_FALSE(*result);
    CHECK(result->error().code == errc::cancelled);
    CHECK(result->error().attempts == 1);
    CHECK(std::chrono::steady_clock::now() - started < 30s);  // long before the 330 s attempt timeout
}

TEST_CASE("client: cancellation during backoff", "[client][cancel]")
{
    boost::asio::io_context ioc;
    auto transport = std::make_shared<MockTransport>();
    transport->push(MockReply::service_error(429, "ResourceThrottled", "throttled"));
    ClientConfig config;
    config.region_id = "cn-hangzhou";
    config.credentials = make_static_credentials("id", secret);
    config.retry.throttle_base_delay = 3600s;  // the backoff would be long
    config.retry.max_delay = 3600s;
    config.jitter_source = [] { return 0.99; };
    Client client(ioc.get_executor(), config, transport);

    boost::asio::cancellation_signal signal;
    std::optional<Result<StartSyncExecutionResponse>> result;
    client.async_call(simple_request(), {},
                      boost::asio::bind_cancellation_slot(signal.slot(), [&](auto r) { result = r; }));
    boost::asio::steady_timer timer(ioc, 20ms);
    timer.async_wait([&](auto) { signal.emit(boost::asio::cancellation_type::total); });
    ioc.run();
    REQUIRE(result);
    REQUIRE_FALSE(*result);
    CHECK(result->error().code == errc::cancelled);
    CHECK(result->error().cause == errc::resource_throttled);
    CHECK(transport->request_count() == 1);
}

TEST_CASE("client: an awaited call runs in the caller's coroutine and is cancelled with it", "[client][cancel]")
{
    // `call || timer`: the timer wins, the call (which would hang) is cancelled; the caller's
    // throw_if_cancelled setting, off during the call, is as it was after it.
    using namespace boost::asio::experimental::awaitable_operators;
    boost::asio::io_context ioc;
    auto transport = std::make_shared<MockTransport>();  // real time: the reply never comes
    transport->push(MockReply::hang());
    transport->push(MockReply::execution("f", "Succeeded"));
    ClientConfig config;
    config.region_id = "cn-hangzhou";
    config.credentials = make_static_credentials("id", secret);
    Client client(ioc.get_executor(), config, transport);

    std::optional<std::variant<Result<StartSyncExecutionResponse>, std::monostate>> raced;
    std::optional<Result<StartSyncExecutionResponse>> second;
    bool throws_after = false;
    boost::asio::co_spawn(
        ioc,
        [&]() -> boost::asio::awaitable<void> {
            boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, 20ms);
            auto outcome = co_await (client.start_sync_execution(simple_request()) ||
                                     timer.async_wait(boost::asio::use_awaitable));
            raced.emplace();
            if (outcome.index() == 1) raced->emplace<1>();
            second = co_await client.start_sync_execution(simple_request());
            throws_after = co_await boost::asio::this_coro::throw_if_cancelled();
        },
        boost::asio::detached);
    const auto started = std::chrono::steady_clock::now();
    ioc.run();
    REQUIRE(raced);
    CHECK(raced->index() == 1);  // the timer won
    CHECK(std::chrono::steady_clock::now() - started < 30s);
    REQUIRE(second);
    CHECK(*second);
    CHECK(throws_after);
    CHECK(transport->request_count() == 2);
}

TEST_CASE("client: any completion token", "[client][token]")
{
    Fixture f;
    f.transport->on_request([](const testing::RecordedRequest& r) {
        return MockReply::execution(r.params.at("FlowName"), "Succeeded", "{}", r.params.at("SignatureNonce"));
    });
    Client client(f.ioc.get_executor(), f.config(), f.transport);

    SECTION("a callback")
    {
        std::optional<Result<StartSyncExecutionResponse>> result;
        client.async_call(simple_request(), {}, [&](Result<StartSyncExecutionResponse> r) { result = std::move(r); });
        f.ioc.run();
        REQUIRE(result);
        CHECK(result->value().request_id == "nonce-1");
    }
    SECTION("use_future")
    {
        auto future = client.async_call(simple_request(), {}, boost::asio::use_future);
        f.ioc.run();
        CHECK(future.get().value().status == ExecutionStatus::succeeded);
    }
    SECTION("deferred, launched later")
    {
        auto op = client.async_call(simple_request(), {}, boost::asio::deferred);
        CHECK(f.transport->request_count() == 0);
        bool done = false;
        std::move(op)([&](Result<StartSyncExecutionResponse> r) { done = r.has_value(); });
        f.ioc.run();
        CHECK(done);
    }
    SECTION("use_awaitable")
    {
        const auto r = test::run(f.ioc, client.async_call(simple_request(), {}, boost::asio::use_awaitable));
        CHECK(r.has_value());
    }
    SECTION("async_start_sync_execution, deprecated, still compiles and calls")
    {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
        auto future = client.async_start_sync_execution(simple_request(), {}, boost::asio::use_future);
#pragma GCC diagnostic pop
        f.ioc.run();
        CHECK(future.get().value().status == ExecutionStatus::succeeded);
    }
    SECTION("async_call: the request names the operation; deferred without a token")
    {
        auto op = client.async_call(simple_request());
        CHECK(f.transport->request_count() == 0);
        std::optional<Result<StartSyncExecutionResponse>> result;
        std::move(op)([&](Result<StartSyncExecutionResponse> r) { result = std::move(r); });
        f.ioc.run();
        REQUIRE(result);
        CHECK(result->value().status == ExecutionStatus::succeeded);
        const auto awaited = test::run(f.ioc, client.async_call(simple_request(), {}, boost::asio::use_awaitable));
        CHECK(awaited.has_value());
    }
}

TEST_CASE("client: 200 concurrent calls on one client, two threads", "[client][concurrency]")
{
    boost::asio::thread_pool pool(2);
    auto transport = std::make_shared<MockTransport>();
    std::atomic<int> n{0};
    transport->on_request([&n](const testing::RecordedRequest& r) {
        // Every third attempt is throttled once, so retries run concurrently too.
        if (++n % 3 == 0) return MockReply::service_error(429, "ResourceThrottled", "throttled");
        return MockReply::execution(r.params.at("FlowName"), "Succeeded", "{}", r.params.at("SignatureNonce"));
    });
    ClientConfig config;
    config.region_id = "cn-hangzhou";
    config.credentials = make_static_credentials("id", secret);
    config.retry.throttle_base_delay = 1ms;
    config.retry.max_attempts = 10;
    Client client(pool.get_executor(), config, transport);

    std::vector<std::future<Result<StartSyncExecutionResponse>>> futures;
    for (int i = 0; i < 200; ++i)
        futures.push_back(client.async_call(StartSyncExecutionRequest{.flow_name = "flow_" + std::to_string(i)}, {},
                                            boost::asio::use_future));
    std::set<std::string> request_ids;
    for (int i = 0; i < 200; ++i) {
        auto r = futures[i].get();
        REQUIRE(r);
        CHECK(r->flow_name == "flow_" + std::to_string(i));
        request_ids.insert(r->request_id);
    }
    pool.join();
    CHECK(request_ids.size() == 200);  // each attempt had its own nonce
    CHECK(transport->request_count() >= 200);
}

TEST_CASE("client: a call leaves the caller's coroutine settings alone", "[client]")
{
    Fixture f;
    f.transport->push(MockReply::execution("my_flow", "Succeeded"));
    Client client(f.ioc.get_executor(), f.config(), f.transport);
    const auto caller = [](Client& c) -> boost::asio::awaitable<bool> {
        auto r = co_await c.start_sync_execution(simple_request());
        // Asio's default for the caller: cancellation throws. The call must not have changed it.
        co_return r.has_value() && (co_await boost::asio::this_coro::throw_if_cancelled());
    };
    CHECK(test::run(f.ioc, caller(client)));
}

TEST_CASE("client: per-call max_attempts below 1 is an invalid request", "[client]")
{
    Fixture f;
    Client client(f.ioc.get_executor(), f.config(), f.transport);
    const auto r = f.call(client, simple_request(), {.max_attempts = 0});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::invalid_request);
    CHECK(r.error().field == "max_attempts");
    CHECK(f.transport->request_count() == 0);
}

namespace {

// Writes down every event, in order.
struct EventLog final : CallObserver {
    std::mutex mutex;
    std::vector<std::string> events;
    void add(std::string e)
    {
        std::lock_guard lock(mutex);
        events.push_back(std::move(e));
    }
    void on_attempt_start(AttemptStart& s) noexcept override
    {
        s.request.headers.emplace_back("X-Trace", "t-" + std::to_string(s.attempt));
        add("start " + std::to_string(s.attempt));
    }
    void on_attempt_end(const AttemptEnd& e) noexcept override
    {
        add("end " + std::to_string(e.attempt) + " " + std::to_string(e.http_status) + " " +
            std::string(e.service_code) + " " + std::string(e.request_id) + " backoff " +
            (e.backoff ? std::to_string(e.backoff->count()) + "ms" : std::string("none")));
    }
    void on_call_end(const CallEnd& end) noexcept override
    {
        add("call " + std::string(end.action) + " " +
            (end.error ? end.error->to_string() : std::string(end.request_id)) + " attempts " +
            std::to_string(end.attempts));
    }
};

}  // namespace

TEST_CASE("client: observers see each attempt, the backoff chosen and the result", "[client][observer]")
{
    Fixture f;
    f.transport->push(MockReply::service_error(429, "ResourceThrottled", "throttled", "req-1"))
        .push(MockReply::execution("my_flow", "Succeeded", "{}", "req-2"));
    auto config = f.config();
    auto log = std::make_shared<EventLog>();
    config.observers.push_back(log);
    Client client(f.ioc.get_executor(), config, f.transport);
    REQUIRE(f.call(client, simple_request()));
    CHECK(log->events == std::vector<std::string>{"start 1", "end 1 429 ResourceThrottled req-1 backoff 500ms",
                                                  "start 2", "end 2 200  req-2 backoff none",
                                                  "call StartSyncExecution req-2 attempts 2"});
    // An observer's headers go out with the attempt.
    const auto requests = f.transport->requests();
    CHECK(find_header(requests[0].http.headers, "X-Trace") == "t-1");
    CHECK(find_header(requests[1].http.headers, "X-Trace") == "t-2");

    // A call refused before sending ends too.
    log->events.clear();
    REQUIRE_FALSE(f.call(client, {.flow_name = ""}));
    REQUIRE(log->events.size() == 1);
    CHECK(log->events[0].starts_with("call StartSyncExecution invalid_request (field FlowName): FlowName"));
}

TEST_CASE("client: RequestTimeTooSkewed teaches the client the service's clock", "[client][skew]")
{
    Fixture f;  // the client's wall clock says 2024-01-01T00:00:00Z; the service's, one hour later
    auto skewed = MockReply::service_error(403, "RequestTimeTooSkewed", "too skewed", "req-1");
    std::get<HttpResponse>(skewed.outcome).headers.emplace_back("Date", "Mon, 01 Jan 2024 01:00:00 GMT");
    f.transport->push(std::move(skewed))
        .push(MockReply::execution("my_flow", "Succeeded"))
        .push(MockReply::execution("my_flow", "Succeeded"));
    Client client(f.ioc.get_executor(), f.config(), f.transport);

    REQUIRE(f.call(client, simple_request(), {.max_attempts = 1}));  // the correction is not a retry
    REQUIRE(f.call(client, simple_request()));
    const auto requests = f.transport->requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[0].params.at("Timestamp") == "2024-01-01T00:00:00Z");
    CHECK(requests[1].params.at("Timestamp") == "2024-01-01T01:00:00Z");  // re-signed at once
    CHECK(requests[2].params.at("Timestamp") == "2024-01-01T01:00:00Z");  // the offset is kept
    CHECK(requests[0].params.at("SignatureNonce") != requests[1].params.at("SignatureNonce"));
    CHECK(f.clock->sleeps().empty());
}

TEST_CASE("client: a second RequestTimeTooSkewed is not corrected again", "[client][skew]")
{
    Fixture f;
    for (int i = 0; i < 2; ++i) {
        auto skewed = MockReply::service_error(403, "RequestTimeTooSkewed", "too skewed");
        std::get<HttpResponse>(skewed.outcome).headers.emplace_back("Date", "Mon, 01 Jan 2024 01:00:00 GMT");
        f.transport->push(std::move(skewed));
    }
    Client client(f.ioc.get_executor(), f.config(), f.transport);
    const auto r = f.call(client, simple_request());
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::request_time_too_skewed);
    CHECK(r.error().attempts == 2);
    CHECK(f.transport->request_count() == 2);
}
