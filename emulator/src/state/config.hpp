// What cloudflow-local serves: access keys, flows and faults, from a JSON file or built in.
// (Executions are not configured: they live in the Store while the emulator runs.)
#pragma once

#include "engine/flow.hpp"
#include "state/store.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace cloudflow::local {

struct AccessKey {
    std::string id;
    std::string secret;
    std::vector<std::string> flows;  // the flows this key may run; empty: all
};

// Faults injected before a flow runs. A scripted sequence is used first, one entry per request
// (0 or 200: no fault, 429, 500 or 503: that error, -1 / "drop": the connection is dropped in
// the middle of the answer); after it, the rates apply, drawn from the seeded generator.
struct FaultPlan {
    std::vector<int> sequence;
    double throttle_rate = 0;  // 429 ResourceThrottled
    double error_rate = 0;     // 500 InternalServerError
    double drop_rate = 0;      // connection dropped mid-answer
    std::chrono::milliseconds latency{0};

    bool empty() const { return sequence.empty() && throttle_rate == 0 && error_rate == 0 && drop_rate == 0; }
};

inline constexpr int drop_connection = -1;

struct FlowConfig {
    std::string name;
    bool express = true;  // a standard-mode flow refuses synchronous execution
    FlowDefinition definition;
    std::string definition_text;                       // the definition as JSON text: FlowDefinition in answers
    std::chrono::milliseconds timeout{5 * 60 * 1000};  // express mode's limit
    std::optional<FaultPlan> faults;                   // this flow's own; else the global plan
};

struct EmulatorConfig {
    std::vector<AccessKey> keys;
    std::vector<FlowConfig> flows;
    FaultPlan faults;
    std::uint64_t seed = 1;
    std::chrono::seconds timestamp_window{15 * 60};
    std::size_t max_request_bytes = 1024 * 1024;  // EntityTooLarge beyond
    std::size_t max_input_bytes = 64 * 1024;
    StoreLimits store;  // not in the config file: tests lower them

    const FlowConfig* find_flow(std::string_view name) const;
    const AccessKey* find_key(std::string_view id) const;
};

// Reads the config file's JSON; the error names the field that is wrong.
std::optional<EmulatorConfig> parse_config(const boost::json::value& json, std::string& error);

// The configuration without a file: one demo key pair and the demo flows.
EmulatorConfig demo_config();

}  // namespace cloudflow::local
