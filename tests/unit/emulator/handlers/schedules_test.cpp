// cloudflow-local's schedules, in process: the CronExpression language and its next times,
// CreateSchedule, DescribeSchedule, UpdateSchedule, DeleteSchedule, ListSchedules, and the
// firing of enabled schedules when the scheduler runs (--run-schedules).
#include "state/cron.hpp"
#include "support/emulator_session.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace cloudflow::local;
using cloudflow::test::check_error;
using cloudflow::test::EmulatorSession;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

// Both echo their input: job in standard mode, quick in express mode.
constexpr const char* config_text = R"(
access_keys: [{id: id, secret: s3cret}]
flows:
  - name: job
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Echo
      States: [{Type: Pass, Name: Echo, End: true}]
  - name: quick
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Echo
      States: [{Type: Pass, Name: Echo, End: true}]
)";

EmulatorConfig test_config()
{
    return test::parse_test_config(config_text);
}

CronExpression::time_point at(const char* text)
{
    const auto t = parse_timestamp(text);
    REQUIRE(t);
    return *t;
}

std::string next(const char* expression, const char* after)
{
    std::string error;
    const auto cron = CronExpression::parse(expression, error);
    INFO(expression << ": " << error);
    REQUIRE(cron);
    const auto t = cron->next(at(after));
    return t ? format_timestamp(*t) : "never";
}

std::string refused(const char* expression)
{
    std::string error;
    CHECK_FALSE(CronExpression::parse(expression, error));
    return error;
}

Parameters create(const std::string& flow, const std::string& name, const std::string& cron)
{
    return {{"Action", "CreateSchedule"}, {"FlowName", flow}, {"ScheduleName", name}, {"CronExpression", cron}};
}

std::size_t executions(EmulatorSession& emulator, const std::string& flow)
{
    return emulator.ok({{"Action", "ListExecutions"}, {"FlowName", flow}}).at("Executions").as_array().size();
}

}  // namespace

TEST_CASE("emulator cron: the next time of six-field expressions and @every", "[emulator][cron]")
{
    // 2024-01-01 is a Monday.
    CHECK(next("0 */20 * * * *", "2024-01-01T00:00:00Z") == "2024-01-01T00:20:00.000Z");
    CHECK(next("0 */20 * * * *", "2024-01-01T00:59:59Z") == "2024-01-01T01:00:00.000Z");
    CHECK(next("*/15 * * * * *", "2024-01-01T00:00:00Z") == "2024-01-01T00:00:15.000Z");
    CHECK(next("* * * * * *", "2024-01-01T00:00:00Z") == "2024-01-01T00:00:01.000Z");
    CHECK(next("0 0 12 * * MON-FRI", "2024-01-06T00:00:00Z") == "2024-01-08T12:00:00.000Z");
    CHECK(next("0 30 9 1,15 * ?", "2024-01-02T00:00:00Z") == "2024-01-15T09:30:00.000Z");
    CHECK(next("0 0 0 29 2 *", "2024-03-01T00:00:00Z") == "2028-02-29T00:00:00.000Z");
    CHECK(next("0 0 0 1 jan *", "2024-01-01T00:00:00Z") == "2025-01-01T00:00:00.000Z");
    CHECK(next("59 59 23 31 12 *", "2024-01-01T00:00:00Z") == "2024-12-31T23:59:59.000Z");
    CHECK(next("0 0 0 * * 7", "2024-01-01T00:00:00Z") == "2024-01-07T00:00:00.000Z");  // 7 is Sunday
    CHECK(next("0 0 0 * * 0", "2024-01-01T00:00:00Z") == "2024-01-07T00:00:00.000Z");
    // The day and the weekday both restricted: either fires (the 13th, or a Friday).
    CHECK(next("0 0 0 13 * 5", "2024-01-01T00:00:00Z") == "2024-01-05T00:00:00.000Z");
    CHECK(next("0 0 0 13 * 5", "2024-01-12T00:00:00Z") == "2024-01-13T00:00:00.000Z");
    CHECK(next("10-20/5 0 0 * * *", "2024-01-01T00:00:12Z") == "2024-01-01T00:00:15.000Z");
    CHECK(next("30/10 * * * * *", "2024-01-01T00:00:55Z") == "2024-01-01T00:01:30.000Z");
    CHECK(next("@every 5m", "2024-01-01T00:00:00Z") == "2024-01-01T00:05:00.000Z");
    CHECK(next("@every 2h", "2024-01-01T00:00:00Z") == "2024-01-01T02:00:00.000Z");
    CHECK(next("  @every 1s ", "2024-01-01T00:00:00Z") == "2024-01-01T00:00:01.000Z");
}

TEST_CASE("emulator cron: expressions that are refused say why", "[emulator][cron]")
{
    const std::string fields = "CronExpression must have six fields (second minute hour day month weekday), e.g. "
                               "'0 */20 * * * *', or be '@every <n>s|m|h'";
    CHECK(refused("* * * * *") == fields);
    CHECK(refused("") == fields);
    CHECK(refused("0 0 * * * * *") == fields);
    CHECK(refused("60 * * * * *") == "CronExpression: the second field '60' is out of range (0-59)");
    CHECK(refused("* * 24 * * *") == "CronExpression: the hour field '24' is out of range (0-23)");
    CHECK(refused("* * * 0 * *") == "CronExpression: the day field '0' is out of range (1-31)");
    CHECK(refused("* * * * 13 *") == "CronExpression: the month field '13' is out of range (1-12)");
    CHECK(refused("* * * * * 8") == "CronExpression: the weekday field '8' is out of range (0-7)");
    CHECK(refused("5-1 * * * * *") == "CronExpression: the second field '5-1' is out of range (0-59)");
    CHECK(refused("*/0 * * * * *") ==
          "CronExpression: the second field '*/0' has a step that is not a whole number from 1 to 59");
    CHECK(refused("? * * * * *") == "CronExpression: the second field '?' is not a value, a range a-b or *");
    CHECK(refused("L * * * * *") == "CronExpression: the second field 'L' is not a value, a range a-b or *");
    CHECK(refused("1,,2 * * * * *") == "CronExpression: the second field '1,,2' has an empty entry");
    CHECK(refused("0 0 0 * FOO *") == "CronExpression: the month field 'FOO' is not a value, a range a-b or *");
    CHECK(refused("0 0 0 30 2 *") == "CronExpression never fires (no such date within five years)");
    const std::string every =
        "CronExpression: @every needs a whole number and a unit s, m or h, at most a year, e.g. '@every 5m'";
    CHECK(refused("@every 0s") == every);
    CHECK(refused("@every 5d") == every);
    CHECK(refused("@every5m") == every);
    CHECK(refused("@every 9000h") == every);
    CHECK(refused("@every m") == every);
}

TEST_CASE("emulator schedules: create then describe then update then list then delete", "[emulator][schedules]")
{
    EmulatorSession emulator(test_config());
    auto p = create("job", "nightly", "0 0 2 * * *");
    p["Description"] = "every night";
    p["Payload"] = R"({"key": "value"})";
    const auto created = emulator.ok(p);
    CHECK(created.at("ScheduleName") == "nightly");
    CHECK(created.at("ScheduleId").as_string().size() == 36);
    CHECK(created.at("CronExpression") == "0 0 2 * * *");
    CHECK(created.at("Description") == "every night");
    CHECK(created.at("Enable") == true);  // by default
    CHECK(created.at("Payload") == R"({"key": "value"})");
    CHECK(created.at("CreatedTime") == created.at("LastModifiedTime"));
    check_error(emulator.call(p), 409, "ScheduleAlreadyExists", "The schedule nightly for flow job already exists.");

    const auto described =
        emulator.ok({{"Action", "DescribeSchedule"}, {"FlowName", "job"}, {"ScheduleName", "nightly"}}, {.get = true});
    CHECK(described == [&] {
        auto expected = created;
        expected["RequestId"] = described.at("RequestId");
        return expected;
    }());

    const auto updated = emulator.ok({{"Action", "UpdateSchedule"},
                                      {"FlowName", "job"},
                                      {"ScheduleName", "nightly"},
                                      {"CronExpression", "@every 5m"},
                                      {"Enable", "false"}});
    CHECK(updated.at("CronExpression") == "@every 5m");
    CHECK(updated.at("Enable") == false);
    CHECK(updated.at("Payload") == R"({"key": "value"})");  // not given: kept
    CHECK(updated.at("Description") == "every night");
    CHECK(updated.at("ScheduleId") == created.at("ScheduleId"));
    CHECK(*parse_timestamp(updated.at("LastModifiedTime").as_string()) >
          *parse_timestamp(created.at("LastModifiedTime").as_string()));

    for (const char* name : {"b", "c", "d"}) emulator.ok(create("job", name, "0 * * * * *"));
    Parameters list{{"Action", "ListSchedules"}, {"FlowName", "job"}, {"Limit", "3"}};
    auto body = emulator.ok(list, {.get = true});
    std::vector<std::string> names;
    for (const auto& s : body.at("Schedules").as_array()) names.emplace_back(s.at("ScheduleName").as_string());
    CHECK(names == std::vector<std::string>{"nightly", "b", "c"});
    list["NextToken"] = std::string(body.at("NextToken").as_string());
    body = emulator.ok(list, {.get = true});
    REQUIRE(body.at("Schedules").as_array().size() == 1);
    CHECK(body.at("Schedules").as_array().front().at("ScheduleName") == "d");
    CHECK_FALSE(body.contains("NextToken"));
    check_error(emulator.call({{"Action", "ListSchedules"}, {"FlowName", "job"}, {"Limit", "1001"}}), 400,
                "InvalidArgument", "The parameter Limit must be a whole number from 1 to 1000.");

    CHECK(emulator.ok({{"Action", "DeleteSchedule"}, {"FlowName", "job"}, {"ScheduleName", "nightly"}}).size() == 1);
    check_error(emulator.call({{"Action", "DescribeSchedule"}, {"FlowName", "job"}, {"ScheduleName", "nightly"}}), 404,
                "ScheduleNotExists", "The schedule nightly for flow job does not exist.");
    check_error(emulator.call({{"Action", "DeleteSchedule"}, {"FlowName", "job"}, {"ScheduleName", "nightly"}}), 404,
                "ScheduleNotExists");
    check_error(emulator.call({{"Action", "UpdateSchedule"}, {"FlowName", "job"}, {"ScheduleName", "nightly"}}), 404,
                "ScheduleNotExists");
    check_error(emulator.call({{"Action", "ListSchedules"}, {"FlowName", "ghost"}}), 404, "FlowNotExists");
}

TEST_CASE("emulator schedules: CreateSchedule refusals", "[emulator][schedules]")
{
    auto config = test_config();
    config.catalog.max_schedules = 1;
    EmulatorSession emulator(config);
    check_error(emulator.call({{"Action", "CreateSchedule"}, {"FlowName", "job"}, {"ScheduleName", "s"}}), 400,
                "MissingRequiredParams", "The HTTP query 'CronExpression' must be specified.");
    check_error(emulator.call({{"Action", "CreateSchedule"}, {"FlowName", "job"}, {"CronExpression", "@every 1h"}}),
                400, "MissingRequiredParams", "The HTTP query 'ScheduleName' must be specified.");
    check_error(emulator.call(create("job", "s", "every hour")), 400, "InvalidArgument");
    check_error(emulator.call(create("job", "-s", "@every 1h")), 400, "InvalidArgument");
    auto p = create("job", "s", "@every 1h");
    p["Enable"] = "yes";
    check_error(emulator.call(p), 400, "InvalidArgument", "The parameter Enable must be true or false.");
    p["Enable"] = "false";
    p["Payload"] = "[1]";
    check_error(emulator.call(p), 400, "InvalidArgument", "The Payload must be a JSON object.");
    p["Payload"] = std::string(70'000, ' ') + "{}";
    check_error(emulator.call(p), 400, "EntityTooLarge");
    check_error(emulator.call(create("ghost", "s", "@every 1h")), 404, "FlowNotExists");
    emulator.ok(create("job", "s", "@every 1h"));
    check_error(emulator.call(create("job", "t", "@every 1h")), 400, "ScheduleLimitExceeded",
                "The number of schedules of flow job has reached the limit (1).");
    check_error(
        emulator.call(
            {{"Action", "UpdateSchedule"}, {"FlowName", "job"}, {"ScheduleName", "s"}, {"CronExpression", "* * *"}}),
        400, "InvalidArgument");
}

TEST_CASE("emulator schedules: enabled schedules fire only while the scheduler runs", "[emulator][schedules][firing]")
{
    // A second of the schedules' time is 200 ms of the test's.
    auto config = test_config();
    config.time_scale = 0.2;
    EmulatorSession emulator(std::move(config));
    auto p = create("job", "tick", "@every 1s");
    p["Payload"] = R"({"from":"tick"})";
    emulator.ok(p);
    CHECK(emulator.service().scheduler().armed() == 0);  // not started: nothing fires

    std::vector<std::string> log;
    emulator.service().run_schedules(emulator.ioc().get_executor(),
                                     [&](const std::string& line) { log.push_back(line); });
    CHECK(emulator.service().scheduler().armed() == 1);          // the schedule that existed
    emulator.ok(create("quick", "each-second", "* * * * * *"));  // an express flow's schedule runs too
    p = create("job", "off", "@every 1s");
    p["Enable"] = "false";
    emulator.ok(p);
    CHECK(emulator.service().scheduler().armed() == 2);
    emulator.run_for(460ms);

    const auto body = emulator.ok({{"Action", "ListExecutions"}, {"FlowName", "job"}});
    const auto& list = body.at("Executions").as_array();
    CHECK(list.size() == 2);
    for (const auto& e : list) {
        CHECK(e.at("Input") == R"({"from":"tick"})");
        CHECK(e.at("Status") == "Succeeded");
        CHECK(e.at("Output") == R"({"from":"tick"})");
    }
    const std::size_t quick = executions(emulator, "quick");
    CHECK(quick >= 1);
    CHECK(quick <= 3);
    CHECK(emulator.service().scheduler().started() == 2 + quick);
    REQUIRE_FALSE(log.empty());
    CHECK(log.front().starts_with("schedule "));
    CHECK(log.front().find(": started execution ") != std::string::npos);

    // Disabled, deleted: they stop firing. Enabled again: it fires again.
    emulator.ok({{"Action", "UpdateSchedule"}, {"FlowName", "job"}, {"ScheduleName", "tick"}, {"Enable", "false"}});
    emulator.ok({{"Action", "DeleteSchedule"}, {"FlowName", "quick"}, {"ScheduleName", "each-second"}});
    CHECK(emulator.service().scheduler().armed() == 0);
    emulator.run_for(240ms);
    CHECK(executions(emulator, "job") == 2);
    CHECK(executions(emulator, "quick") == quick);
    emulator.ok({{"Action", "UpdateSchedule"}, {"FlowName", "job"}, {"ScheduleName", "off"}, {"Enable", "true"}});
    emulator.run_for(240ms);
    CHECK(executions(emulator, "job") == 3);

    // A graceful stop cancels every timer.
    emulator.service().stop_schedules();
    CHECK(emulator.service().scheduler().armed() == 0);
    CHECK_FALSE(emulator.service().scheduler().running());
}
