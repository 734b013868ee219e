// The flows cloudflow-local runs: a small subset of CloudFlow's state language, with a callback
// Task state and a Map state (inline, or distributed as a map run); a run reports its history
// through ExecutionHooks.
#pragma once

#include <cloudflow/model/timestamp.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
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

struct FlowDefinition;

struct State {
    enum class Kind { pass, choice, wait, succeed, fail, task, map };
    std::string name;
    Kind kind = Kind::pass;
    std::optional<boost::json::value> result;               // Pass: fixed output; absent: the input passes through
    std::vector<ChoiceRule> choices;                        // Choice
    std::string default_next;                               // Choice
    std::chrono::milliseconds wait{0};                      // Wait
    std::string error, cause;                               // Fail
    std::string next;                                       // Pass, Wait, Task: the next state; empty: the flow ends
    std::optional<std::chrono::milliseconds> task_timeout;  // Task: TimeoutSeconds
    // Map: the items at `items_path` each run `processor`, `max_concurrency` at a time; the
    // output is the array of their outputs. A distributed Map is a map run of the execution,
    // which tolerates some failed items.
    std::string items_path = "$";
    std::shared_ptr<const FlowDefinition> processor;
    bool distributed = false;
    long long max_concurrency = 100;
    long long tolerated_failed_count = 0;
    double tolerated_failed_percentage = 0;
};

struct FlowDefinition {
    std::string start_at;
    std::vector<State> states;

    const State* find(std::string_view name) const;
    // The first Task state (it waits for a callback, so only standard flows may have one), or null.
    const State* first_task() const;
};

// Parses {"StartAt": "...", "States": [{"Name": "...", "Type": "Pass", ...}, ...]}; the error
// says which state and which field is wrong. Every Next must name a state.
std::optional<FlowDefinition> parse_flow_definition(const boost::json::value& json, std::string& error);

// The bounds of a Map state.
inline constexpr long long max_map_concurrency = 1000;  // MaxConcurrency, UpdateMapRun's Concurrency
inline constexpr std::size_t max_map_items = 10'000;
inline constexpr std::size_t max_map_output_bytes = 16 * 1024 * 1024;

// A distributed Map's run: its settings (UpdateMapRun changes them while it runs) and the
// counts of its items (DescribeMapRun).
struct MapRun {
    std::string name;                // <execution>:<state>:<8 hex digits>
    std::string status = "Running";  // Running, Succeeded, Failed
    Timestamp started{};
    std::optional<Timestamp> stopped;
    long long concurrency = 1;
    long long tolerated_failed_count = 0;
    double tolerated_failed_percentage = 0;
    struct Counts {
        long long total = 0, succeeded = 0, failed = 0, running = 0, pending = 0, aborted = 0;
    } counts;
    boost::asio::steady_timer* wake = nullptr;  // the Map waits on it while it runs: UpdateMapRun cancels it

    bool ended() const { return status != "Running"; }
};

struct ExecutionResult {
    std::string status;  // Succeeded, Failed, TimedOut; Stopped when the hooks say so
    std::optional<boost::json::value> output;
    std::string error_code, error_message;
};

// How a callback task ended.
struct TaskOutcome {
    enum class Kind { succeeded, failed, timed_out, deadline, stopped };
    Kind kind = Kind::stopped;  // timed_out: its TimeoutSeconds; deadline: the execution's time limit
    boost::json::value output;  // succeeded
    std::string error, cause;   // failed
};

// What a standard execution's run reports to, and waits on: the runner implements it.
class ExecutionHooks {
public:
    virtual ~ExecutionHooks() = default;
    // Records a history event; returns its EventId. `scheduled_by` is the event that led to it.
    virtual std::int64_t record(std::string_view type, std::string_view step, std::int64_t scheduled_by,
                                const boost::json::value& detail) = 0;
    // The id of the last event recorded.
    virtual std::int64_t last_event() const = 0;
    // No room for another step in the history: the run fails.
    virtual bool history_full() const = 0;
    // StopExecution ended the execution: the run returns at once.
    virtual bool stopped() const = 0;
    // Submits the callback task `state` (TaskSubmitted, scheduled by `entered`) and waits for its
    // report, its TimeoutSeconds or `deadline`.
    virtual boost::asio::awaitable<TaskOutcome> callback(const State& state, const boost::json::value& input,
                                                         std::int64_t entered,
                                                         std::chrono::steady_clock::time_point deadline) = 0;
    // A distributed Map state starts (StepEntered `entered`): the map run that shows it, or null
    // when nobody watches (the Map then runs the same, unseen).
    virtual std::shared_ptr<MapRun> open_map_run(const State& state, std::int64_t entered) = 0;
};

// Runs `flow` on `input`; Wait states wait on the executor's timer. An execution that runs past
// `timeout` ends TimedOut; one that takes more than 1000 transitions ends Failed. With `hooks`,
// each step is recorded (StepEntered, StepExited) and Task states wait for their callback;
// without, a Task state fails the execution.
boost::asio::awaitable<ExecutionResult> run_flow(const FlowDefinition& flow, boost::json::value input,
                                                 std::chrono::milliseconds timeout, ExecutionHooks* hooks = nullptr);

}  // namespace cloudflow::local
