// A throttled call that succeeds after retries, entirely offline: MockTransport plays the service.
//
// Run it: ./build/samples/mock_client
#include <cloudflow/cloudflow.hpp>
#include <cloudflow/testing/mock_transport.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>

#include <iostream>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using cloudflow::testing::MockReply;

asio::awaitable<int> run(cloudflow::Client& client)
{
    cloudflow::StartSyncExecutionRequest request;
    request.flow_name = "my_flow";
    request.input = boost::json::object{{"order", 1234}};

    auto result = co_await client.start_sync_execution(request);
    if (!result) {
        std::cerr << "call failed: " << result.error() << '\n';
        co_return 1;
    }
    const auto& response = *result;
    std::cout << "RequestId " << response.request_id << ", execution " << response.name << ": " << response.status
              << '\n';
    if (response.output) std::cout << "output " << boost::json::serialize(*response.output) << '\n';
    co_return 0;
}

int main()
{
    asio::io_context ioc;

    // The service is busy twice, then runs the flow.
    auto transport = std::make_shared<cloudflow::testing::MockTransport>();
    transport->push(MockReply::service_error(429, "ResourceThrottled", "The request is throttled.", "req-1"))
        .push(MockReply::service_error(429, "ResourceThrottled", "The request is throttled.", "req-2"))
        .push(MockReply::execution("my_flow", "Succeeded", R"({"order":1234,"shipped":true})", "req-3"));

    cloudflow::ClientConfig config;
    config.region_id = "cn-hangzhou";
    config.credentials = cloudflow::make_static_credentials("my-access-key-id", "my-access-key-secret");
    config.retry.throttle_base_delay = 50ms;  // short waits for the sample
    cloudflow::Client client(ioc.get_executor(), config, transport);

    int status = 1;
    asio::co_spawn(ioc, run(client), [&](std::exception_ptr e, int s) {
        if (e) std::rethrow_exception(e);
        status = s;
    });
    ioc.run();

    for (const auto& request : transport->requests())
        std::cout << "attempt sent with SignatureNonce " << request.params.at("SignatureNonce") << '\n';
    return status;
}
