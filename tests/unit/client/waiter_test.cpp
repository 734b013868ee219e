// Client::wait_for_execution: long polls until a terminal status, within its timeout, without a
// tight loop against a service that answers at once.
#include <cloudflow/testing/replies.hpp>

#include "support/catch_result.hpp"
#include "support/mock_fixture.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>

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

TEST_CASE("waiter: cancelling the wait ends it with cancelled, during a long poll", "[client][waiter]")
{
    boost::asio::io_context ioc;
    auto transport = std::make_shared<testing::MockTransport>();  // real time: the poll really waits
    transport->on_action("DescribeExecution", [](const testing::RecordedRequest&) {
        return replies::describe_execution(in_status(ExecutionStatus::running)).after(20s);
    });
    test::MockFixture f;
    auto config = f.config();
    config.clock = nullptr;
    Client client(ioc.get_executor(), config, transport);

    boost::asio::cancellation_signal cancel;
    std::optional<Result<DescribeExecutionResponse>> out;
    boost::asio::co_spawn(ioc, client.wait_for_execution("orders", "e1"),
                          boost::asio::bind_cancellation_slot(
                              cancel.slot(), [&](std::exception_ptr e, Result<DescribeExecutionResponse> r) {
                                  if (e) std::rethrow_exception(e);
                                  out = std::move(r);
                              }));
    boost::asio::steady_timer soon(ioc, 50ms);
    soon.async_wait([&](boost::system::error_code) { cancel.emit(boost::asio::cancellation_type::terminal); });
    const auto started = std::chrono::steady_clock::now();
    ioc.run();
    REQUIRE(out);
    REQUIRE_FALSE(*out);
    CHECK(out->error().code == errc::cancelled);
    CHECK(std::chrono::steady_clock::now() - started < 10s);  // not the 20 s poll
    CHECK(transport->request_count() == 1);
}
