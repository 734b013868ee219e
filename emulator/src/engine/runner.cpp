#include "engine/runner.hpp"
#include "lang/text.hpp"

#include "lang/error_names.hpp"
#include "state/catalog.hpp"

#include <cloudflow/model/names.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <algorithm>

namespace cloudflow::local {
namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using Clock = std::chrono::steady_clock;

// How long an execution of each mode may run (the service's limits), unless its config says.
constexpr std::chrono::milliseconds express_limit{5 * 60 * 1000};

std::string_view status_of(const Ending& ending)
{
    switch (ending.kind) {
    case Ending::Kind::succeeded: return "Succeeded";
    case Ending::Kind::failed: return "Failed";
    case Ending::Kind::timed_out: return "TimedOut";
    case Ending::Kind::stopped: return "Stopped";
    }
    return "Failed";
}

class SeededRandom final : public expr::Random {
public:
    explicit SeededRandom(std::mt19937_64& generator) : generator_(generator) {}
    std::uint64_t next() override { return generator_(); }

private:
    std::mt19937_64& generator_;
};

}  // namespace

// An execution's view of the emulator: its history in the store (none for a synchronous run), the
// integrations, its callback tasks, its map runs and their items.
class Runner::Host final : public ExecutionHost {
public:
    // `name`: the execution's, which its map runs' names start with.
    Host(Runner& runner, std::shared_ptr<Execution> execution, std::shared_ptr<const FlowConfig> flow, std::string name)
        : runner_(runner), execution_(std::move(execution)), flow_(std::move(flow)), name_(std::move(name)),
          random_(runner.random_)
    {
    }

    bool keeps_history() const override { return execution_ && !execution_->ended(); }
    std::int64_t record(std::string_view type, std::string_view step, std::int64_t scheduled_by,
                        json::object detail) override
    {
        if (!execution_ || execution_->ended()) return 0;
        return runner_.store_.record(*execution_, type, step, scheduled_by, json_text(detail));
    }
    std::int64_t last_event() const override
    {
        return !execution_ || execution_->events.empty() ? 0 : execution_->events.back().id;
    }
    bool history_full() const override { return execution_ && runner_.store_.history_full(*execution_); }

    asio::awaitable<TaskResult> invoke(TaskCall call) override
    {
        if (auto mocked = runner_.integrations_.mocked(call)) co_return std::move(*mocked);
        if (call.action == "FNF:StartExecution") co_return co_await runner_.start_child(call, execution_.get());
        co_return co_await runner_.integrations_.call(std::move(call));
    }

    std::string issue_token() override
    {
        // A synchronous run has no callback tasks (validation refuses them in Express flows).
        return execution_ ? runner_.store_.issue_token(*execution_) : std::string();
    }

    asio::awaitable<TaskResult> wait_for_report(std::string token, std::string step, std::int64_t scheduled) override
    {
        if (!execution_)
            co_return TaskResult::failure(std::string(error_names::task_failed),
                                          "a synchronous execution cannot wait for a callback");
        asio::steady_timer timer(co_await asio::this_coro::executor, Clock::time_point::max());
        Execution& e = *execution_;
        e.tasks[token] = PendingTask{std::move(step), scheduled, std::nullopt, &timer};
        // However the wait ends (a report, a Timeout, a stop), the task is no longer pending.
        struct Forget {
            Execution& e;
            const std::string& token;
            ~Forget() { e.tasks.erase(token); }
        } forget{e, token};
        co_await timer.async_wait(asio::as_tuple(asio::use_awaitable));
        // Cancelled (a Timeout raced it, or the execution was stopped) without a report.
        if (!e.tasks[token].outcome) throw boost::system::system_error(asio::error::operation_aborted);
        co_return std::move(*e.tasks[token].outcome);
    }

    std::shared_ptr<MapRun> open_map_run(const flow::State& state, const flow::Map& map, std::int64_t) override
    {
        auto run = std::make_shared<MapRun>();
        run->id = runner_.store_.random_hex(8);
        run->name = name_ + ":" + state.name + ":" + run->id;
        run->started = runner_.store_.clock().now();
        run->concurrency = map.max_concurrency;
        run->tolerated_failed_count = map.tolerated_failure_count.value_or(0);
        run->tolerated_failed_percentage = map.tolerated_failure_percentage.value_or(0);
        if (execution_) {
            Execution& e = *execution_;
            // Bounded: past the cap, the oldest ended map run is forgotten.
            if (e.map_runs.size() >= runner_.store_.limits().max_map_runs) {
                const auto old =
                    std::find_if(e.map_runs.begin(), e.map_runs.end(), [](const auto& r) { return r->ended(); });
                if (old != e.map_runs.end()) e.map_runs.erase(old);
            }
            e.map_runs.push_back(run);
        }
        return run;
    }

    asio::awaitable<Ending> run_item(ItemRun item) override
    {
        co_return co_await runner_.run_item(std::move(item), execution_, flow_);
    }

    expr::Random& random() override { return random_; }

private:
    Runner& runner_;
    std::shared_ptr<Execution> execution_;
    std::shared_ptr<const FlowConfig> flow_;
    std::string name_;
    SeededRandom random_;
};

Runner::Runner(Store& store, Catalog& catalog, Integrations& integrations, std::uint64_t seed)
    : store_(store), catalog_(catalog), integrations_(integrations), random_(seed ^ 0x5EED0F10ULL)
{
}

std::optional<std::string> Runner::test_case(const std::string& flow, const std::string& name,
                                             std::string& problem) const
{
    problem.clear();
    auto found = integrations_.mocks().test_case(flow, name, &problem);
    if (!problem.empty()) return std::nullopt;
    return found.value_or(std::string());
}

std::shared_ptr<Execution> Runner::prepare(Launch& launch)
{
    auto execution = store_.add(launch.flow->name, launch.name);
    execution->input = json_text(launch.input);
    execution->definition = launch.flow->definition_text;
    for (const auto& v : launch.flow->environment) execution->environment.emplace_back(v.name, v.value);
    execution->qualifier = launch.qualifier;
    execution->version = launch.version;
    execution->test_case = launch.test_case;
    execution->callback_token = launch.callback_token;
    execution->depth = launch.depth;
    return execution;
}

std::shared_ptr<Execution> Runner::launch(const asio::any_io_executor& executor, Launch launch)
{
    auto execution = prepare(launch);
    start(executor, execution, std::move(launch));
    return execution;
}

void Runner::start(const asio::any_io_executor& executor, const std::shared_ptr<Execution>& execution, Launch launch)
{
    store_.record(*execution, "ExecutionStarted", execution->name, 0, json_text(json::object{{"Input", launch.input}}));
    Execution& e = *execution;
    // StopExecution emits the signal: the run's waits end at once, and it unwinds.
    asio::co_spawn(executor, run(execution, std::move(launch)),
                   asio::bind_cancellation_slot(e.stop.slot(), [this, execution](const std::exception_ptr& error) {
                       if (error && !execution->ended())
                           end(*execution, "Failed", std::nullopt, std::string(error_names::runtime),
                               "the execution's run broke off");
                   }));
}

asio::awaitable<void> Runner::run(std::shared_ptr<Execution> execution, Launch launch)
{
    const FlowConfig& flow = *launch.flow;
    RunSetup setup;
    setup.definition = flow.definition;
    setup.machine = &flow.definition->root;
    setup.flow = flow.name;
    setup.execution = execution->name;
    setup.role_arn = launch.role_arn;
    setup.test_case = launch.test_case;
    setup.input = std::move(launch.input);
    setup.deadline = store_.clock().after(flow.timeout);
    setup.mode = flow.mode();
    setup.clock = &store_.clock();
    auto host = std::make_shared<Host>(*this, execution, launch.flow, execution->name);
    const Ending ending = co_await interpret(std::move(setup), std::move(host));
    if (!execution->ended()) end(*execution, ending);
}

asio::awaitable<Ending> Runner::run_sync(Launch launch)
{
    const FlowConfig& flow = *launch.flow;
    RunSetup setup;
    setup.definition = flow.definition;
    setup.machine = &flow.definition->root;
    setup.flow = flow.name;
    setup.execution = launch.name;
    setup.role_arn = launch.role_arn;
    setup.test_case = launch.test_case;
    setup.input = std::move(launch.input);
    setup.deadline = store_.clock().after(flow.timeout);
    setup.mode = FlowMode::express;
    setup.clock = &store_.clock();
    // Unrecorded, but its distributed Maps' map runs carry its name ("exec:<RequestId>").
    auto host = std::make_shared<Host>(*this, nullptr, launch.flow, launch.name);
    co_return co_await interpret(std::move(setup), std::move(host));
}

asio::awaitable<Ending> Runner::run_item(ItemRun item, std::shared_ptr<Execution> parent,
                                         std::shared_ptr<const FlowConfig> flow)
{
    auto child = store_.add(flow->name, "map-" + item.run->id + "-" + std::to_string(item.index));
    child->input = json_text(item.input);
    child->definition = parent ? parent->definition : flow->definition_text;
    child->environment = parent ? parent->environment : decltype(child->environment){};
    child->map_run = item.run->name;
    child->test_case = parent ? parent->test_case : std::string();
    child->depth = parent ? parent->depth : 0;
    store_.record(*child, "ExecutionStarted", child->name, 0, json_text(json::object{{"Input", item.input}}));
    // Cancelled with its Map (a stop, another item's failure, the parent's time limit): it stops.
    struct Abort {
        Runner& runner;
        Execution& child;
        ~Abort()
        {
            if (!child.ended()) runner.end(child, "Stopped", std::nullopt, "", "its map run ended");
        }
    } abort{*this, *child};

    RunSetup setup;
    setup.definition = item.definition;
    setup.machine = item.processor;
    setup.flow = flow->name;
    setup.execution = child->name;
    setup.test_case = child->test_case;
    setup.input = std::move(item.input);
    // Its own mode's limit, within the parent's.
    setup.deadline =
        item.mode == FlowMode::express ? std::min(item.deadline, store_.clock().after(express_limit)) : item.deadline;
    setup.mode = item.mode;
    setup.clock = &store_.clock();
    const Ending ending = co_await interpret(std::move(setup), std::make_shared<Host>(*this, child, flow, child->name));
    if (!child->ended()) end(*child, ending);
    co_return ending;
}

asio::awaitable<TaskResult> Runner::start_child(const TaskCall& call, const Execution* parent)
{
    const auto fail = [](std::string why) {
        return TaskResult::failure(std::string(error_names::task_failed), "FNF:StartExecution: " + std::move(why));
    };
    const json::object* p = call.parameters.if_object();
    const json::value* arn = p ? p->if_contains("resourceArn") : nullptr;
    if (!arn || !arn->is_string())
        co_return fail("Parameters.resourceArn must be the flow's ARN, acs:fnf:{region}::flow/{name}");
    const std::string_view text = arn->get_string();
    const auto slash = text.rfind("flow/");
    if (!text.starts_with("acs:fnf:") || slash == std::string_view::npos)
        co_return fail("Parameters.resourceArn must be acs:fnf:{region}::flow/{name} (got " + std::string(text) + ")");
    const std::string flow_name(text.substr(slash + 5));
    Flow* flow = catalog_.find(flow_name);
    if (!flow) co_return fail("flow " + flow_name + " does not exist");
    std::shared_ptr<const FlowConfig> config = flow->current;
    if (config->express)
        co_return fail("flow " + flow_name + " is an Express flow: StartExecution starts Standard flows");
    if (!config->definition) co_return fail("flow " + flow_name + " cannot run: " + config->not_runnable);
    const std::size_t depth = parent ? parent->depth + 1 : 1;
    if (depth > max_child_depth)
        co_return fail("child flows may nest at most " + std::to_string(max_child_depth) + " deep");
    std::string name;
    if (const json::value* given = p->if_contains("executionName")) {
        if (!given->is_string()) co_return fail("Parameters.executionName must be a string");
        if (auto rule = check_name(given->get_string())) co_return fail("Parameters.executionName " + *rule);
        name = given->get_string();
        if (store_.find(flow_name, name))
            co_return fail("ExecutionAlreadyExists: execution " + name + " of flow " + flow_name + " already exists");
    } else {
        name = store_.fresh_name(flow_name);
    }
    json::value input = json::object();
    if (const json::value* given = p->if_contains("input")) {
        if (!given->is_object()) co_return fail("Parameters.input must be a map");
        input = *given;
    }
    if (store_.running() >= store_.limits().max_running)
        co_return fail("ExecutionLimitExceeded: the running executions have reached their limit");
    std::string problem;
    auto test_case = this->test_case(flow_name, name, problem);
    if (!test_case) co_return fail(problem);

    Launch launch;
    launch.flow = config;
    launch.name = name;
    launch.input = std::move(input);
    launch.role_arn = flow->role_arn;
    launch.test_case = std::move(*test_case);
    launch.depth = depth;
    auto child = this->launch(co_await asio::this_coro::executor, std::move(launch));
    switch (call.mode) {
    case TaskMode::request_complete:
        co_return TaskResult::success(
            json::object{{"FlowName", flow_name}, {"ExecutionName", name}, {"RequestID", request_id()}});
    case TaskMode::wait_for_custom_callback: co_return TaskResult::submitted();
    case TaskMode::wait_for_system_callback: break;
    }
    // The child's end completes the task; a task that no longer waits (stopped, timed out) stops it.
    struct Orphan {
        Runner& runner;
        Execution& child;
        ~Orphan()
        {
            if (!child.ended()) runner.stop(child, "", "its parent task no longer waits");
        }
    } orphan{*this, *child};
    while (!child->ended()) co_await wait_for_end(child, std::chrono::hours(24));
    if (child->status == "Succeeded")
        co_return TaskResult::success(child->output ? json::parse(*child->output) : json::value(json::object()));
    co_return TaskResult::failure(child->error.empty() ? std::string(error_names::task_failed) : child->error,
                                  child->cause.empty() ? "child execution " + name + " ended " + child->status
                                                       : child->cause);
}

void Runner::end(Execution& e, const Ending& ending)
{
    end(e, std::string(status_of(ending)),
        ending.succeeded() ? std::optional<json::value>(ending.output) : std::nullopt, ending.error.code,
        ending.error.detail);
}

void Runner::end(Execution& e, const std::string& status, const std::optional<json::value>& output,
                 const std::string& error, const std::string& cause)
{
    e.status = status;
    e.stopped = store_.clock().now();
    if (output) e.output = json_text(*output);
    e.error = error;
    e.cause = cause;
    json::object detail;
    if (output) detail["Output"] = *output;
    if (!error.empty()) detail["Error"] = error;
    if (!cause.empty()) detail["Cause"] = cause;
    const std::int64_t last = e.events.empty() ? 0 : e.events.back().id;
    store_.record(e, "Execution" + status, e.name, last, json_text(detail));
    for (auto* waiter : e.waiters) waiter->cancel();
    store_.finished(e);
    // Started with CallbackFnFTaskToken: its end is the parent task's report.
    if (!e.callback_token.empty()) {
        auto parent = store_.token_owner(e.callback_token);
        if (parent && !parent->ended()) {
            const auto task = parent->tasks.find(e.callback_token);
            if (task != parent->tasks.end() && !task->second.outcome)
                report(*parent, e.callback_token,
                       status == "Succeeded"
                           ? TaskResult::success(output ? *output : json::value(json::object()))
                           : TaskResult::failure(error.empty() ? std::string(error_names::task_failed) : error,
                                                 cause.empty() ? "execution " + e.name + " ended " + status : cause));
        }
    }
}

void Runner::stop(Execution& e, const std::string& error, const std::string& cause)
{
    if (e.ended()) return;  // DeleteFlow stops a map run's items after their parent
    end(e, "Stopped", std::nullopt, error, cause);
    // Its open map runs end with it, and their items' child executions stop, at once: what
    // DescribeMapRun and ListExecutions answer next says so (the run unwinds later and finds them
    // ended).
    for (const auto& run : e.map_runs) {
        if (run->ended()) continue;
        run->abort(store_.clock().now());
        std::vector<std::shared_ptr<Execution>> items;
        for (const auto& [serial, item] : store_.executions(e.flow))
            if (item->map_run == run->name && !item->ended()) items.push_back(item);
        for (const auto& item : items) stop(*item, "", "its map run ended");
    }
    // The run's current wait ends with operation_aborted, and the run unwinds: a Map stops its
    // items, a callback task is no longer pending.
    e.stop.emit(asio::cancellation_type::terminal);
}

std::int64_t Runner::report(Execution& e, const std::string& token, TaskResult outcome)
{
    PendingTask& task = e.tasks.at(token);
    json::object detail;
    if (outcome.kind == TaskResult::Kind::succeeded)
        detail["Output"] = outcome.output;
    else
        detail = json::object{{"Error", outcome.error}, {"Cause", outcome.cause}};
    const std::int64_t id =
        store_.record(e, outcome.kind == TaskResult::Kind::succeeded ? "TaskSucceeded" : "TaskFailed", task.step,
                      task.scheduled, json_text(detail));
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

std::string Runner::request_id()
{
    const std::uint64_t a = random_(), b = random_();
    return uuid_text(a, b);
}

}  // namespace cloudflow::local
