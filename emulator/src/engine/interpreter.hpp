// Runs a validated Spec v1 definition: states, their data flow (constructors, $Global), Retry and
// Catch, Parallel branches and Map items as coroutines of their own. Everything outside the
// language (history, integrations, callbacks, child executions, randomness) goes through an
// ExecutionHost, which the runner implements for standard, express and child executions, and
// tests implement with fakes.
//
// Cancellation is Asio's: StopExecution cancels the run's coroutine, and a failing branch or item
// cancels its siblings; a cancelled run unwinds (operation_aborted) without recording more. The
// execution's time limit and a Task's Timeout race the work they bound.
#pragma once

#include "expr/expression.hpp"
#include "flow/definition.hpp"
#include "integrations/task_call.hpp"
#include "state/clock.hpp"
#include "state/map_run.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/assert/source_location.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <stdexcept>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace cloudflow::local {

// An error of a state or an execution: its name (what Retry and Catch match, the execution's
// ErrorCode) and its detail (ErrorMessage).
struct FlowError {
    std::string code, detail;
    bool fatal = false;  // an execution's limit (transitions, history): no Retry or Catch applies
};

// boost::system::result<T, FlowError>'s value() throws this (the engine never calls it).
[[noreturn]] inline void throw_exception_from_error(const FlowError& error, const boost::source_location&)
{
    throw std::runtime_error(error.code + ": " + error.detail);
}

// How a scope (an execution, a branch, an item) ended.
struct Ending {
    enum class Kind { succeeded, failed, timed_out, stopped };
    Kind kind = Kind::stopped;
    boost::json::value output;  // succeeded
    FlowError error;            // failed, timed_out

    static Ending success(boost::json::value output) { return {Kind::succeeded, std::move(output), {}}; }
    static Ending failure(FlowError error) { return {Kind::failed, {}, std::move(error)}; }
    static Ending stop() { return {}; }
    bool succeeded() const { return kind == Kind::succeeded; }
};

// The bounds of a run (docs/emulator.md lists them).
struct RunLimits {
    std::size_t max_transitions = 100'000;                   // states entered in one execution, every scope counted
    std::size_t max_state_bytes = std::size_t{64} * 1024;    // a state's input and output, as JSON text (the service's)
    std::size_t max_global_key = 128;                        // a $Global key, in bytes (the service's)
    std::size_t max_global_value = std::size_t{256} * 1024;  // a $Global value, as JSON text (the service's)
    std::size_t max_items = 10'000;                          // a Map's items
    expr::Limits expressions{};
};

// One item of a distributed Map, to run as a child execution of its map run.
struct ItemRun {
    std::shared_ptr<const flow::Definition> definition;  // keeps `processor` alive
    const flow::StateMachine* processor = nullptr;
    FlowMode mode = FlowMode::express;
    std::shared_ptr<MapRun> run;
    std::size_t index = 0;
    boost::json::value input;  // the item, constructed and batched
    std::chrono::steady_clock::time_point deadline;
};

// What a run needs from outside the language.
class ExecutionHost {
public:
    virtual ~ExecutionHost() = default;

    // Whether the run keeps a history (a standard execution, a map run's item); without one the
    // interpreter builds no event.
    virtual bool keeps_history() const = 0;
    // Records a history event (standard executions); returns its EventId, or 0 without history.
    // `scheduled_by` is the event that opened the step, task, branch or iteration.
    virtual std::int64_t record(std::string_view type, std::string_view step, std::int64_t scheduled_by,
                                boost::json::object detail) = 0;
    virtual std::int64_t last_event() const = 0;
    // No room for another step's events: the run fails.
    virtual bool history_full() const = 0;

    // The task's integration: a mock, HTTP, FC, a child flow; may be cancelled.
    virtual boost::asio::awaitable<TaskResult> invoke(TaskCall call) = 0;
    // A fresh token for a callback task, and the wait for its report (may be cancelled: the task
    // is then no longer pending). The report records TaskSucceeded or TaskFailed itself (its
    // answer carries the EventId), scheduled by the task's TaskScheduled event.
    virtual std::string issue_token() = 0;
    virtual boost::asio::awaitable<TaskResult> wait_for_report(std::string token, std::string step,
                                                               std::int64_t scheduled) = 0;

    // A distributed Map starts: its map run (DescribeMapRun and UpdateMapRun see it).
    virtual std::shared_ptr<MapRun> open_map_run(const flow::State& state, const flow::Map& map,
                                                 std::int64_t entered) = 0;
    // One item of a map run, as a child execution; may be cancelled.
    virtual boost::asio::awaitable<Ending> run_item(ItemRun item) = 0;

    virtual expr::Random& random() = 0;
};

// What a run runs, and for whom.
struct RunSetup {
    std::shared_ptr<const flow::Definition> definition;  // keeps `machine` alive
    const flow::StateMachine* machine = nullptr;         // the definition's root, or a Map's processor
    std::string flow, execution, role_arn, test_case;    // $Context.Execution, and what mocks are found by
    boost::json::value input;                            // a JSON object
    std::chrono::steady_clock::time_point deadline;      // the execution's time limit, in real time
    FlowMode mode = FlowMode::express;                   // its rules at run time (Seconds.$'s range)
    RunLimits limits{};
    const FlowClock* clock = &FlowClock::real();  // the flows' time: waits, Timeouts, a map run's times
};

// Runs `setup` to its end: Succeeded with the output, Failed or TimedOut with the error. Throws
// (operation_aborted) only when cancelled.
boost::asio::awaitable<Ending> interpret(RunSetup setup, std::shared_ptr<ExecutionHost> host);

}  // namespace cloudflow::local
