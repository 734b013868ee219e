// cloudflow-bench-server: a fixed-answer HTTP(S) server for the loopback benchmarks, cheap enough
// not to be the bottleneck: one thread, Beast's parser for the request, one prebuilt answer (a
// typical StartSyncExecution body) written as it is. It does not check signatures.
//
//   cloudflow-bench-server [--port N] [--tls-cert FILE --tls-key FILE] [--delay-ms N] [--close]
//                          [--quiet] [--stop-on-stdin-close]
//
// --delay-ms holds every answer that long (the memory benchmark's calls in flight); --close
// answers with `Connection: close` and closes (a new connection per call). Prints
// "cloudflow-bench-server listening on URL" once it accepts connections.
#include "support/workload.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct Options {
    std::uint16_t port = 0;
    std::string cert, key;
    std::chrono::milliseconds delay{0};
    bool close = false;
};

std::string prebuilt_answer(bool close)
{
    const std::string_view body = cloudflow::bench::answer_body;
    std::string out = "HTTP/1.1 200 OK\r\nContent-Type: application/json;charset=utf-8\r\n";
    out += "x-acs-request-id: 4C3D8E2A-8F1B-4E8B-9B9A-2F6C1D0E7A55\r\n";
    if (close) out += "Connection: close\r\n";
    out += "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n";
    out += body;
    return out;
}

template <class Stream>
asio::awaitable<void> serve(Stream& stream, const Options& options, const std::string& answer)
{
    beast::flat_buffer buffer;
    for (;;) {
        http::request_parser<http::string_body> parser;
        parser.body_limit(1 << 20);
        auto [ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple);
        if (ec) co_return;
        if (options.delay.count() > 0) {
            asio::steady_timer hold(stream.get_executor(), options.delay);
            co_await hold.async_wait(use_tuple);
        }
        auto [wec, written] = co_await asio::async_write(stream, asio::buffer(answer), use_tuple);
        if (wec || options.close || !parser.get().keep_alive()) co_return;
    }
}

asio::awaitable<void> session(tcp::socket socket, asio::ssl::context* tls, const Options& options,
                              const std::string& answer)
{
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);
    if (tls) {
        beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *tls);
        auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, use_tuple);
        if (!ec) co_await serve(stream, options, answer);
        beast::get_lowest_layer(stream).socket().shutdown(tcp::socket::shutdown_both, ignored);
    } else {
        beast::tcp_stream stream(std::move(socket));
        co_await serve(stream, options, answer);
        stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    }
}

asio::awaitable<void> accept_loop(tcp::acceptor& acceptor, asio::ssl::context* tls, const Options& options,
                                  const std::string& answer)
{
    for (;;) {
        auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
        if (ec == asio::error::operation_aborted) co_return;
        if (ec) {  // out of descriptors: pause rather than spin
            asio::steady_timer pause(acceptor.get_executor(), std::chrono::milliseconds(20));
            co_await pause.async_wait(use_tuple);
            continue;
        }
        asio::co_spawn(acceptor.get_executor(), session(std::move(socket), tls, options, answer), asio::detached);
    }
}

[[noreturn]] void usage(const std::string& message)
{
    std::cerr << "cloudflow-bench-server: " << message << "\n";
    std::exit(2);
}

}  // namespace

int main(int argc, char** argv)
{
    Options options;
    bool stop_on_stdin_close = false;
    for (int i = 1; i < argc; ++i) {
        const std::string flag = argv[i];
        const auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(flag + " needs a value");
            return argv[++i];
        };
        if (flag == "--port")
            options.port = static_cast<std::uint16_t>(std::stoi(value()));
        else if (flag == "--tls-cert")
            options.cert = value();
        else if (flag == "--tls-key")
            options.key = value();
        else if (flag == "--delay-ms")
            options.delay = std::chrono::milliseconds(std::stoi(value()));
        else if (flag == "--close")
            options.close = true;
        else if (flag == "--stop-on-stdin-close")
            stop_on_stdin_close = true;
        else if (flag != "--quiet")
            usage("unknown option " + flag);
    }

    // Every connection of the memory benchmark is open at once.
    rlimit files{};
    if (::getrlimit(RLIMIT_NOFILE, &files) == 0) {
        files.rlim_cur = files.rlim_max;
        ::setrlimit(RLIMIT_NOFILE, &files);
    }

    asio::io_context ioc(1);
    std::optional<asio::ssl::context> tls;
    if (!options.cert.empty()) {
        tls.emplace(asio::ssl::context::tls_server);
        tls->use_certificate_chain_file(options.cert);
        tls->use_private_key_file(options.key, asio::ssl::context::pem);
    }
    tcp::acceptor acceptor(ioc, {asio::ip::make_address("127.0.0.1"), options.port});
    acceptor.listen(asio::socket_base::max_listen_connections);
    const std::string answer = prebuilt_answer(options.close);
    asio::co_spawn(ioc, accept_loop(acceptor, tls ? &*tls : nullptr, options, answer), asio::detached);

    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    signals.async_wait([&](auto, int) { ioc.stop(); });
    asio::posix::stream_descriptor input(ioc, ::dup(STDIN_FILENO));
    char byte = 0;
    if (stop_on_stdin_close) input.async_read_some(asio::buffer(&byte, 1), [&](auto, std::size_t) { ioc.stop(); });

    std::cout << "cloudflow-bench-server listening on " << (tls ? "https" : "http")
              << "://127.0.0.1:" << acceptor.local_endpoint().port() << std::endl;
    ioc.run();
}
