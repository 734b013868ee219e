// What cloudflow-local answers: the reply type, the service's error body and the success body,
// each with a RequestId (and the error with the HostId).
#pragma once

#include "lang/text.hpp"

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>

namespace cloudflow::local {

struct ServiceReply {
    int status = 200;
    std::string body;                               // JSON
    bool drop = false;                              // send part of the answer, then close the connection
    std::chrono::steady_clock::duration latency{};  // wait this long (real time) before answering
    std::string summary{};                          // one line for the access log: the flow and the outcome
};

// A request refused: the HTTP status, the service's Code and Message. Handlers throw it; the
// router turns it into the error body.
struct Refusal {
    int status;
    std::string code;
    std::string message;
};

class Replies {
public:
    Replies(std::uint64_t seed, std::string host_id) : random_(seed), host_id_(std::move(host_id)) {}

    // A UUID-shaped id from the seeded generator, as the service's RequestId.
    std::string request_id();
    // {"RequestId","HostId","Code","Message"}, always valid UTF-8 (the message may quote the client).
    ServiceReply error(int status, std::string_view code, std::string_view message);
    ServiceReply error(const Refusal& refusal) { return error(refusal.status, refusal.code, refusal.message); }
    // HTTP 200 with `body` after a fresh RequestId (one of the body's own is dropped: the answer
    // has one RequestId, this one).
    ServiceReply ok(boost::json::object body);

    // The seeded generator: request ids and fault draws share it, so one seed repeats both.
    std::mt19937_64& random() { return random_; }

private:
    std::mt19937_64 random_;
    std::string host_id_;
};

}  // namespace cloudflow::local
