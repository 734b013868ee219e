// The floor the SDK is measured against: a bare Boost.Beast keep-alive client, one connection per
// worker, that signs each StartSyncExecution with a minimal inline V1 signer (fixed parameter
// order, a reused HMAC context), sends it and parses the answer's JSON. No validation, no typed
// decoding, no retries, no pool: the least code that makes the same call.
#pragma once

#include "support/load.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <string>

namespace cloudflow::bench {

// `url`: http://127.0.0.1:PORT or https://127.0.0.1:PORT (trusting `ca_file`).
CallFn make_floor_calls(boost::asio::any_io_executor executor, const std::string& url, const std::string& ca_file,
                        int workers);

}  // namespace cloudflow::bench
