// HttpsTransport: Boost.Beast over plain TCP or asio::ssl::stream, with a keep-alive pool per
// endpoint. An exchange runs in the calling coroutine, on its executor (no strand, no spawn):
// calls on many threads do their I/O in parallel. The pools are guarded by one mutex, held for a
// few instructions at a time, and a connection that comes free goes straight to the oldest call
// waiting for one (first in, first out).
#include <cloudflow/detail/header_text.hpp>
#include <cloudflow/http/https_transport.hpp>

#include "http/http_reader.hpp"
#include "http/https_exchange.hpp"
#include "http/proxy.hpp"
#include "util/cancelled.hpp"
#include "util/deadline.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include <netinet/in.h>
#include <netinet/tcp.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <deque>
#include <map>
#include <mutex>

namespace cloudflow {
namespace detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using boost::system::error_code;

namespace {

constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

Error failure(errc code, std::string message, error_code cause = {})
{
    Error e = make_error(code, std::move(message));
    e.cause = cause;
    return e;
}

bool is_ip_address(const std::string& host)
{
    error_code ec;
    (void)asio::ip::make_address(host, ec);
    return !ec;
}

// What to do about a certificate OpenSSL refused, in words.
std::string verify_hint(long verify, const std::string& host)
{
    switch (verify) {
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH: return "the certificate is not valid for the host " + host;
    case X509_V_ERR_CERT_HAS_EXPIRED: return "the certificate's validity period has ended";
    case X509_V_ERR_CERT_NOT_YET_VALID: return "the certificate's validity period has not begun";
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
        return "the certificate is self-signed and not trusted; trust it with ca_file or ca_pem";
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
        return "the certificate's issuer is unknown; trust its CA with ca_file or ca_pem";
    default: return "the certificate of " + host + " is not trusted";
    }
}

// Throws invalid_config naming the first option out of range.
void check_options(const HttpsTransportOptions& o)
{
    const auto refuse = [](const std::string& field, const std::string& rule) {
        throw Exception(make_error(errc::invalid_config, "http." + field + " " + rule, "http." + field));
    };
    for (const auto& [field, value] :
         {std::pair<const char*, std::chrono::milliseconds>{"connect_timeout", o.connect_timeout},
          {"tls_handshake_timeout", o.tls_handshake_timeout},
          {"idle_timeout", o.idle_timeout}})
        if (value < std::chrono::milliseconds(1)) refuse(field, "must be at least 1 ms");
    if (o.max_connections_per_endpoint < 1) refuse("max_connections_per_endpoint", "must be at least 1");
    // The ranges Linux accepts for TCP_KEEPIDLE, TCP_KEEPINTVL and TCP_KEEPCNT.
    if (o.tcp_keep_alive) {
        if (o.keep_alive_idle < std::chrono::seconds(1) || o.keep_alive_idle > std::chrono::seconds(32'767))
            refuse("keep_alive_idle", "must be 1 to 32767 seconds");
        if (o.keep_alive_interval < std::chrono::seconds(1) || o.keep_alive_interval > std::chrono::seconds(32'767))
            refuse("keep_alive_interval", "must be 1 to 32767 seconds");
        if (o.keep_alive_probes < 1 || o.keep_alive_probes > 127) refuse("keep_alive_probes", "must be 1 to 127");
    }
}

}  // namespace

struct Connection {
    explicit Connection(std::size_t buffer_limit) : buffer(buffer_limit) {}

    std::unique_ptr<beast::tcp_stream> plain;                   // http://
    std::unique_ptr<beast::ssl_stream<beast::tcp_stream>> tls;  // https://
    beast::flat_buffer buffer;                                  // bounded: see read_buffer_limit
    std::optional<ProxyRoute> http_proxy;                       // plain HTTP through a proxy: absolute-form targets
    std::string host;                                           // the Host header of its endpoint
    SteadyClock::time_point idle_since{};
    bool reused = false;

    beast::tcp_stream& lowest() { return tls ? beast::get_lowest_layer(*tls) : *plain; }

    // False when the peer closed the idle connection or sent something unasked (a TLS alert, a
    // stray byte): such a connection is not reused. A system call: asked only of connections
    // idle for a while (see probe_after).
    bool still_open()
    {
        auto& socket = lowest().socket();
        if (!socket.is_open()) return false;
        char byte = 0;
        const auto n = ::recv(socket.native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
        return n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
    }

    void close()
    {
        error_code ignored;
        lowest().socket().shutdown(tcp::socket::shutdown_both, ignored);
        lowest().socket().close(ignored);
    }
};
using ConnectionPtr = std::unique_ptr<Connection>;

// A connection idle for less than this is reused without asking the kernel whether the peer
// closed it: servers close idle connections after seconds, and a request that meets a connection
// closed meanwhile is sent again on a new one (see run).
constexpr auto probe_after = std::chrono::seconds(1);

class HttpsTransportImpl : public std::enable_shared_from_this<HttpsTransportImpl> {
public:
    HttpsTransportImpl(asio::any_io_executor executor, HttpsTransportOptions options)
        : executor_(std::move(executor)), options_(std::move(options)), tls_(ssl::context::tls_client),
          proxy_(proxy_settings(options_.proxy, options_.no_proxy, options_.proxy_from_environment)),
          limits_{options_.max_response_header_bytes, options_.max_response_body_bytes}
    {
        check_options(options_);
        if (!options_.proxy.empty()) {  // an explicit proxy must be usable from the start
            HttpRequest probe{"GET", "https", "cloudflow.invalid", 443, "/", {}, {}};
            ProxySettings every_host = proxy_;
            every_host.no_proxy.clear();  // check the URL even when no_proxy would skip it
            if (auto route = proxy_route(every_host, probe); !route) throw Exception(route.error());
        }
        SSL_CTX_set_min_proto_version(tls_.native_handle(), TLS1_2_VERSION);
        error_code ec;
        tls_.set_default_verify_paths(ec);  // a machine without a trust store still has ca_file / ca_pem
        if (!options_.ca_file.empty()) {
            tls_.load_verify_file(options_.ca_file, ec);
            if (ec) throw Exception(make_error(errc::invalid_config, "cannot load the CA file " + options_.ca_file));
        }
        if (!options_.ca_pem.empty()) {
            tls_.add_certificate_authority(asio::buffer(options_.ca_pem), ec);
            if (ec) throw Exception(make_error(errc::invalid_config, "cannot load the CA certificate PEM"));
        }
    }

    std::size_t open_connections() const { return open_.load(); }

    // HttpsTransport::send: the exchange with its answer returned. `self` (this) keeps the pool
    // alive until the exchange ends, whatever happens to the transport meanwhile.
    asio::awaitable<Result<HttpResponse>> run(std::shared_ptr<HttpsTransportImpl> self, HttpRequest request,
                                              SteadyClock::time_point deadline)
    {
        (void)self;
        Result<HttpResponse> result;  // the exchange writes it first
        co_await exchange(request, deadline, result);
        co_return result;
    }

    // One exchange, in the calling coroutine, its answer (or failure) written into `result`.
    // Cancellation of any type is terminal for it: a cancelled exchange always closes its
    // connection, and Beast's HTTP operations only support terminal cancellation (the client's call
    // loop filters for it; see call<Op>, client/call_definition.hpp). `request` is the caller's and
    // lives until this ends; the caller keeps the pool alive (HttpsTransport::send by `self`, the
    // client by its transport).
    asio::awaitable<void> exchange(HttpRequest& request, SteadyClock::time_point deadline, Result<HttpResponse>& result)
    {
        Pool& pool = pool_for(request);
        // Only what lives across a suspension is in this frame; the steps write into `result`.
        result = make_error(errc::network_failure, "not sent");
        bool answered = false;  // a byte of the answer arrived
        bool keep_alive = false;
        bool resent = false;
        for (;;) {
            // An idle connection without a coroutine of its own; waiting or connecting, with one.
            ConnectionPtr connection = take_idle(pool);
            if (!connection && !co_await acquire(pool, request, deadline, connection, result)) co_return;

            const ReadResult out{result, answered, keep_alive};
            if (connection->tls)
                co_await round_trip(*connection->tls, *connection, request, deadline, out);
            else
                co_await round_trip(*connection->plain, *connection, request, deadline, out);

            if (!settle(pool, std::move(connection), result, answered, keep_alive, resent)) co_return;
            resent = true;
        }
    }

private:
    // A call waiting for a connection. The pool hands it one (or the right to open one) under the
    // mutex and cancels its timer; the timer's expiry is the call's deadline.
    struct Waiter {
        explicit Waiter(const asio::any_io_executor& executor, SteadyClock::time_point deadline)
            : timer(executor, deadline)
        {
        }
        asio::steady_timer timer;
        bool granted = false;
        ConnectionPtr connection;  // granted: this idle connection, or null: open a new one
    };

    struct Pool {
        std::vector<ConnectionPtr> idle;  // most recently used last
        std::size_t open = 0;             // idle, busy and being opened
        std::deque<Waiter*> waiters;      // oldest first
    };

    // After an exchange on `c`: `c` back to the pool, or closed. True when the request goes again,
    // on another connection.
    bool settle(Pool& pool, ConnectionPtr c, const Result<HttpResponse>& result, bool answered, bool keep_alive,
                bool resent)
    {
        const bool reused = c->reused;
        if (result && keep_alive) {
            release(pool, std::move(c));
            return false;
        }
        discard(pool, std::move(c));
        return !resent && send_again(pool, result, reused, answered);
    }

    // A pooled connection the server had closed fails before any answer: the request did not reach
    // a live server, so it goes again (once), after the other idle connections of that server,
    // likely closed too, are dropped.
    bool send_again(Pool& pool, const Result<HttpResponse>& result, bool reused, bool answered)
    {
        if (result || !reused || answered || result.error().code != errc::network_failure) return false;
        std::vector<ConnectionPtr> stale;
        {
            std::lock_guard lock(mutex_);
            stale.swap(pool.idle);
        }
        for (auto& idle : stale) discard(pool, std::move(idle));
        return true;
    }

    Pool& pool_for(const HttpRequest& request)
    {
        std::string key = request.scheme;
        key += "://";
        key += request.host;
        key += ':';
        key += std::to_string(request.port);
        std::lock_guard lock(mutex_);
        return pools_[key];  // std::map: a pool never moves
    }

    // Under the mutex: the most recently used idle connection, else (when `may_open` and the pool
    // has room) the right to open one (true).
    std::pair<ConnectionPtr, bool> grab(Pool& pool, bool may_open)
    {
        std::lock_guard lock(mutex_);
        if (!pool.idle.empty()) {
            ConnectionPtr c = std::move(pool.idle.back());
            pool.idle.pop_back();
            return {std::move(c), false};
        }
        if (!may_open || pool.open >= options_.max_connections_per_endpoint) return {nullptr, false};
        ++pool.open;
        ++open_;
        return {nullptr, true};
    }

    // A usable idle connection, or null when the pool has none (those no longer usable are closed).
    ConnectionPtr take_idle(Pool& pool)
    {
        for (;;) {
            ConnectionPtr c = grab(pool, false).first;
            if (!c) return nullptr;
            if (usable(*c)) {
                c->reused = true;
                return c;
            }
            discard(pool, std::move(c));
        }
    }

    // A connection into `out`, or false with why not in `failed`.
    asio::awaitable<bool> acquire(Pool& pool, const HttpRequest& request, SteadyClock::time_point deadline,
                                  ConnectionPtr& out, Result<HttpResponse>& failed)
    {
        for (;;) {
            auto [c, open_new] = grab(pool, true);
            if (!c && !open_new) {
                // Every connection is busy: wait, in line, until one is handed over or the deadline.
                if (!co_await wait(pool, request, deadline, c, failed)) co_return false;
                open_new = !c;
            }
            if (open_new) {
                if (co_await connect(request, deadline, out, failed)) co_return true;
                discard(pool, nullptr);
                co_return false;
            }
            if (usable(*c)) {
                c->reused = true;
                out = std::move(c);
                co_return true;
            }
            discard(pool, std::move(c));
        }
    }

    // Not idle too long, and (after a while) still open.
    bool usable(Connection& c) const
    {
        const auto now = SteadyClock::now();
        if (now >= saturating_add(c.idle_since, options_.idle_timeout)) return false;
        return now < c.idle_since + probe_after || c.still_open();
    }

    // A connection handed over by release or discard into `granted` (an idle one, or null for the
    // right to open one); false, with why not in `failed`, at the deadline or when cancelled.
    asio::awaitable<bool> wait(Pool& pool, const HttpRequest& request, SteadyClock::time_point deadline,
                               ConnectionPtr& granted, Result<HttpResponse>& failed)
    {
        Waiter waiter(executor_, deadline);
        co_await asio::async_initiate<decltype(use_tuple), void(error_code)>(
            [&](auto handler) {
                // In line under the mutex, and waiting, before anyone can hand it something.
                std::lock_guard lock(mutex_);
                pool.waiters.push_back(&waiter);
                waiter.timer.async_wait(std::move(handler));
            },
            use_tuple);
        co_return waited(pool, waiter, request, deadline, is_cancelled(co_await asio::this_coro::cancellation_state),
                         granted, failed);
    }

    // After the wait: what `waiter` was granted, into `granted` (true), or why not into `failed`
    // (what it was granted passes on to the next in line).
    bool waited(Pool& pool, Waiter& waiter, const HttpRequest& request, SteadyClock::time_point deadline,
                bool cancelled, ConnectionPtr& granted, Result<HttpResponse>& failed)
    {
        {
            std::lock_guard lock(mutex_);
            if (!waiter.granted) std::erase(pool.waiters, &waiter);
        }
        if (waiter.granted && !cancelled && SteadyClock::now() < deadline) {
            granted = std::move(waiter.connection);
            return true;
        }
        if (waiter.granted) hand_over(pool, std::move(waiter.connection));  // to the next in line
        failed = cancelled ? failure(errc::cancelled, "cancelled while waiting for a connection")
                           : failure(errc::timeout,
                                     "the deadline passed while waiting for a free connection to " + request.host);
        return false;
    }

    // Gives `c` (or, null, the right to open a connection) to the oldest waiter; with none waiting
    // `c` goes idle (or the pool has one connection less).
    void hand_over(Pool& pool, ConnectionPtr c)
    {
        std::lock_guard lock(mutex_);
        if (!pool.waiters.empty()) {
            Waiter* w = pool.waiters.front();
            pool.waiters.pop_front();
            w->granted = true;
            w->connection = std::move(c);
            w->timer.cancel();  // serialized with its async_wait by the mutex
            return;
        }
        if (c) {
            pool.idle.push_back(std::move(c));
        } else {
            --pool.open;
            --open_;
        }
    }

    void release(Pool& pool, ConnectionPtr c)
    {
        c->idle_since = SteadyClock::now();
        hand_over(pool, std::move(c));
    }

    // Closes `c` (null: a connection that was never opened) and passes its place on.
    void discard(Pool& pool, ConnectionPtr c)
    {
        if (c) c->close();
        hand_over(pool, nullptr);
    }

    // A new connection for `request` (to its endpoint, or through its proxy) into `out`, or false
    // with why not in `failed`. Only what lives across a suspension is in this frame: the steps
    // between, and the words of every failure, are plain functions.
    asio::awaitable<bool> connect(const HttpRequest& request, SteadyClock::time_point deadline, ConnectionPtr& out,
                                  Result<HttpResponse>& failed)
    {
        const auto connect_deadline = std::min(deadline, saturating_add(SteadyClock::now(), options_.connect_timeout));
        std::optional<ProxyRoute> route;
        std::vector<tcp::endpoint> endpoints;
        if (!plan(request, route, endpoints, failed)) co_return false;
        if (endpoints.empty() && !co_await resolve(request, route, connect_deadline, endpoints, failed))
            co_return false;

        ConnectionPtr c = new_connection(request);
        auto& stream = c->lowest();
        stream.expires_at(connect_deadline);
        auto [cec, peer] = co_await stream.async_connect(endpoints, use_tuple);
        if (const bool cancelled = is_cancelled(co_await asio::this_coro::cancellation_state); cancelled || cec) {
            open_failed(failed, OpenStep::connect, cancelled, cec, request, route);
            co_return false;
        }
        set_keep_alive(stream.socket());

        if (route && c->tls) {
            if (!co_await open_tunnel(stream, *c, request, *route, connect_deadline, failed)) co_return false;
        } else if (route) {
            c->http_proxy = route;
        }

        if (c->tls) {
            if (!expect_certificate(*c, request, failed)) co_return false;
            stream.expires_at(std::min(deadline, saturating_add(SteadyClock::now(), options_.tls_handshake_timeout)));
            auto [hec] = co_await c->tls->async_handshake(ssl::stream_base::client, use_tuple);
            if (const bool cancelled = is_cancelled(co_await asio::this_coro::cancellation_state); cancelled || hec) {
                open_failed(failed, OpenStep::handshake, cancelled, hec, request, route, c->tls->native_handle());
                co_return false;
            }
        }
        stream.expires_never();
        out = std::move(c);
        co_return true;
    }

    // Where a new connection for `request` dials: the proxy's route, if any, into `route`; the
    // address into `endpoints` when the host is one (left empty for a name to resolve). False, with
    // why not in `failed`, for a proxy setting that cannot be used.
    bool plan(const HttpRequest& request, std::optional<ProxyRoute>& route, std::vector<tcp::endpoint>& endpoints,
              Result<HttpResponse>& failed) const
    {
        auto routed = proxy_route(proxy_, request);
        if (!routed) {
            failed = std::move(routed).error();
            return false;
        }
        route = std::move(*routed);
        error_code ec;
        const auto address = asio::ip::make_address(dial_host(request, route), ec);
        if (!ec) endpoints.emplace_back(address, dial_port(request, route));
        return true;
    }

    static const std::string& dial_host(const HttpRequest& request, const std::optional<ProxyRoute>& route)
    {
        return route ? route->proxy.host : request.host;
    }
    static std::uint16_t dial_port(const HttpRequest& request, const std::optional<ProxyRoute>& route)
    {
        return route ? route->proxy.port : request.port;
    }

    // The dialled host's addresses into `endpoints` by `deadline`, or false with why not in `failed`.
    asio::awaitable<bool> resolve(const HttpRequest& request, const std::optional<ProxyRoute>& route,
                                  SteadyClock::time_point deadline, std::vector<tcp::endpoint>& endpoints,
                                  Result<HttpResponse>& failed)
    {
        auto resolver = std::make_shared<tcp::resolver>(executor_);
        auto timer = std::make_shared<asio::steady_timer>(executor_, deadline);
        timer->async_wait([resolver](error_code e) {
            if (!e) resolver->cancel();
        });
        auto [ec, results] = co_await resolver->async_resolve(dial_host(request, route),
                                                              std::to_string(dial_port(request, route)), use_tuple);
        timer->cancel();
        if (const bool cancelled = is_cancelled(co_await asio::this_coro::cancellation_state); cancelled || ec) {
            open_failed(failed, OpenStep::resolve, cancelled, ec, request, route, nullptr, deadline);
            co_return false;
        }
        for (const auto& entry : results) endpoints.push_back(entry.endpoint());
        co_return true;
    }

    ConnectionPtr new_connection(const HttpRequest& request)
    {
        auto c = std::make_unique<Connection>(read_buffer_limit(limits_));
        c->host = host_header(request);
        if (request.scheme == "https")
            c->tls = std::make_unique<beast::ssl_stream<beast::tcp_stream>>(executor_, tls_);
        else
            c->plain = std::make_unique<beast::tcp_stream>(executor_);
        return c;
    }

    // SNI, and the name (or address) the server's certificate must have, on `c`'s TLS stream; false,
    // with why not in `failed`, for a host name OpenSSL cannot verify.
    bool expect_certificate(Connection& c, const HttpRequest& request, Result<HttpResponse>& failed) const
    {
        SSL* ssl = c.tls->native_handle();
        if (!is_ip_address(request.host)) SSL_set_tlsext_host_name(ssl, request.host.c_str());
        if (options_.insecure_skip_tls_verify_for_testing_only) {
            c.tls->set_verify_mode(ssl::verify_none);
            return true;
        }
        // OpenSSL checks the name (or the address) itself, so a mismatch is reported as
        // X509_V_ERR_HOSTNAME_MISMATCH / X509_V_ERR_IP_ADDRESS_MISMATCH, by name.
        X509_VERIFY_PARAM* param = SSL_get0_param(ssl);
        X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
        const int named = is_ip_address(request.host) ? X509_VERIFY_PARAM_set1_ip_asc(param, request.host.c_str())
                                                      : X509_VERIFY_PARAM_set1_host(param, request.host.c_str(), 0);
        if (named != 1) {
            failed = failure(errc::tls_failed, "cannot verify the TLS certificate of " + request.host +
                                                   ": the host name is not usable for verification");
            return false;
        }
        c.tls->set_verify_mode(ssl::verify_peer);
        return true;
    }

    // The steps of opening a connection whose failures open_failed words.
    enum class OpenStep { resolve, connect, handshake };

    // Why `step` of opening a connection for `request` failed (cancelled, or `ec`), into `failed`.
    // `ssl`: the handshake's stream, for the certificate's verification result; `deadline`: the
    // resolution's, to tell a timeout.
    static void open_failed(Result<HttpResponse>& failed, OpenStep step, bool cancelled, error_code ec,
                            const HttpRequest& request, const std::optional<ProxyRoute>& route, SSL* ssl = nullptr,
                            SteadyClock::time_point deadline = {})
    {
        const std::string& host = dial_host(request, route);
        const std::string where = host + ":" + std::to_string(dial_port(request, route)) + (route ? " (proxy)" : "");
        switch (step) {
        case OpenStep::resolve:
            if (cancelled)
                failed = failure(errc::cancelled, "cancelled while resolving " + host);
            else
                failed = failure(errc::connection_failed,
                                 SteadyClock::now() >= deadline ? "resolving " + host + " timed out"
                                                                : "cannot resolve " + host + ": " + ec.message(),
                                 ec);
            return;
        case OpenStep::connect:
            if (cancelled)
                failed = failure(errc::cancelled, "cancelled while connecting to " + where);
            else
                failed = failure(errc::connection_failed,
                                 ec == beast::error::timeout ? "connecting to " + where + " timed out"
                                                             : "cannot connect to " + where + ": " + ec.message(),
                                 ec);
            return;
        case OpenStep::handshake:
            if (cancelled) {
                failed = failure(errc::cancelled, "cancelled during the TLS handshake");
            } else if (ec == beast::error::timeout) {
                failed = failure(errc::connection_failed, "the TLS handshake with " + where + " timed out", ec);
            } else {
                std::string why = ec.message();
                if (const long verify = SSL_get_verify_result(ssl); verify != X509_V_OK)
                    why = std::string("certificate verification failed: ") + X509_verify_cert_error_string(verify) +
                          " (" + verify_hint(verify, request.host) + ")";
                failed = failure(errc::tls_failed, "TLS handshake with " + where + " failed: " + why, ec);
            }
            return;
        }
    }

    // CONNECT host:port through the proxy, into `failed` when it fails; the TLS handshake then runs
    // inside the tunnel.
    asio::awaitable<bool> open_tunnel(beast::tcp_stream& stream, Connection& c, const HttpRequest& request,
                                      const ProxyRoute& route, SteadyClock::time_point deadline,
                                      Result<HttpResponse>& failed)
    {
        const std::string authority =
            (request.host.find(':') != std::string::npos ? "[" + request.host + "]" : request.host) + ":" +
            std::to_string(request.port);
        http::request<http::empty_body> connect{http::verb::connect, authority, 11};
        connect.set(http::field::host, authority);
        if (!route.authorization.empty()) connect.set(http::field::proxy_authorization, route.authorization);
        stream.expires_at(deadline);
        auto [wec, w] = co_await http::async_write(stream, connect, use_tuple);
        http::response_parser<http::empty_body> parser;
        parser.skip(true);  // a CONNECT answer has no body
        error_code rec = wec;
        if (!wec) std::tie(rec, w) = co_await http::async_read_header(stream, c.buffer, parser, use_tuple);
        if (is_cancelled(co_await asio::this_coro::cancellation_state)) {
            failed = failure(errc::cancelled, "cancelled while opening the proxy tunnel");
            co_return false;
        }
        if (rec) {
            failed =
                failure(errc::connection_failed, "the proxy tunnel to " + authority + " failed: " + rec.message(), rec);
            co_return false;
        }
        if (const auto status = parser.get().result_int(); status != 200) {
            failed = failure(errc::connection_failed, "the proxy refused the tunnel to " + authority + " (HTTP " +
                                                          std::to_string(status) +
                                                          (status == 407 ? ": proxy authentication required)" : ")"));
            co_return false;
        }
        co_return true;
    }

    // One request and its answer on `c`, into `out`.
    template <class Stream>
    asio::awaitable<void> round_trip(Stream& stream, Connection& c, HttpRequest& request,
                                     SteadyClock::time_point deadline, ReadResult out)
    {
        out.answered = false;
        out.keep_alive = false;
        // The header as Beast writes it, then header and body in one gathered write: the body is
        // the request's own (it stays there: a request may be sent again). The header's text is
        // freed once written, not kept while the answer is awaited.
        std::string header = request_header(c, request);
        c.lowest().expires_at(deadline);
        const std::array<asio::const_buffer, 2> message{asio::buffer(header), asio::buffer(request.body)};
        auto [wec, written] = co_await asio::async_write(stream, message, use_tuple);
        std::string().swap(header);
        // The failures are written by plain functions: no Error of theirs is kept in this frame.
        const auto cancellation = co_await asio::this_coro::cancellation_state;
        if (wec) {
            exchange_failed(out, is_cancelled(cancellation), wec, "sending the request");
            co_return;
        }
        co_await read_response(stream, c.buffer, limits_, request.method == "HEAD", out);
        if (!out.response) {
            if (is_cancelled(cancellation)) exchange_failed(out, true, {}, "reading the answer");
            out.keep_alive = false;
            co_return;
        }
        c.lowest().expires_never();
    }

    // The request's start line and header, serialized by Beast (with the Host of `c`, keep-alive
    // and the body's Content-Length, as http::async_write would send them).
    static std::string request_header(const Connection& c, HttpRequest& request)
    {
        // Through a plain-HTTP proxy the target is absolute: http://host:port/path.
        const std::string absolute = c.http_proxy ? "http://" + c.host + request.target : std::string();
        http::request<http::string_body> req{
            http::string_to_verb(request.method),
            c.http_proxy ? std::string_view(absolute) : std::string_view(request.target), 11};
        req.set(http::field::host, c.host);
        if (c.http_proxy && !c.http_proxy->authorization.empty())
            req.set(http::field::proxy_authorization, c.http_proxy->authorization);
        for (const auto& [name, value] : request.headers) req.insert(name, value);
        req.body() = std::move(request.body);  // lent for prepare_payload, given back below
        req.keep_alive(true);
        req.prepare_payload();
        std::string text = header_text(req);
        request.body = std::move(req.body());
        return text;
    }

    // Why an exchange failed `during` ("sending the request"), into `out`: cancelled, or the I/O
    // error's kind. Written here, not in round_trip, so the Error is no temporary of its frame.
    static void exchange_failed(const ReadResult& out, bool cancelled, error_code ec, std::string_view during)
    {
        if (cancelled)
            out.response = failure(errc::cancelled, "cancelled while " + std::string(during));
        else
            out.response = io_failure(ec, during);
    }

    // TCP keep-alive probes, so that a long call through a NAT gateway or a load balancer that
    // drops idle flows learns of a dead peer in about idle + interval x probes.
    void set_keep_alive(tcp::socket& socket) const
    {
        error_code ignored;
        socket.set_option(tcp::no_delay(true), ignored);
        if (!options_.tcp_keep_alive) return;
        socket.set_option(asio::socket_base::keep_alive(true), ignored);
        using idle = asio::detail::socket_option::integer<IPPROTO_TCP, TCP_KEEPIDLE>;
        using interval = asio::detail::socket_option::integer<IPPROTO_TCP, TCP_KEEPINTVL>;
        using probes = asio::detail::socket_option::integer<IPPROTO_TCP, TCP_KEEPCNT>;
        socket.set_option(idle(static_cast<int>(options_.keep_alive_idle.count())), ignored);
        socket.set_option(interval(static_cast<int>(options_.keep_alive_interval.count())), ignored);
        socket.set_option(probes(options_.keep_alive_probes), ignored);
    }

    asio::any_io_executor executor_;
    HttpsTransportOptions options_;
    ssl::context tls_;
    std::mutex mutex_;  // guards pools_ and every Pool in it
    std::map<std::string, Pool> pools_;
    ProxySettings proxy_;
    ResponseLimits limits_;
    std::atomic<std::size_t> open_{0};
};

}  // namespace detail

HttpsTransport::HttpsTransport(boost::asio::any_io_executor executor, HttpsTransportOptions options)
    : impl_(std::make_shared<detail::HttpsTransportImpl>(std::move(executor), std::move(options)))
{
}

HttpsTransport::~HttpsTransport() = default;

boost::asio::awaitable<Result<HttpResponse>> HttpsTransport::send(HttpRequest request,
                                                                  std::chrono::steady_clock::time_point deadline)
{
    // The exchange keeps the pool alive, whatever happens to this transport: impl_ is copied now,
    // not when the returned awaitable is first resumed.
    return impl_->run(impl_, std::move(request), deadline);
}

namespace detail {

boost::asio::awaitable<void> exchange(HttpsTransportImpl& transport, HttpRequest& request,
                                      std::chrono::steady_clock::time_point deadline, Result<HttpResponse>& result)
{
    return transport.exchange(request, deadline, result);
}

}  // namespace detail

std::size_t HttpsTransport::open_connections() const
{
    return impl_->open_connections();
}

}  // namespace cloudflow
