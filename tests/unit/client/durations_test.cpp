// The client's durations, bounded: ClientConfig's and CallOptions' timeouts and WaitOptions'
// timeout, too long for the clock or negative (see tests/unit/util/durations_test.cpp).
#include <cloudflow/client.hpp>
#include <cloudflow/testing/replies.hpp>

#include "support/catch_result.hpp"
#include "support/durations.hpp"
#include "support/mock_fixture.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace cloudflow::test;
using namespace std::chrono_literals;
using std::chrono::milliseconds;
using testing::MockReply;

TEST_CASE("durations: a negative client timeout and a zero attempt timeout are refused", "[unit][durations]")
{
    test::MockFixture f;
    const auto field_of = [&](const ClientConfig& config) {
        return dur_refused_field([&] { Client client(f.ioc.get_executor(), config, f.transport); });
    };
    auto config = f.config();
    config.timeout = -1ms;
    CHECK(field_of(config) == "timeout");
    config.timeout = milliseconds::min();
    CHECK(field_of(config) == "timeout");
    config = f.config();
    config.attempt_timeout = 0ms;
    CHECK(field_of(config) == "attempt_timeout");
}

TEST_CASE("durations: wait_for_execution with a timeout too long for the clock waits until the end",
          "[unit][durations]")
{
    test::MockFixture f;
    Execution running;
    running.flow_name = "orders";
    running.name = "e1";
    running.status = ExecutionStatus::running;
    Execution done = running;
    done.status = ExecutionStatus::succeeded;
    f.transport->push(testing::replies::describe_execution(running).after(20s));
    f.transport->push(testing::replies::describe_execution(done).after(5s));
    auto client = f.client();
    const auto r = f.run(client.wait_for_execution("orders", "e1", {.timeout = milliseconds::max()}));
    REQUIRE(r);
    CHECK(r->status == ExecutionStatus::succeeded);
    const auto requests = f.transport->requests();
    REQUIRE(requests.size() == 2);
    CHECK(requests[0].params.at("WaitTimeSeconds") == "20");
    CHECK(f.clock->sleeps() == std::vector<std::chrono::steady_clock::duration>{20s, 5s});
}

TEST_CASE("durations: wait_for_execution refuses a negative timeout, naming the field", "[unit][durations]")
{
    test::MockFixture f;
    auto client = f.client();
    for (const auto timeout : {-1ms, 0ms, milliseconds::min()}) {
        const auto r = f.run(client.wait_for_execution("orders", "e1", {.timeout = timeout}));
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::invalid_request);
        CHECK(r.error().field == "timeout");
    }
    CHECK(f.transport->request_count() == 0);
}
