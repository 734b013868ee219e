// cloudflow-local's HTTP(S) server: Boost.Beast, keep-alive, many connections, graceful stop.
#pragma once

#include "service.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/beast/core/tcp_stream.hpp>

#include <cstdint>
#include <list>
#include <memory>
#include <optional>
#include <string>

namespace cloudflow::local {

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;     // 0: a free port
    std::string tls_cert_file;  // PEM certificate chain; with tls_key_file: HTTPS
    std::string tls_key_file;
    std::chrono::seconds idle_timeout{60};  // a keep-alive connection idle this long is closed
    bool access_log = true;                 // one line per request on stdout
};

class Server {
public:
    // Binds and listens; throws std::runtime_error with the reason when it cannot.
    Server(boost::asio::io_context& ioc, Service& service, ServerOptions options);
    ~Server();

    std::uint16_t port() const { return port_; }
    std::string url() const;

    void start();
    // Stops accepting, closes idle connections and lets answers in progress finish.
    void stop();
    // Connections open now.
    std::size_t connections() const { return sessions_.size(); }
    // Accepts that failed (e.g. at the file-descriptor limit), each followed by a pause.
    std::size_t accept_failures() const { return accept_failures_; }

    // The pause after a failed accept, and the limit on a request's header (and on all chunk
    // extensions of its body).
    static constexpr std::chrono::milliseconds accept_backoff{20};
    static constexpr std::size_t header_limit = 16 * 1024;
    static constexpr std::size_t read_room = 8 * 1024;  // a connection's read buffer, reserved at once

private:
    struct Session;
    boost::asio::awaitable<void> accept_loop();
    template <class Stream>
    boost::asio::awaitable<void> serve(Stream& stream, Session& session);
    static boost::asio::awaitable<void> linger(boost::beast::tcp_stream& tcp);
    boost::asio::awaitable<void> run_session(boost::asio::ip::tcp::socket socket);

    boost::asio::io_context& ioc_;
    Service& service_;
    ServerOptions options_;
    boost::asio::ip::tcp::acceptor acceptor_;
    std::optional<boost::asio::ssl::context> tls_;
    std::uint16_t port_ = 0;
    bool stopping_ = false;
    std::size_t accept_failures_ = 0;
    std::list<Session*> sessions_;
};

}  // namespace cloudflow::local
