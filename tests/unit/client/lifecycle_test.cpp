// The lifecycle operations through the client and MockTransport: what goes on the wire (method,
// where each parameter goes, both signature versions), which failures are retried, and the raw
// entry.
#include <cloudflow/testing/replies.hpp>

#include "support/catch_result.hpp"
#include "support/mock_fixture.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace std::chrono_literals;
using testing::MockReply;
namespace replies = testing::replies;

namespace {

Execution running(std::string name)
{
    Execution e;
    e.flow_name = "orders";
    e.name = std::move(name);
    e.status = ExecutionStatus::running;
    e.input = boost::json::parse(R"({"id":42})");
    return e;
}

}  // namespace

TEST_CASE("lifecycle: reads are GET with every parameter in the query", "[client][lifecycle]")
{
    test::MockFixture f;
    f.transport->on_action("DescribeExecution", [](auto&) { return replies::describe_execution(running("e1")); });
    f.transport->on_action("ListExecutions", [](auto&) { return replies::list_executions({running("e1")}); });
    f.transport->on_action("GetExecutionHistory", [](auto&) { return replies::get_execution_history({}); });
    auto client = f.client();

    const auto described = f.run(client.describe_execution({.flow_name = "orders", .execution_name = "e1"}));
    REQUIRE(described);
    CHECK(described->status == ExecutionStatus::running);
    CHECK(described->input == boost::json::parse(R"({"id":42})"));
    REQUIRE(f.run(client.list_executions({.flow_name = "orders"}))->executions.size() == 1);
    REQUIRE(f.run(client.get_execution_history({.flow_name = "orders", .execution_name = "e1"})));

    for (const auto& request : f.transport->requests()) {
        INFO(request.action);
        CHECK(request.http.method == "GET");
        CHECK(request.http.body.empty());
        CHECK(request.params.at("FlowName") == "orders");
    }
}

TEST_CASE("lifecycle: ReportTask* send the TaskToken in the query and the rest in the form body", "[client][lifecycle]")
{
    for (const auto version : {SignatureVersion::v1, SignatureVersion::v3}) {
        INFO((version == SignatureVersion::v1 ? "V1" : "V3"));
        test::MockFixture f;
        f.transport->on_action("ReportTaskSucceeded", [](auto&) { return replies::report_task(7); });
        f.transport->on_action("ReportTaskFailed", [](auto&) { return replies::report_task(8); });
        auto config = f.config();
        config.signature_version = version;
        auto client = f.client(config);

        const auto ok = f.run(client.report_task_succeeded({.task_token = "tok/en=1", .output_json = R"({"a":1})"}));
        REQUIRE(ok);
        CHECK(ok->event_id == 7);
        const auto failed = f.run(client.report_task_failed({.task_token = "tok/en=1", .error = "Rejected"}));
        REQUIRE(failed);
        CHECK(failed->event_id == 8);

        for (const auto& request : f.transport->requests()) {
            CHECK(request.http.method == "POST");
            CHECK(request.http.target.find("TaskToken=tok%2Fen%3D1") != std::string::npos);
            CHECK(request.http.body.find("TaskToken") == std::string::npos);
            CHECK(request.params.at("TaskToken") == "tok/en=1");
        }
        CHECK(f.transport->requests()[0].params.at("Output") == R"({"a":1})");
        CHECK(f.transport->requests()[1].params.at("Error") == "Rejected");
    }
}

TEST_CASE("lifecycle: reads and reports are repeated after a broken connection", "[client][lifecycle]")
{
    test::MockFixture f;
    auto client = f.client();
    f.transport->push(MockReply::failure(errc::network_failure));
    f.transport->push(replies::describe_execution(running("e1")));
    CHECK(f.run(client.describe_execution({.flow_name = "orders", .execution_name = "e1"})));
    CHECK(f.transport->request_count() == 2);

    // The report's answer was lost; the repeat acts (the first one had not).
    f.transport->push(MockReply::failure(errc::network_failure));
    f.transport->push(replies::report_task(7, "req-2"));
    const auto report = f.run(client.report_task_failed({.task_token = "t", .error = "E"}));
    REQUIRE(report);
    CHECK(report->event_id == 7);
    CHECK(f.transport->request_count() == 4);
}

TEST_CASE("lifecycle: TaskAlreadyCompleted after a lost report is that report's success, and only then",
          "[client][lifecycle][repeat]")
{
    test::MockFixture f;
    auto client = f.client();
    const auto completed = [] {
        return MockReply::service_error(400, "TaskAlreadyCompleted", "Task t has already completed.", "req-repeat");
    };

    // The first report acted and its answer was lost: the repeat meets the consumed token.
    f.transport->push(MockReply::failure(errc::network_failure)).push(completed());
    auto report = f.run(client.report_task_succeeded({.task_token = "t", .output_json = "{}"}));
    REQUIRE(report);
    CHECK(report->request_id == "req-repeat");
    CHECK(report->event_id == 0);  // the lost answer had it
    // The same after a timeout.
    f.transport->push(MockReply::hang()).push(completed());
    report = f.run(client.report_task_succeeded({.task_token = "t", .output_json = "{}"}));
    CHECK(report);

    // On a first attempt it is an error: someone else used the token.
    f.transport->push(completed());
    report = f.run(client.report_task_failed({.task_token = "t", .error = "E"}));
    REQUIRE_FALSE(report);
    CHECK(report.error().code == errc::task_already_completed);

    // After a failure to connect (nothing was sent) or a 500 (an answer: nothing was lost), it is
    // an error too.
    f.transport->push(MockReply::failure(errc::connection_failed)).push(completed());
    report = f.run(client.report_task_failed({.task_token = "t", .error = "E"}));
    REQUIRE_FALSE(report);
    CHECK(report.error().code == errc::task_already_completed);
    f.transport->push(MockReply::service_error(500, "InternalServerError", "oops")).push(completed());
    report = f.run(client.report_task_failed({.task_token = "t", .error = "E"}));
    REQUIRE_FALSE(report);
    CHECK(report.error().code == errc::task_already_completed);
}

TEST_CASE("lifecycle: an unnamed StartExecution is named once and repeated with the same name",
          "[client][lifecycle][repeat]")
{
    test::MockFixture f;
    auto client = f.client();
    f.transport->push(MockReply::failure(errc::network_failure));
    f.transport->push(replies::start_execution(running("named")));
    CHECK(f.run(client.start_execution({.flow_name = "orders", .execution_name = "named"})));
    CHECK(f.transport->request_count() == 2);

    // Unnamed: the SDK's name, the same on both attempts.
    f.transport->push(MockReply::failure(errc::network_failure));
    f.transport->on_action("StartExecution", [](const testing::RecordedRequest& r) {
        return replies::start_execution(running(r.params.at("ExecutionName")));
    });
    const auto started = f.run(client.start_execution({.flow_name = "orders"}));
    REQUIRE(started);
    const auto requests = f.transport->requests();
    REQUIRE(requests.size() == 4);
    const std::string& name = requests[2].params.at("ExecutionName");
    CHECK(name.starts_with("exec-"));
    CHECK(requests[3].params.at("ExecutionName") == name);
    CHECK(started->name == name);
}

TEST_CASE("lifecycle: ExecutionAlreadyExists for the SDK's own name after a lost answer is that execution",
          "[client][lifecycle][repeat]")
{
    test::MockFixture f;
    auto client = f.client();
    std::string generated;
    f.transport->push(MockReply::failure(errc::network_failure));
    f.transport->on_action("StartExecution", [&](const testing::RecordedRequest& r) {
        generated = r.params.at("ExecutionName");
        return MockReply::service_error(400, "ExecutionAlreadyExists", "exists", "req-exists");
    });
    f.transport->on_action("DescribeExecution", [&](const testing::RecordedRequest& r) {
        CHECK(r.params.at("FlowName") == "orders");
        CHECK(r.params.at("ExecutionName") == generated);
        Execution done = running(generated);
        done.status = ExecutionStatus::succeeded;
        return replies::describe_execution(done, "req-described");
    });
    const auto started = f.run(client.start_execution({.flow_name = "orders"}));
    REQUIRE(started);
    CHECK(started->name == generated);
    CHECK(started->status == ExecutionStatus::succeeded);
    CHECK(started->request_id == "req-described");
    CHECK(f.transport->request_count() == 3);  // the lost start, its repeat, the lookup

    // A name the caller chose: the execution could be an older one of that name. An error.
    f.transport->push(MockReply::failure(errc::network_failure))
        .push(MockReply::service_error(400, "ExecutionAlreadyExists", "exists"));
    const auto named = f.run(client.start_execution({.flow_name = "orders", .execution_name = "mine"}));
    REQUIRE_FALSE(named);
    CHECK(named.error().code == errc::execution_already_exists);
}

TEST_CASE("lifecycle: for the SDK's own name any earlier attempt counts, a 500 too, and the lookup keeps the deadline",
          "[client][lifecycle][repeat]")
{
    test::MockFixture f;
    auto client = f.client();
    // The first attempt got through and started the execution, then the service answered 500.
    f.transport->push(MockReply::service_error(500, "InternalServerError", "oops"))
        .push(MockReply::service_error(400, "ExecutionAlreadyExists", "exists"));
    f.transport->on_action("DescribeExecution", [](const testing::RecordedRequest& r) {
        return replies::describe_execution(running(r.params.at("ExecutionName")));
    });
    const auto started_at = f.clock->now();
    const auto started = f.run(client.start_execution({.flow_name = "orders"}, {.timeout = 10s}));
    REQUIRE(started);
    CHECK(started->name.starts_with("exec-"));
    const auto requests = f.transport->requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[2].action == "DescribeExecution");
    // The lookup ends with the call's deadline, not 10 s after it began.
    CHECK(requests[2].deadline == started_at + 10s);
}

TEST_CASE("lifecycle: a start the SDK named that fails says the name", "[client][lifecycle][repeat]")
{
    test::MockFixture f;
    auto client = f.client();
    for (int i = 0; i < 3; ++i) f.transport->push(MockReply::failure(errc::network_failure));
    const auto failed = f.run(client.start_execution({.flow_name = "orders"}));
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code == errc::retries_exhausted);
    const std::string name = f.transport->requests()[0].params.at("ExecutionName");
    CHECK(failed.error().message.ends_with("(the SDK named the execution " + name + ")"));

    // Not when nothing was sent (the request was invalid), nor for a name of the caller's.
    const auto invalid = f.run(client.start_execution({.flow_name = "orders", .input_json = "[1]"}));
    REQUIRE_FALSE(invalid);
    CHECK(invalid.error().message.find("SDK named") == std::string::npos);
    f.transport->push(MockReply::failure(errc::network_failure))
        .push(MockReply::failure(errc::network_failure))
        .push(MockReply::failure(errc::network_failure));
    const auto named = f.run(client.start_execution({.flow_name = "orders", .execution_name = "mine"}));
    REQUIRE_FALSE(named);
    CHECK(named.error().message.find("SDK named") == std::string::npos);
}

TEST_CASE("lifecycle: a long poll extends the attempt's deadline by WaitTimeSeconds", "[client][lifecycle]")
{
    test::MockFixture f;
    auto config = f.config();
    config.attempt_timeout = 5s;
    auto client = f.client(config);
    f.transport->push(replies::describe_execution(running("e1")).after(30s));  // the service holds the answer
    CHECK(f.run(client.describe_execution({.flow_name = "orders", .execution_name = "e1", .wait_time = 30s})));

    f.transport->push(replies::describe_execution(running("e1")).after(30s));
    const auto r =
        f.run(client.describe_execution({.flow_name = "orders", .execution_name = "e1"}, {.max_attempts = 1}));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::timeout);  // without a long poll, 5 s is the limit
}

TEST_CASE("raw entry: any action, its JSON body, and the common parameters refused", "[client][lifecycle]")
{
    test::MockFixture f;
    f.transport->on_action("DescribeFlow", [](auto&) {
        return replies::ok(boost::json::object{{"Name", "orders"}, {"Type", "FDL"}}, "r-77");
    });
    auto client = f.client();
    const auto r = f.run(client.invoke({.action = "DescribeFlow",
                                        .parameters = {{"Name", "orders"}},
                                        .method = RequestMethod::get,
                                        .idempotent = true}));
    REQUIRE(r);
    CHECK(r->request_id == "r-77");
    CHECK(r->body.at("Type") == "FDL");
    CHECK(f.transport->requests().at(0).http.method == "GET");
    CHECK(f.transport->requests().at(0).params.at("Name") == "orders");

    const auto signature = f.run(client.invoke({.action = "DescribeFlow", .parameters = {{"Signature", "x"}}}));
    REQUIRE_FALSE(signature);
    CHECK(signature.error().code == errc::invalid_request);
    CHECK(signature.error().field == "Signature");
    const auto action = f.run(client.invoke({.action = "Describe Flow"}));
    REQUIRE_FALSE(action);
    CHECK(action.error().field == "Action");
    CHECK(f.transport->request_count() == 1);  // refused before sending

    f.transport->push(MockReply::service_error(404, "FlowNotExists", "Flow x does not exist."));
    const auto missing = f.run(client.invoke({.action = "DescribeFlow", .parameters = {{"Name", "x"}}}));
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == errc::flow_not_exists);
    CHECK(missing.error().is(condition::not_found));
}
