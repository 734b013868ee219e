// What cloudflow-local serves: access keys, flows and faults, from a JSON file or built in.
// (Executions are not configured: they live in the Store while the emulator runs.)
#pragma once

#include "flow/definition.hpp"
#include "integrations/fc_task.hpp"
#include "integrations/mocks.hpp"
#include "integrations/outbound.hpp"
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
    double throttle_share = 0;  // 429 ResourceThrottled
    double error_rate = 0;      // 500 InternalServerError
    double drop_rate = 0;       // connection dropped mid-answer
    std::chrono::milliseconds latency{0};

    bool empty() const { return sequence.empty() && throttle_share == 0 && error_rate == 0 && drop_rate == 0; }
};

inline constexpr int drop_connection = -1;

// One of a flow's environment variables (CreateFlow's and UpdateFlow's `Environment`).
struct EnvironmentVariable {
    std::string name, value, description;
};

// A flow as it runs: what an execution needs. The catalog keeps one per flow (the current
// definition) and one per published version; an execution holds the one it runs.
struct FlowConfig {
    std::string name;
    bool express = true;                                 // a standard-mode flow refuses synchronous execution
    std::shared_ptr<const flow::Definition> definition;  // validated Spec v1; null: stored, not run
    std::string definition_text;                         // the definition as given: FlowDefinition in answers
    std::string not_runnable;                            // why it is stored and not run (the legacy FDL)
    std::vector<EnvironmentVariable> environment;        // shown on its executions
    std::chrono::milliseconds timeout{5 * 60 * 1000};    // express mode's limit (standard: a year)

    FlowMode mode() const { return express ? FlowMode::express : FlowMode::standard; }
    std::optional<FaultPlan> faults;  // this flow's own; else the global plan
};

// The bounds of what the API may create (not in the config file: tests lower them).
struct CatalogLimits {
    std::size_t max_flows = 1'000;
    std::size_t max_versions = 100;   // per flow
    std::size_t max_aliases = 100;    // per flow
    std::size_t max_schedules = 100;  // per flow
    std::size_t max_definition_bytes = 128 * 1024;
    // The definitions kept, the flows' and their versions' together (an unchanged definition
    // published again is shared, but counted again).
    std::size_t max_kept_definition_bytes = 64 * 1024 * 1024;
    std::size_t max_environment_variables = 100;
};

struct EmulatorConfig {
    std::vector<AccessKey> keys;
    std::vector<FlowConfig> flows;
    FaultPlan faults;
    double throttle_rate = 0;  // --throttle-rate: signed requests a second, over all actions; 0: no limit
    std::uint64_t seed = 1;
    std::chrono::seconds timestamp_window{15 * 60};
    std::size_t max_request_bytes = 1024 * 1024;  // EntityTooLarge beyond
    std::size_t max_input_bytes = 64 * 1024;
    std::string region = "cn-hangzhou";  // DescribeRegions answers it
    double time_scale = 1.0;             // real seconds per second of the flows' clock (FlowClock)
    FunctionEndpoints functions;         // FC:InvokeFunction's local endpoints ("functions")
    MockSet mocks;                       // --mocks FILE (not in the config file)
    OutboundOptions outbound;            // --allow-http-host (not in the config file)
    StoreLimits store;                   // not in the config file: tests lower them
    CatalogLimits catalog;               // nor this

    const FlowConfig* find_flow(std::string_view name) const;
    const AccessKey* find_key(std::string_view id) const;
};

// Whether `id` may be the emulator's region: 1 to 64 of a-z, 0-9 and '-'.
bool valid_region(std::string_view id);

// Reads the config file's value (JSON or YAML); the error names the field that is wrong. Each
// flow's definition (a Spec v1 map, or its YAML or JSON text) is validated as CreateFlow does.
std::optional<EmulatorConfig> parse_config(const boost::json::value& json, std::string& error);

// Reads and parses the config file FILE; the error starts with the file's name.
std::optional<EmulatorConfig> load_config(const std::string& path, std::string& error);

// A flow's definition, read and validated as CreateFlow and UpdateFlow do: runnable Spec v1, the
// legacy FDL (stored, `not_runnable` says why), or the problems that refuse it.
struct DefinitionCheck {
    std::shared_ptr<const flow::Definition> definition;
    std::string not_runnable;
    std::string problem;  // empty: accepted
};
DefinitionCheck check_definition(std::string_view text, FlowMode mode);

// The configuration without a file: one demo key pair and the demo flows.
EmulatorConfig demo_config();

}  // namespace cloudflow::local
