// A user's program built against an installed cloudflow: it must compile, link and run. Run by
// CTest with the installed fixture helper, it calls the fixture's cloudflow-local, then one that
// it starts itself with cloudflow::testing::LocalEmulator.
#include <cloudflow/cloudflow.hpp>
#include <cloudflow/testing/local_emulator.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <iostream>

namespace {

// StartSyncExecution of the demo's echoing flow at `url`: true when it succeeded.
bool call_demo(const std::string& url)
{
    boost::asio::io_context ioc;
    cloudflow::ClientConfig config;
    config.endpoint = url;
    config.credentials = cloudflow::testing::LocalEmulator::demo_credentials();
    cloudflow::Client client(ioc.get_executor(), config);
    cloudflow::StartSyncExecutionRequest request;
    request.flow_name = "demo_flow";
    request.input_json = R"({"from":"consumer"})";
    auto future = client.async_start_sync_execution(request, {}, boost::asio::use_future);
    ioc.run();
    const auto result = future.get();
    std::cout << url << ": " << (result ? result->status_text : result.error().to_string()) << '\n';
    return result && result->status == cloudflow::ExecutionStatus::succeeded;
}

}  // namespace

int main()
{
    const auto endpoint = cloudflow::resolve_endpoint("cn-hangzhou", "");
    if (!endpoint || endpoint->host != "cn-hangzhou.fnf.aliyuncs.com") return 1;
    std::cout << "cloudflow " << cloudflow::version << " found at " << endpoint->host << '\n';

    const auto fixture = cloudflow::testing::fixture_url_from_environment();
    if (!fixture || !call_demo(*fixture)) return 1;

    cloudflow::testing::LocalEmulatorOptions options;
    options.executable = CLOUDFLOW_LOCAL_INSTALLED;
    cloudflow::testing::LocalEmulator emulator(options);
    if (!call_demo(emulator.url())) return 1;
    return emulator.stop();
}
