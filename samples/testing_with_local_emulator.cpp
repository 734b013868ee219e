// Testing your service over real sockets: cloudflow::testing::LocalEmulator starts cloudflow-local
// with the flows and faults each test needs, on a free port, and stops it with the object.
//
// The code under test is shop::ship_order (order_service.hpp), the same function that
// testing_with_mock_transport.cpp tests offline. Here the whole path runs: the HTTP transport, the
// signature, the service's checks, and a flow that really runs. No test framework
// (sample_checks.hpp is the smallest harness): put the tests into yours, with its checks for `check`.
//
// Run it: ./build/samples/testing_with_local_emulator [CLOUDFLOW_LOCAL]
// cloudflow-local is CLOUDFLOW_LOCAL when given, else found as LocalEmulator finds it: the
// environment variable CLOUDFLOW_LOCAL, the installed program, the PATH. Credentials are the
// test key pair of the config below, nothing from the environment.
// Prints one line per test ("ok: ..." or "FAILED: ...") and a summary. Exit status: 0 when every
// check passed, 1 otherwise.
#include "order_service.hpp"
#include "sample_checks.hpp"

#include <cloudflow/testing/local_emulator.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <iostream>
#include <optional>
#include <string>
#include <string_view>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using cloudflow::testing::LocalEmulator;
using cloudflow::testing::LocalEmulatorOptions;

namespace {

// `ship_order` answers a tracking number; a negative order fails the execution. Its first request
// gets a 500: faults.sequence is exact, used once per emulator.
constexpr const char* shop_config = R"({
  "access_keys": [{"id": "LTAI-test", "secret": "test-secret"}],
  "flows": [{
    "name": "ship_order",
    "faults": {"sequence": [500, 0]},
    "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Check", "States": [
      {"Type": "Choice", "Name": "Check", "Default": "Ship",
       "Branches": [{"Condition": "$Input.order < 0", "Next": "Refuse"}]},
      {"Type": "Pass", "Name": "Ship", "OutputConstructor": {"tracking": "T-1001"}, "End": true},
      {"Type": "Fail", "Name": "Refuse", "Code": "InvalidOrder", "Detail": "order numbers are positive"}]}
  }]
})";

// The same key pair, and no flow at all: ship_order is not deployed.
constexpr const char* empty_config = R"({"access_keys": [{"id": "LTAI-test", "secret": "test-secret"}], "flows": []})";

std::filesystem::path program;  // from the command line, or empty: found
using sample::check;

LocalEmulatorOptions emulator_with(const char* config)
{
    LocalEmulatorOptions options;
    options.executable = program;
    options.config_json = config;
    options.quiet = false;  // keep the access log: output() shows what the emulator answered
    return options;
}

// A client of the emulator at `url`, with retries made fast, runs the service function.
shop::Shipment ship(const std::string& url, int order)
{
    asio::io_context ioc;
    cloudflow::ClientConfig config;
    config.endpoint = url;
    config.credentials = cloudflow::make_static_credentials("LTAI-test", "test-secret");
    config.retry.base_delay = 5ms;  // backoff in milliseconds, not seconds
    config.retry.throttle_base_delay = 10ms;
    config.timeout = 10s;
    cloudflow::Client client(ioc.get_executor(), config);

    std::optional<shop::Shipment> shipment;
    asio::co_spawn(ioc, shop::ship_order(client, order), [&](std::exception_ptr e, shop::Shipment s) {
        if (e) std::rethrow_exception(e);
        shipment = std::move(s);
    });
    ioc.run();
    return shipment.value();
}

void a_server_error_is_retried_then_the_order_ships()
{
    LocalEmulator emulator(emulator_with(shop_config));

    const shop::Shipment s = ship(emulator.url(), 42);

    check(s.shipped && s.tracking == "T-1001", "shipped with tracking T-1001, got: " + s.tracking + s.problem);
    const std::string log = emulator.output();
    check(log.find("flow ship_order: 500 InternalServerError") != std::string::npos, "the emulator answered 500 first");
    check(log.find("flow ship_order: 200 Status Succeeded") != std::string::npos, "then ran the flow");
}

void a_failed_execution_is_a_refusal()
{
    LocalEmulator emulator(emulator_with(shop_config));
    check(ship(emulator.url(), 1).shipped, "the first order ships (after the scripted 500)");

    const shop::Shipment s = ship(emulator.url(), -1);

    check(!s.shipped, "not shipped");
    check(s.problem == "shipping refused order -1: InvalidOrder", "the problem, got: " + s.problem);
}

void a_missing_flow_is_reported()
{
    LocalEmulator emulator(emulator_with(empty_config));

    const shop::Shipment s = ship(emulator.url(), 7);

    check(!s.shipped, "not shipped");
    check(s.problem == "shipping is not set up (no flow ship_order)", "the problem, got: " + s.problem);
}

void a_stopped_service_is_unavailable()
{
    LocalEmulator emulator(emulator_with(shop_config));
    const std::string url = emulator.url();
    check(emulator.stop() == 0, "the emulator stops cleanly");

    const shop::Shipment s = ship(url, 5);  // nothing listens there now

    check(!s.shipped, "not shipped");
    check(s.problem.starts_with("shipping is unavailable: "), "the problem, got: " + s.problem);
}

}  // namespace

int main(int argc, char** argv)
{
    if (argc > 2) {
        std::cerr << "usage: testing_with_local_emulator [CLOUDFLOW_LOCAL]\n";
        return 2;
    }
    if (argc == 2) program = argv[1];

    const sample::Test tests[] = {
        {"a server error is retried, then the order ships", a_server_error_is_retried_then_the_order_ships},
        {"a failed execution is a refusal", a_failed_execution_is_a_refusal},
        {"a missing flow is reported", a_missing_flow_is_reported},
        {"a stopped service is unavailable", a_stopped_service_is_unavailable},
    };
    return sample::run_tests(tests);
}
