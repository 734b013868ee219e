/// @file
/// The network transport: HTTP/1.1 over TLS (OpenSSL) or plain TCP, with a keep-alive pool.
#pragma once

#include <cloudflow/http/https_transport_options.hpp>
#include <cloudflow/http/transport.hpp>

#include <boost/asio/any_io_executor.hpp>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

namespace cloudflow {

namespace detail {
class ClientImpl;
class HttpsTransportImpl;
}  // namespace detail

/// Sends requests to `https://` (TLS 1.2+, SNI, certificate and host name verification) and
/// `http://` endpoints. Safe to share between many coroutines on any number of threads: each
/// exchange runs in its caller's coroutine, and the pool of connections is shared. When every
/// connection to an endpoint is busy, calls wait in line (first come, first served) for one to
/// come free, until their deadline. Cancellation: terminal (Client calls turn any type into it).
/// Uses the real steady clock for deadlines.
class HttpsTransport final : public Transport {
public:
    /// Throws cloudflow::Exception (invalid_config, with the option in Error::field) when an option
    /// is out of range (a timeout under 1 ms, keep-alive values Linux refuses) or the CA file or
    /// PEM cannot be loaded. Timeouts too long for the clock mean "no limit".
    explicit HttpsTransport(boost::asio::any_io_executor executor, HttpsTransportOptions options = {});
    ~HttpsTransport() override;

    /// Sends `request` over a pooled or new connection, as Transport::send says.
    boost::asio::awaitable<Result<HttpResponse>> send(HttpRequest request,
                                                      std::chrono::steady_clock::time_point deadline) override;

    /// Connections open now (idle and busy), for tests and metrics.
    std::size_t open_connections() const;

private:
    friend class detail::ClientImpl;  // a client's calls write the answer into their own frame
    std::shared_ptr<detail::HttpsTransportImpl> impl_;
};

}  // namespace cloudflow
