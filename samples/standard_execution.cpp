// Starts a standard-mode execution, waits for it to end with DescribeExecution's long poll, and
// prints its history, page by page.
//
// Run it against cloudflow-local's demo (credentials from the environment, as the CLI takes them):
//   ./build/samples/standard_execution http://127.0.0.1:PORT standard_flow
#include <cloudflow/cloudflow.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>

#include <iostream>

namespace asio = boost::asio;
using namespace std::chrono_literals;

asio::awaitable<int> run(cloudflow::Client& client, std::string flow)
{
    // A name makes the start safe to retry: the same name returns the same running execution.
    // Requests and options are named variables, not temporaries in the co_await expression: GCC 12
    // miscompiles such temporaries (docs/operations.md, "GCC 12 and co_await").
    const std::string name = "sample-order-42";
    cloudflow::StartExecutionRequest start{.flow_name = flow, .execution_name = name};
    start.input = boost::json::object{{"order", 42}};
    const auto started = co_await client.start_execution(start);
    if (!started && !started.error().is(cloudflow::condition::already_exists)) {
        std::cerr << "start failed: " << started.error() << '\n';
        co_return 1;
    }
    std::cout << "started " << flow << "/" << name << "\n";

    const cloudflow::WaitOptions wait{.timeout = 5min, .poll = 20s};
    const auto ended = co_await client.wait_for_execution(flow, name, wait);
    if (!ended) {
        std::cerr << "wait failed: " << ended.error() << '\n';
        co_return 1;
    }
    std::cout << "ended " << ended->status;
    if (ended->output) std::cout << " with output " << boost::json::serialize(*ended->output);
    std::cout << '\n';

    cloudflow::Paginator history(client,
                                 cloudflow::GetExecutionHistoryRequest{.flow_name = flow, .execution_name = name});
    for (;;) {
        auto event = co_await history.next_item();
        if (!event) {
            std::cerr << "history failed: " << event.error() << '\n';
            co_return 1;
        }
        if (!*event) break;
        std::cout << "  event " << (*event)->event_id << ' ' << (*event)->type << ' ' << (*event)->step_name << '\n';
    }
    co_return 0;
}

int main(int argc, char** argv)
{
    if (argc != 3) {
        std::cerr << "usage: standard_execution ENDPOINT FLOW\n";
        return 2;
    }
    asio::io_context ioc;
    cloudflow::ClientConfig config;
    config.endpoint = argv[1];
    config.credentials = std::make_shared<cloudflow::EnvironmentCredentialsProvider>();
    cloudflow::Client client(ioc.get_executor(), config);

    int status = 1;
    asio::co_spawn(ioc, run(client, argv[2]), [&](std::exception_ptr e, int s) {
        if (e) std::rethrow_exception(e);
        status = s;
    });
    ioc.run();
    return status;
}
