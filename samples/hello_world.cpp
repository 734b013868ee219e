// Hello world: one StartSyncExecution, and the three things every caller must tell apart.
//
//   1. The call failed: no answer, or the service refused the request. The Result holds a
//      cloudflow::Error: a typed code, the HTTP status, the service's Code and its RequestId.
//   2. The call succeeded but the execution failed: the response says Failed (or TimedOut) and
//      error_code / error_message say why.
//   3. The execution succeeded: `output` is an optional JSON value; check it before use.
//
// Usage: hello_world ENDPOINT [FLOW [INPUT_JSON]]
//   ENDPOINT    https://cn-hangzhou.fnf.aliyuncs.com, or cloudflow-local's URL
//   FLOW        an express flow (default demo_flow, one of cloudflow-local's demo flows)
//   INPUT_JSON  the execution's input, a JSON object (default {"greeting":"hello"})
//
// Credentials come from the default chain, as in production: the environment first
// (ALIBABA_CLOUD_ACCESS_KEY_ID, ALIBABA_CLOUD_ACCESS_KEY_SECRET), then the aliyun CLI's profile,
// the credentials file, the ECS RAM role (docs/credentials.md). cloudflow-local's demo key pair:
//
//   ./build/emulator/cloudflow-local --port 0        # prints its URL
//   export ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI-cloudflow-local-demo
//   export ALIBABA_CLOUD_ACCESS_KEY_SECRET=cloudflow-local-demo-secret
//   ./build/samples/hello_world http://127.0.0.1:PORT                              # exit 0
//   ./build/samples/hello_world http://127.0.0.1:PORT demo_flow '{"action":"fail"}' # exit 1: failed execution
//   ./build/samples/hello_world http://127.0.0.1:PORT no_such_flow                  # exit 1: failed call
//
// Exit status: 0 the execution succeeded; 1 the call failed or the execution did not succeed;
// 2 usage.
#include <cloudflow/cloudflow.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>

#include <chrono>
#include <iostream>
#include <optional>
#include <string>

namespace asio = boost::asio;

asio::awaitable<int> hello(cloudflow::Client& client, std::string flow, std::string input)
{
    // The request is a named variable, not a temporary inside the co_await expression: GCC 12
    // miscompiles such temporaries (docs/operations.md, "GCC 12 and co_await").
    cloudflow::StartSyncExecutionRequest request;
    request.flow_name = flow;
    request.input_json = input;  // checked to be a JSON object before anything is sent

    const auto result = co_await client.start_sync_execution(request);

    // 1. The call failed. Nothing ran, or we cannot know (a timeout after sending).
    if (!result) {
        const cloudflow::Error& e = result.error();
        std::cerr << "the call failed: " << e.code.message() << '\n';
        if (e.cause) std::cerr << "  cause: " << e.cause.message() << '\n';  // e.g. behind retries_exhausted
        if (e.http_status != 0) std::cerr << "  HTTP status: " << e.http_status << '\n';
        if (!e.service_code.empty()) std::cerr << "  service Code: " << e.service_code << '\n';
        if (!e.message.empty()) std::cerr << "  message: " << e.message << '\n';
        if (!e.field.empty()) std::cerr << "  field: " << e.field << '\n';
        if (!e.request_id.empty()) std::cerr << "  RequestId: " << e.request_id << '\n';
        std::cerr << "  attempts: " << e.attempts << '\n';
        co_return 1;
    }

    const cloudflow::StartSyncExecutionResponse& execution = *result;
    std::cout << "execution " << execution.name << " of " << execution.flow_name << ": " << execution.status
              << " (RequestId " << execution.request_id << ")\n";

    // 2. The call succeeded, the execution did not: its own error fields say why.
    if (execution.status != cloudflow::ExecutionStatus::succeeded) {
        std::cerr << "the execution did not succeed: " << execution.error_code.value_or("(no error code)") << ": "
                  << execution.error_message.value_or("(no cause)") << '\n';
        co_return 1;
    }

    // 3. Success. `output` is absent when the flow gave none; it is any JSON value otherwise.
    if (!execution.output) {
        std::cout << "no output\n";
        co_return 0;
    }
    std::cout << "output: " << boost::json::serialize(*execution.output) << '\n';
    // Reading one member safely: if_object() and if_contains() return null instead of throwing.
    if (const auto* object = execution.output->if_object())
        if (const auto* greeting = object->if_contains("greeting"); greeting && greeting->is_string())
            std::cout << "greeting: " << greeting->get_string().c_str() << '\n';
    co_return 0;
}

int main(int argc, char** argv)
{
    if (argc < 2 || argc > 4) {
        std::cerr << "usage: hello_world ENDPOINT [FLOW [INPUT_JSON]]\n"
                     "  e.g. hello_world http://127.0.0.1:PORT demo_flow '{\"greeting\":\"hello\"}'\n";
        return 2;
    }
    const std::string flow = argc > 2 ? argv[2] : "demo_flow";
    const std::string input = argc > 3 ? argv[3] : R"({"greeting":"hello"})";

    asio::io_context ioc;
    cloudflow::ClientConfig config;
    config.endpoint = argv[1];
    config.credentials = cloudflow::make_default_credentials_chain(ioc.get_executor());
    config.timeout = std::chrono::minutes(6);  // the whole call, retries included

    // The constructor throws for an unusable configuration, e.g. a malformed endpoint.
    std::optional<cloudflow::Client> client;
    try {
        client.emplace(ioc.get_executor(), config);
    } catch (const cloudflow::Exception& e) {
        std::cerr << "bad configuration: " << e.error().message << '\n';
        return 2;
    }

    int status = 1;
    asio::co_spawn(ioc, hello(*client, flow, input), [&](std::exception_ptr e, int s) {
        if (e) std::rethrow_exception(e);
        status = s;
    });
    ioc.run();
    return status;
}
