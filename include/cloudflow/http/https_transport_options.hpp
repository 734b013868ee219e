/// @file
/// What an HttpsTransport is configured with (ClientConfig::http): timeouts, the pool, TCP
/// keep-alive, limits, the proxy and trust. A header of its own, so that the configuration does not
/// bring the transport with it.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

namespace cloudflow {

/// Timeouts, the connection pool, TCP keep-alive, limits, the proxy and trust of an HttpsTransport.
struct HttpsTransportOptions {
    /// Establishing a TCP connection (name resolution included).
    std::chrono::milliseconds connect_timeout{5'000};
    /// The TLS handshake, after the TCP connection.
    std::chrono::milliseconds tls_handshake_timeout{10'000};
    /// Connections per endpoint; calls beyond it wait in line for one to come free (until their
    /// deadline: the wait is part of the attempt's time). When answers take time (a synchronous
    /// execution runs its flow first), calls/s is at most this / answer time: 256 (bench/README.md).
    std::size_t max_connections_per_endpoint = 256;
    /// A pooled connection unused this long is closed rather than reused.
    std::chrono::milliseconds idle_timeout{45'000};
    /// TCP keep-alive on every connection: after `keep_alive_idle` without traffic the kernel
    /// probes the peer every `keep_alive_interval`, and gives the connection up after
    /// `keep_alive_probes` unanswered probes. The defaults notice a dead peer in about a minute,
    /// and the probes keep a long call's flow alive through NAT gateways and load balancers that
    /// drop flows idle for longer than 30 s. Ranges: 1-32767 s, 1-127 probes.
    bool tcp_keep_alive = true;
    std::chrono::seconds keep_alive_idle{30};      ///< the idle time before the first probe
    std::chrono::seconds keep_alive_interval{10};  ///< the time between probes
    int keep_alive_probes = 3;                     ///< the unanswered probes after which the connection is given up
    /// Limits on the answer: an answer over them fails with errc::response_too_large and nothing
    /// of the size the server claims is allocated. The header limit also bounds each header of an
    /// interim (1xx) answer, and all chunk extensions of the body together.
    std::size_t max_response_header_bytes = std::size_t{64} * 1024;
    std::size_t max_response_body_bytes = std::size_t{8} * 1024 * 1024;  ///< the largest body accepted

    /// An HTTP proxy, "http://[user:password@]host:port": HTTPS goes through a CONNECT tunnel,
    /// plain HTTP is forwarded. Empty: from HTTPS_PROXY / HTTP_PROXY (any case) when
    /// proxy_from_environment; loopback hosts never use a proxy from the environment.
    std::string proxy{};
    /// Hosts that bypass the proxy: comma-separated names, domains (.example.com), addresses or *.
    /// Empty: NO_PROXY (any case), when the proxy itself comes from the environment.
    std::string no_proxy{};
    bool proxy_from_environment = true;  ///< whether an empty `proxy` is taken from HTTPS_PROXY / HTTP_PROXY

    /// Trust: the system's trust store, plus these when set (a PEM file, or PEM text).
    std::string ca_file{};
    std::string ca_pem{};  ///< PEM text of certificates to trust, besides the system's
    /// Turns certificate and host name verification OFF. Only for tests against a loopback server
    /// with a self-signed certificate: never in production.
    bool insecure_skip_tls_verify_for_testing_only = false;
};

}  // namespace cloudflow
