// testing/replies.hpp: each builder's body decodes to what it was built from, and uses only the
// member names and JSON types of the golden bodies.
#include <cloudflow/testing/replies.hpp>

#include "operations/describe_execution.hpp"
#include "operations/get_execution_history.hpp"
#include "operations/list_executions.hpp"
#include "operations/report_task.hpp"

#include "support/catch_result.hpp"
#include "support/fixtures.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
namespace replies = testing::replies;

namespace {

const std::string& body_of(const testing::MockReply& reply)
{
    return std::get<HttpResponse>(reply.outcome).body;
}

// Every member of `built` is in `golden`, with the same JSON kind; arrays of objects are compared
// element by element against the golden's first element.
void same_shape(const boost::json::object& built, const boost::json::object& golden, const std::string& path)
{
    for (const auto& [key, value] : built) {
        INFO(path + std::string(key));
        const auto* expected = golden.if_contains(key);
        REQUIRE(expected != nullptr);
        CHECK(value.kind() == expected->kind());
        if (value.is_object() && expected->is_object())
            same_shape(value.get_object(), expected->get_object(), path + std::string(key) + ".");
        if (value.is_array() && expected->is_array() && !expected->get_array().empty())
            for (const auto& item : value.get_array())
                if (item.is_object() && expected->get_array()[0].is_object())
                    same_shape(item.get_object(), expected->get_array()[0].get_object(),
                               path + std::string(key) + "[].");
    }
}

void same_shape_as_fixture(const testing::MockReply& reply, const char* action)
{
    same_shape(boost::json::parse(body_of(reply)).as_object(),
               boost::json::parse(test::fnf_fixture(action)).as_object(), "");
}

Execution full_execution()
{
    Execution e;
    e.flow_name = "orders";
    e.name = "e1";
    e.status = ExecutionStatus::succeeded;
    e.status_text = "Succeeded";
    e.input = boost::json::parse(R"({"id":1})");
    e.output = boost::json::parse(R"({"ok":true})");
    e.flow_definition = "version: v1.0";
    e.started_time = Timestamp(std::chrono::milliseconds(1'000));
    e.stopped_time = Timestamp(std::chrono::milliseconds(2'000));
    e.environment = {{"region", "cn-hangzhou"}};
    return e;
}

}  // namespace

TEST_CASE("replies: executions decode back and have the golden shape", "[testing][replies]")
{
    const Execution e = full_execution();
    const auto reply = replies::describe_execution(e, "r-1");
    const auto decoded = detail::decode_body<detail::DescribeExecution>(body_of(reply), 1000);
    REQUIRE(decoded);
    CHECK(decoded->request_id == "r-1");
    CHECK(decoded->name == e.name);
    CHECK(decoded->status == e.status);
    CHECK(decoded->input == e.input);
    CHECK(decoded->output == e.output);
    CHECK(decoded->started_time == e.started_time);
    CHECK(decoded->stopped_time == e.stopped_time);
    CHECK(decoded->environment == e.environment);
    same_shape_as_fixture(reply, "DescribeExecution");
    same_shape_as_fixture(replies::list_executions({e}, "next"), "ListExecutions");

    const auto page = detail::decode_body<detail::ListExecutions>(body_of(replies::list_executions({e, e}, "t")), 1000);
    REQUIRE(page);
    CHECK(page->executions.size() == 2);
    CHECK(page->next_token == "t");
}

TEST_CASE("replies: history events and task reports decode back and have the golden shape", "[testing][replies]")
{
    const HistoryEvent event{.event_id = 3,
                             .schedule_event_id = 2,
                             .step_name = "Approve",
                             .type = EventType::task_submitted,
                             .time = Timestamp(std::chrono::milliseconds(5'000)),
                             .detail = boost::json::parse(R"({"TaskToken":"t"})")};
    const auto reply = replies::get_execution_history({event}, "4");
    const auto decoded = detail::decode_body<detail::GetExecutionHistory>(body_of(reply), 1000);
    REQUIRE(decoded);
    REQUIRE(decoded->events.size() == 1);
    CHECK(decoded->events[0].type == EventType::task_submitted);
    CHECK(decoded->events[0].type_text == "TaskSubmitted");
    CHECK(decoded->events[0].detail == event.detail);
    CHECK(decoded->events[0].schedule_event_id == 2);
    same_shape_as_fixture(reply, "GetExecutionHistory");

    const auto report = replies::report_task(9);
    CHECK(detail::decode_body<detail::ReportTaskSucceeded>(body_of(report), 1000)->event_id == 9);
    same_shape_as_fixture(report, "ReportTaskSucceeded");
}
