// HttpsTransport against cloudflow-local: keep-alive, stale connections, TLS, limits, concurrency.
#include "integration/fixture.hpp"
#include "support/catch_result.hpp"
#include "support/run.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <catch2/catch.hpp>

#include <memory>
#include <optional>
#include <set>

using namespace cloudflow;
using namespace cloudflow::test;
using namespace std::chrono_literals;

namespace {

StartSyncExecutionRequest echo(int n = 0)
{
    StartSyncExecutionRequest r;
    r.flow_name = "echo";
    r.input = boost::json::object{{"n", n}};
    return r;
}

}  // namespace

TEST_CASE("transport: keep-alive reuses one connection", "[integration][transport]")
{
    LocalEmulator emulator({}, test_config);
    boost::asio::io_context ioc;
    auto transport = std::make_shared<HttpsTransport>(ioc.get_executor());
    Client client(ioc.get_executor(), client_config(emulator), transport);
    for (int i = 0; i < 10; ++i) REQUIRE(run(ioc, client.start_sync_execution(echo(i))));
    CHECK(transport->open_connections() == 1);
}

TEST_CASE("transport: a send awaited after its transport is gone still completes", "[integration][transport]")
{
    LocalEmulator emulator({}, test_config);
    const auto endpoint = resolve_endpoint("", emulator.url());
    REQUIRE(endpoint);
    boost::asio::io_context ioc;
    auto transport = std::make_unique<HttpsTransport>(ioc.get_executor());
    // The awaitable is made while the transport lives, and awaited once it is destroyed: the
    // exchange keeps the pool it needs.
    auto pending = transport->send(HttpRequest{"GET", endpoint->scheme, endpoint->host, endpoint->port, "/", {}, {}},
                                   std::chrono::steady_clock::now() + 10s);
    transport.reset();
    const auto answer = run(ioc, std::move(pending));
    REQUIRE(answer);
    CHECK(answer->status == 400);  // an unsigned GET: the emulator's MissingRequiredParams
}

TEST_CASE("transport: a connection the server closed is not reused", "[integration][transport]")
{
    boost::asio::io_context ioc;
    auto transport = std::make_shared<HttpsTransport>(ioc.get_executor());
    std::string url;
    {
        LocalEmulator first({}, test_config);
        url = first.url();
        Client client(ioc.get_executor(), client_config(first), transport);
        REQUIRE(run(ioc, client.start_sync_execution(echo())));
        CHECK(transport->open_connections() == 1);
    }
    // The same port, a new server: the pooled connection is dead.
    LocalEmulator second({"--port", url.substr(url.rfind(':') + 1)}, test_config);
    Client client(ioc.get_executor(), client_config(second), transport);
    auto r = run(ioc, client.start_sync_execution(echo(), {.max_attempts = 1}));
    REQUIRE(r);
    CHECK(transport->open_connections() == 1);
}

TEST_CASE("transport: nothing listening is connection_failed, and retried", "[integration][transport]")
{
    boost::asio::io_context ioc;
    unsigned short port = 0;
    {
        LocalEmulator gone({}, test_config);
        port = gone.port();
    }
    ClientConfig config;
    config.endpoint = "http://127.0.0.1:" + std::to_string(port);
    config.credentials = make_static_credentials(key_id, key_secret);
    config.retry.base_delay = 1ms;
    Client client(ioc.get_executor(), config);
    const auto started = std::chrono::steady_clock::now();
    const auto r = run(ioc, client.start_sync_execution(echo(), {.timeout = 2s}));
    const auto took = std::chrono::steady_clock::now() - started;
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::retries_exhausted);
    CHECK(r.error().cause == errc::connection_failed);
    CHECK(r.error().attempts == 3);
    CHECK(took < 2s);  // the call's deadline

    // The pool is usable: once a server listens there, the same client's next call succeeds.
    LocalEmulator back({"--port", std::to_string(port)}, test_config);
    CHECK(run(ioc, client.start_sync_execution(echo(), {.timeout = 5s})));
}

TEST_CASE("transport: TLS verification", "[integration][transport][tls]")
{
    TempDir dir;
    const auto cert = make_self_signed(dir, {"127.0.0.1", "localhost"});
    LocalEmulator emulator({"--tls-cert", cert.cert_file.string(), "--tls-key", cert.key_file.string()}, test_config);
    REQUIRE(emulator.url().starts_with("https://127.0.0.1:"));
    boost::asio::io_context ioc;

    SECTION("a self-signed certificate is refused by default")
    {
        Client client(ioc.get_executor(), client_config(emulator));
        const auto r = run(ioc, client.start_sync_execution(echo()));
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::tls_failed);
        CHECK(r.error().message.find("certificate verification failed: self-signed certificate") != std::string::npos);
        CHECK(r.error().attempts == 1);
    }
    SECTION("trusted through ca_pem, by IP address and by name")
    {
        for (const std::string host : {"127.0.0.1", "localhost"}) {
            auto config = client_config(emulator);
            config.endpoint = "https://" + host + ":" + std::to_string(emulator.port());
            config.http.ca_pem = cert.cert_pem;
            Client client(ioc.get_executor(), config);
            const auto r = run(ioc, client.start_sync_execution(echo()));
            REQUIRE(r);
            CHECK(r->status == ExecutionStatus::succeeded);
        }
    }
    SECTION("trusted through ca_file")
    {
        auto config = client_config(emulator);
        config.http.ca_file = cert.cert_file.string();
        Client client(ioc.get_executor(), config);
        REQUIRE(run(ioc, client.start_sync_execution(echo())));
    }
    SECTION("each refused certificate is tls_failed naming its cause, once, within the deadline; the pool stays "
            "usable")
    {
        // Clients that trust `ca`, sharing one transport, call one port: `emulator` (self-signed)
        // and then a server with each other certificate they must refuse; then a server there
        // presents a good certificate, and each client's next call succeeds.
        const auto ca = make_self_signed(dir, {});
        const auto stranger = make_self_signed(dir, {});  // a CA the clients do not trust
        struct Refused {
            const char* name;
            std::optional<SelfSigned> served;  // none: `emulator`'s own, self-signed
            std::string host;                  // the endpoint's host
            std::vector<std::string> says;     // in the message
        };
        const std::vector<Refused> refused{
            {"self-signed",
             std::nullopt,
             "127.0.0.1",
             {"certificate verification failed: self-signed certificate", "trust it with ca_file or ca_pem"}},
            {"unknown issuer",
             make_signed_by(dir, stranger, {"127.0.0.1", "localhost"}),
             "127.0.0.1",
             {"unable to get local issuer certificate", "issuer is unknown; trust its CA"}},
            // Issue 7: the message named no cause ("unspecified certificate verification error").
            {"another host, reached by IP address",
             make_signed_by(dir, ca, {"service.example"}),
             "127.0.0.1",
             {"IP address mismatch", "not valid for the host 127.0.0.1"}},
            {"another host, reached by name",
             make_signed_by(dir, ca, {"other.example", "127.0.0.1"}),
             "localhost",
             {"hostname mismatch", "not valid for the host localhost"}},
            {"expired",
             make_signed_by(dir, ca, {"127.0.0.1", "localhost"}, true),
             "127.0.0.1",
             {"certificate has expired", "validity period has ended"}},
        };
        const std::string port = std::to_string(emulator.port());
        std::unique_ptr<LocalEmulator> server;
        const auto serve = [&](const SelfSigned& served) {
            emulator.stop();
            server.reset();  // the port is free before the next server takes it
            server = std::make_unique<LocalEmulator>(std::vector<std::string>{"--port", port, "--tls-cert",
                                                                              served.cert_file.string(), "--tls-key",
                                                                              served.key_file.string()},
                                                     test_config);
        };
        auto transport =
            std::make_shared<HttpsTransport>(ioc.get_executor(), HttpsTransportOptions{.ca_pem = ca.cert_pem});
        std::vector<Client> clients;
        for (const auto& c : refused) {
            INFO("certificate: " << c.name);
            if (c.served) serve(*c.served);
            clients.emplace_back(ioc.get_executor(), client_config("https://" + c.host + ":" + port), transport);
            const auto started = std::chrono::steady_clock::now();
            const auto r = run(ioc, clients.back().start_sync_execution(echo(), {.timeout = 2s}));
            const auto took = std::chrono::steady_clock::now() - started;
            REQUIRE_FALSE(r);
            INFO(r.error().to_string());
            CHECK(r.error().code == errc::tls_failed);
            for (const auto& words : c.says) CHECK(r.error().message.find(words) != std::string::npos);
            CHECK(r.error().attempts == 1);
            CHECK(took < 2s);  // the call's deadline
            CHECK(transport->open_connections() == 0);
        }
        serve(make_signed_by(dir, ca, {"127.0.0.1", "localhost"}));
        for (auto& client : clients) CHECK(run(ioc, client.start_sync_execution(echo(), {.timeout = 5s})));
    }
    SECTION("the loopback-only switch skips verification")
    {
        auto config = client_config(emulator);
        config.http.insecure_skip_tls_verify_for_testing_only = true;
        Client client(ioc.get_executor(), config);
        REQUIRE(run(ioc, client.start_sync_execution(echo())));
    }
    SECTION("a CA that cannot be loaded is a configuration error")
    {
        auto config = client_config(emulator);
        config.http.ca_file = (dir.path() / "missing.pem").string();
        CHECK_THROWS_AS(Client(ioc.get_executor(), config), Exception);
    }
}

TEST_CASE("transport: an answer over the size limit is refused", "[integration][transport]")
{
    LocalEmulator emulator({}, test_config);
    boost::asio::io_context ioc;
    auto config = client_config(emulator);
    config.http.max_response_body_bytes = 128;
    Client client(ioc.get_executor(), config);
    StartSyncExecutionRequest request;
    request.flow_name = "big_output";
    const auto r = run(ioc, client.start_sync_execution(request));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::response_too_large);

    config.http.max_response_body_bytes = 1 << 20;
    config.http.max_response_header_bytes = 16;
    Client small_headers(ioc.get_executor(), config);
    const auto h = run(ioc, small_headers.start_sync_execution(request));
    REQUIRE_FALSE(h);
    CHECK(h.error().code == errc::response_too_large);
}

TEST_CASE("transport: 200 concurrent calls on one client, two threads", "[integration][transport][concurrency]")
{
    LocalEmulator emulator({}, test_config);
    boost::asio::thread_pool pool(2);
    auto transport = std::make_shared<HttpsTransport>(pool.get_executor(),
                                                      HttpsTransportOptions{.max_connections_per_endpoint = 16});
    Client client(pool.get_executor(), client_config(emulator), transport);

    std::vector<std::future<Result<StartSyncExecutionResponse>>> futures;
    for (int i = 0; i < 200; ++i) {
        StartSyncExecutionRequest request;
        request.flow_name = "delayed_echo";
        request.input = boost::json::object{{"n", i}};
        futures.push_back(client.async_call(request, {}, boost::asio::use_future));
    }
    std::set<std::string> ids;
    for (int i = 0; i < 200; ++i) {
        auto r = futures[i].get();
        REQUIRE(r);
        CHECK(r->output == boost::json::value(boost::json::object{{"n", i}}));
        ids.insert(r->request_id);
    }
    CHECK(ids.size() == 200);
    CHECK(transport->open_connections() <= 16);
    pool.join();
}

TEST_CASE("transport: IPv6 loopback", "[integration][transport]")
{
    LocalEmulator emulator({"--host", "::1"}, test_config);
    REQUIRE(emulator.url().starts_with("http://[::1]:"));
    boost::asio::io_context ioc;
    Client client(ioc.get_executor(), client_config(emulator));
    REQUIRE(run(ioc, client.start_sync_execution(echo())));
}

TEST_CASE("transport: a TLS handshake that never completes times out", "[integration][transport][tls]")
{
    // A TCP server that accepts and then says nothing.
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor silent(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    boost::asio::ip::tcp::socket accepted(ioc);
    silent.async_accept(accepted, [](boost::system::error_code) {});

    ClientConfig config;
    config.endpoint = "https://127.0.0.1:" + std::to_string(silent.local_endpoint().port());
    config.credentials = make_static_credentials(key_id, key_secret);
    config.http.tls_handshake_timeout = 200ms;
    config.retry.max_attempts = 1;
    Client client(ioc.get_executor(), config);
    const auto started = std::chrono::steady_clock::now();
    const auto r = run(ioc, client.start_sync_execution(echo()));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::connection_failed);
    CHECK(r.error().message.find("TLS handshake") != std::string::npos);
    CHECK(std::chrono::steady_clock::now() - started < 5s);
}

TEST_CASE("transport: calls waiting for a connection are served in the order they came", "[integration][transport]")
{
    // One connection. A greedy caller makes 40 calls back to back; five others each make one
    // call while it does. A connection that comes free goes to the oldest waiter, so each of the
    // five is served after at most a few of the greedy calls, not after all of them.
    LocalEmulator emulator({}, test_config);
    boost::asio::io_context ioc;
    auto transport =
        std::make_shared<HttpsTransport>(ioc.get_executor(), HttpsTransportOptions{.max_connections_per_endpoint = 1});
    Client client(ioc.get_executor(), client_config(emulator), transport);

    int greedy_done = 0, greedy_failed = 0;
    std::vector<int> served_after;  // greedy calls done when each of the five was served
    int others_failed = 0;
    boost::asio::co_spawn(
        ioc,
        [&]() -> boost::asio::awaitable<void> {
            for (int i = 0; i < 40; ++i) {
                auto request = echo(i);
                const auto r = co_await client.start_sync_execution(std::move(request));
                greedy_failed += r ? 0 : 1;
                ++greedy_done;
            }
        },
        boost::asio::detached);
    for (int w = 0; w < 5; ++w)
        boost::asio::co_spawn(
            ioc,
            [&]() -> boost::asio::awaitable<void> {
                auto request = echo(100);
                const auto r = co_await client.start_sync_execution(std::move(request));
                others_failed += r ? 0 : 1;
                served_after.push_back(greedy_done);
            },
            boost::asio::detached);
    ioc.run();

    CHECK(greedy_done == 40);
    CHECK(greedy_failed == 0);
    CHECK(others_failed == 0);
    REQUIRE(served_after.size() == 5);
    for (const int n : served_after) CHECK(n <= 7);
    CHECK(transport->open_connections() == 1);
}
