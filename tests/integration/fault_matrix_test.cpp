// The fault matrix (issue 7): the client against a hostile loopback server. Each fault ends in
// its typed error within the call's deadline, is retried only when the request cannot have been
// acted on, and leaves the client's pool usable: the next call on the same client succeeds.
// Connection refused, TLS (self-signed, wrong host, expired), a handshake that never ends and the
// size limits against cloudflow-local are in transport_test.cpp; 1xx answers and chunk-extension
// floods in raw_answers_test.cpp.
#include "integration/fixture.hpp"
#include "support/catch_result.hpp"
#include "support/raw_server.hpp"
#include "support/run.hpp"

#include <boost/asio/io_context.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace cloudflow::test;
using namespace std::chrono_literals;

namespace {

using Connection = RawServer::Connection;

struct Fault {
    const char* name;
    std::function<void(const Connection&)> script;  // what the first connection gets
    errc expected;
};

const std::string ok_head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";

// The faults of one answer. None of them may be retried: the request was sent, and
// StartSyncExecution is not idempotent (RetryPolicy::retry_sent_requests is off).
std::vector<Fault> answer_faults()
{
    return {
        {"a reset before the answer", [](const Connection& c) { c.reset(); }, errc::network_failure},
        {"a close before the answer", [](const Connection&) {}, errc::network_failure},
        {"a reset in the middle of the answer",
         [](const Connection& c) {
             const std::string answer = good_answer();
             c.send(std::string_view(answer).substr(0, answer.size() / 2));
             c.closed_within(50ms);
             c.reset();
         },
         errc::network_failure},
        {"a body shorter than its Content-Length",
         [](const Connection& c) { c.send(ok_head + "Content-Length: 1000\r\n\r\n" + std::string(good_body())); },
         errc::network_failure},
        {"a chunk size that is not hexadecimal",
         [](const Connection& c) { c.send(ok_head + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n0\r\n\r\n"); },
         errc::malformed_response},
        {"a chunk longer than its size",
         [](const Connection& c) { c.send(ok_head + "Transfer-Encoding: chunked\r\n\r\n2\r\n{\"a\":1}\r\n0\r\n\r\n"); },
         errc::malformed_response},
        {"an answer that is not HTTP", [](const Connection& c) { c.send("SSH-2.0-OpenSSH_9.2\r\n\r\n"); },
         errc::malformed_response},
        {"both Content-Length and chunked",
         [](const Connection& c) {
             c.send(ok_head + "Content-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n");
         },
         errc::malformed_response},
        {"a 100 KiB header line",
         [](const Connection& c) {
             c.send(ok_head + "X-Padding: " + std::string(100 * 1024, 'p') + "\r\nContent-Length: 2\r\n\r\n{}");
         },
         errc::response_too_large},
        {"a 10 GiB Content-Length",
         [](const Connection& c) { c.send(ok_head + "Content-Length: 10737418240\r\n\r\n{"); },
         errc::response_too_large},
        {"a chunked body past the body limit",
         [](const Connection& c) {
             c.send(ok_head + "Transfer-Encoding: chunked\r\n\r\n");
             const std::string chunk = "10000\r\n" + std::string(0x10000, ' ') + "\r\n";  // 64 KiB
             for (int i = 0; i < 5 && c.send(chunk); ++i) {
             }
         },
         errc::response_too_large},
        {"no answer at all", [](const Connection& c) { c.closed_within(30s); }, errc::timeout},
        {"one byte a second",
         [](const Connection& c) {
             for (const char byte : good_answer())
                 if (!c.send(std::string_view(&byte, 1)) || c.closed_within(1s)) return;
         },
         errc::timeout},
    };
}

}  // namespace

TEST_CASE("fault matrix: each broken answer is its typed error, once, within the deadline", "[integration][faults]")
{
    for (const Fault& fault : answer_faults()) {
        INFO("fault: " << fault.name);
        RawServer server([&](const Connection& c) {
            if (c.index == 0)
                fault.script(c);
            else
                c.send(good_answer());
        });
        boost::asio::io_context ioc;
        // A 256 KiB body limit: the limit is what is tested, not how fast a loaded machine moves 8 MiB.
        auto transport = std::make_shared<HttpsTransport>(ioc.get_executor(),
                                                          HttpsTransportOptions{.max_response_body_bytes = 256 * 1024});
        Client client(ioc.get_executor(), client_config(server.url()), transport);

        const auto started = std::chrono::steady_clock::now();
        const auto r = run(ioc, client.start_sync_execution(echo_flow(), {.timeout = 2s}));
        const auto took = std::chrono::steady_clock::now() - started;
        REQUIRE_FALSE(r);
        INFO(r.error().to_string());
        CHECK(r.error().code == fault.expected);
        CHECK(r.error().attempts == 1);
        // The deadline (2 s) holds. The bound is loose on purpose (sanitizers, a loaded 2-core CI
        // machine): a fault that escaped the deadline would take 30 s ("no answer") or minutes.
        CHECK(took < 6s);
        CHECK(transport->open_connections() == 0);

        // The pool is usable: the next call on the same client opens a new connection and succeeds.
        const auto next = run(ioc, client.start_sync_execution(echo_flow(), {.timeout = 5s}));
        CHECK(next);
        CHECK(server.connections() == 2);
    }
}

TEST_CASE("fault matrix: with retry_sent_requests, a broken answer is retried", "[integration][faults]")
{
    RawServer server([](const Connection& c) {
        if (c.index == 0)
            c.reset();
        else
            c.send(good_answer());
    });
    boost::asio::io_context ioc;
    auto config = client_config(server.url());
    config.retry.retry_sent_requests = true;
    Client client(ioc.get_executor(), config);
    const auto r = run(ioc, client.start_sync_execution(echo_flow(), {.timeout = 5s}));
    REQUIRE(r);
    CHECK(server.connections() == 2);
}

TEST_CASE("fault matrix: an HTTP/1.0 answer delimited by closing is read, and not kept", "[integration][faults]")
{
    RawServer server([](const Connection& c) {
        c.send("HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n" + std::string(good_body()));
    });
    boost::asio::io_context ioc;
    auto transport = std::make_shared<HttpsTransport>(ioc.get_executor());
    Client client(ioc.get_executor(), client_config(server.url()), transport);
    for (int i = 0; i < 2; ++i) {
        const auto r = run(ioc, client.start_sync_execution(echo_flow(), {.timeout = 5s}));
        REQUIRE(r);
        CHECK(r->request_id == "R");
        CHECK(transport->open_connections() == 0);
    }
    CHECK(server.connections() == 2);
}

TEST_CASE("fault matrix: a 500 with an HTML body is retried, and typed by its status", "[integration][faults]")
{
    const std::string html = "<html><body>Internal Server Error</body></html>";
    const std::string answer = "HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nContent-Length: " +
                               std::to_string(html.size()) + "\r\nConnection: close\r\n\r\n" + html;
    RawServer server([&](const Connection& c) { c.send(answer); });
    boost::asio::io_context ioc;
    Client client(ioc.get_executor(), client_config(server.url()));
    const auto r = run(ioc, client.start_sync_execution(echo_flow(), {.timeout = 5s}));
    REQUIRE_FALSE(r);
    INFO(r.error().to_string());
    CHECK(r.error().code == errc::retries_exhausted);
    CHECK(r.error().http_status == 500);
    CHECK(r.error().attempts == 3);
    CHECK(server.connections() == 3);
}
