#include "state/config.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace cloudflow::local {
namespace {

namespace json = boost::json;

std::optional<FaultPlan> parse_faults(const json::value& v, std::string& error)
{
    const json::object* o = v.if_object();
    if (o == nullptr) return error = "faults must be an object", std::nullopt;
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
    for (const auto& [key, target] : {std::pair<std::string_view, double*>{"throttle_rate", &plan.throttle_rate},
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
    EmulatorConfig config;

    const json::value* keys = root->if_contains("access_keys");
    if (keys == nullptr || !keys->is_array() || keys->get_array().empty())
        return error = "access_keys must be a non-empty array", std::nullopt;
    for (const auto& k : keys->get_array()) {
        const json::object* o = k.if_object();
        if (o == nullptr) return error = "each access key must be an object", std::nullopt;
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
        const std::string mode = o->contains("mode") ? text(*o, "mode") : "express";
        if (mode != "express" && mode != "standard")
            return error = "flow " + flow.name + ": mode must be express or standard", std::nullopt;
        flow.express = mode == "express";
        const json::value* definition = o->if_contains("definition");
        if (definition == nullptr) return error = "flow " + flow.name + " has no definition", std::nullopt;
        auto parsed = parse_flow_definition(*definition, error);
        if (!parsed) return error = "flow " + flow.name + ": " + error, std::nullopt;
        flow.definition = std::move(*parsed);
        flow.definition_text = json::serialize(*definition);
        // A callback task makes the run wait for a report: only standard (asynchronous) executions can.
        if (const State* task = flow.definition.first_task(); task && flow.express)
            return error = "flow " + flow.name + ": state " + task->name +
                           " is a Task (WaitForCustomCallback): only standard flows may have one",
                   std::nullopt;
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
    if (const json::value* limit = root->if_contains("max_request_bytes")) {
        if (!limit->is_int64() || limit->get_int64() <= 0)
            return error = "max_request_bytes must be a whole number > 0", std::nullopt;
        config.max_request_bytes = static_cast<std::size_t>(limit->get_int64());
    }
    return config;
}

EmulatorConfig demo_config()
{
    // The demo flows, written in the config file's language.
    static constexpr const char* demo = R"({
      "access_keys": [{"id": "LTAI-cloudflow-local-demo", "secret": "cloudflow-local-demo-secret"}],
      "flows": [
        {"name": "demo_flow", "definition": {"StartAt": "Route", "States": [
          {"Name": "Route", "Type": "Choice",
           "Choices": [{"Variable": "$.action", "StringEquals": "fail", "Next": "Refuse"}],
           "Default": "Echo"},
          {"Name": "Echo", "Type": "Pass", "Next": "Done"},
          {"Name": "Done", "Type": "Succeed"},
          {"Name": "Refuse", "Type": "Fail", "Error": "DemoError", "Cause": "the input asked the flow to fail"}]}},
        {"name": "busy_flow",
         "faults": {"sequence": [429, 429, 0]},
         "definition": {"StartAt": "Answer", "States": [
          {"Name": "Answer", "Type": "Pass", "Result": {"served": true}}]}},
        {"name": "standard_flow", "mode": "standard",
         "definition": {"StartAt": "Pause", "States": [
          {"Name": "Pause", "Type": "Wait", "Seconds": 1.5, "Next": "Stamp"},
          {"Name": "Stamp", "Type": "Pass", "Result": {"waited": true}, "Next": "Done"},
          {"Name": "Done", "Type": "Succeed"}]}},
        {"name": "approval_flow", "mode": "standard", "timeout_seconds": 3600,
         "definition": {"StartAt": "Approve", "States": [
          {"Name": "Approve", "Type": "Task", "TaskMode": "WaitForCustomCallback", "TimeoutSeconds": 600,
           "Next": "Done"},
          {"Name": "Done", "Type": "Succeed"}]}},
        {"name": "map_flow", "mode": "standard",
         "definition": {"StartAt": "Default", "States": [
          {"Name": "Default", "Type": "Choice",
           "Choices": [{"Variable": "$.items", "IsPresent": true, "Next": "Items"}], "Default": "Six"},
          {"Name": "Six", "Type": "Pass", "Result": {"items": [1, 2, 3, 4, 5, 6]}, "Next": "Items"},
          {"Name": "Items", "Type": "Map", "ItemsPath": "$.items",
           "ProcessorConfig": {"Mode": "Distributed"}, "MaxConcurrency": 2,
           "ItemProcessor": {"StartAt": "Check", "States": [
            {"Name": "Check", "Type": "Choice",
             "Choices": [{"Variable": "$", "NumericLessThan": 0, "Next": "Refuse"}], "Default": "Work"},
            {"Name": "Work", "Type": "Wait", "Seconds": 0.5},
            {"Name": "Refuse", "Type": "Fail", "Error": "NegativeItem", "Cause": "the item is below 0"}]},
           "Next": "Done"},
          {"Name": "Done", "Type": "Succeed"}]}}
      ]
    })";
    std::string error;
    return *parse_config(json::parse(demo), error);
}

}  // namespace cloudflow::local
