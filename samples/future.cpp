// The same call with boost::asio::use_future: blocking code (main, a legacy thread) waits for the
// result with std::future::get().
//
// The io_context must run on another thread than the one that calls get(), or get() waits for
// ever: here a std::thread runs it, kept busy by a work guard until main is done.
//
// Usage: future ENDPOINT [FLOW]        (FLOW: an express flow, default demo_flow)
// Credentials from the default chain (the environment first), as in hello_world; the demo keys:
//   export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI-cloudflow-local-demo
//   export ALIBABA_CLOUD_ACCESS_KEY_SECRET=cloudflow-local-demo-secret
//   ./build/samples/future http://127.0.0.1:PORT
// Prints the execution's status and output. Exit status: 0 succeeded, 1 failed call or failed
// execution, 2 usage.
#include <cloudflow/cloudflow.hpp>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/serialize.hpp>

#include <future>
#include <iostream>
#include <thread>

int main(int argc, char** argv)
{
    if (argc < 2 || argc > 3) {
        std::cerr << "usage: future ENDPOINT [FLOW]\n";
        return 2;
    }
    boost::asio::io_context ioc;
    auto work = boost::asio::make_work_guard(ioc);  // run() keeps running while there is nothing to do
    std::thread io_thread([&ioc] { ioc.run(); });

    cloudflow::ClientConfig config;
    config.endpoint = argv[1];
    config.credentials = cloudflow::make_default_credentials_chain(ioc.get_executor());
    cloudflow::Client client(ioc.get_executor(), config);

    cloudflow::StartSyncExecutionRequest request;
    request.flow_name = argc > 2 ? argv[2] : "demo_flow";
    request.input = boost::json::object{{"greeting", "hello from a future"}};

    std::future<cloudflow::Result<cloudflow::StartSyncExecutionResponse>> pending =
        client.async_call(request, {}, boost::asio::use_future);
    // ... main could do other work here ...
    const cloudflow::Result<cloudflow::StartSyncExecutionResponse> result = pending.get();  // blocks

    work.reset();  // let run() return once nothing is left to do
    io_thread.join();

    if (!result) {
        std::cerr << "the call failed: " << result.error() << '\n';
        return 1;
    }
    std::cout << "execution " << result->name << ": " << result->status << '\n';
    if (result->status != cloudflow::ExecutionStatus::succeeded) {
        std::cerr << "the execution failed: " << result->error_code.value_or("?") << '\n';
        return 1;
    }
    if (result->output) std::cout << "output: " << boost::json::serialize(*result->output) << '\n';
    return 0;
}
