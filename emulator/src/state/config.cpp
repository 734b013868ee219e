#include "state/config.hpp"

#include "flow/validate.hpp"
#include "integrations/integrations.hpp"
#include "state/clock.hpp"

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <fstream>
#include <stdexcept>

namespace cloudflow::local {
namespace {

namespace json = boost::json;

// The first member of `o` that is not one of `known`, as an error naming what `o` may have: a
// misspelt field is refused rather than ignored.
std::optional<std::string> unknown_field(const json::object& o, std::string_view what,
                                         std::initializer_list<std::string_view> known)
{
    for (const auto& member : o) {
        if (std::find(known.begin(), known.end(), member.key()) != known.end()) continue;
        std::string names;
        for (const auto name : known) names += (names.empty() ? "" : ", ") + std::string(name);
        return what.empty()
                   ? "unknown field " + std::string(member.key()) + " (the config has " + names + ")"
                   : std::string(what) + ": unknown field " + std::string(member.key()) + " (it has " + names + ")";
    }
    return std::nullopt;
}

std::optional<FaultPlan> parse_faults(const json::value& v, std::string& error)
{
    const json::object* o = v.if_object();
    if (o == nullptr) return error = "faults must be an object", std::nullopt;
    // The share was called throttle_rate before --throttle-rate became a rate of calls a second: an
    // old file is refused, never read as a rate.
    if (o->contains("throttle_rate"))
        return error = "faults.throttle_rate is now throttle_share (a share of requests, 0 to 1); a limit of calls a "
                       "second is cloudflow-local's --throttle-rate",
               std::nullopt;
    if (auto unknown =
            unknown_field(*o, "faults", {"sequence", "throttle_share", "error_rate", "drop_rate", "latency_ms"}))
        return error = std::move(*unknown), std::nullopt;
    FaultPlan plan;
    if (const json::value* seq = o->if_contains("sequence")) {
        if (!seq->is_array()) return error = "faults.sequence must be an array", std::nullopt;
        for (const auto& item : seq->get_array()) {
            if (item.is_string() && item.get_string() == "drop") {
                plan.sequence.push_back(drop_connection);
            } else if (item.is_int64() &&
                       (item.get_int64() == 0 || item.get_int64() == 200 || item.get_int64() == 429 ||
                        item.get_int64() == 500 || item.get_int64() == 503 || item.get_int64() == drop_connection)) {
                plan.sequence.push_back(static_cast<int>(item.get_int64()));
            } else {
                return error = "faults.sequence entries must be 0, 200, 429, 500, 503 or \"drop\"", std::nullopt;
            }
        }
    }
    for (const auto& [key, target] : {std::pair<std::string_view, double*>{"throttle_share", &plan.throttle_share},
                                      {"error_rate", &plan.error_rate},
                                      {"drop_rate", &plan.drop_rate}}) {
        const json::value* rate = o->if_contains(key);
        if (rate == nullptr) continue;
        if (!rate->is_number() || rate->to_number<double>() < 0 || rate->to_number<double>() > 1)
            return error = "faults." + std::string(key) + " must be a number from 0 to 1", std::nullopt;
        *target = rate->to_number<double>();
    }
    if (const json::value* latency = o->if_contains("latency_ms")) {
        if (!latency->is_int64() || latency->get_int64() < 0)
            return error = "faults.latency_ms must be a whole number >= 0", std::nullopt;
        plan.latency = std::chrono::milliseconds(latency->get_int64());
    }
    return plan;
}

std::string text(const json::object& o, std::string_view key)
{
    const json::value* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

}  // namespace

bool valid_region(std::string_view id)
{
    return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
    });
}

const FlowConfig* EmulatorConfig::find_flow(std::string_view name) const
{
    for (const auto& f : flows)
        if (f.name == name) return &f;
    return nullptr;
}

const AccessKey* EmulatorConfig::find_key(std::string_view id) const
{
    for (const auto& k : keys)
        if (k.id == id) return &k;
    return nullptr;
}

std::optional<EmulatorConfig> parse_config(const json::value& json, std::string& error)
{
    const json::object* root = json.if_object();
    if (root == nullptr) return error = "the config is not a JSON object", std::nullopt;
    if (auto unknown = unknown_field(*root, "",
                                     {"access_keys", "flows", "functions", "faults", "seed", "timestamp_window_seconds",
                                      "max_request_bytes", "region", "time_scale"}))
        return error = std::move(*unknown), std::nullopt;
    EmulatorConfig config;

    const json::value* keys = root->if_contains("access_keys");
    if (keys == nullptr || !keys->is_array() || keys->get_array().empty())
        return error = "access_keys must be a non-empty array", std::nullopt;
    for (const auto& k : keys->get_array()) {
        const json::object* o = k.if_object();
        if (o == nullptr) return error = "each access key must be an object", std::nullopt;
        if (auto unknown = unknown_field(*o, "an access key", {"id", "secret", "flows"}))
            return error = std::move(*unknown), std::nullopt;
        AccessKey key{text(*o, "id"), text(*o, "secret"), {}};
        if (key.id.empty() || key.secret.empty())
            return error = "each access key needs an id and a secret", std::nullopt;
        if (const json::value* flows = o->if_contains("flows")) {
            const std::string wrong = "access key " + key.id + ": flows must be an array of flow names";
            if (!flows->is_array()) return error = wrong, std::nullopt;
            for (const auto& f : flows->get_array()) {
                if (!f.is_string()) return error = wrong, std::nullopt;
                key.flows.emplace_back(f.get_string());
            }
        }
        config.keys.push_back(std::move(key));
    }

    const json::value* flows = root->if_contains("flows");
    if (flows == nullptr || !flows->is_array()) return error = "flows must be an array", std::nullopt;
    for (const auto& f : flows->get_array()) {
        const json::object* o = f.if_object();
        if (o == nullptr) return error = "each flow must be an object", std::nullopt;
        FlowConfig flow;
        flow.name = text(*o, "name");
        if (flow.name.empty()) return error = "a flow has no name", std::nullopt;
        if (auto unknown =
                unknown_field(*o, "flow " + flow.name, {"name", "mode", "definition", "timeout_seconds", "faults"}))
            return error = std::move(*unknown), std::nullopt;
        const std::string mode = o->contains("mode") ? text(*o, "mode") : "express";
        if (mode != "express" && mode != "standard")
            return error = "flow " + flow.name + ": mode must be express or standard", std::nullopt;
        flow.express = mode == "express";
        const json::value* definition = o->if_contains("definition");
        if (definition == nullptr) return error = "flow " + flow.name + " has no definition", std::nullopt;
        // A map is the definition itself (kept as JSON text); a string is its YAML or JSON text.
        if (!definition->is_object() && !definition->is_string())
            return error = "flow " + flow.name + ": definition must be a map or its YAML or JSON text", std::nullopt;
        flow.definition_text =
            definition->is_string() ? std::string(definition->get_string()) : json::serialize(*definition);
        DefinitionCheck checked = check_definition(flow.definition_text, flow.mode());
        if (!checked.problem.empty())
            return error = "flow " + flow.name + ": the definition is invalid: " + checked.problem, std::nullopt;
        flow.definition = std::move(checked.definition);
        flow.not_runnable = std::move(checked.not_runnable);
        // Standard flows run up to a year, as on the service.
        if (!flow.express) flow.timeout = std::chrono::hours(24 * 365);
        if (const json::value* t = o->if_contains("timeout_seconds")) {
            if (!t->is_number() || t->to_number<double>() <= 0)
                return error = "flow " + flow.name + ": timeout_seconds must be > 0", std::nullopt;
            flow.timeout = std::chrono::milliseconds(static_cast<long long>(t->to_number<double>() * 1000));
        }
        if (const json::value* faults = o->if_contains("faults")) {
            auto plan = parse_faults(*faults, error);
            if (!plan) return error = "flow " + flow.name + ": " + error, std::nullopt;
            flow.faults = std::move(*plan);
        }
        if (config.find_flow(flow.name)) return error = "two flows are named " + flow.name, std::nullopt;
        config.flows.push_back(std::move(flow));
    }

    if (const json::value* faults = root->if_contains("faults")) {
        auto plan = parse_faults(*faults, error);
        if (!plan) return std::nullopt;
        config.faults = std::move(*plan);
    }
    if (const json::value* seed = root->if_contains("seed")) {
        if (!seed->is_int64() || seed->get_int64() < 0) return error = "seed must be a whole number >= 0", std::nullopt;
        config.seed = static_cast<std::uint64_t>(seed->get_int64());
    }
    if (const json::value* window = root->if_contains("timestamp_window_seconds")) {
        if (!window->is_int64() || window->get_int64() <= 0)
            return error = "timestamp_window_seconds must be a whole number > 0", std::nullopt;
        config.timestamp_window = std::chrono::seconds(window->get_int64());
    }
    if (const json::value* region = root->if_contains("region")) {
        if (!region->is_string() || !valid_region(region->get_string()))
            return error = "region must be a region id such as cn-hangzhou (1 to 64 of a-z, 0-9 and -)", std::nullopt;
        config.region = region->get_string();
    }
    if (const json::value* scale = root->if_contains("time_scale")) {
        if (!scale->is_number() || !valid_time_scale(scale->to_number<double>()))
            return error = "time_scale must be a number above 0 and at most 1, such as 0.001", std::nullopt;
        config.time_scale = scale->to_number<double>();
    }
    if (const json::value* functions = root->if_contains("functions")) {
        auto endpoints = FunctionEndpoints::parse(*functions);
        if (!endpoints) return error = endpoints.error().text(), std::nullopt;
        config.functions = std::move(*endpoints);
    }
    if (const json::value* limit = root->if_contains("max_request_bytes")) {
        if (!limit->is_int64() || limit->get_int64() <= 0)
            return error = "max_request_bytes must be a whole number > 0", std::nullopt;
        config.max_request_bytes = static_cast<std::size_t>(limit->get_int64());
    }
    return config;
}

DefinitionCheck check_definition(std::string_view text, FlowMode mode)
{
    flow::DefinitionLimits limits;
    limits.check_parameters = &Integrations::check_parameters;
    flow::ReadDefinition read = flow::read_definition(text, mode, limits);
    DefinitionCheck out;
    if (read.language == flow::Language::legacy_fdl)
        out.not_runnable = "it is written in the legacy FDL (type: flow, steps), which cloudflow-local stores but "
                           "does not run: write it in Spec v1 (Type: StateMachine, SpecVersion: v1)";
    else if (!read.valid())
        out.problem = read.summary();
    else
        out.definition = std::move(read.definition);
    return out;
}

std::optional<EmulatorConfig> load_config(const std::string& path, std::string& error)
{
    std::ifstream in(path, std::ios::binary);
    if (!in) return error = path + ": cannot read it", std::nullopt;
    // Config files may hold many definitions: larger bounds than one definition's.
    DocumentLimits limits;
    limits.max_bytes = 16 * 1024 * 1024;
    limits.max_nodes = 1'000'000;
    std::string text;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > limits.max_bytes)
            return error = path + ": over " + std::to_string(limits.max_bytes) + " bytes", std::nullopt;
    }
    auto document = read_document(text, limits);
    if (!document) return error = path + ": " + document.error().text(), std::nullopt;
    auto config = parse_config(*document, error);
    if (!config) error = path + ": " + error;
    return config;
}

EmulatorConfig demo_config()
{
    // The demo flows, in the config file's language (YAML here; JSON works too), each definition
    // in CloudFlow's Spec v1 as a user writes it.
    static constexpr const char* demo = R"(
access_keys:
  - {id: LTAI-cloudflow-local-demo, secret: cloudflow-local-demo-secret}
flows:
  # Express: echoes its input, or fails when the input says {"action": "fail"}.
  - name: demo_flow
    definition: |
      Type: StateMachine
      SpecVersion: v1
      Name: demo_flow
      StartAt: Route
      States:
        - Type: Choice
          Name: Route
          Branches:
            - Condition: $Input.action == "fail"
              Next: Refuse
          Default: Echo
        - Type: Pass
          Name: Echo
          Next: Done
        - Type: Succeed
          Name: Done
        - Type: Fail
          Name: Refuse
          Code: DemoError
          Detail: the input asked the flow to fail
  # Express: answered 429, 429, then served (its own fault sequence).
  - name: busy_flow
    faults: {sequence: [429, 429, 0]}
    definition: |
      Type: StateMachine
      SpecVersion: v1
      Name: busy_flow
      StartAt: Answer
      States:
        - Type: Pass
          Name: Answer
          OutputConstructor: {served: true}
          End: true
  # Standard: waits a second, then stamps its output.
  - name: standard_flow
    mode: standard
    definition: |
      Type: StateMachine
      SpecVersion: v1
      Name: standard_flow
      StartAt: Pause
      States:
        - Type: Wait
          Name: Pause
          Seconds: 1
          Next: Stamp
        - Type: Pass
          Name: Stamp
          OutputConstructor: {waited: true}
          Next: Done
        - Type: Succeed
          Name: Done
  # Standard: starts approval_request with the task's token and waits (up to 600 s) for
  # ReportTaskSucceeded or ReportTaskFailed with it.
  - name: approval_flow
    mode: standard
    timeout_seconds: 3600
    definition: |
      Type: StateMachine
      SpecVersion: v1
      Name: approval_flow
      StartAt: Approve
      States:
        - Type: Task
          Name: Approve
          Action: FNF:StartExecution
          TaskMode: WaitForCustomCallback
          Timeout: "600"
          Parameters:
            resourceArn: acs:fnf:cn-hangzhou::flow/approval_request
            input:
              token.$: $Context.Current.TaskToken
              request.$: $Input
          Next: Done
        - Type: Succeed
          Name: Done
  # Standard: the request approval_flow starts; its input holds the token to report.
  - name: approval_request
    mode: standard
    definition: |
      Type: StateMachine
      SpecVersion: v1
      Name: approval_request
      StartAt: Received
      States:
        - Type: Pass
          Name: Received
          End: true
  # Standard: a distributed Map of its items (six by default), two child executions at a time;
  # a negative item fails its child.
  - name: map_flow
    mode: standard
    definition: |
      Type: StateMachine
      SpecVersion: v1
      Name: map_flow
      StartAt: Default
      States:
        - Type: Choice
          Name: Default
          Branches:
            - Condition: $Input.items != null
              Next: Items
          Default: Six
        - Type: Pass
          Name: Six
          OutputConstructor: {items: [1, 2, 3, 4, 5, 6]}
          Next: Items
        - Type: Map
          Name: Items
          ItemsPath: $Input.items
          ProcessorConfig: {ExecutionMode: Express}
          MaxConcurrency: 2
          ItemConstructor: {value.$: $Item}
          Processor:
            StartAt: Check
            States:
              - Type: Choice
                Name: Check
                Branches:
                  - Condition: $Input.value < 0
                    Next: Refuse
                Default: Work
              - Type: Wait
                Name: Work
                Seconds: 1
                End: true
              - Type: Fail
                Name: Refuse
                Code: NegativeItem
                Detail: the item is below 0
          Next: Done
        - Type: Succeed
          Name: Done
)";
    std::string error;
    auto document = read_document(demo);
    auto config = document ? parse_config(*document, error) : std::nullopt;
    if (!config) throw std::logic_error("the demo config is invalid: " + (document ? error : document.error().text()));
    return std::move(*config);
}

}  // namespace cloudflow::local
