// Client::wait_for_execution: long polls until a terminal status, within its timeout, without a
// tight loop against a service that answers at once.
#include <cloudflow/testing/replies.hpp>

#include "support/catch_result.hpp"
#include "support/mock_fixture.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace std::chrono_literals;
using testing::MockReply;
namespace replies = testing::replies;

namespace {

Execution in_status(ExecutionStatus status)
{
    Execution e;
    e.flow_name = "orders";
    e.name = "e1";
    e.status = status;
    return e;
}

}  // namespace

TEST_CASE("waiter: long polls until the execution ends", "[client][waiter]")
{
    test::MockFixture f;
    f.transport->push(replies::describe_execution(in_status(ExecutionStatus::running)).after(20s));
    f.transport->push(replies::describe_execution(in_status(ExecutionStatus::running)).after(20s));
    f.transport->push(replies::describe_execution(in_status(ExecutionStatus::succeeded)).after(3s));
    auto client = f.client();
    const auto r = f.run(client.wait_for_execution("orders", "e1"));
    REQUIRE(r);
    CHECK(r->status == ExecutionStatus::succeeded);
    const auto requests = f.transport->requests();
    REQUIRE(requests.size() == 3);
    for (const auto& request : requests) CHECK(request.params.at("WaitTimeSeconds") == "20");
    CHECK(f.clock->sleeps() == std::vector<std::chrono::steady_clock::duration>{20s, 20s, 3s});  // no pauses
}

TEST_CASE("waiter: the timeout ends the wait with the last status, and the last poll is shortened", "[client][waiter]")
{
    test::MockFixture f;
    f.transport->on_action("DescribeExecution", [](const testing::RecordedRequest& request) {
        const auto wait = std::chrono::seconds(std::stoi(request.params.at("WaitTimeSeconds")));
        return replies::describe_execution(in_status(ExecutionStatus::running), "r-" + std::to_string(wait.count()))
            .after(wait);
    });
    auto client = f.client();
    const auto started = f.clock->now();
    const auto r = f.run(client.wait_for_execution("orders", "e1", {.timeout = 45s, .poll = 20s}));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::timeout);
    CHECK(r.error().message.find("last status Running") != std::string::npos);
    CHECK(f.clock->now() - started == 45s);
    std::vector<std::string> waits;
    for (const auto& request : f.transport->requests()) waits.push_back(request.params.at("WaitTimeSeconds"));
    CHECK(waits == std::vector<std::string>{"20", "20", "5"});
}

TEST_CASE("waiter: a service that answers at once is asked once a second", "[client][waiter]")
{
    test::MockFixture f;
    for (int i = 0; i < 3; ++i) f.transport->push(replies::describe_execution(in_status(ExecutionStatus::running)));
    f.transport->push(replies::describe_execution(in_status(ExecutionStatus::failed)));
    auto client = f.client();
    const auto r = f.run(client.wait_for_execution("orders", "e1"));
    REQUIRE(r);
    CHECK(r->status == ExecutionStatus::failed);
    CHECK(f.clock->sleeps() == std::vector<std::chrono::steady_clock::duration>{1s, 1s, 1s});
}

TEST_CASE("waiter: a failed call ends the wait with its error", "[client][waiter]")
{
    test::MockFixture f;
    f.transport->push(MockReply::service_error(404, "ExecutionNotExists", "Execution e1 does not exist."));
    auto client = f.client();
    const auto r = f.run(client.wait_for_execution("orders", "e1"));
    REQUIRE_FALSE(r);
    CHECK(r.error().service_code == "ExecutionNotExists");
    CHECK(r.error().http_status == 404);

    CHECK(f.run(client.wait_for_execution("orders", "e1", {.poll = 0s})).error().field == "poll");
    CHECK(f.run(client.wait_for_execution("orders", "e1", {.poll = 61s})).error().field == "poll");
    CHECK(f.run(client.wait_for_execution("orders", "e1", {.timeout = 0ms})).error().field == "timeout");
}
