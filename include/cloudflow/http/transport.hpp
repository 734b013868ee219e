/// @file
/// The one seam between the SDK and the network.
#pragma once

#include <cloudflow/http/http.hpp>
#include <cloudflow/result.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>

namespace cloudflow {

/// Sends one HTTP request and returns the answer, whatever its status. Failures of the exchange
/// come back as an Error (never as an exception) whose code says how far the request got:
/// - `connection_failed`: no connection could be made: nothing was sent, a retry is always safe;
/// - `tls_failed`: the handshake or the certificate check failed;
/// - `network_failure`: the connection broke after the request (maybe) reached the server;
/// - `timeout`: `deadline` passed before the whole answer arrived;
/// - `cancelled`: the calling coroutine was cancelled (Asio per-operation cancellation);
/// - `response_too_large`: the answer exceeded a configured limit.
///
/// `Error::cause` may keep the underlying system error. Implementations are safe to call from
/// many coroutines at once.
class Transport {
public:
    /// Destroys the transport.
    virtual ~Transport() = default;
    /// Sends `request` and returns the whole answer, or an Error (see the class) when `deadline` passes or the exchange
    /// fails.
    virtual boost::asio::awaitable<Result<HttpResponse>> send(HttpRequest request,
                                                              std::chrono::steady_clock::time_point deadline) = 0;
};

}  // namespace cloudflow
