// A flow's definition in CloudFlow's Spec v1, parsed and validated once (at CreateFlow, UpdateFlow
// and when the config file loads), then immutable: executions share it. Every name a state uses
// to reach another is resolved to an index; every expression and constructor is compiled.
#pragma once

#include "expr/expression.hpp"
#include "expr/template.hpp"
#include "lang/modes.hpp"

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace cloudflow::local::flow {

enum class StateType { pass, task, choice, wait, parallel, map, succeed, fail };
std::string_view to_string(StateType type);

// A whole number written as it is (Seconds: 10, Timeout: "30") or as an expression (Seconds.$).
struct Amount {
    std::optional<long long> literal;
    std::optional<expr::Expression> expression;
};

struct RetryRule {
    std::vector<std::string> errors;  // FnF.ALL matches every error
    long long max_attempts = 0;       // retries after the first attempt
    long long interval_seconds = 1;   // before the first retry
    std::optional<double> backoff_rate;
    std::optional<long long> max_backoff_seconds;
};

struct CatchRule {
    std::vector<std::string> errors;
    std::string next;
    std::size_t target = 0;  // index of `next` in the same States
    std::optional<expr::Template> output;
};

struct StateMachine;

struct Pass {};
struct Succeed {};

struct Task {
    std::string action;  // "FC:InvokeFunction"
    TaskMode mode = TaskMode::request_complete;
    std::optional<expr::Template> parameters;
    std::optional<Amount> timeout;  // seconds; 0: none
};

struct ChoiceBranch {
    expr::Expression condition;
    std::string next;
    std::size_t target = 0;
};

struct Choice {
    std::vector<ChoiceBranch> branches;
    std::string default_next;
    std::size_t default_target = 0;
};

struct Wait {
    Amount seconds;
};

struct Parallel {
    std::vector<StateMachine> branches;  // Branch0, Branch1, ...
};

struct Map {
    expr::Expression items_path;
    std::shared_ptr<const StateMachine> processor;
    long long max_concurrency = 40;
    bool distributed = false;  // its items run as child executions (a map run)
    FlowMode item_mode = FlowMode::express;
    std::optional<expr::Template> item_constructor;  // distributed: $Item is the item
    std::optional<long long> max_items;              // distributed: at most this many items
    std::optional<long long> max_items_per_batch;    // distributed: items per child ({"Items": [...]})
    std::optional<double> tolerated_failure_percentage;
    std::optional<long long> tolerated_failure_count;
};

struct Fail {
    std::string code, detail;
};

struct State {
    std::string name;
    std::string where;  // "States[1] (Charge)", or nested: "States[2] (FanOut).Branches[0].States[0] (A)"
    StateType type = StateType::pass;
    std::string next;
    std::optional<std::size_t> target;  // index of `next`; none: the state ends its scope
    std::optional<expr::Template> input_constructor, output_constructor, global_constructor;
    std::vector<RetryRule> retry;
    std::vector<CatchRule> catches;
    std::variant<Pass, Task, Choice, Wait, Parallel, Map, Succeed, Fail> spec;
};

// A scope: the top level, a Parallel branch or a Map's processor.
struct StateMachine {
    std::size_t start = 0;
    std::vector<State> states;

    const State& first() const { return states[start]; }
};

struct Definition {
    std::string name, description;  // as written; the flow's own name is CreateFlow's
    FlowMode mode = FlowMode::express;
    StateMachine root;
    std::size_t state_count = 0;  // every scope's
    bool callbacks = false;       // a Task waits for a callback
    bool waits = false;           // a state can take time: a Task, Wait, Parallel or Map
};

}  // namespace cloudflow::local::flow
