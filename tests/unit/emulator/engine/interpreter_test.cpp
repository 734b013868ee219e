// The interpreter of Spec v1 against a fake host: every state type, the data flow, Retry and
// Catch, Parallel and Map, the bounds, cancellation. Flow waits run at a hundredth of real time.
#include "engine/interpreter.hpp"
#include "flow/validate.hpp"

#include "support/run.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <functional>
#include <map>
#include <string>
#include <vector>

using namespace cloudflow::local;
namespace asio = boost::asio;
namespace json = boost::json;
using namespace std::chrono_literals;

namespace {

// The interpreter's tests wait a hundredth as long as their flows say.
const FlowClock& hundredth()
{
    static const FlowClock clock(0.01);
    return clock;
}

std::shared_ptr<const flow::Definition> definition(std::string_view yaml, FlowMode mode = FlowMode::standard)
{
    const flow::ReadDefinition read = flow::read_definition(yaml, mode);
    INFO(read.summary());
    REQUIRE(read.valid());
    return read.definition;
}

struct Event {
    std::string type, step;
    std::int64_t scheduled_by;
    json::object detail;
};

class FixedRandom final : public cloudflow::local::expr::Random {
public:
    std::uint64_t next() override { return value_ += 0x9E3779B97F4A7C15ULL; }

private:
    std::uint64_t value_ = 42;
};

// Records events and calls; answers tasks with `answer` (by default {"Body": {"ok": true}}).
class FakeHost final : public ExecutionHost {
public:
    std::vector<Event> events;
    std::vector<TaskCall> calls;
    std::function<asio::awaitable<TaskResult>(const TaskCall&)> answer;
    std::map<std::string, TaskResult> reports;  // by token: what wait_for_report gives
    std::vector<std::shared_ptr<MapRun>> runs;
    std::size_t running = 0, most_running = 0;  // tasks in flight at once
    std::size_t cancelled = 0;                  // tasks whose wait was cancelled
    bool history = true;                        // false: records nothing, and is never full

    std::size_t unkept = 0;  // events recorded without a history (none should be)

    bool keeps_history() const override { return history; }
    std::int64_t record(std::string_view type, std::string_view step, std::int64_t scheduled_by,
                        json::object detail) override
    {
        if (!history) {
            ++unkept;
            return 0;
        }
        events.push_back(Event{std::string(type), std::string(step), scheduled_by, std::move(detail)});
        return static_cast<std::int64_t>(events.size());
    }
    std::int64_t last_event() const override { return static_cast<std::int64_t>(events.size()); }
    bool history_full() const override { return history && events.size() > 4'000; }

    asio::awaitable<TaskResult> invoke(TaskCall call) override
    {
        calls.push_back(call);
        most_running = std::max(most_running, ++running);
        struct Leave {
            FakeHost& h;
            ~Leave() { --h.running; }
        } leave{*this};
        try {
            if (answer) co_return co_await answer(call);
        } catch (const boost::system::system_error&) {
            ++cancelled;
            throw;
        }
        co_return TaskResult::success(json::object{{"Body", json::object{{"ok", true}}}});
    }
    std::string issue_token() override { return "token-" + std::to_string(++tokens_); }
    asio::awaitable<TaskResult> wait_for_report(std::string token, std::string, std::int64_t) override
    {
        asio::steady_timer timer(co_await asio::this_coro::executor, 20ms);
        co_await timer.async_wait(asio::use_awaitable);
        const auto it = reports.find(token);
        if (it == reports.end()) {
            timer.expires_after(24h);  // never reported
            co_await timer.async_wait(asio::use_awaitable);
        }
        co_return it->second;
    }
    std::shared_ptr<MapRun> open_map_run(const flow::State& state, const flow::Map& map, std::int64_t) override
    {
        auto run = std::make_shared<MapRun>();
        run->name = "exec:" + state.name + ":0000000" + std::to_string(runs.size());
        run->concurrency = map.max_concurrency;
        run->tolerated_failed_count = map.tolerated_failure_count.value_or(0);
        run->tolerated_failed_percentage = map.tolerated_failure_percentage.value_or(0);
        runs.push_back(run);
        return run;
    }
    asio::awaitable<Ending> run_item(ItemRun item) override
    {
        // A child execution of its own: its own host, $Global and history.
        RunSetup setup;
        setup.definition = item.definition;
        setup.machine = item.processor;
        setup.flow = "flow";
        setup.execution = "child-" + std::to_string(item.index);
        setup.input = item.input;
        setup.deadline = item.deadline;
        setup.mode = item.mode;
        setup.clock = &hundredth();
        auto child = std::make_shared<FakeHost>();
        child->answer = answer;
        co_return co_await interpret(std::move(setup), child);
    }
    cloudflow::local::expr::Random& random() override { return random_; }

    std::vector<std::string> types() const
    {
        std::vector<std::string> out;
        for (const auto& e : events) out.push_back(e.type);
        return out;
    }

private:
    int tokens_ = 0;
    FixedRandom random_;
};

struct Ran {
    Ending ending;
    std::shared_ptr<FakeHost> host;
};

Ran execute(std::shared_ptr<const flow::Definition> def, std::string_view input, std::shared_ptr<FakeHost> host = {},
            std::chrono::milliseconds limit = 60s)
{
    if (!host) host = std::make_shared<FakeHost>();
    asio::io_context ioc;
    RunSetup setup;
    setup.definition = def;
    setup.machine = &def->root;
    setup.flow = "orders";
    setup.execution = "exec-1";
    setup.role_arn = "acs:ram::1:role/fnf";
    setup.input = json::parse(input);
    setup.deadline = std::chrono::steady_clock::now() + limit;
    setup.mode = def->mode;
    setup.clock = &hundredth();
    Ending ending = cloudflow::test::run(ioc, interpret(std::move(setup), host));
    return {std::move(ending), host};
}

json::value output_of(const Ran& ran)
{
    INFO(ran.ending.error.code + ": " + ran.ending.error.detail);
    REQUIRE(ran.ending.kind == Ending::Kind::succeeded);
    return ran.ending.output;
}

// A task that takes `delay` and then answers `result`.
std::function<asio::awaitable<TaskResult>(const TaskCall&)> after(std::chrono::milliseconds delay, TaskResult result)
{
    return [delay, result](const TaskCall&) -> asio::awaitable<TaskResult> {
        asio::steady_timer timer(co_await asio::this_coro::executor, delay);
        co_await timer.async_wait(asio::use_awaitable);
        co_return result;
    };
}

}  // namespace

TEST_CASE("interpreter: Pass forwards its input; constructors replace and reshape it", "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Keep
States:
  - {Type: Pass, Name: Keep, Next: Replace}
  - Type: Pass
    Name: Replace
    InputConstructor: {FieldA: 123, from.$: $Input.order.id}
    Next: Shape
  - Type: Pass
    Name: Shape
    OutputConstructor:
      id.$: $Input.from
      a.$: $Output.FieldA
      literal: $Input.not_an_expression
      nested: {state.$: $Context.Current.Name, execution.$: $Context.Execution.Name, role.$: $Context.Execution.RoleArn}
      first.$: $Context.Execution.Input.order.items[0]
    End: true
)");
    // The docs' example: an InputConstructor's input replaces the state's input entirely.
    CHECK(output_of(execute(def, R"({"order": {"id": "o-1", "items": ["x", "y"]}})")) ==
          json::parse(R"({"id": "o-1", "a": 123, "literal": "$Input.not_an_expression",
                          "nested": {"state": "Shape", "execution": "exec-1", "role": "acs:ram::1:role/fnf"},
                          "first": "x"})"));
}

TEST_CASE("interpreter: Choice takes the first branch that holds, else its Default", "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Route
States:
  - Type: Choice
    Name: Route
    Branches:
      - {Condition: $Input.amount > 100 && $Input.currency == "CNY", Next: Review}
      - {Condition: $Input.amount > 100, Next: Foreign}
      - {Condition: $Input.missing.path, Next: Review}
    Default: Approve
  - {Type: Pass, Name: Review, OutputConstructor: {route: review}, End: true}
  - {Type: Pass, Name: Foreign, OutputConstructor: {route: foreign}, End: true}
  - {Type: Pass, Name: Approve, OutputConstructor: {route: approve}, End: true}
)");
    CHECK(output_of(execute(def, R"({"amount": 150, "currency": "CNY"})")) == json::parse(R"({"route": "review"})"));
    CHECK(output_of(execute(def, R"({"amount": 150, "currency": "USD"})")) == json::parse(R"({"route": "foreign"})"));
    CHECK(output_of(execute(def, R"({"amount": 5})")) == json::parse(R"({"route": "approve"})"));
    // A condition that gives no boolean is the state's error.
    const auto wrong = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Route
States:
  - Type: Choice
    Name: Route
    Branches: [{Condition: $Input.amount, Next: Done}]
    Default: Done
  - {Type: Succeed, Name: Done}
)");
    const Ran ran = execute(wrong, R"({"amount": 3})");
    CHECK(ran.ending.kind == Ending::Kind::failed);
    CHECK(ran.ending.error.code == "FnF.RuntimeError");
    CHECK_THAT(ran.ending.error.detail, Catch::Contains("States[0] (Route).Branches[0].Condition") &&
                                            Catch::Contains("gives a number, not true or false"));
}

TEST_CASE("interpreter: Wait waits its Seconds, literal or from the input", "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Fixed
States:
  - {Type: Wait, Name: Fixed, Seconds: 10, Next: Dynamic}
  - {Type: Wait, Name: Dynamic, Seconds.$: $Input.delay, End: true}
)");
    const auto started = std::chrono::steady_clock::now();
    CHECK(output_of(execute(def, R"({"delay": 20})")) == json::parse(R"({"delay": 20})"));
    // 30 s of the flow's time at a hundredth: 0.3 s.
    CHECK(std::chrono::steady_clock::now() - started >= 300ms);
    const Ran wrong = execute(def, R"({"delay": 301})");
    CHECK(wrong.ending.error.code == "FnF.RuntimeError");
    CHECK_THAT(wrong.ending.error.detail, Catch::Contains("Seconds.$: must give a whole number 1-300 (got 301)"));
}

TEST_CASE("interpreter: Succeed ends its scope; Fail ends it with its Code and Detail", "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Route
States:
  - Type: Choice
    Name: Route
    Branches: [{Condition: $Input.ok == true, Next: Done}]
    Default: Reject
  - {Type: Succeed, Name: Done, OutputConstructor: {done: true}}
  - {Type: Fail, Name: Reject, Code: OrderRejected, Detail: amount above limit}
)");
    CHECK(output_of(execute(def, R"({"ok": true})")) == json::parse(R"({"done": true})"));
    const Ran failed = execute(def, R"({"ok": false})");
    CHECK(failed.ending.kind == Ending::Kind::failed);
    CHECK(failed.ending.error.code == "OrderRejected");
    CHECK(failed.ending.error.detail == "amount above limit");
}

TEST_CASE("interpreter: a Task's Parameters, its $Output and the integration's call", "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Invoke
States:
  - Type: Task
    Name: Invoke
    Action: FC:InvokeFunction
    Parameters:
      resourceArn: acs:fc:cn-hangzhou:123:functions/echo/LATEST
      invocationType: Sync
      body: {orderId.$: $Input.orderId, fixed: 1}
    OutputConstructor: {result.$: $Output.Body.ok}
    End: true
)");
    const Ran ran = execute(def, R"({"orderId": "o-7"})");
    CHECK(output_of(ran) == json::parse(R"({"result": true})"));
    REQUIRE(ran.host->calls.size() == 1);
    const TaskCall& call = ran.host->calls.front();
    CHECK(call.action == "FC:InvokeFunction");
    CHECK(call.flow == "orders");
    CHECK(call.execution == "exec-1");
    CHECK(call.state == "Invoke");
    CHECK(call.invocation == 0);
    CHECK(call.parameters == json::parse(R"({"resourceArn": "acs:fc:cn-hangzhou:123:functions/echo/LATEST",
        "invocationType": "Sync", "body": {"orderId": "o-7", "fixed": 1}})"));
    CHECK(ran.host->types() == std::vector<std::string>{"StepEntered", "StepStarted", "TaskScheduled", "TaskStarted",
                                                        "TaskSucceeded", "StepSucceeded", "StepExited"});
    // Each event names the one that opened its step or task.
    CHECK(ran.host->events[1].scheduled_by == 1);
    CHECK(ran.host->events[3].scheduled_by == 3);
    CHECK(ran.host->events[4].scheduled_by == 3);
}

TEST_CASE("interpreter: Retry waits IntervalSeconds x BackoffRate^n up to MaxBackoffSeconds, then Catch",
          "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Charge
States:
  - Type: Task
    Name: Charge
    Action: FC:InvokeFunction
    Parameters: {resourceArn: acs:fc:::functions/charge/LATEST, invocationType: Sync}
    Retry:
      - {Errors: [FC.ResourceThrottled], Description: throttled, MaxAttempts: 3, IntervalSeconds: 10, BackoffRate: 2,
         MaxBackoffSeconds: 30}
      - {Errors: [FnF.ALL], MaxAttempts: 1, IntervalSeconds: 1}
    Catch:
      - Errors: [FC.ResourceThrottled]
        Next: Cleanup
        OutputConstructor: {error.$: $Context.Current.Error.Code, cause.$: $Context.Current.Error.Detail,
                            retries.$: $Context.Current.RetryCount}
    End: true
  - {Type: Pass, Name: Cleanup, End: true}
)");
    auto host = std::make_shared<FakeHost>();
    host->answer = [](const TaskCall&) -> asio::awaitable<TaskResult> {
        co_return TaskResult::failure("FC.ResourceThrottled", "busy");
    };
    const auto started = std::chrono::steady_clock::now();
    const Ran ran = execute(def, "{}", host);
    // 10 + 20 + 30 (capped) seconds of the flow's time.
    CHECK(std::chrono::steady_clock::now() - started >= 600ms);
    CHECK(output_of(ran) == json::parse(R"({"error": "FC.ResourceThrottled", "cause": "busy", "retries": 3})"));
    REQUIRE(host->calls.size() == 4);
    for (std::size_t i = 0; i < 4; ++i) CHECK(host->calls[i].invocation == i);

    // Another error: the first rule that matches is FnF.ALL's, one retry, then no Catch matches.
    auto other = std::make_shared<FakeHost>();
    other->answer = [](const TaskCall&) -> asio::awaitable<TaskResult> {
        co_return TaskResult::failure("FC.FunctionNotFound", "no such function");
    };
    const Ran failed = execute(def, "{}", other);
    CHECK(other->calls.size() == 2);
    CHECK(failed.ending.kind == Ending::Kind::failed);
    CHECK(failed.ending.error.code == "FC.FunctionNotFound");
}

TEST_CASE("interpreter: a Catch without OutputConstructor hands {} to its Next", "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Call
States:
  - Type: Task
    Name: Call
    Action: HTTP:Request
    Parameters: {url: "http://127.0.0.1:1/", method: GET}
    Catch: [{Errors: [FnF.ALL], Next: After}]
    End: true
  - {Type: Pass, Name: After, End: true}
)");
    auto host = std::make_shared<FakeHost>();
    host->answer = [](const TaskCall&) -> asio::awaitable<TaskResult> {
        co_return TaskResult::failure("FnF.TaskFailed", "refused");
    };
    CHECK(output_of(execute(def, R"({"x": 1})", host)) == json::object());
}

TEST_CASE("interpreter: a Task's Timeout is FnF.Timeout, which Retry and Catch see", "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Slow
States:
  - Type: Task
    Name: Slow
    Action: HTTP:Request
    Timeout: "10"
    Parameters: {url: "http://127.0.0.1:1/", method: GET}
    Catch: [{Errors: [FnF.Timeout], Next: Late, OutputConstructor: {late.$: $Context.Current.Error.Code}}]
    End: true
  - {Type: Pass, Name: Late, End: true}
)");
    auto host = std::make_shared<FakeHost>();
    host->answer = after(10s, TaskResult::success(json::object()));
    const Ran ran = execute(def, "{}", host);
    CHECK(output_of(ran) == json::parse(R"({"late": "FnF.Timeout"})"));
    CHECK(host->cancelled == 1);
    CHECK(std::find(host->types().begin(), host->types().end(), "TaskTimedOut") != host->types().end());
}

TEST_CASE("interpreter: a callback task's token is in $Context, and its report is its result", "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Approve
States:
  - Type: Task
    Name: Approve
    Action: HTTP:Request
    TaskMode: WaitForCustomCallback
    Parameters:
      url: http://127.0.0.1:9/approvals
      method: POST
      body: {token.$: $Context.Current.TaskToken}
    End: true
)");
    auto host = std::make_shared<FakeHost>();
    host->answer = [](const TaskCall&) -> asio::awaitable<TaskResult> { co_return TaskResult::submitted(); };
    host->reports["token-1"] = TaskResult::success(json::object{{"approved", true}});
    const Ran ran = execute(def, "{}", host);
    CHECK(output_of(ran) == json::parse(R"({"approved": true})"));
    CHECK(host->calls.front().token == "token-1");
    CHECK(host->calls.front().parameters.at("body") == json::parse(R"({"token": "token-1"})"));
    CHECK(host->types() == std::vector<std::string>{"StepEntered", "StepStarted", "TaskScheduled", "TaskStarted",
                                                    "TaskSubmitted", "StepSucceeded", "StepExited"});
}

TEST_CASE("interpreter: Parallel gives {Branch0, Branch1}; a Succeed ends only its branch", "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: FanOut
States:
  - Type: Parallel
    Name: FanOut
    InputConstructor: {n.$: $Input.n}
    Branches:
      - StartAt: A
        States:
          - {Type: Pass, Name: A, OutputConstructor: {FieldA: 123}, End: true}
      - StartAt: B
        States:
          - {Type: Succeed, Name: B, OutputConstructor: {FieldA: 321, n.$: $Input.n}}
          - {Type: Fail, Name: Never, Code: Unreachable}
    Next: Read
  - {Type: Pass, Name: Read, OutputConstructor: {b.$: $Input.Branch1.FieldA, all.$: $Input}, End: true}
)");
    const Ran ran = execute(def, R"({"n": 5, "other": true})");
    CHECK(output_of(ran) == json::parse(R"({"b": 321, "all": {"Branch0": {"FieldA": 123},
                                                                "Branch1": {"FieldA": 321, "n": 5}}})"));
    const auto types = ran.host->types();
    CHECK(std::count(types.begin(), types.end(), "BranchEntered") == 2);
    CHECK(std::count(types.begin(), types.end(), "BranchExited") == 2);
}

TEST_CASE("interpreter: a failing branch fails the Parallel, cancels the others, and its Catch applies",
          "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: FanOut
States:
  - Type: Parallel
    Name: FanOut
    Branches:
      - StartAt: Slow
        States:
          - {Type: Task, Name: Slow, Action: HTTP:Request, Parameters: {url: "http://127.0.0.1:9/", method: GET},
             End: true}
      - StartAt: Broken
        States:
          - {Type: Fail, Name: Broken, Code: BranchBroke, Detail: on purpose}
    Catch: [{Errors: [BranchBroke], Next: Handled, OutputConstructor: {caught.$: $Context.Current.Error.Detail}}]
    End: true
  - {Type: Pass, Name: Handled, End: true}
)");
    auto host = std::make_shared<FakeHost>();
    host->answer = after(1h, TaskResult::success(json::object()));
    const auto started = std::chrono::steady_clock::now();
    const Ran ran = execute(def, "{}", host);
    CHECK(output_of(ran) == json::parse(R"({"caught": "on purpose"})"));
    CHECK(host->cancelled == 1);
    CHECK(std::chrono::steady_clock::now() - started < 10s);
}

TEST_CASE("interpreter: an inline Map runs each item, MaxConcurrency at a time, in item order", "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Each
States:
  - Type: Map
    Name: Each
    ItemsPath: $Input.orders
    MaxConcuccency: 2
    Processor:
      StartAt: Check
      States:
        - Type: Task
          Name: Check
          Action: HTTP:Request
          Parameters: {url: "http://127.0.0.1:9/", method: GET}
          OutputConstructor: {id.$: $Input.id}
          End: true
    End: true
)");
    auto host = std::make_shared<FakeHost>();
    host->answer = after(30ms, TaskResult::success(json::object()));
    const Ran ran = execute(def, R"({"orders": [{"id": 1}, {"id": 2}, {"id": 3}, {"id": 4}, {"id": 5}]})", host);
    CHECK(output_of(ran) == json::parse(R"({"Items": [{"id": 1}, {"id": 2}, {"id": 3}, {"id": 4}, {"id": 5}]})"));
    CHECK(host->most_running == 2);
    const auto types = ran.host->types();
    CHECK(std::count(types.begin(), types.end(), "IterationEntered") == 5);

    // Each item is an iteration's input: a map.
    const Ran numbers = execute(def, R"({"orders": [{"id": 1}, 2]})");
    CHECK(numbers.ending.error.code == "FnF.RuntimeError");
    CHECK_THAT(numbers.ending.error.detail, Catch::Contains("item 1 is a number"));
    const Ran not_array = execute(def, R"({"orders": {"id": 1}})");
    CHECK_THAT(not_array.ending.error.detail, Catch::Contains("ItemsPath: gives a map, not an array"));
}

TEST_CASE("interpreter: a distributed Map runs items as children, constructed and batched, within its tolerance",
          "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Each
States:
  - Type: Map
    Name: Each
    ItemsPath: $Input.items
    ProcessorConfig: {ExecutionMode: Express}
    MaxConcurrency: 3
    ItemConstructor: {value.$: $Item, label.$: $Input.label}
    ToleratedFailureCount: 1
    Processor:
      StartAt: Check
      States:
        - Type: Choice
          Name: Check
          Branches: [{Condition: $Input.value < 0, Next: Refuse}]
          Default: Keep
        - {Type: Pass, Name: Keep, End: true}
        - {Type: Fail, Name: Refuse, Code: Negative}
    End: true
)");
    const Ran ran = execute(def, R"({"items": [1, -2, 3], "label": "x"})");
    CHECK(output_of(ran) == json::parse(R"({"Items": [{"value": 1, "label": "x"},
        {"Error": "Negative", "Cause": ""}, {"value": 3, "label": "x"}]})"));
    REQUIRE(ran.host->runs.size() == 1);
    const MapRun& run = *ran.host->runs.front();
    CHECK(run.status == "Succeeded");
    CHECK(run.counts.total == 3);
    CHECK(run.counts.succeeded == 2);
    CHECK(run.counts.failed == 1);

    // Two failures are more than it tolerates: the Map fails with the first child's error.
    const Ran failed = execute(def, R"({"items": [-1, -2, 3], "label": "x"})");
    CHECK(failed.ending.error.code == "Negative");
    CHECK_THAT(failed.ending.error.detail, Catch::Contains("2 of 3 items failed, more than it tolerates"));
    CHECK(failed.host->runs.front()->status == "Failed");
}

TEST_CASE("interpreter: a distributed Map's ItemBatcher gives each child {Items: [...]}", "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Each
States:
  - Type: Map
    Name: Each
    ItemsPath: $Input.items
    ProcessorConfig: {ExecutionMode: Standard}
    ItemBatcher: {MaxItemsPerBatch: 2}
    MaxItems: 5
    Processor:
      StartAt: Count
      States:
        - {Type: Pass, Name: Count, OutputConstructor: {n.$: length($Input.Items)}, End: true}
    End: true
)");
    CHECK(output_of(execute(def, R"({"items": [1, 2, 3, 4, 5, 6, 7]})")) ==
          json::parse(R"({"Items": [{"n": 2}, {"n": 2}, {"n": 1}]})"));
}

TEST_CASE("interpreter: GlobalConstructor writes $Global for later states, from the raw $Output", "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Order
States:
  - Type: Task
    Name: Order
    Action: FC:InvokeFunction
    Parameters: {resourceArn: acs:fc:::functions/order/LATEST, invocationType: Sync}
    OutputConstructor: {shaped: true}
    GlobalConstructor: {lastOrder.$: $Output.Body.ok, before.$: $Global}
    Next: Read
  - Type: Pass
    Name: Read
    OutputConstructor: {last.$: $Global.lastOrder, input.$: $Input}
    End: true
)");
    CHECK(output_of(execute(def, "{}")) == json::parse(R"({"last": true, "input": {"shaped": true}})"));
}

TEST_CASE("interpreter: outputs are maps of at most 64 KiB; $Global keys of at most 128 bytes", "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Call
States:
  - {Type: Task, Name: Call, Action: HTTP:Request, Parameters: {url: "http://127.0.0.1:9/", method: GET}, End: true}
)");
    auto host = std::make_shared<FakeHost>();
    host->answer = [](const TaskCall&) -> asio::awaitable<TaskResult> {
        co_return TaskResult::success(json::object{{"Body", std::string(70 * 1024, 'x')}});
    };
    Ran ran = execute(def, "{}", host);
    CHECK(ran.ending.error.code == "FnF.RuntimeError");
    CHECK_THAT(ran.ending.error.detail, Catch::Contains("States[0] (Call): the state's output is over 65536 bytes"));
    host->answer = [](const TaskCall&) -> asio::awaitable<TaskResult> { co_return TaskResult::success(7); };
    ran = execute(def, "{}", host);
    CHECK_THAT(ran.ending.error.detail, Catch::Contains("the state's output must be a map (got a number)"));

    const std::string long_key(129, 'k');
    const auto global = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Write
States:
  - {Type: Pass, Name: Write, GlobalConstructor: {)" +
                                   long_key + R"(: 1}, End: true}
)");
    ran = execute(global, "{}");
    CHECK(ran.ending.error.code == "FnF.RuntimeError");
    CHECK_THAT(ran.ending.error.detail,
               Catch::Contains("GlobalConstructor: the key kkkk") && Catch::Contains("is over 128 bytes"));
}

TEST_CASE("interpreter: an error's detail quotes values as written and cuts them between characters", "[interpreter]")
{
    // Found by the corpus (tests/fixtures/flows/run/wait-dynamic-*.yaml, global-key-too-long.yaml):
    // the value was quoted as Boost.JSON writes doubles (1.5E0), and quotes were cut at a byte count
    // that could fall inside a character: the ErrorMessage of StartSyncExecution's answer was then
    // not UTF-8, and the answer not JSON.
    const auto wait = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Pause
States:
  - {Type: Wait, Name: Pause, Seconds.$: $Input.delay, End: true}
)");
    CHECK(execute(wait, R"({"delay": 1.5})").ending.error.detail ==
          "States[0] (Pause).Seconds.$: must give a whole number 1-300 (got 1.5)");
    // 40 bytes of "\"a" and 3-byte characters end inside the 13th character: the quote stops before it.
    CHECK(execute(wait, R"({"delay": "a一二三四五六七八九十一二三四五六七八九十"})").ending.error.detail ==
          "States[0] (Pause).Seconds.$: must give a whole number 1-300 (got \"a一二三四五六七八九十一二...)");

    std::string long_key;
    for (int i = 0; i < 50; ++i) long_key += "一";  // 150 bytes: 32 end inside the 11th character
    const auto global = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Write
States:
  - {Type: Pass, Name: Write, GlobalConstructor: {)" +
                                   long_key + R"(: 1}, End: true}
)");
    CHECK(execute(global, "{}").ending.error.detail ==
          "States[0] (Write).GlobalConstructor: the key 一一一一一一一一一一... is over 128 bytes");
}

TEST_CASE("interpreter: a loop stops at the transitions limit, which no Catch can catch", "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Loop
States:
  - Type: Parallel
    Name: Loop
    Branches:
      - StartAt: Again
        States:
          - Type: Choice
            Name: Again
            Branches: [{Condition: "true", Next: Back}]
            Default: Back
          - {Type: Pass, Name: Back, Next: Again}
    Catch: [{Errors: [FnF.ALL], Next: Caught}]
    End: true
  - {Type: Pass, Name: Caught, End: true}
)",
                                FlowMode::express);
    // Without history (an express execution), the transitions limit; with it, the events' limit.
    auto unrecorded = std::make_shared<FakeHost>();
    unrecorded->history = false;
    const Ran ran = execute(def, "{}", unrecorded);
    CHECK(ran.ending.kind == Ending::Kind::failed);
    CHECK(ran.ending.error.code == "FnF.LimitExceeded");
    CHECK_THAT(ran.ending.error.detail, Catch::Contains("more than 100000 states"));
    // A run without history builds no event at all: 100,000 states' worth would be a waste.
    CHECK(unrecorded->unkept == 0);
    const Ran recorded = execute(def, "{}");
    CHECK(recorded.ending.error.code == "FnF.LimitExceeded");
    CHECK_THAT(recorded.ending.error.detail, Catch::Contains("history reached its limit of events"));
}

TEST_CASE("interpreter: the execution's time limit ends it TimedOut", "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Pause
States:
  - {Type: Wait, Name: Pause, Seconds: 300, End: true}
)");
    const Ran ran = execute(def, "{}", nullptr, 100ms);
    CHECK(ran.ending.kind == Ending::Kind::timed_out);
    CHECK(ran.ending.error.code == "FnF.Timeout");
}

TEST_CASE("interpreter: a cancelled run unwinds at once, its branches and tasks with it", "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: FanOut
States:
  - Type: Parallel
    Name: FanOut
    Branches:
      - StartAt: Call
        States:
          - {Type: Task, Name: Call, Action: HTTP:Request, Parameters: {url: "http://127.0.0.1:9/", method: GET},
             End: true}
      - StartAt: Pause
        States:
          - {Type: Wait, Name: Pause, Seconds: 300, End: true}
    End: true
)");
    auto host = std::make_shared<FakeHost>();
    host->answer = after(1h, TaskResult::success(json::object()));
    asio::io_context ioc;
    RunSetup setup;
    setup.definition = def;
    setup.machine = &def->root;
    setup.input = json::object();
    setup.deadline = std::chrono::steady_clock::now() + 1h;
    asio::cancellation_signal stop;
    std::exception_ptr ended;
    bool done = false;
    asio::co_spawn(ioc, interpret(std::move(setup), host),
                   asio::bind_cancellation_slot(stop.slot(), [&](std::exception_ptr e, Ending) {
                       ended = e;
                       done = true;
                   }));
    asio::steady_timer later(ioc, 50ms);
    later.async_wait([&](boost::system::error_code) { stop.emit(asio::cancellation_type::terminal); });
    const auto started = std::chrono::steady_clock::now();
    ioc.run();
    CHECK(done);
    CHECK(ended);
    CHECK(host->cancelled == 1);
    CHECK(std::chrono::steady_clock::now() - started < 5s);
}

TEST_CASE("interpreter: a mocked answer to a callback task is its report: TaskFailed, not TaskSubmitFailed",
          "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: Approve
States:
  - {Type: Task, Name: Approve, Action: MNS:SendMessage, TaskMode: WaitForCustomCallback, End: true}
)");
    auto host = std::make_shared<FakeHost>();
    host->answer = [](const TaskCall&) -> asio::awaitable<TaskResult> {
        TaskResult refused = TaskResult::failure("Rejected", "the approver said no");
        refused.mocked = true;
        co_return refused;
    };
    const Ran ran = execute(def, "{}", host);
    CHECK(ran.ending.error.code == "Rejected");
    const auto types = host->types();
    CHECK(std::count(types.begin(), types.end(), "TaskFailed") == 1);
    CHECK(std::count(types.begin(), types.end(), "TaskSubmitFailed") == 0);
}

TEST_CASE("interpreter: Seconds.$ follows the run's mode (an Express item of a Standard flow: 1-20)", "[interpreter]")
{
    const auto def = definition(R"(
Type: StateMachine
SpecVersion: v1
StartAt: W
States:
  - {Type: Wait, Name: W, Seconds.$: $Input.s, End: true}
)");
    asio::io_context ioc;
    RunSetup setup;
    setup.definition = def;
    setup.machine = &def->root;
    setup.input = json::parse(R"({"s": 30})");
    setup.deadline = std::chrono::steady_clock::now() + 1min;
    setup.mode = FlowMode::express;
    setup.clock = &hundredth();
    const Ending ending = cloudflow::test::run(ioc, interpret(std::move(setup), std::make_shared<FakeHost>()));
    CHECK(ending.error.code == "FnF.RuntimeError");
    CHECK_THAT(ending.error.detail, Catch::Contains("Seconds.$: must give a whole number 1-20 (got 30)"));
}
