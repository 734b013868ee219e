// Testing your service offline: MockTransport plays CloudFlow, ManualClock makes the backoff instant.
//
// The code under test is shop::ship_order (order_service.hpp). Each test scripts the service's
// answers, runs the function, and checks what it returned and what it sent. No test framework
// (sample_checks.hpp is the smallest harness): put `Fixture` and the tests into yours (Catch2,
// GoogleTest, ...), with its checks for `check`.
//
// Run it: ./build/samples/testing_with_mock_transport      (no network, no credentials)
// Prints one line per test ("ok: ..." or "FAILED: ...") and a summary. Exit status: 0 when every
// check passed, 1 otherwise.
#include "order_service.hpp"
#include "sample_checks.hpp"

#include <cloudflow/testing/manual_clock.hpp>
#include <cloudflow/testing/mock_transport.hpp>
#include <cloudflow/testing/replies.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

#include <chrono>
#include <iostream>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using cloudflow::testing::MockReply;

namespace {

using sample::check;

// A client whose transport and clock are test doubles. Everything runs on this thread.
struct Fixture {
    asio::io_context ioc;
    std::shared_ptr<cloudflow::testing::ManualClock> clock = std::make_shared<cloudflow::testing::ManualClock>();
    std::shared_ptr<cloudflow::testing::MockTransport> transport =
        std::make_shared<cloudflow::testing::MockTransport>(clock);
    cloudflow::Client client = make_client();

    cloudflow::Client make_client()
    {
        cloudflow::ClientConfig config;
        config.region_id = "cn-hangzhou";  // never reached: the transport is the mock
        config.credentials = cloudflow::make_static_credentials("test-key-id", "test-key-secret");
        config.clock = clock;                       // backoff passes in virtual time
        config.jitter_source = [] { return 0.5; };  // and is exact: half the full delay
        return cloudflow::Client(ioc.get_executor(), config, transport);
    }

    // Runs the service function to its end.
    shop::Shipment ship(int order)
    {
        std::optional<shop::Shipment> shipment;
        asio::co_spawn(ioc, shop::ship_order(client, order), [&](std::exception_ptr e, shop::Shipment s) {
            if (e) std::rethrow_exception(e);
            shipment = std::move(s);
        });
        ioc.run();
        ioc.restart();
        return shipment.value();
    }
};

void a_server_error_is_retried_then_the_order_ships()
{
    Fixture f;
    f.transport->push(MockReply::service_error(500, "InternalServerError", "An internal error has occurred."))
        .push(MockReply::execution("ship_order", "Succeeded", R"({"tracking":"T-42"})"));

    const shop::Shipment s = f.ship(42);

    check(s.shipped && s.tracking == "T-42", "shipped with tracking T-42, got: " + s.tracking + s.problem);
    check(f.transport->request_count() == 2, "two attempts were sent");
    const std::vector<std::chrono::steady_clock::duration> backoff{50ms};  // 100 ms base delay x jitter 0.5
    check(f.clock->sleeps() == backoff, "one backoff of 50 ms, in virtual time");
    const auto requests = f.transport->requests();
    check(requests.at(0).action == "StartSyncExecution", "the action");
    check(requests.at(0).params.at("FlowName") == "ship_order", "the flow");
    check(boost::json::parse(requests.at(0).params.at("Input")) == boost::json::object{{"order", 42}}, "the input");
    check(f.transport->unexpected() == 0, "no request without a scripted reply");
}

void a_missing_flow_is_reported_and_not_retried()
{
    Fixture f;
    f.transport->push(MockReply::service_error(404, "FlowNotExists", "Flow ship_order does not exist."));

    const shop::Shipment s = f.ship(7);

    check(!s.shipped, "not shipped");
    check(s.problem == "shipping is not set up (no flow ship_order)", "the problem, got: " + s.problem);
    check(f.transport->request_count() == 1, "one attempt: FlowNotExists is not retried");
    check(f.clock->sleeps().empty(), "no backoff");
}

void a_failed_execution_is_a_refusal()
{
    Fixture f;
    // testing::replies builds any operation's answer; this one is an execution that failed.
    boost::json::object body{{"FlowName", "ship_order"},
                             {"Name", "exec-1:u"},
                             {"Status", "Failed"},
                             {"ErrorCode", "OutOfStock"},
                             {"ErrorMessage", "no stock left"}};
    f.transport->push(cloudflow::testing::replies::ok(body));

    const shop::Shipment s = f.ship(9);

    check(!s.shipped, "not shipped");
    check(s.problem == "shipping refused order 9: OutOfStock", "the problem, got: " + s.problem);
    check(f.transport->request_count() == 1, "one attempt");
}

}  // namespace

int main()
{
    const sample::Test tests[] = {
        {"a server error is retried, then the order ships", a_server_error_is_retried_then_the_order_ships},
        {"a missing flow is reported and not retried", a_missing_flow_is_reported_and_not_retried},
        {"a failed execution is a refusal", a_failed_execution_is_a_refusal},
    };
    return sample::run_tests(tests);
}
