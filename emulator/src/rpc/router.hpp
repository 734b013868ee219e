// Action -> handler. The router opens the envelope, refuses the actions it does not serve with
// ActionNotSupported, throttles signed requests above --throttle-rate, turns a handler's Refusal into
// the error body, and applies the fault plans: a handler calls fault_step once the request passed its
// checks, before it acts.
#pragma once

#include "engine/runner.hpp"
#include "rpc/envelope.hpp"
#include "rpc/faults.hpp"
#include "rpc/rate_limit.hpp"
#include "rpc/replies.hpp"
#include "rpc/verifier.hpp"
#include "state/config.hpp"
#include "state/store.hpp"

#include <boost/asio/awaitable.hpp>

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace cloudflow::local {

class Catalog;
class Scheduler;

// The emulator's state, as the handlers reach it.
struct Backend {
    const EmulatorConfig& config;
    const FlowClock& clock;  // the flows' time: the times the answers write, the latency's scale
    Store& store;            // executions
    Catalog& catalog;        // flows, versions, aliases, schedules
    Runner& runner;
    Scheduler& scheduler;
    Replies& replies;
};

// What a handler works with: the request's key and parameters, and the emulator's state.
struct RpcContext {
    const AccessKey& key;
    const Parameters& params;
    Backend& backend;
    Faults& faults;
    // Set by the fault step: the log names the flow, and the latency applies.
    std::optional<std::string> fault_flow{};
    std::chrono::milliseconds latency{};
    bool drop = false;  // set by the fault step: cut the answer off
};

using Handler = boost::asio::awaitable<ServiceReply> (*)(RpcContext&);
struct Route {
    std::string_view action;
    Handler handler;
};

class Router {
public:
    Router(Backend backend, std::vector<std::span<const Route>> routes);

    boost::asio::awaitable<ServiceReply> handle(ServiceRequest request);
    bool serves(std::string_view action) const;
    std::size_t remembered_nonces() const { return verifier_.remembered_nonces(); }

private:
    Backend backend_;
    SignatureVerifier verifier_;
    Faults faults_;
    RateLimit rate_limit_;  // --throttle-rate
    std::unordered_map<std::string_view, Handler> handlers_;
};

}  // namespace cloudflow::local
