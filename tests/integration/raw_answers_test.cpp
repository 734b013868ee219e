// The transport against a loopback server that writes raw bytes: interim (1xx) answers and chunk
// extensions, which a well-behaved server never sends (issue 7, defects 2 and 3).
#include "integration/fixture.hpp"
#include "support/process.hpp"
#include "support/raw_server.hpp"
#include "support/run.hpp"

#include <boost/asio/io_context.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <sys/socket.h>

using namespace cloudflow;
using namespace cloudflow::test;
using namespace std::chrono_literals;

// Defect 3: the CLI reported HttpStatus 100.
TEST_CASE("raw answers: 100 Continue and 103 Early Hints before the answer are skipped", "[integration][raw]")
{
    RawServer server([](const RawServer::Connection& c) {
        c.send("HTTP/1.1 100 Continue\r\n\r\n");
        c.send("HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n");
        c.send(good_answer());
    });
    boost::asio::io_context ioc;
    Client client(ioc.get_executor(), client_config(server.url()));
    const auto r = run(ioc, client.start_sync_execution(echo_flow()));
    REQUIRE(r);
    CHECK(r->request_id == "R");
    CHECK(r->status == ExecutionStatus::succeeded);
}

TEST_CASE("raw answers: endless interim answers are malformed_response, not retried", "[integration][raw]")
{
    RawServer server([](const RawServer::Connection& c) {
        for (int i = 0; i < 100; ++i) c.send("HTTP/1.1 100 Continue\r\n\r\n");
    });
    boost::asio::io_context ioc;
    Client client(ioc.get_executor(), client_config(server.url()));
    const auto r = run(ioc, client.start_sync_execution(echo_flow(), {.timeout = 5s}));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::malformed_response);
    CHECK(r.error().message.find("interim (1xx) answers") != std::string::npos);
    CHECK(r.error().attempts == 1);
}

// Defect 2: a 64 MiB chunk extension made the client use 140 MiB past its limits.
TEST_CASE("raw answers: a chunk-extension flood is response_too_large, and memory stays bounded", "[integration][raw]")
{
    std::atomic<std::size_t> sent{0};
    RawServer server([&](const RawServer::Connection& c) {
        c.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n5;a=");
        const std::string flood(64 * 1024, 'x');
        for (int i = 0; i < 1024 && !c.stopping; ++i) {  // 64 MiB at most
            const ssize_t n = ::send(c.fd, flood.data(), flood.size(), MSG_NOSIGNAL);
            if (n <= 0) break;
            sent += static_cast<std::size_t>(n);
        }
    });
    boost::asio::io_context ioc;
    const long before = memory_in_use_kib();
    Client client(ioc.get_executor(), client_config(server.url()));
    const auto r = run(ioc, client.start_sync_execution(echo_flow(), {.timeout = 20s}));
    const long after = memory_in_use_kib();
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::response_too_large);
    CHECK(r.error().attempts == 1);
    INFO(memory_in_use_name() << " " << before << " KiB before, " << after << " KiB after; the server sent " << sent
                              << " bytes");
    // The client stopped reading early: the server's sends block once the socket buffers are full
    // (it read all 64 MiB before the fix).
    CHECK(sent < 16u * 1024 * 1024);
    CHECK(after - before < 16 * 1024);  // RSS, or the live heap in a sanitizer build

    // A small extension is fine.
    RawServer polite([](const RawServer::Connection& c) {
        c.send("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
               "Connection: close\r\n\r\n");
        std::ostringstream chunk;
        chunk << std::hex << good_body().size() << ";name=value\r\n" << good_body() << "\r\n0\r\n\r\n";
        c.send(chunk.str());
    });
    Client ok(ioc.get_executor(), client_config(polite.url()));
    CHECK(run(ioc, ok.start_sync_execution(echo_flow())));
}
