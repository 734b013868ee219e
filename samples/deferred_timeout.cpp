// A call raced against a timer: `boost::asio::deferred` operations in a parallel group. Whichever
// ends first wins; the group then cancels the other one and waits for it to end.
//
// When the timer wins, the call is cancelled (Asio per-operation cancellation, which the SDK
// honours) and ends with errc::cancelled. A call cancelled after its request was sent may still
// have started an execution: cancelling stops the wait for the answer, not the flow.
//
// Why a parallel group, on Boost 1.81 with GCC 12 (checked by compiling each form):
//   - `co_await (call || timer)` with experimental::awaitable_operators does not compile when the
//     operands are `deferred` operations: in 1.81 the operators take only awaitable<T> ("no match
//     for operator||"). With `use_awaitable` operands (or client.start_sync_execution(), itself an
//     awaitable) it compiles and works, but then each side is a coroutine of its own, not a
//     deferred operation.
//   - make_parallel_group(op, op).async_wait(wait_for_one(), token) takes the deferred operations
//     as they are, and works with any token: use_awaitable here, `deferred` (co_awaited as well)
//     or a plain callback, without a coroutine.
//
// For a plain deadline, CallOptions::timeout is simpler (the call ends with errc::timeout). A race
// is for a limit that is not the call's own: a shutdown, a user who gives up, a deadline shared by
// several calls.
//
// Usage: deferred_timeout ENDPOINT
// Written for cloudflow-local: it creates (once) an express flow `slow_flow` that waits 2 s, in
// CloudFlow's flow language (Spec v1), then runs two races:
//   demo_flow against a 2000 ms timer: the call wins;
//   slow_flow against a 500 ms timer: the timer wins, the call is cancelled.
// Credentials from the default chain (the environment first), as in hello_world; the demo keys:
//   export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI-cloudflow-local-demo
//   export ALIBABA_CLOUD_ACCESS_KEY_SECRET=cloudflow-local-demo-secret
//   ./build/samples/deferred_timeout http://127.0.0.1:PORT
// Exit status: 0 when both races end as described, 1 otherwise, 2 usage.
#include <cloudflow/cloudflow.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <chrono>
#include <iostream>
#include <string>

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

// Runs `flow`, unless `limit` passes first. Returns whether the call won.
asio::awaitable<bool> run_within(cloudflow::Client& client, std::string flow, std::chrono::milliseconds limit)
{
    cloudflow::StartSyncExecutionRequest request;
    request.flow_name = flow;
    asio::steady_timer timer(co_await asio::this_coro::executor, limit);
    const auto start = std::chrono::steady_clock::now();

    // Two deferred operations: nothing starts until the group launches them. wait_for_one: the
    // first to complete cancels the other; the group completes when both have.
    auto [order, result, timer_error] =
        co_await asio::experimental::make_parallel_group(client.async_call(request, {}, asio::deferred),
                                                         timer.async_wait(asio::deferred))
            .async_wait(asio::experimental::wait_for_one(), asio::use_awaitable);
    (void)timer_error;  // operation_aborted when the call won and the timer was cancelled

    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    std::cout << flow << " within " << limit.count() << " ms: ";
    if (order[0] == 0) {  // the call completed first
        std::cout << "the call won after " << ms.count() << " ms: ";
        if (result)
            std::cout << result->status << '\n';
        else
            std::cout << "it failed: " << result.error() << '\n';
        co_return true;
    }
    std::cout << "the timer won after " << ms.count() << " ms; the call ended with "
              << (result ? std::string("a response") : result.error().code.message()) << '\n';
    co_return false;
}

// An express flow that waits 2 s, in CloudFlow's flow language (Spec v1, YAML).
asio::awaitable<bool> create_slow_flow(cloudflow::Client& client)
{
    cloudflow::CreateFlowRequest create;
    create.name = "slow_flow";
    create.definition = "Type: StateMachine\nSpecVersion: v1\nStartAt: Pause\nStates:\n"
                        "  - {Type: Wait, Name: Pause, Seconds: 2, End: true}\n";
    create.description = "samples/deferred_timeout: waits 2 s";
    create.execution_mode = cloudflow::ExecutionMode::express;  // run by StartSyncExecution
    const auto created = co_await client.create_flow(create);
    if (created || created.error().code == cloudflow::errc::flow_already_exists) co_return true;
    std::cerr << "cannot create slow_flow: " << created.error() << '\n';
    co_return false;
}

asio::awaitable<int> run(cloudflow::Client& client)
{
    if (!co_await create_slow_flow(client)) co_return 1;
    const bool fast_won = co_await run_within(client, "demo_flow", 2000ms);
    const bool slow_won = co_await run_within(client, "slow_flow", 500ms);
    co_return fast_won && !slow_won ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::cerr << "usage: deferred_timeout ENDPOINT\n";
        return 2;
    }
    asio::io_context ioc;
    cloudflow::ClientConfig config;
    config.endpoint = argv[1];
    config.credentials = cloudflow::make_default_credentials_chain(ioc.get_executor());
    cloudflow::Client client(ioc.get_executor(), config);

    int status = 1;
    asio::co_spawn(ioc, run(client), [&](std::exception_ptr e, int s) {
        if (e) std::rethrow_exception(e);
        status = s;
    });
    ioc.run();
    return status;
}
