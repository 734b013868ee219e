// The HTTP requests cloudflow-local sends for Task states (HTTP:Request, FC:InvokeFunction): to
// loopback hosts always, to other hosts only when --allow-http-host names them; each bounded by
// a deadline and a response size limit. One transport (the SDK's HttpsTransport: keep-alive, TLS
// verified) serves every request of the emulator.
#pragma once

#include "lang/problem.hpp"

#include <cloudflow/http/transport.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cloudflow::local {

struct OutboundOptions {
    std::vector<std::string> allowed_hosts;  // --allow-http-host, besides loopback (exact, case-insensitive)
    std::size_t max_response_bytes = std::size_t{1024} * 1024;
    std::chrono::milliseconds max_exchange{60'000};  // one exchange, even when the Task has no Timeout
};

struct OutboundRequest {
    std::string url;  // http:// or https://
    std::string method;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

struct OutboundResponse {
    int status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};

// Whether `url` is a URL Outbound can send to, whatever its host: an absolute http:// or https://
// URL with a host and no user information (a fragment is dropped). The Problem's `what` reads
// after the URL's name ("must be an http:// or https:// URL"), its `where` is empty. Used where
// no Outbound is at hand: validation of literal Parameters, the config's "functions".
Checked<void> check_url_form(const std::string& url);

class Outbound {
public:
    Outbound(boost::asio::any_io_executor executor, OutboundOptions options);

    // Whether the URL's host may be called: a Problem that names the host and the flag otherwise,
    // or names what is wrong with the URL.
    Checked<void> check_url(const std::string& url) const;

    // Sends `request`, within `deadline` and options' max_exchange. A Problem says what failed
    // (host not allowed, connection refused, no answer in time, answer too large), with no secret.
    boost::asio::awaitable<Checked<OutboundResponse>> send(OutboundRequest request,
                                                           std::chrono::steady_clock::time_point deadline);

    const OutboundOptions& options() const { return options_; }

private:
    OutboundOptions options_;
    std::shared_ptr<Transport> transport_;
};

}  // namespace cloudflow::local
