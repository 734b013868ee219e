// A user's program built against cloudflow as it is delivered (an install tree, the Debian package,
// FetchContent, pkg-config): it must compile, link and run, and its headers and library must agree.
// Built with CLOUDFLOW_CONSUMER_HAS_EMULATOR (the find_package consumers, whose cloudflow has the
// emulator), CTest runs it inside the installed fixture helper's cloudflow-local: it calls that
// one, then one it starts itself with cloudflow::testing::LocalEmulator, which finds the install
// tree's cloudflow-local by itself.
#include <cloudflow/cloudflow.hpp>
#include <cloudflow/testing/local_emulator.hpp>

#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>

#include <cstdlib>
#include <iostream>
#include <string>

namespace {

// StartSyncExecution of the demo's echoing flow at `url`: true when it succeeded.
[[maybe_unused]] bool call_demo(const std::string& url)
{
    boost::asio::io_context ioc;
    cloudflow::ClientConfig config;
    config.endpoint = url;
    config.credentials = cloudflow::testing::LocalEmulator::demo_credentials();
    cloudflow::Client client(ioc.get_executor(), config);
    cloudflow::StartSyncExecutionRequest request;
    request.flow_name = "demo_flow";
    request.input_json = R"({"from":"consumer"})";
    auto future = client.async_call(request, {}, boost::asio::use_future);
    ioc.run();
    const auto result = future.get();
    std::cout << url << ": " << (result ? result->status_text : result.error().to_string()) << '\n';
    return result && result->status == cloudflow::ExecutionStatus::succeeded;
}

}  // namespace

int main()
{
    if (cloudflow::version() != CLOUDFLOW_VERSION_STRING) {
        std::cerr << "headers " << CLOUDFLOW_VERSION_STRING << " but library " << cloudflow::version() << '\n';
        return 1;
    }
    const auto endpoint = cloudflow::resolve_endpoint("cn-hangzhou", "");
    if (!endpoint || endpoint->host != "cn-hangzhou.fnf.aliyuncs.com") return 1;
    std::cout << "cloudflow " << cloudflow::version() << " found at " << endpoint->host << '\n';

#ifdef CLOUDFLOW_CONSUMER_HAS_EMULATOR
    const auto fixture = cloudflow::testing::fixture_url_from_environment();
    if (!fixture || !call_demo(*fixture)) return 1;

    // No path given, no CLOUDFLOW_LOCAL: the install tree's, as the package names it.
    ::unsetenv("CLOUDFLOW_LOCAL");
    if (cloudflow::testing::find_cloudflow_local() != CLOUDFLOW_LOCAL_PACKAGED) return 1;
    cloudflow::testing::LocalEmulator emulator;
    if (!call_demo(emulator.url())) return 1;
    return emulator.stop();
#else
    return 0;
#endif
}
