// The flows cloudflow-local runs: a small subset of CloudFlow's state language.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace cloudflow::local {

// A comparison of one input field, as in a Choice state's rule.
struct ChoiceRule {
    std::string variable;  // "$.a.b": a path into the state's input
    std::string op;        // StringEquals, NumericEquals, NumericGreaterThan, NumericLessThan,
                           // BooleanEquals, IsPresent
    boost::json::value operand;
    std::string next;
};

struct State {
    enum class Kind { pass, choice, wait, succeed, fail };
    std::string name;
    Kind kind = Kind::pass;
    std::optional<boost::json::value> result;  // Pass: fixed output; absent: the input passes through
    std::vector<ChoiceRule> choices;           // Choice
    std::string default_next;                  // Choice
    std::chrono::milliseconds wait{0};         // Wait
    std::string error, cause;                  // Fail
    std::string next;                          // Pass, Wait: the next state; empty: the flow ends
};

struct FlowDefinition {
    std::string start_at;
    std::vector<State> states;

    const State* find(std::string_view name) const;
};

// Parses {"StartAt": "...", "States": [{"Name": "...", "Type": "Pass", ...}, ...]}; the error
// says which state and which field is wrong. Every Next must name a state.
std::optional<FlowDefinition> parse_flow_definition(const boost::json::value& json, std::string& error);

struct ExecutionResult {
    std::string status;  // Succeeded, Failed, TimedOut
    std::optional<boost::json::value> output;
    std::string error_code, error_message;
};

// Runs `flow` on `input`; Wait states wait on the executor's timer. An execution that runs past
// `timeout` ends TimedOut; one that takes more than 1000 transitions ends Failed.
boost::asio::awaitable<ExecutionResult> run_flow(const FlowDefinition& flow, boost::json::value input,
                                                 std::chrono::milliseconds timeout);

}  // namespace cloudflow::local
