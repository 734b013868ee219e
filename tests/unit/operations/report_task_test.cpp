// ReportTaskSucceeded and ReportTaskFailed: the token in the query, never retried once sent.
#include "operations/report_task.hpp"

#include "support/catch_result.hpp"
#include "support/fixtures.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using detail::ReportTaskFailed;
using detail::ReportTaskSucceeded;

TEST_CASE("ReportTaskSucceeded encode: a token and a JSON object output", "[operations][report-task]")
{
    ReportTaskSucceededRequest r{.task_token = "token-1", .output = boost::json::parse(R"({"approved":true})")};
    CHECK(*ReportTaskSucceeded::encode(r, {}) ==
          Parameters{{"Output", R"({"approved":true})"}, {"TaskToken", "token-1"}});
    CHECK(std::vector<std::string_view>(ReportTaskSucceeded::query_fields.begin(),
                                        ReportTaskSucceeded::query_fields.end()) ==
          std::vector<std::string_view>{"TaskToken"});
    // Safe to repeat: a repeat after a lost answer that meets TaskAlreadyCompleted is the lost
    // report's success.
    CHECK(ReportTaskSucceeded::idempotency(r) == detail::Idempotency::idempotent);
    CHECK(detail::prepare_request<ReportTaskSucceeded>(r)->service_code == "TaskAlreadyCompleted");
    ReportTaskFailedRequest failed{.task_token = "token-1", .error = "E"};
    CHECK(ReportTaskFailed::idempotency(failed) == detail::Idempotency::idempotent);
    CHECK(detail::prepare_request<ReportTaskFailed>(failed)->service_code == "TaskAlreadyCompleted");

    r.output.reset();
    CHECK(ReportTaskSucceeded::encode(r, {}).error().message == "Output is required: set output or output_json");
    r.output_json = "[1]";
    CHECK(ReportTaskSucceeded::encode(r, {}).error().message == "Output must be a JSON object");
    r = {.task_token = "", .output_json = "{}"};
    CHECK(ReportTaskSucceeded::encode(r, {}).error().message == "TaskToken must not be empty");
}

TEST_CASE("ReportTaskFailed encode: Error is required", "[operations][report-task]")
{
    ReportTaskFailedRequest r{.task_token = "token-1", .error = "Rejected", .cause = "over budget"};
    CHECK(*ReportTaskFailed::encode(r, {}) ==
          Parameters{{"Cause", "over budget"}, {"Error", "Rejected"}, {"TaskToken", "token-1"}});
    r.error.clear();
    CHECK(ReportTaskFailed::encode(r, {}).error().field == "Error");
}

namespace {

// The golden body of `action`, decoded by its own descriptor `Op`.
template <class Op>
void check_golden_report_task_answer(const char* action)
{
    INFO(action);
    const auto r = detail::decode_body<Op>(test::fnf_fixture(action), 1000);
    REQUIRE(r);
    CHECK(r->event_id == 1);
    CHECK(r->request_id == "testRequestId");
}

}  // namespace

TEST_CASE("ReportTask decode: the API reference's answer", "[operations][report-task]")
{
    check_golden_report_task_answer<ReportTaskSucceeded>("ReportTaskSucceeded");
    check_golden_report_task_answer<ReportTaskFailed>("ReportTaskFailed");
    CHECK_FALSE(detail::decode_body<ReportTaskFailed>(R"({"RequestId":"r"})", 1000));
}
