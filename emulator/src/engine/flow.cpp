#include "engine/flow.hpp"
#include "state/now.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>

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

std::optional<FlowDefinition> parse_definition(const json::value& json, std::string& error, bool in_processor);

bool valid_path(std::string_view path)
{
    return path == "$" || (path.starts_with("$.") && path.size() >= 3);
}

// A whole number in [lo, hi], or a refusal naming the field.
bool whole_number(const json::object& o, std::string_view key, long long lo, long long hi, long long& out,
                  std::string& why)
{
    const json::value* v = o.if_contains(key);
    if (v == nullptr) return true;
    if (!v->is_int64() || v->get_int64() < lo || v->get_int64() > hi)
        return why = std::string(key) + " must be a whole number from " + std::to_string(lo) + " to " +
                     std::to_string(hi),
               false;
    out = v->get_int64();
    return true;
}

bool parse_map(const json::object& o, State& state, bool in_processor, std::string& why)
{
    state.kind = State::Kind::map;
    if (const json::value* path = o.if_contains("ItemsPath")) {
        if (!path->is_string() || !valid_path(path->get_string()))
            return why = "ItemsPath must be $ or a path like $.items", false;
        state.items_path = path->get_string();
    }
    if (const json::value* config = o.if_contains("ProcessorConfig")) {
        const json::object* c = config->if_object();
        const json::value* mode = c != nullptr ? c->if_contains("Mode") : nullptr;
        if (c == nullptr || (mode != nullptr && (!mode->is_string() || (mode->get_string() != "Inline" &&
                                                                        mode->get_string() != "Distributed"))))
            return why = "ProcessorConfig must be {\"Mode\": \"Inline\"} or {\"Mode\": \"Distributed\"}", false;
        state.distributed = mode != nullptr && mode->get_string() == "Distributed";
    }
    // One level of items: nested Maps would multiply the per-Map bounds (items, concurrency,
    // output) by each other.
    if (in_processor) return why = "a Map state cannot be inside a Map's ItemProcessor", false;
    const json::value* processor = o.if_contains("ItemProcessor");
    if (processor == nullptr)
        return why = "a Map state needs an ItemProcessor: {\"StartAt\": ..., \"States\": [...]}", false;
    auto inner = parse_definition(*processor, why, true);
    if (!inner) return why = "ItemProcessor: " + why, false;
    state.processor = std::make_shared<const FlowDefinition>(std::move(*inner));
    if (!whole_number(o, "MaxConcurrency", 1, max_map_concurrency, state.max_concurrency, why)) return false;
    const bool tolerance = o.contains("ToleratedFailedCount") || o.contains("ToleratedFailedPercentage");
    if (tolerance && !state.distributed)
        return why = "ToleratedFailedCount and ToleratedFailedPercentage apply to a distributed Map only", false;
    if (!whole_number(o, "ToleratedFailedCount", 0, static_cast<long long>(max_map_items), state.tolerated_failed_count,
                      why))
        return false;
    if (const json::value* p = o.if_contains("ToleratedFailedPercentage")) {
        if (!p->is_number() || p->to_number<double>() < 0 || p->to_number<double>() > 100)
            return why = "ToleratedFailedPercentage must be a number from 0 to 100", false;
        state.tolerated_failed_percentage = p->to_number<double>();
    }
    return true;
}

bool parse_state(const json::value& json_state, State& state, std::string& error, bool in_processor)
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
    } else if (type == "Map") {
        std::string why;
        if (!parse_map(*o, state, in_processor, why)) return fail(why);
    } else if (type == "Task") {
        // Only the callback kind: the emulator has no functions to invoke.
        state.kind = State::Kind::task;
        if (in_processor) return fail("a Task state cannot be inside a Map's ItemProcessor");
        if (text(*o, "TaskMode") != "WaitForCustomCallback")
            return fail(
                "a Task state needs \"TaskMode\": \"WaitForCustomCallback\" (the only kind cloudflow-local runs)");
        if (const json::value* t = o->if_contains("TimeoutSeconds")) {
            if (!t->is_number() || t->to_number<double>() <= 0) return fail("TimeoutSeconds must be a number > 0");
            state.task_timeout = std::chrono::milliseconds(static_cast<long long>(t->to_number<double>() * 1000));
        }
    } else {
        // Task is left out of the list: it needs a TaskMode, said when it is missing.
        return fail("Type must be Pass, Choice, Wait, Succeed, Fail or Map (got '" + type + "')");
    }
    return true;
}

std::optional<FlowDefinition> parse_definition(const json::value& json, std::string& error, bool in_processor)
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
        if (!parse_state(s, state, error, in_processor)) return std::nullopt;
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
    return parse_definition(json, error, false);
}

namespace {

namespace asio = boost::asio;

ExecutionResult timed_out()
{
    return ExecutionResult{"TimedOut", std::nullopt, "States.Timeout", "the execution ran longer than its time limit"};
}

// The items of one Map state while it runs. The item runs share it: they may outlive the state
// when it ends early (a failure, a stop, the time limit), and then change nothing.
struct MapItems {
    std::shared_ptr<const FlowDefinition> processor;
    std::shared_ptr<MapRun> run;  // the settings and the counts
    std::vector<json::value> outputs;
    std::vector<bool> done;
    std::vector<std::unique_ptr<asio::cancellation_signal>> signals;  // one per item started
    std::size_t output_bytes = 0;
    std::optional<ExecutionResult> first_failure;
    bool over = false;                   // the Map ended
    asio::steady_timer* wake = nullptr;  // the Map waits on it for the next result
};

// An item's run records no history and stops when its Map ends.
class ItemHooks final : public ExecutionHooks {
public:
    explicit ItemHooks(std::shared_ptr<MapItems> items) : items_(std::move(items)) {}

    std::int64_t record(std::string_view, std::string_view, std::int64_t, const json::value&) override { return 0; }
    std::int64_t last_event() const override { return 0; }
    bool history_full() const override { return false; }
    bool stopped() const override { return items_->over; }
    asio::awaitable<TaskOutcome> callback(const State& state, const json::value&, std::int64_t,
                                          std::chrono::steady_clock::time_point) override
    {
        // The parser keeps Task states out of item processors.
        co_return TaskOutcome{TaskOutcome::Kind::failed,
                              {},
                              "States.TaskNotSupported",
                              "state " + state.name + " waits for a callback, which a Map's item cannot"};
    }
    std::shared_ptr<MapRun> open_map_run(const State&, std::int64_t) override { return nullptr; }

private:
    std::shared_ptr<MapItems> items_;
};

asio::awaitable<ExecutionResult> run_item(std::shared_ptr<MapItems> items, json::value item,
                                          std::chrono::milliseconds timeout)
{
    ItemHooks hooks(items);
    co_return co_await run_flow(*items->processor, std::move(item), timeout, &hooks);
}

void finish_item(MapItems& items, std::size_t i, std::exception_ptr e, ExecutionResult result)
{
    if (items.over) return;
    items.done[i] = true;
    MapRun::Counts& counts = items.run->counts;
    --counts.running;
    if (e) result = ExecutionResult{"Failed", std::nullopt, "States.Runtime", "the item's run broke off"};
    if (result.status == "Succeeded") {
        ++counts.succeeded;
        items.outputs[i] = result.output ? std::move(*result.output) : json::value{};
        items.output_bytes += json::serialize(items.outputs[i]).size();
    } else {
        ++counts.failed;
        items.outputs[i] = json::object{{"Error", result.error_code}, {"Cause", result.error_message}};
        if (!items.first_failure) items.first_failure = std::move(result);
    }
    if (items.wake) items.wake->cancel();
}

void start_item(const asio::any_io_executor& executor, const std::shared_ptr<MapItems>& items, std::size_t i,
                json::value item, std::chrono::steady_clock::time_point deadline)
{
    asio::cancellation_signal& signal = *items->signals.emplace_back(std::make_unique<asio::cancellation_signal>());
    --items->run->counts.pending;
    ++items->run->counts.running;
    const auto left =
        std::max(std::chrono::milliseconds::zero(),
                 std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()));
    asio::co_spawn(executor, run_item(items, std::move(item), left),
                   asio::bind_cancellation_slot(signal.slot(), [items, i](std::exception_ptr e, ExecutionResult r) {
                       finish_item(*items, i, e, std::move(r));
                   }));
}

// Whether a distributed Map's failed items are more than it tolerates: over the count and over
// the percentage of all its items.
bool beyond_tolerance(const MapRun& run)
{
    const auto& c = run.counts;
    return c.failed > run.tolerated_failed_count &&
           static_cast<double>(c.failed) * 100.0 > run.tolerated_failed_percentage * static_cast<double>(c.total);
}

// Runs a Map state on `data`, which becomes the array of the items' outputs. Returns the end of
// the execution when the Map ends it, nullopt when the execution goes on.
asio::awaitable<std::optional<ExecutionResult>> run_map(const State& state, json::value& data,
                                                        std::chrono::steady_clock::time_point deadline,
                                                        ExecutionHooks* hooks, std::int64_t entered)
{
    const auto failed = [&](std::string code, std::string message) {
        return ExecutionResult{"Failed", std::nullopt, std::move(code), "state " + state.name + ": " + message};
    };
    const json::value* found = lookup(data, state.items_path);
    if (found == nullptr || !found->is_array())
        co_return failed("States.Runtime", "ItemsPath " + state.items_path + " is not an array");
    const json::array list = found->get_array();
    if (list.size() > max_map_items)
        co_return failed("States.Runtime", "more than " + std::to_string(max_map_items) + " items");

    auto items = std::make_shared<MapItems>();
    items->processor = state.processor;
    items->outputs.resize(list.size());
    items->done.resize(list.size());
    if (state.distributed && hooks) items->run = hooks->open_map_run(state, entered);
    if (!items->run) {
        items->run = std::make_shared<MapRun>();
        items->run->concurrency = state.max_concurrency;
        items->run->tolerated_failed_count = state.tolerated_failed_count;
        items->run->tolerated_failed_percentage = state.tolerated_failed_percentage;
        items->run->started = now_ms();
    }
    MapRun& run = *items->run;
    run.counts.total = run.counts.pending = static_cast<long long>(list.size());

    const asio::any_io_executor executor = co_await asio::this_coro::executor;
    asio::steady_timer wake(executor);
    items->wake = run.wake = &wake;
    struct Detach {
        MapItems& items;
        ~Detach()
        {
            items.wake = nullptr;
            items.run->wake = nullptr;
        }
    } detach{*items};
    // Ends the map run: the items still running are cancelled, and with those not started count
    // as aborted.
    const auto end_run = [&](const char* status) {
        items->over = true;
        for (std::size_t i = 0; i < items->signals.size(); ++i)
            if (!items->done[i]) items->signals[i]->emit(asio::cancellation_type::terminal);
        run.counts.aborted += run.counts.running + run.counts.pending;
        run.counts.running = run.counts.pending = 0;
        run.status = status;
        run.stopped = now_ms();
    };

    std::size_t next = 0;
    for (;;) {
        // After a stop, the run must not wait again: its coroutine was cancelled.
        if (hooks && hooks->stopped()) {
            end_run("Failed");
            co_return ExecutionResult{"Stopped", std::nullopt, {}, {}};
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            end_run("Failed");
            co_return timed_out();
        }
        if (items->output_bytes > max_map_output_bytes) {
            end_run("Failed");
            co_return failed("States.DataLimitExceeded",
                             "the items' outputs are over " + std::to_string(max_map_output_bytes) + " bytes");
        }
        if (run.counts.failed > 0 && !state.distributed) {
            end_run("Failed");
            ExecutionResult first = std::move(*items->first_failure);
            co_return first;
        }
        if (state.distributed && beyond_tolerance(run)) {
            end_run("Failed");
            co_return failed("States.ExceedToleratedFailureThreshold",
                             "map run " + run.name + ": " + std::to_string(run.counts.failed) + " of " +
                                 std::to_string(run.counts.total) + " items failed, more than it tolerates");
        }
        while (run.counts.running < run.concurrency && next < list.size()) {
            start_item(executor, items, next, list[next], deadline);
            ++next;
        }
        if (run.counts.running == 0 && next == list.size()) break;
        wake.expires_at(deadline);
        co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
    }
    items->over = true;
    run.status = "Succeeded";
    run.stopped = now_ms();
    json::array outputs;
    outputs.reserve(items->outputs.size());
    for (auto& out : items->outputs) outputs.push_back(std::move(out));
    data = std::move(outputs);
    co_return std::nullopt;
}

}  // namespace

boost::asio::awaitable<ExecutionResult> run_flow(const FlowDefinition& flow, json::value input,
                                                 std::chrono::milliseconds timeout, ExecutionHooks* hooks)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    const State* state = flow.find(flow.start_at);
    json::value data = std::move(input);
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
        case State::Kind::map: {
            std::optional<ExecutionResult> ended = co_await run_map(*state, data, deadline, hooks, entered);
            if (ended) co_return std::move(*ended);
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
