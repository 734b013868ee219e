#include "engine/flow.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <set>

namespace cloudflow::local {
namespace {

namespace json = boost::json;

const json::value* lookup(const json::value& input, std::string_view path)
{
    if (path == "$") return &input;
    if (!path.starts_with("$.")) return nullptr;
    path.remove_prefix(2);
    const json::value* v = &input;
    while (!path.empty()) {
        const auto dot = path.find('.');
        const std::string_view key = path.substr(0, dot);
        const json::object* o = v->if_object();
        if (o == nullptr) return nullptr;
        v = o->if_contains(key);
        if (v == nullptr) return nullptr;
        path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    }
    return v;
}

bool matches(const ChoiceRule& rule, const json::value& input)
{
    const json::value* v = lookup(input, rule.variable);
    if (rule.op == "IsPresent") return (v != nullptr) == rule.operand.as_bool();
    if (v == nullptr) return false;
    if (rule.op == "StringEquals") return v->is_string() && v->get_string() == rule.operand.get_string();
    if (rule.op == "BooleanEquals") return v->is_bool() && v->get_bool() == rule.operand.get_bool();
    if (!v->is_number()) return false;
    const double a = v->to_number<double>(), b = rule.operand.to_number<double>();
    if (rule.op == "NumericEquals") return a == b;
    if (rule.op == "NumericGreaterThan") return a > b;
    if (rule.op == "NumericLessThan") return a < b;
    return false;
}

std::string text(const json::object& o, std::string_view key)
{
    const json::value* v = o.if_contains(key);
    return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
}

bool parse_rule(const json::value& json_rule, ChoiceRule& rule, std::string& error)
{
    const json::object* o = json_rule.if_object();
    if (o == nullptr) return error = "a choice rule is not an object", false;
    rule.variable = text(*o, "Variable");
    rule.next = text(*o, "Next");
    if (rule.variable != "$" && (!rule.variable.starts_with("$.") || rule.variable.size() < 3))
        return error = "a choice rule needs a Variable: $ or a path like $.order.amount", false;
    if (rule.next.empty()) return error = "a choice rule needs a Next", false;
    static constexpr std::string_view ops[] = {"StringEquals",    "NumericEquals", "NumericGreaterThan",
                                               "NumericLessThan", "BooleanEquals", "IsPresent"};
    for (const auto op : ops) {
        const json::value* operand = o->if_contains(op);
        if (operand == nullptr) continue;
        const bool ok = op == "StringEquals"                           ? operand->is_string()
                        : (op == "BooleanEquals" || op == "IsPresent") ? operand->is_bool()
                                                                       : operand->is_number();
        if (!ok) return error = "the operand of " + std::string(op) + " has the wrong type", false;
        rule.op = op;
        rule.operand = *operand;
        return true;
    }
    return error = "a choice rule needs a comparison (StringEquals, NumericEquals, ...)", false;
}

bool parse_state(const json::value& json_state, State& state, std::string& error)
{
    const json::object* o = json_state.if_object();
    if (o == nullptr) return error = "a state is not an object", false;
    state.name = text(*o, "Name");
    if (state.name.empty()) return error = "a state has no Name", false;
    const std::string type = text(*o, "Type");
    state.next = text(*o, "Next");
    const auto fail = [&](std::string why) { return error = "state " + state.name + ": " + why, false; };
    if (type == "Pass") {
        state.kind = State::Kind::pass;
        if (const json::value* r = o->if_contains("Result")) state.result = *r;
    } else if (type == "Choice") {
        state.kind = State::Kind::choice;
        const json::value* choices = o->if_contains("Choices");
        if (choices == nullptr || !choices->is_array()) return fail("Choices must be an array");
        for (const auto& c : choices->get_array()) {
            ChoiceRule rule;
            if (!parse_rule(c, rule, error)) return fail(error);
            state.choices.push_back(std::move(rule));
        }
        state.default_next = text(*o, "Default");
    } else if (type == "Wait") {
        state.kind = State::Kind::wait;
        const json::value* seconds = o->if_contains("Seconds");
        if (seconds == nullptr || !seconds->is_number() || seconds->to_number<double>() < 0)
            return fail("Seconds must be a number >= 0");
        state.wait = std::chrono::milliseconds(static_cast<long long>(seconds->to_number<double>() * 1000));
    } else if (type == "Succeed") {
        state.kind = State::Kind::succeed;
    } else if (type == "Fail") {
        state.kind = State::Kind::fail;
        state.error = text(*o, "Error");
        state.cause = text(*o, "Cause");
        if (state.error.empty()) return fail("a Fail state needs an Error");
    } else if (type == "Task") {
        // Only the callback kind: the emulator has no functions to invoke.
        state.kind = State::Kind::task;
        if (text(*o, "TaskMode") != "WaitForCustomCallback")
            return fail(
                "a Task state needs \"TaskMode\": \"WaitForCustomCallback\" (the only kind cloudflow-local runs)");
        if (const json::value* t = o->if_contains("TimeoutSeconds")) {
            if (!t->is_number() || t->to_number<double>() <= 0) return fail("TimeoutSeconds must be a number > 0");
            state.task_timeout = std::chrono::milliseconds(static_cast<long long>(t->to_number<double>() * 1000));
        }
    } else {
        // Task is left out of the list: it needs a TaskMode, said when it is missing.
        return fail("Type must be Pass, Choice, Wait, Succeed or Fail (got '" + type + "')");
    }
    return true;
}

}  // namespace

const State* FlowDefinition::find(std::string_view name) const
{
    for (const auto& s : states)
        if (s.name == name) return &s;
    return nullptr;
}

const State* FlowDefinition::first_task() const
{
    for (const auto& s : states)
        if (s.kind == State::Kind::task) return &s;
    return nullptr;
}

std::optional<FlowDefinition> parse_flow_definition(const json::value& json, std::string& error)
{
    const json::object* o = json.if_object();
    if (o == nullptr) return error = "the definition is not an object", std::nullopt;
    FlowDefinition flow;
    flow.start_at = text(*o, "StartAt");
    const json::value* states = o->if_contains("States");
    if (states == nullptr || !states->is_array() || states->get_array().empty())
        return error = "States must be a non-empty array", std::nullopt;
    std::set<std::string> names;
    for (const auto& s : states->get_array()) {
        State state;
        if (!parse_state(s, state, error)) return std::nullopt;
        if (!names.insert(state.name).second) return error = "two states are named " + state.name, std::nullopt;
        flow.states.push_back(std::move(state));
    }
    if (flow.start_at.empty()) flow.start_at = flow.states.front().name;
    if (!flow.find(flow.start_at)) return error = "StartAt names no state: " + flow.start_at, std::nullopt;
    for (const auto& s : flow.states) {
        std::vector<std::string> targets{s.next, s.default_next};
        for (const auto& c : s.choices) targets.push_back(c.next);
        for (const auto& t : targets)
            if (!t.empty() && !flow.find(t))
                return error = "state " + s.name + ": Next names no state: " + t, std::nullopt;
    }
    return flow;
}

boost::asio::awaitable<ExecutionResult> run_flow(const FlowDefinition& flow, json::value input,
                                                 std::chrono::milliseconds timeout, ExecutionHooks* hooks)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const State* state = flow.find(flow.start_at);
    json::value data = std::move(input);
    const auto timed_out = [] {
        return ExecutionResult{"TimedOut", std::nullopt, "States.Timeout",
                               "the execution ran longer than its time limit"};
    };
    const ExecutionResult stopped{"Stopped", std::nullopt, {}, {}};
    // The history of a step: entered with its input, exited with its output.
    std::int64_t entered = 0;
    const auto exit_step = [&] {
        if (hooks) hooks->record("StepExited", state->name, entered, json::object{{"output", data}});
    };
    for (int transitions = 0; state != nullptr; ++transitions) {
        if (transitions >= 1000)
            co_return ExecutionResult{"Failed", std::nullopt, "States.TooManyTransitions",
                                      "the execution took more than 1000 transitions"};
        if (hooks) {
            if (hooks->history_full())
                co_return ExecutionResult{"Failed", std::nullopt, "States.HistoryLimitExceeded",
                                          "the execution's history reached its limit of events"};
            entered = hooks->record("StepEntered", state->name, hooks->last_event(), json::object{{"input", data}});
        }
        switch (state->kind) {
        case State::Kind::pass:
            if (state->result) data = *state->result;
            exit_step();
            state = state->next.empty() ? nullptr : flow.find(state->next);
            break;
        case State::Kind::choice: {
            std::string next = state->default_next;
            for (const auto& rule : state->choices)
                if (matches(rule, data)) {
                    next = rule.next;
                    break;
                }
            if (next.empty())
                co_return ExecutionResult{"Failed", std::nullopt, "States.NoChoiceMatched",
                                          "no choice of state " + state->name + " matched and it has no Default"};
            exit_step();
            state = flow.find(next);
            break;
        }
        case State::Kind::wait: {
            const bool too_long = std::chrono::steady_clock::now() + state->wait > deadline;
            boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor);
            if (too_long)
                timer.expires_at(deadline);
            else
                timer.expires_after(state->wait);
            co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
            if (hooks && hooks->stopped()) co_return stopped;
            if (too_long) co_return timed_out();
            exit_step();
            state = state->next.empty() ? nullptr : flow.find(state->next);
            break;
        }
        case State::Kind::task: {
            if (!hooks)
                co_return ExecutionResult{"Failed", std::nullopt, "States.TaskNotSupported",
                                          "state " + state->name +
                                              " waits for a callback: run it as a standard execution"};
            TaskOutcome outcome = co_await hooks->callback(*state, data, entered, deadline);
            switch (outcome.kind) {
            case TaskOutcome::Kind::succeeded: data = std::move(outcome.output); break;
            case TaskOutcome::Kind::failed:
                co_return ExecutionResult{"Failed", std::nullopt, std::move(outcome.error), std::move(outcome.cause)};
            case TaskOutcome::Kind::timed_out:
                co_return ExecutionResult{"TimedOut", std::nullopt, "States.Timeout",
                                          "task " + state->name + " was not reported within its TimeoutSeconds"};
            case TaskOutcome::Kind::deadline: co_return timed_out();
            case TaskOutcome::Kind::stopped: co_return stopped;
            }
            exit_step();
            state = state->next.empty() ? nullptr : flow.find(state->next);
            break;
        }
        case State::Kind::succeed: exit_step(); co_return ExecutionResult{"Succeeded", std::move(data), {}, {}};
        case State::Kind::fail: co_return ExecutionResult{"Failed", std::nullopt, state->error, state->cause};
        }
    }
    co_return ExecutionResult{"Succeeded", std::move(data), {}, {}};
}

}  // namespace cloudflow::local
