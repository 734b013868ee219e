// cloudflow-local's interpreter alone, on one thread, with no history and no integrations: how many
// state transitions a second it runs, so that the engine is never what limits the emulator.
//   BM_Interpreter_PassChain: 100 Pass states, each with an OutputConstructor.
//   BM_Interpreter_Map: an inline Map of 1,000 items, each through two states with constructors.
//   BM_Interpreter_DemoFlow: the built-in demo_flow (a Choice, a Pass, a Succeed), as
//     StartSyncExecution runs it.
#include "engine/interpreter.hpp"
#include "flow/validate.hpp"
#include "state/config.hpp"

#include <benchmark/benchmark.h>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

#include <stdexcept>
#include <string>

namespace {

namespace asio = boost::asio;
namespace json = boost::json;
using namespace cloudflow::local;

class Counter final : public cloudflow::local::expr::Random {
public:
    std::uint64_t next() override { return ++n_; }

private:
    std::uint64_t n_ = 0;
};

// Records nothing and has no integrations: the interpreter's own cost.
class BareHost final : public ExecutionHost {
public:
    bool keeps_history() const override { return false; }
    std::int64_t record(std::string_view, std::string_view, std::int64_t, json::object) override { return 0; }
    std::int64_t last_event() const override { return 0; }
    bool history_full() const override { return false; }
    asio::awaitable<TaskResult> invoke(TaskCall) override { co_return TaskResult::success(json::object()); }
    std::string issue_token() override { return {}; }
    asio::awaitable<TaskResult> wait_for_report(std::string, std::string, std::int64_t) override
    {
        co_return TaskResult::failure("FnF.TaskFailed", "no callbacks here");
    }
    std::shared_ptr<MapRun> open_map_run(const flow::State&, const flow::Map&, std::int64_t) override
    {
        return std::make_shared<MapRun>();
    }
    asio::awaitable<Ending> run_item(ItemRun) override { co_return Ending::stop(); }
    cloudflow::local::expr::Random& random() override { return random_; }

private:
    Counter random_;
};

std::shared_ptr<const flow::Definition> definition(const std::string& text)
{
    auto read = flow::read_definition(text, FlowMode::express);
    if (!read.valid()) throw std::runtime_error(read.summary());
    return read.definition;
}

// Runs `def` on `input` once per iteration; counts the states entered.
void run(benchmark::State& state, const std::shared_ptr<const flow::Definition>& def, const json::value& input,
         double transitions_per_run)
{
    auto host = std::make_shared<BareHost>();
    asio::io_context ioc;
    for (auto _ : state) {
        RunSetup setup;
        setup.definition = def;
        setup.machine = &def->root;
        setup.flow = "bench";
        setup.execution = "bench";
        setup.input = input;
        setup.deadline = std::chrono::steady_clock::now() + std::chrono::minutes(5);
        bool ok = false;
        asio::co_spawn(ioc, interpret(std::move(setup), host),
                       [&](std::exception_ptr e, Ending ending) { ok = !e && ending.succeeded(); });
        ioc.restart();
        ioc.run();
        if (!ok) {
            state.SkipWithError("the flow did not succeed");
            return;
        }
    }
    state.counters["transitions/s"] =
        benchmark::Counter(transitions_per_run * static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}

void BM_Interpreter_PassChain(benchmark::State& state)
{
    std::string text = "Type: StateMachine\nSpecVersion: v1\nStartAt: S0\nStates:\n";
    for (int i = 0; i < 100; ++i)
        text += "  - {Type: Pass, Name: S" + std::to_string(i) +
                ", OutputConstructor: {n.$: $Input.n, step: " + std::to_string(i) + "}, " +
                (i == 99 ? std::string("End: true}\n") : "Next: S" + std::to_string(i + 1) + "}\n");
    run(state, definition(text), json::parse(R"({"n": 1})"), 100);
}
BENCHMARK(BM_Interpreter_PassChain)->Unit(benchmark::kMicrosecond);

void BM_Interpreter_Map(benchmark::State& state)
{
    const auto def = definition(R"y(
Type: StateMachine
SpecVersion: v1
StartAt: Each
States:
  - Type: Map
    Name: Each
    ItemsPath: $Input.orders
    MaxConcuccency: 40
    Processor:
      StartAt: Price
      States:
        - Type: Pass
          Name: Price
          InputConstructor: {id.$: $Input.id, qty.$: $Input.qty}
          OutputConstructor: {id.$: $Input.id, total.$: $Input.qty * 3}
          Next: Label
        - Type: Pass
          Name: Label
          OutputConstructor: {id.$: $Input.id, label.$: "format('order {}: {}', $Input.id, $Input.total)"}
          End: true
    End: true
)y");
    json::array orders;
    for (int i = 0; i < 1000; ++i) orders.push_back(json::object{{"id", i}, {"qty", i % 7}});
    // The Map, and two states for each item.
    run(state, def, json::object{{"orders", std::move(orders)}}, 1 + 2 * 1000);
}
BENCHMARK(BM_Interpreter_Map)->Unit(benchmark::kMillisecond);

void BM_Interpreter_DemoFlow(benchmark::State& state)
{
    const EmulatorConfig demo = demo_config();
    const FlowConfig* flow = demo.find_flow("demo_flow");
    run(state, flow->definition, json::parse(R"({"greeting": "hello"})"), 3);
}
BENCHMARK(BM_Interpreter_DemoFlow)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
