// An HttpsTransport's exchange with the answer written into the caller's result: what a Client's
// call awaits on its default transport, so that the answer is kept once, in the call's frame (the
// public send keeps it in its own frame and returns it).
#pragma once

#include <cloudflow/http/http.hpp>
#include <cloudflow/result.hpp>

#include <boost/asio/awaitable.hpp>

#include <chrono>

namespace cloudflow::detail {

class HttpsTransportImpl;

// HttpsTransport::send into `result`: `transport` (kept alive by the caller) and `request` must
// live until it completes; the request is sent as it is (again, on a new connection, if a pooled
// one the server had closed fails before any answer).
boost::asio::awaitable<void> exchange(HttpsTransportImpl& transport, HttpRequest& request,
                                      std::chrono::steady_clock::time_point deadline, Result<HttpResponse>& result);

}  // namespace cloudflow::detail
