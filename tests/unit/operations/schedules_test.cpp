// The schedule operations' descriptors (Create/Describe/Update/Delete/ListSchedules): parameters,
// rules and the golden answers.
#include "operations/schedules.hpp"

#include "support/catch_result.hpp"
#include "support/fixtures.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace cloudflow::detail;

TEST_CASE("CreateSchedule encode: every field and the payload as JSON text", "[operations][schedules]")
{
    CreateScheduleRequest r{.flow_name = "orders",
                            .schedule_name = "nightly",
                            .cron_expression = "0 0 2 * * *",
                            .enable = false,
                            .description = "every night",
                            .payload = boost::json::parse(R"({"batch":true})")};
    CHECK(*CreateSchedule::encode(r, {}) == Parameters{{"CronExpression", "0 0 2 * * *"},
                                                       {"Description", "every night"},
                                                       {"Enable", "false"},
                                                       {"FlowName", "orders"},
                                                       {"Payload", R"({"batch":true})"},
                                                       {"ScheduleName", "nightly"}});
    CHECK(CreateSchedule::method == RequestMethod::post);
    CHECK(CreateSchedule::idempotency(r) == Idempotency::not_idempotent);
    CHECK_FALSE(CreateSchedule::encode(r, {})->contains("SignatureVersion"));  // the model's artefact

    const auto field = [](CreateScheduleRequest q) { return CreateSchedule::encode(q, {}).error().field; };
    CHECK(field({.flow_name = "orders", .schedule_name = "nightly", .cron_expression = ""}) == "CronExpression");
    CHECK(field({.flow_name = "orders", .schedule_name = "night ly", .cron_expression = "@every 1m"}) ==
          "ScheduleName");
    CHECK(field({.flow_name = "orders",
                 .schedule_name = "nightly",
                 .cron_expression = "@every 1m",
                 .payload_json = "[1]"}) == "Payload");
    CHECK(field({.flow_name = "orders",
                 .schedule_name = "nightly",
                 .cron_expression = "@every 1m",
                 .payload = boost::json::object(),
                 .payload_json = "{}"}) == "Payload");
}

namespace {

// The golden body of `action`, decoded by its own descriptor `Op`.
template <class Op>
void check_golden_schedule_answer(const char* action)
{
    INFO(action);
    const auto r = decode_body<Op>(test::fnf_fixture(action), 1000);
    REQUIRE(r);
    CHECK(r->request_id == "testRequestId");
    CHECK(r->schedule_name == "testScheduleName");
    CHECK(r->schedule_id == "testScheduleId");
    CHECK(r->cron_expression == "0 */20 * * * *");
    CHECK(r->enable);
    CHECK(r->description == "test description");
    CHECK(r->payload == boost::json::parse(R"({"key":"value"})"));
    CHECK(format_timestamp(*r->created_time) == "2020-01-01T01:01:01.001Z");
}

}  // namespace

TEST_CASE("CreateSchedule and DescribeSchedule decode: the golden answer", "[operations][schedules]")
{
    check_golden_schedule_answer<CreateSchedule>("CreateSchedule");
    check_golden_schedule_answer<DescribeSchedule>("DescribeSchedule");
    CHECK(*DescribeSchedule::encode({.flow_name = "orders", .schedule_name = "nightly"}, {}) ==
          Parameters{{"FlowName", "orders"}, {"ScheduleName", "nightly"}});
    CHECK(DescribeSchedule::method == RequestMethod::get);

    const auto mistyped = decode_body<DescribeSchedule>(
        R"({"RequestId":"r","ScheduleName":"s","CronExpression":"@every 1m","Enable":"yes"})", 1000);
    REQUIRE_FALSE(mistyped);
    CHECK(mistyped.error().message == "the response field Enable is not a boolean");
    const auto bad_payload = decode_body<DescribeSchedule>(
        R"({"RequestId":"r","ScheduleName":"s","CronExpression":"@every 1m","Payload":"{"})", 1000);
    REQUIRE_FALSE(bad_payload);
    CHECK(bad_payload.error().message.starts_with("the response field Payload is not JSON"));
}

TEST_CASE("UpdateSchedule: only what is set and the golden answer", "[operations][schedules]")
{
    CHECK(*UpdateSchedule::encode({.flow_name = "orders", .schedule_name = "nightly", .enable = true}, {}) ==
          Parameters{{"Enable", "true"}, {"FlowName", "orders"}, {"ScheduleName", "nightly"}});
    CHECK(*UpdateSchedule::encode(
              {.flow_name = "orders", .schedule_name = "nightly", .cron_expression = "@every 5m", .payload_json = "{}"},
              {}) ==
          Parameters{
              {"CronExpression", "@every 5m"}, {"FlowName", "orders"}, {"Payload", "{}"}, {"ScheduleName", "nightly"}});
    CHECK(UpdateSchedule::idempotency({.flow_name = "o", .schedule_name = "s"}) == Idempotency::idempotent);

    const auto r = decode_body<UpdateSchedule>(test::fnf_fixture("UpdateSchedule"), 1000);
    REQUIRE(r);
    CHECK(r->cron_expression == "@every 5m");
    CHECK_FALSE(r->enable);
}

TEST_CASE("DeleteSchedule and ListSchedules: parameters and answers", "[operations][schedules]")
{
    CHECK(*DeleteSchedule::encode({.flow_name = "orders", .schedule_name = "nightly"}, {}) ==
          Parameters{{"FlowName", "orders"}, {"ScheduleName", "nightly"}});
    CHECK(DeleteSchedule::method == RequestMethod::post);
    REQUIRE(decode_body<DeleteSchedule>(test::fnf_fixture("DeleteSchedule"), 1000));

    CHECK(*ListSchedules::encode({.flow_name = "orders", .limit = 1000, .next_token = "n"}, {}) ==
          Parameters{{"FlowName", "orders"}, {"Limit", "1000"}, {"NextToken", "n"}});
    CHECK(ListSchedules::encode({.flow_name = "orders", .limit = 1001}, {}).error().field == "Limit");
    const auto r = decode_body<ListSchedules>(test::fnf_fixture("ListSchedules"), 1000);
    REQUIRE(r);
    CHECK(r->next_token == "2");
    REQUIRE(r->schedules.size() == 1);
    CHECK(r->schedules[0].schedule_name == "testScheduleName");
}
