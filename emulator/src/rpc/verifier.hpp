// Checks a request's RPC signature V1 as the service does: known key, fresh timestamp, unused
// nonce, matching HMAC-SHA1.
#pragma once

#include "rpc/nonce_memory.hpp"
#include "rpc/replies.hpp"
#include "state/config.hpp"

#include <cloudflow/http/http.hpp>
#include <cloudflow/rpc/parameters.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <variant>

namespace cloudflow::local {

class SignatureVerifier {
public:
    // The most nonces remembered at once (about 50 MB); past it, the oldest are forgotten before
    // their window ends.
    static constexpr std::size_t max_remembered_nonces = 1'000'000;

    explicit SignatureVerifier(const EmulatorConfig& config) : config_(config), nonces_(max_remembered_nonces) {}

    // The key that signed `params` (every parameter, Signature included) for `method`, or why the
    // request is refused. A nonce that passes is remembered for the timestamp window.
    std::variant<const AccessKey*, Refusal> verify(std::string_view method, const Parameters& params,
                                                   std::chrono::system_clock::time_point now);

    // The same for a V3 (ACS3-HMAC-SHA256) request: the Authorization header, the headers it
    // names, the query of `target` and the body.
    std::variant<const AccessKey*, Refusal> verify_v3(std::string_view method, std::string_view target,
                                                      const Headers& headers, std::string_view body,
                                                      std::chrono::system_clock::time_point now);

    // Nonces remembered now.
    std::size_t remembered_nonces() const { return nonces_.size(); }

private:
    // The checks both versions share once the signature matched: the time window and the nonce.
    std::optional<Refusal> check_time(std::string_view field, std::string_view stamp,
                                      std::chrono::system_clock::time_point now) const;
    std::optional<Refusal> check_nonce(std::string_view nonce, std::chrono::system_clock::time_point now);

    const EmulatorConfig& config_;
    NonceMemory nonces_;  // those seen within the window
};

}  // namespace cloudflow::local
