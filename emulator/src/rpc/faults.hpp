// Faults injected on request (the config's and the flags' fault plans): per flow, its scripted
// sequence first, then the seeded rates; applied at a handler's fault step, once the request passed
// its checks and before it acts.
#pragma once

#include "rpc/replies.hpp"
#include "state/config.hpp"

#include <chrono>
#include <cstddef>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>

namespace cloudflow::local {

// The faults injected at the fault step, per flow: its sequence first, then the seeded rates.
class Faults {
public:
    Faults(const EmulatorConfig& config, std::mt19937_64& random) : config_(config), random_(random) {}
    // 0 (none), 429, 500, 503 or drop_connection.
    int next(const FlowConfig& flow);
    const FaultPlan& plan(const FlowConfig& flow) const { return flow.faults ? *flow.faults : config_.faults; }
    // DeleteFlow: a flow of that name made later starts its sequence again.
    void forget(const std::string& flow) { sequence_position_.erase(flow); }

private:
    const EmulatorConfig& config_;
    std::mt19937_64& random_;
    std::unordered_map<std::string, std::size_t> sequence_position_;  // by flow
};

struct RpcContext;

// 429 ResourceThrottled, as the service words it.
Refusal throttled();

// Throws the injected error (429, 500, 503) or marks the answer to be dropped.
void fault_step(RpcContext& ctx, const FlowConfig& flow);

}  // namespace cloudflow::local
