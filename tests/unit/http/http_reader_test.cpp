// read_response: one answer read from a stream, in as few reads as the answer allows.
#include "http/http_reader.hpp"

#include <catch2/catch.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/local/connect_pair.hpp>
#include <boost/asio/local/stream_protocol.hpp>
#include <boost/asio/write.hpp>

#include <string>

using namespace cloudflow;
namespace asio = boost::asio;

// Named: a type in an anonymous namespace may not be a member of read_response's coroutine frame.
namespace http_reader_test {

// A stream that counts the reads asked of it (each one a system call on a socket).
class CountingStream {
public:
    using executor_type = asio::local::stream_protocol::socket::executor_type;
    explicit CountingStream(asio::local::stream_protocol::socket& socket) : socket_(socket) {}
    executor_type get_executor() { return socket_.get_executor(); }
    template <class Buffers, class Token>
    auto async_read_some(const Buffers& buffers, Token&& token)
    {
        ++reads;
        return socket_.async_read_some(buffers, std::forward<Token>(token));
    }
    int reads = 0;

private:
    asio::local::stream_protocol::socket& socket_;
};

}  // namespace http_reader_test

namespace {

// The answer with a body of `body_size` bytes, read by read_response through a fresh 512-byte
// buffer (as a new connection's): the reads it took, and the buffer's capacity after it.
std::pair<int, std::size_t> read_answer(std::size_t body_size, int answers = 1)
{
    asio::io_context io;
    asio::local::stream_protocol::socket server(io), client(io);
    asio::local::connect_pair(server, client);
    const std::string body(body_size, 'x');
    std::string wire;
    for (int i = 0; i < answers; ++i)
        wire += "HTTP/1.1 200 OK\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    asio::write(server, asio::buffer(wire));

    const detail::ResponseLimits limits;
    boost::beast::flat_buffer buffer(detail::read_buffer_limit(limits));
    http_reader_test::CountingStream stream(client);
    int completed = 0;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            for (int i = 0; i < answers; ++i) {
                Result<HttpResponse> response = make_error(errc::network_failure, "not read");
                bool answered = false, keep_alive = false;
                co_await detail::read_response(stream, buffer, limits, false, {response, answered, keep_alive});
                REQUIRE(response);
                CHECK(response->body == body);
                ++completed;
            }
        },
        asio::detached);
    io.run();
    CHECK(completed == answers);
    return {stream.reads, buffer.capacity()};
}

}  // namespace

TEST_CASE("read_response: a large answer takes few reads, not one per 512 bytes", "[http]")
{
    // Beast reads as much as the buffer has room for (512 bytes at least): left at a new
    // connection's 512 bytes, 24 KB took 48 reads.
    const auto [reads, capacity] = read_answer(24 * 1024);
    CHECK(reads <= 3);
    // The room made for it is not kept past the answer: an idle connection holds little.
    CHECK(capacity <= detail::retained_read_buffer);
}

TEST_CASE("read_response: small answers one read each", "[http]")
{
    CHECK(read_answer(300).first == 1);
    // Two answers already waiting (the second behind the first in the buffer): still one read each at most.
    CHECK(read_answer(100, 2).first <= 2);
}
