// Checks a request's RPC signature V1 as the service does: known key, fresh timestamp, unused
// nonce, matching HMAC-SHA1.
#pragma once

#include "config.hpp"

#include <cloudflow/parameters.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <unordered_map>
#include <variant>

namespace cloudflow::local {

// A refusal: the HTTP status, the service's Code and Message.
struct Refusal {
    int status;
    std::string code;
    std::string message;
};

class SignatureVerifier {
public:
    explicit SignatureVerifier(const EmulatorConfig& config) : config_(config) {}

    // The key that signed `params` (every parameter, Signature included) for `method`, or why the
    // request is refused. A nonce that passes is remembered for the timestamp window.
    std::variant<const AccessKey*, Refusal> verify(std::string_view method, const Parameters& params,
                                                   std::chrono::system_clock::time_point now);

private:
    const EmulatorConfig& config_;
    std::unordered_map<std::string, std::chrono::system_clock::time_point> nonces_;  // nonce -> when it expires
    void forget_expired(std::chrono::system_clock::time_point now);
};

}  // namespace cloudflow::local
