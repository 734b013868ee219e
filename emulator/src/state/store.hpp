// What cloudflow-local remembers while it runs: the executions of standard flows, their history
// events and the task tokens they issued, all bounded; and the opaque NextToken of its pages.
#pragma once

#include "integrations/task_call.hpp"
#include "state/clock.hpp"
#include "state/map_run.hpp"

#include <cloudflow/model/timestamp.hpp>

#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace cloudflow::local {

struct HistoryEvent {
    std::int64_t id = 0;            // 1, 2, ... in the order they happened
    std::int64_t scheduled_by = 0;  // the event that led to this one; 0 for the first
    std::string step;               // the state's name; the execution's for Execution* events
    std::string type;               // ExecutionStarted, StepEntered, TaskSubmitted, ...
    Timestamp time;
    std::string detail;  // JSON text
};

// A callback task waiting for ReportTaskSucceeded or ReportTaskFailed.
struct PendingTask {
    std::string step;
    std::int64_t scheduled = 0;                  // its TaskScheduled event
    std::optional<TaskResult> outcome;           // set by the report
    boost::asio::steady_timer* timer = nullptr;  // the run waits on it
};

struct Execution {
    std::string flow, name;
    std::uint64_t serial = 0;  // start order, for newest-first lists and stable page tokens
    std::string status = "Running";
    std::string input;                  // JSON text
    std::optional<std::string> output;  // JSON text, when it succeeded
    std::string error, cause;
    std::string definition;                                        // the flow's definition, as given
    std::vector<std::pair<std::string, std::string>> environment;  // the flow's variables: name, value
    std::string qualifier;                          // StartExecution's Qualifier: a version or an alias; empty: none
    std::uint64_t version = 0;                      // the version it runs; 0: the flow's current definition
    std::vector<std::shared_ptr<MapRun>> map_runs;  // its distributed Map states, oldest first
    std::string map_run;                            // the map run it is an item of; empty: none
    std::string test_case;                          // the mock file's test case it uses; empty: none
    std::string callback_token;                     // a parent task's (CallbackFnFTaskToken): reported at its end
    std::size_t depth = 0;                          // child flows above it (FNF:StartExecution)
    Timestamp started{};
    std::optional<Timestamp> stopped;
    std::vector<HistoryEvent> events;
    std::size_t history_bytes = 0;
    std::map<std::string, PendingTask> tasks;         // by token: its callback tasks waiting for a report
    std::vector<std::string> tokens;                  // every token issued, forgotten with the execution
    boost::asio::cancellation_signal stop;            // StopExecution cancels the run through it
    std::vector<boost::asio::steady_timer*> waiters;  // DescribeExecution long polls, woken at the end

    bool ended() const { return status != "Running"; }
};

struct StoreLimits {
    std::size_t max_running = 10'000;                  // StartExecution is refused beyond
    std::size_t max_finished = 10'000;                 // the oldest finished executions are forgotten beyond
    std::size_t max_events = 5'000;                    // per execution, as the service's limit
    std::size_t max_history_bytes = 16 * 1024 * 1024;  // EventDetail text per execution
    std::size_t max_map_runs = 100;                    // per execution: the oldest ended ones are forgotten beyond
};

class Store {
public:
    // `clock` writes its times (an execution's start, its events'); it outlives the store.
    explicit Store(StoreLimits limits, const FlowClock& clock = FlowClock::real());

    const StoreLimits& limits() const { return limits_; }
    const FlowClock& clock() const { return clock_; }
    std::size_t running() const { return running_; }
    std::size_t size() const { return by_serial_.size(); }

    std::shared_ptr<Execution> find(std::string_view flow, std::string_view name) const;
    // A new running execution; the caller checked that the name is free.
    std::shared_ptr<Execution> add(std::string flow, std::string name);
    // Counts `execution` (its status set) finished; forgets the oldest finished past the cap.
    void finished(Execution& execution);

    // Appends an event; returns its EventId.
    std::int64_t record(Execution& execution, std::string_view type, std::string_view step, std::int64_t scheduled_by,
                        std::string detail);
    // Whether a step's events (at most 4) and the execution's end still fit.
    bool history_full(const Execution& execution) const;

    // A fresh, unguessable task token of `execution`.
    std::string issue_token(Execution& execution);
    // The execution that was issued `token`, while it is remembered; null for a token never issued.
    std::shared_ptr<Execution> token_owner(std::string_view token) const;

    // Forgets every execution of `flow` (DeleteFlow), with their history and task tokens. The
    // caller stopped those still running.
    void forget_flow(std::string_view flow);

    // The executions of `flow`, by serial (oldest first).
    const std::map<std::uint64_t, std::shared_ptr<Execution>>& executions(std::string_view flow) const;

    // A NextToken for `position` in the list `scope` names, and back; a token that this store did
    // not issue for `scope` gives nullopt.
    std::string page_token(std::string_view scope, std::uint64_t position) const;
    std::optional<std::uint64_t> read_page_token(std::string_view scope, std::string_view token) const;

    // A UUID-shaped name starting with a letter (so check_name accepts it), unused in `flow`.
    std::string fresh_name(std::string_view flow);
    // `digits` hex digits from the system's random source (a map run's short id).
    std::string random_hex(std::size_t digits);

private:
    struct FlowExecutions {
        std::unordered_map<std::string, std::shared_ptr<Execution>> by_name;
        std::map<std::uint64_t, std::shared_ptr<Execution>> by_serial;
    };
    std::uint64_t mac(std::string_view scope, std::uint64_t position) const;
    std::uint64_t random64();
    // Removes `execution` from the indexes, if it is the one they hold under its name.
    void forget(const std::shared_ptr<Execution>& execution);

    StoreLimits limits_;
    const FlowClock& clock_;
    std::unordered_map<std::string, FlowExecutions> flows_;
    std::map<std::uint64_t, std::weak_ptr<Execution>> by_serial_;  // all flows
    std::deque<std::weak_ptr<Execution>> finished_order_;
    std::unordered_map<std::string, std::weak_ptr<Execution>> tokens_;
    std::uint64_t next_serial_ = 1;
    std::size_t running_ = 0;
    std::uint64_t secret_;  // keys the page tokens' check value
};

}  // namespace cloudflow::local
