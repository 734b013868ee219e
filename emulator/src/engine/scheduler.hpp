// Fires the enabled time-based schedules (cloudflow-local --run-schedules): each starts an
// execution of its flow at each time its CronExpression names, with its Payload as the input.
// One coroutine per armed schedule, each waiting on a timer of its own, on the io_context.
#pragma once

#include "engine/runner.hpp"
#include "state/catalog.hpp"
#include "state/store.hpp"

#include <boost/asio/any_io_executor.hpp>

#include <functional>
#include <memory>
#include <optional>
#include <string>

namespace cloudflow::local {

class Scheduler {
public:
    using Log = std::function<void(const std::string&)>;

    Scheduler(Catalog& catalog, Store& store, Runner& runner);
    ~Scheduler();
    Scheduler(const Scheduler&) = delete;
    Scheduler& operator=(const Scheduler&) = delete;

    // From now on, enabled schedules fire on `executor`; `log` (if any) hears of each firing.
    // Arms the schedules that exist already.
    void start(const boost::asio::any_io_executor& executor, Log log = {});
    // Cancels every timer: nothing fires after this (a graceful stop). Schedules stay stored.
    void stop();
    bool running() const { return static_cast<bool>(executor_); }

    // After CreateSchedule or UpdateSchedule: (re)arms `schedule` of `flow` when it is enabled,
    // disarms it when it is not. Does nothing unless the scheduler runs.
    void arm(const Flow& flow, const Schedule& schedule);
    // After DeleteSchedule (or DeleteFlow): the schedule no longer fires.
    void disarm(const std::string& schedule_id);

    std::size_t armed() const;
    std::size_t started() const { return started_; }  // executions started by schedules

private:
    struct Table;
    static boost::asio::awaitable<void> wait_and_fire(std::shared_ptr<Table> table, std::string id,
                                                      std::uint64_t generation);
    // Starts the execution of the schedule armed as `id`; returns when it fires next.
    std::optional<CronExpression::time_point> fire(const std::string& id, CronExpression::time_point due);
    std::optional<CronExpression::time_point> first_due(const std::string& id) const;

    Catalog& catalog_;
    Store& store_;
    Runner& runner_;
    boost::asio::any_io_executor executor_;
    Log log_;
    std::shared_ptr<Table> table_;
    std::size_t started_ = 0;
};

}  // namespace cloudflow::local
