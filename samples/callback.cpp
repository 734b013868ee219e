// The same call as hello_world, with a completion handler: no coroutine in your code.
//
// Client::async_call takes any Asio completion token; a lambda is the simplest. It is called once,
// on the client's executor (here: inside ioc.run()), with a Result<StartSyncExecutionResponse>.
//
// Usage: callback ENDPOINT [FLOW]        (FLOW: an express flow, default demo_flow)
// Credentials from the default chain (the environment first), as in hello_world; the demo keys:
//   export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI-cloudflow-local-demo
//   export ALIBABA_CLOUD_ACCESS_KEY_SECRET=cloudflow-local-demo-secret
//   ./build/samples/callback http://127.0.0.1:PORT
// Prints the execution's status and output. Exit status: 0 succeeded, 1 failed call or failed
// execution, 2 usage.
#include <cloudflow/cloudflow.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>

#include <iostream>

int main(int argc, char** argv)
{
    if (argc < 2 || argc > 3) {
        std::cerr << "usage: callback ENDPOINT [FLOW]\n";
        return 2;
    }
    boost::asio::io_context ioc;
    cloudflow::ClientConfig config;
    config.endpoint = argv[1];
    config.credentials = cloudflow::make_default_credentials_chain(ioc.get_executor());
    cloudflow::Client client(ioc.get_executor(), config);

    cloudflow::StartSyncExecutionRequest request;
    request.flow_name = argc > 2 ? argv[2] : "demo_flow";
    request.input = boost::json::object{{"greeting", "hello from a callback"}};

    int status = 1;
    client.async_call(request, {}, [&status](cloudflow::Result<cloudflow::StartSyncExecutionResponse> result) {
        if (!result) {
            std::cerr << "the call failed: " << result.error() << '\n';
            return;
        }
        std::cout << "execution " << result->name << ": " << result->status << '\n';
        if (result->status != cloudflow::ExecutionStatus::succeeded) {
            std::cerr << "the execution failed: " << result->error_code.value_or("?") << '\n';
            return;
        }
        if (result->output) std::cout << "output: " << boost::json::serialize(*result->output) << '\n';
        status = 0;
    });

    ioc.run();  // returns when the call has completed and the handler has run
    return status;
}
