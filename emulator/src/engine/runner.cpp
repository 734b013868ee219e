#include "engine/runner.hpp"
#include "state/now.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace cloudflow::local {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;

}  // namespace

// The engine's view of one execution: its history in the store, its callback tasks.
class Runner::Hooks final : public ExecutionHooks {
public:
    Hooks(Store& store, std::shared_ptr<Execution> execution) : store_(store), execution_(std::move(execution)) {}

    std::int64_t record(std::string_view type, std::string_view step, std::int64_t scheduled_by,
                        const json::value& detail) override
    {
        return store_.record(*execution_, type, step, scheduled_by, json::serialize(detail));
    }
    std::int64_t last_event() const override { return execution_->events.empty() ? 0 : execution_->events.back().id; }
    bool history_full() const override { return store_.history_full(*execution_); }
    bool stopped() const override { return execution_->ended(); }

    asio::awaitable<TaskOutcome> callback(const State& state, const json::value& input, std::int64_t entered,
                                          std::chrono::steady_clock::time_point deadline) override
    {
        Execution& e = *execution_;
        const std::string token = store_.issue_token(e);
        const std::int64_t submitted =
            record("TaskSubmitted", state.name, entered, json::object{{"TaskToken", token}, {"Input", input}});
        asio::steady_timer timer(co_await asio::this_coro::executor);
        const auto task_deadline =
            state.task_timeout ? std::chrono::steady_clock::now() + *state.task_timeout : deadline;
        timer.expires_at(std::min(deadline, task_deadline));
        e.task = PendingTask{token, submitted, state.name, std::nullopt, &timer};
        // If the run is destroyed mid-wait (the io_context goes away), the report must not touch the timer.
        struct Forget {
            Execution& e;
            ~Forget() { e.task.reset(); }
        } forget{e};
        co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));

        if (e.ended()) co_return TaskOutcome{};  // stopped
        if (e.task->outcome) co_return std::move(*e.task->outcome);
        if (task_deadline <= deadline) {
            record("TaskTimedOut", state.name, submitted,
                   json::object{{"Error", "States.Timeout"}, {"Cause", "the task was not reported in time"}});
            co_return TaskOutcome{TaskOutcome::Kind::timed_out, {}, {}, {}};
        }
        co_return TaskOutcome{TaskOutcome::Kind::deadline, {}, {}, {}};
    }

    std::shared_ptr<MapRun> open_map_run(const State& state, std::int64_t entered) override
    {
        Execution& e = *execution_;
        auto run = std::make_shared<MapRun>();
        run->name = e.name + ":" + state.name + ":" + store_.random_hex(8);
        run->started = now_ms();
        run->concurrency = state.max_concurrency;
        run->tolerated_failed_count = state.tolerated_failed_count;
        run->tolerated_failed_percentage = state.tolerated_failed_percentage;
        // Bounded: past the cap, the oldest ended map run is forgotten.
        if (e.map_runs.size() >= store_.limits().max_map_runs) {
            const auto old =
                std::find_if(e.map_runs.begin(), e.map_runs.end(), [](const auto& r) { return r->ended(); });
            if (old != e.map_runs.end()) e.map_runs.erase(old);
        }
        e.map_runs.push_back(run);
        // The history names the map run: DescribeMapRun and UpdateMapRun need it.
        record("StepStarted", state.name, entered, json::object{{"MapRunName", run->name}});
        return run;
    }

private:
    Store& store_;
    std::shared_ptr<Execution> execution_;
};

std::shared_ptr<Execution> Runner::prepare(Launch& launch)
{
    auto execution = store_.add(launch.flow->name, std::move(launch.name));
    execution->input = json::serialize(launch.input);
    execution->definition = launch.flow->definition_text;
    for (const auto& v : launch.flow->environment) execution->environment.emplace_back(v.name, v.value);
    execution->qualifier = std::move(launch.qualifier);
    execution->version = launch.version;
    return execution;
}

std::shared_ptr<Execution> Runner::launch(const asio::any_io_executor& executor, Launch launch)
{
    auto execution = prepare(launch);
    start(executor, execution, std::move(launch.flow), std::move(launch.input));
    return execution;
}

void Runner::start(const asio::any_io_executor& executor, std::shared_ptr<Execution> execution,
                   std::shared_ptr<const FlowConfig> flow, json::value input)
{
    store_.record(*execution, "ExecutionStarted", execution->name, 0, json::serialize(json::object{{"input", input}}));
    Execution& e = *execution;
    // StopExecution emits the signal: the Wait or Task the run is in ends at once.
    asio::co_spawn(executor, run(std::move(execution), std::move(flow), std::move(input)),
                   asio::bind_cancellation_slot(e.stop.slot(), [](std::exception_ptr) {}));
}

asio::awaitable<void> Runner::run(std::shared_ptr<Execution> execution, std::shared_ptr<const FlowConfig> flow,
                                  json::value input)
{
    Hooks hooks(store_, execution);
    const ExecutionResult result = co_await run_flow(flow->definition, std::move(input), flow->timeout, &hooks);
    if (!execution->ended()) end(*execution, result);
}

void Runner::end(Execution& e, const ExecutionResult& result)
{
    e.status = result.status;
    e.stopped = now_ms();
    if (result.output) e.output = json::serialize(*result.output);
    e.error = result.error_code;
    e.cause = result.error_message;
    json::object detail;
    if (result.output) detail["output"] = *result.output;
    if (!result.error_code.empty()) detail["error"] = result.error_code;
    if (!result.error_message.empty()) detail["cause"] = result.error_message;
    const std::int64_t last = e.events.empty() ? 0 : e.events.back().id;
    store_.record(e, "Execution" + result.status, e.name, last, json::serialize(detail));
    for (auto* waiter : e.waiters) waiter->cancel();
    store_.finished(e);
}

void Runner::stop(Execution& e, const std::string& error, const std::string& cause)
{
    end(e, ExecutionResult{"Stopped", std::nullopt, error, cause});
    if (e.task && e.task->timer) e.task->timer->cancel();
    // A Map in progress sees the execution ended when its wait is cancelled, and ends its map run.
    e.stop.emit(asio::cancellation_type::terminal);
}

std::int64_t Runner::report(Execution& e, TaskOutcome outcome)
{
    PendingTask& task = *e.task;
    json::object detail;
    if (outcome.kind == TaskOutcome::Kind::succeeded)
        detail["output"] = outcome.output;
    else
        detail = json::object{{"Error", outcome.error}, {"Cause", outcome.cause}};
    const std::int64_t id =
        store_.record(e, outcome.kind == TaskOutcome::Kind::succeeded ? "TaskSucceeded" : "TaskFailed", task.step,
                      task.submitted, json::serialize(detail));
    task.outcome = std::move(outcome);
    if (task.timer) task.timer->cancel();
    return id;
}

asio::awaitable<void> Runner::wait_for_end(std::shared_ptr<Execution> execution, std::chrono::milliseconds wait)
{
    if (execution->ended() || wait <= std::chrono::milliseconds::zero()) co_return;
    asio::steady_timer timer(co_await asio::this_coro::executor, wait);
    execution->waiters.push_back(&timer);
    struct Leave {
        Execution& e;
        asio::steady_timer* timer;
        ~Leave() { std::erase(e.waiters, timer); }
    } leave{*execution, &timer};
    co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
}

}  // namespace cloudflow::local
