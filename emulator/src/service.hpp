// The fnf 2019-03-15 RPC API as cloudflow-local answers it, apart from HTTP: a request in, an
// answer (or a dropped connection) out.
#pragma once

#include "rpc/verifier.hpp"
#include "state/config.hpp"

#include <cloudflow/http/http.hpp>

#include <boost/asio/awaitable.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <unordered_map>

namespace cloudflow::local {

// `text` with every byte that is not part of well-formed UTF-8 replaced by U+FFFD.
std::string valid_utf8(std::string_view text);

struct ServiceRequest {
    std::string method;        // GET or POST
    std::string target;        // "/?query" or "/"
    std::string content_type;  // the Content-Type header, if any
    bool has_host = true;      // whether a Host header came
    std::string body;
    Headers headers;  // every header, as received
};

struct ServiceReply {
    int status = 200;
    std::string body;                     // JSON
    bool drop = false;                    // send part of the answer, then close the connection
    std::chrono::milliseconds latency{};  // wait this long before answering
    std::string summary{};                // one line for the access log: the flow and the outcome
};

class Service {
public:
    Service(EmulatorConfig config, std::string host_id);

    boost::asio::awaitable<ServiceReply> handle(ServiceRequest request);

    // The answer to a request whose body was over max_request_bytes.
    ServiceReply entity_too_large();
    // The answer to a request whose headers were over the server's limit.
    ServiceReply headers_too_large();

    const EmulatorConfig& config() const { return config_; }
    // Signature nonces remembered now (each for the timestamp window).
    std::size_t remembered_nonces() const { return verifier_.remembered_nonces(); }

private:
    ServiceReply refuse(int status, std::string code, std::string message);
    std::string request_id();
    // The fault to inject before running `flow` (0: none), and the latency to add.
    int next_fault(const FlowConfig& flow);

    EmulatorConfig config_;
    std::string host_id_;
    SignatureVerifier verifier_;
    std::mt19937_64 random_;
    std::unordered_map<std::string, std::size_t> sequence_position_;  // by flow
};

}  // namespace cloudflow::local
