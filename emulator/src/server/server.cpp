#include "server/server.hpp"

#include <cloudflow/detail/header_text.hpp>
#include <cloudflow/model/timestamp.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/ssl/stream.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <array>
#include <iostream>
#include <iterator>
#include <sstream>
#include <stdexcept>

namespace cloudflow::local {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using boost::system::error_code;

namespace {
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

// The Date header's text for now, formatted once a second per thread: the answers of one second
// share it. Valid until the thread asks in another second.
std::string_view date_now()
{
    struct Last {
        std::chrono::sys_seconds second{std::chrono::sys_seconds::min()};
        std::string text;
    };
    thread_local Last last;
    const auto second = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    if (second != last.second) {
        last.text = format_http_date(second);
        last.second = second;
    }
    return last.text;
}

}  // namespace

struct Server::Session {
    beast::tcp_stream* tcp = nullptr;
    bool busy = false;
};

Server::Server(asio::io_context& ioc, Service& service, ServerOptions options)
    : ioc_(ioc), service_(service), options_(std::move(options)), acceptor_(ioc)
{
    error_code ec;
    const auto address = asio::ip::make_address(options_.host, ec);
    if (ec) throw std::runtime_error("--host " + options_.host + " is not an IP address");
    const tcp::endpoint endpoint(address, options_.port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    if (ec)
        throw std::runtime_error("cannot listen on " + options_.host + ":" + std::to_string(options_.port) + ": " +
                                 ec.message());
    port_ = acceptor_.local_endpoint().port();

    if (!options_.tls_cert_file.empty() || !options_.tls_key_file.empty()) {
        if (options_.tls_cert_file.empty() || options_.tls_key_file.empty())
            throw std::runtime_error("HTTPS needs both --tls-cert and --tls-key");
        tls_.emplace(asio::ssl::context::tls_server);
        tls_->use_certificate_chain_file(options_.tls_cert_file, ec);
        if (ec) throw std::runtime_error("cannot load the certificate " + options_.tls_cert_file + ": " + ec.message());
        tls_->use_private_key_file(options_.tls_key_file, asio::ssl::context::pem, ec);
        if (ec) throw std::runtime_error("cannot load the key " + options_.tls_key_file + ": " + ec.message());
    }
}

Server::~Server() = default;

std::string Server::url() const
{
    const std::string host = options_.host.find(':') != std::string::npos ? "[" + options_.host + "]" : options_.host;
    return (tls_ ? "https://" : "http://") + host + ":" + std::to_string(port_);
}

void Server::start()
{
    asio::co_spawn(ioc_, accept_loop(), asio::detached);
}

void Server::stop()
{
    if (stopping_) return;
    stopping_ = true;
    error_code ignored;
    acceptor_.close(ignored);
    for (Session* s : sessions_)
        if (!s->busy) s->tcp->socket().close(ignored);  // idle: waiting for the next request
}

asio::awaitable<void> Server::accept_loop()
{
    while (!stopping_) {
        auto [ec, socket] = co_await acceptor_.async_accept(use_tuple);
        if (ec) {
            if (stopping_ || ec == asio::error::operation_aborted) co_return;
            // Out of file descriptors (or another failure the next try would repeat at once): the
            // pending connection stays in the backlog. Wait a little, so the loop does not spin,
            // and keep serving the connections there are; closing one frees a descriptor.
            ++accept_failures_;
            asio::steady_timer pause(ioc_, accept_backoff);
            co_await pause.async_wait(use_tuple);
            continue;
        }
        // Answers go out at once: without it, an answer written in two pieces on a new connection
        // waits ~40 ms for the client's delayed ACK.
        socket.set_option(tcp::no_delay(true), ec);
        asio::co_spawn(ioc_, run_session(std::move(socket)), asio::detached);
    }
}

asio::awaitable<void> Server::run_session(tcp::socket socket)
{
    Session session;
    sessions_.push_back(&session);
    try {
        if (tls_) {
            beast::ssl_stream<beast::tcp_stream> stream(std::move(socket), *tls_);
            session.tcp = &beast::get_lowest_layer(stream);
            session.tcp->expires_after(std::chrono::seconds(10));
            auto [ec] = co_await stream.async_handshake(asio::ssl::stream_base::server, use_tuple);
            if (!ec) co_await serve(stream, session);
        } else {
            beast::tcp_stream stream(std::move(socket));
            session.tcp = &stream;
            co_await serve(stream, session);
        }
    } catch (const std::exception&) {
        // A connection's failure ends that connection only.
    }
    sessions_.remove(&session);
}

// After refusing a body that is too large: stop sending, and read and drop what the client is
// still sending (for 2 s at most), so that it gets to read the refusal instead of a reset.
asio::awaitable<void> Server::linger(beast::tcp_stream& tcp)
{
    error_code ignored;
    tcp.socket().shutdown(tcp::socket::shutdown_send, ignored);
    tcp.expires_after(std::chrono::seconds(2));
    char scratch[16 * 1024];
    for (;;) {
        auto [ec, n] = co_await tcp.async_read_some(asio::buffer(scratch), use_tuple);
        if (ec) break;
    }
}

template <class Stream>
asio::awaitable<void> Server::serve(Stream& stream, Session& session)
{
    // Bounded, so that nothing a client makes the parser wait for (a header, a chunk header and
    // its extensions) grows without limit.
    beast::flat_buffer buffer(header_limit + 64 * 1024);
    // Beast reads as much as the buffer has room for, and at least 512 bytes: a buffer left at its
    // first 512 would take a signed request (about 600 bytes) in two reads, a system call each.
    buffer.reserve(read_room);
    for (;;) {
        session.busy = false;
        if (stopping_) break;
        http::request_parser<http::string_body> parser;
        parser.header_limit(header_limit);
        parser.body_limit(service_.config().max_request_bytes);
        // Chunk extensions count, all together, against the header limit.
        std::size_t extension_bytes = 0;
        auto on_chunk_header = [&](std::uint64_t, std::string_view extensions, error_code& cec) {
            extension_bytes += extensions.size();
            if (extension_bytes > header_limit) cec = http::error::header_limit;
        };
        parser.on_chunk_header(on_chunk_header);
        session.tcp->expires_after(options_.idle_timeout);
        auto [ec, n] = co_await http::async_read(stream, buffer, parser, use_tuple);
        session.busy = true;

        ServiceReply reply;
        bool keep_alive = false;
        if (ec == http::error::body_limit) {
            reply = service_.entity_too_large();
        } else if (ec == http::error::header_limit || ec == http::error::buffer_overflow) {
            reply = service_.headers_too_large();
        } else if (ec) {
            break;  // closed, timed out, or not HTTP
        } else {
            auto& req = parser.get();
            keep_alive = req.keep_alive();
            ServiceRequest request{std::string(req.method_string()),
                                   std::string(req.target()),
                                   std::string(req[http::field::content_type]),
                                   req.find(http::field::host) != req.end(),
                                   std::move(req.body()),
                                   {}};
            request.headers.reserve(static_cast<std::size_t>(std::distance(req.begin(), req.end())));
            for (const auto& field : req) request.headers.emplace_back(field.name_string(), field.value());
            reply = co_await service_.handle(std::move(request));
        }
        if (options_.access_log) std::cout << "cloudflow-local: " << reply.summary << std::endl;
        if (reply.latency.count() > 0) {
            asio::steady_timer timer(co_await asio::this_coro::executor, reply.latency);
            co_await timer.async_wait(use_tuple);
        }

        http::response<http::string_body> res{static_cast<http::status>(reply.status), 11};
        res.set(http::field::server, "cloudflow-local");
        res.set(http::field::date, date_now());
        res.set(http::field::content_type, "application/json;charset=utf-8");
        res.keep_alive(keep_alive && !stopping_);
        res.body() = std::move(reply.body);
        res.prepare_payload();
        session.tcp->expires_after(std::chrono::seconds(30));

        if (reply.drop) {
            // Half of the answer, then the connection goes: the client sees a broken exchange.
            std::ostringstream os;
            os << res;
            const std::string wire = os.str();
            co_await asio::async_write(stream, asio::buffer(wire.data(), wire.size() / 2), use_tuple);
            break;
        }
        // The header as Beast writes it, then header and body in one gathered write.
        const std::string header = detail::header_text(res);
        const std::array<asio::const_buffer, 2> message{asio::buffer(header), asio::buffer(res.body())};
        auto [wec, written] = co_await asio::async_write(stream, message, use_tuple);
        if (wec || !res.keep_alive()) {
            if (!wec && ec) co_await linger(*session.tcp);  // a refused request: let the client read why
            break;
        }
    }
    error_code ignored;
    session.tcp->socket().shutdown(tcp::socket::shutdown_both, ignored);
}

}  // namespace cloudflow::local
