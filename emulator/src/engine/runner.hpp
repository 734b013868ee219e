// Runs standard executions in the background, on the io_context's one thread: StartExecution
// starts a run and answers at once, StopExecution cancels it, ReportTask* wake its callback task,
// and DescribeExecution's long poll waits for its end.
#pragma once

#include "state/config.hpp"
#include "state/store.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace cloudflow::local {

// What StartExecution (or a schedule) starts.
struct Launch {
    std::shared_ptr<const FlowConfig> flow;  // the flow's current definition or a version's
    std::string name;                        // free in the store
    boost::json::value input;                // a JSON object
    std::string qualifier;                   // as given: a version or an alias; empty: none
    std::uint64_t version = 0;               // the version it runs; 0: the current definition
};

class Runner {
public:
    explicit Runner(Store& store) : store_(store) {}

    // Adds a running execution to the store and starts it on `executor`. The caller checked that
    // the name is free and that the store has room for one more running execution.
    std::shared_ptr<Execution> launch(const boost::asio::any_io_executor& executor, Launch launch);
    // The first half of launch: the execution, added to the store, not started yet (StartExecution
    // writes its answer in between: a run may end before the coroutine that started it resumes).
    std::shared_ptr<Execution> prepare(Launch& launch);

    // Records ExecutionStarted, then runs `flow` for `execution` on `executor`.
    void start(const boost::asio::any_io_executor& executor, std::shared_ptr<Execution> execution,
               std::shared_ptr<const FlowConfig> flow, boost::json::value input);

    // Ends a running execution Stopped at once (ExecutionStopped) and cancels its run.
    void stop(Execution& execution, const std::string& error, const std::string& cause);

    // Ends `execution`'s pending task with `outcome` (succeeded or failed): records TaskSucceeded or
    // TaskFailed and wakes the run. Returns the event's id.
    std::int64_t report(Execution& execution, TaskOutcome outcome);

    // Returns when `execution` ends or `wait` has passed, whichever comes first.
    static boost::asio::awaitable<void> wait_for_end(std::shared_ptr<Execution> execution,
                                                     std::chrono::milliseconds wait);

private:
    class Hooks;
    boost::asio::awaitable<void> run(std::shared_ptr<Execution> execution, std::shared_ptr<const FlowConfig> flow,
                                     boost::json::value input);
    // Sets the end state, records the end event and wakes the long polls.
    void end(Execution& execution, const ExecutionResult& result);

    Store& store_;
};

}  // namespace cloudflow::local
