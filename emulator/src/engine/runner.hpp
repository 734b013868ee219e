// Runs executions on the io_context's one thread. Standard executions (StartExecution, schedules,
// FNF:StartExecution tasks, a distributed Map's items) run in the background with their history in
// the store: StopExecution cancels one, ReportTask* wake its callback tasks, DescribeExecution's
// long poll waits for its end. StartSyncExecution runs an express flow to its end, unrecorded.
#pragma once

#include "engine/interpreter.hpp"
#include "integrations/integrations.hpp"
#include "state/config.hpp"
#include "state/store.hpp"

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>

namespace cloudflow::local {

class Catalog;

// What StartExecution (or a schedule, or a child-flow task) starts.
struct Launch {
    std::shared_ptr<const FlowConfig> flow;  // the flow's current definition or a version's
    std::string name;                        // free in the store
    boost::json::value input;                // a JSON object
    std::string qualifier;                   // as given: a version or an alias; empty: none
    std::uint64_t version = 0;               // the version it runs; 0: the current definition
    std::string role_arn;                    // the flow's ($Context.Execution.RoleArn)
    std::string test_case;                   // the mock file's test case; empty: none
    std::string callback_token;              // CallbackFnFTaskToken: the parent task it reports to
    std::size_t depth = 0;                   // child flows above it
};

// How deep FNF:StartExecution tasks may nest child flows.
inline constexpr std::size_t max_child_depth = 5;

class Runner {
public:
    Runner(Store& store, Catalog& catalog, Integrations& integrations, std::uint64_t seed);
    Runner(const Runner&) = delete;
    Runner& operator=(const Runner&) = delete;

    Integrations& integrations() { return integrations_; }

    // The test case an execution of `flow` named `name` uses (empty: none); nullopt with `problem`
    // set when the name's prefix names no test case of the flow's mocks.
    std::optional<std::string> test_case(const std::string& flow, const std::string& name, std::string& problem) const;

    // Adds a running execution to the store and starts it on `executor`. The caller checked that
    // the name is free and that the store has room for one more running execution.
    std::shared_ptr<Execution> launch(const boost::asio::any_io_executor& executor, Launch launch);
    // The first half of launch: the execution, added to the store, not started yet (StartExecution
    // writes its answer in between: a run may end before the coroutine that started it resumes).
    std::shared_ptr<Execution> prepare(Launch& launch);
    // Records ExecutionStarted, then runs the flow for `execution` on `executor`.
    void start(const boost::asio::any_io_executor& executor, const std::shared_ptr<Execution>& execution,
               Launch launch);

    // StartSyncExecution: runs an express flow to its end (its time limit), recording no history.
    boost::asio::awaitable<Ending> run_sync(Launch launch);

    // Ends a running execution Stopped at once (ExecutionStopped) and cancels its run.
    void stop(Execution& execution, const std::string& error, const std::string& cause);

    // Ends the callback task `token` of `execution` (pending, not reported yet) with `outcome`
    // (succeeded or failed): records TaskSucceeded or TaskFailed and wakes the run. Returns the
    // event's id.
    std::int64_t report(Execution& execution, const std::string& token, TaskResult outcome);

    // Returns when `execution` ends or `wait` has passed, whichever comes first.
    static boost::asio::awaitable<void> wait_for_end(std::shared_ptr<Execution> execution,
                                                     std::chrono::milliseconds wait);

private:
    class Host;
    friend class Host;

    boost::asio::awaitable<void> run(std::shared_ptr<Execution> execution, Launch launch);
    // FNF:StartExecution: a child execution of another standard flow.
    boost::asio::awaitable<TaskResult> start_child(const TaskCall& call, const Execution* parent);
    // A distributed Map's item, as a child execution of its map run.
    boost::asio::awaitable<Ending> run_item(ItemRun item, std::shared_ptr<Execution> parent,
                                            std::shared_ptr<const FlowConfig> flow);
    // Sets the end state, records the end event, wakes the long polls and reports to a parent task.
    void end(Execution& execution, const std::string& status, const std::optional<boost::json::value>& output,
             const std::string& error, const std::string& cause);
    void end(Execution& execution, const Ending& ending);
    std::string request_id();

    Store& store_;
    Catalog& catalog_;
    Integrations& integrations_;
    std::mt19937_64 random_;  // uuid(), randomInt(), RequestIDs: seeded (--seed)
};

}  // namespace cloudflow::local
