// cloudflow-local's time scale (--time-scale F, the config's time_scale): every wait of a flow
// lasts F of its time, the times the emulator reports run 1/F as fast, and what is not the flow's
// (signature timestamps, the long poll) stays real.
#include "support/emulator_session.hpp"
#include "support/fake_http_server.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <thread>

using namespace cloudflow;
using namespace cloudflow::local;
using cloudflow::test::EmulatorSession;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

// slow (standard): waits 300 s, then charges, throttled twice and retried after 100 s and 200 s.
// hourly (standard): passes its input on. limited (express, 2 s limit): waits 10 s. approval
// (standard): waits up to 100 s for a report that never comes; pending (standard) waits for one
// without a Timeout.
constexpr const char* config_text = R"(
access_keys: [{id: id, secret: s3cret}]
time_scale: 0.001
faults: {latency_ms: 5000}
flows:
  - name: slow
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Pause
      States:
        - {Type: Wait, Name: Pause, Seconds: 300, Next: Charge}
        - Type: Task
          Name: Charge
          Action: FC:InvokeFunction
          Parameters: {resourceArn: acs:fc:cn-hangzhou:123:functions/charge, invocationType: Sync}
          Retry:
            - {Errors: [FC.ResourceThrottled], IntervalSeconds: 100, BackoffRate: 2, MaxAttempts: 2}
          End: true
  - name: hourly
    mode: standard
    definition: {Type: StateMachine, SpecVersion: v1, StartAt: P, States: [{Type: Pass, Name: P, End: true}]}
  - name: limited
    timeout_seconds: 2
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Pause
      States: [{Type: Wait, Name: Pause, Seconds: 10, End: true}]
  - name: approval
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Ask
      States:
        - Type: Task
          Name: Ask
          Action: HTTP:Request
          TaskMode: WaitForCustomCallback
          Timeout: 100
          Parameters: {url: '{URL}', method: POST, body: {token.$: $Context.Current.TaskToken}}
          End: true
  - name: fetch
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Get
      States:
        - {Type: Task, Name: Get, Action: HTTP:Request, Timeout: 1000, Parameters: {url: '{URL}', method: GET}, End: true}
  - name: pending
    mode: standard
    definition:
      Type: StateMachine
      SpecVersion: v1
      StartAt: Ask
      States:
        - Type: Task
          Name: Ask
          Action: HTTP:Request
          TaskMode: WaitForCustomCallback
          Parameters: {url: '{URL}', method: POST, body: {token.$: $Context.Current.TaskToken}}
          End: true
)";

constexpr const char* mocks_text = R"({
  "Flows": {"slow": {"DefaultTestCase": "Throttled", "TestCases": {"Throttled": {"Charge": "ThrottledTwice"}}}},
  "MockedResponses": {
    "ThrottledTwice": {"0-1": {"Throw": {"Error": "FC.ResourceThrottled", "Cause": "busy"}},
                       "2": {"Return": {"Body": {"charged": true}}}}
  }
})";

// The callback tasks POST their tokens to `url`.
EmulatorConfig test_config(const std::string& url = "http://127.0.0.1:9/")
{
    std::string text = config_text;
    for (auto at = text.find("{URL}"); at != std::string::npos; at = text.find("{URL}")) text.replace(at, 5, url);
    auto config = test::parse_test_config(text);
    auto mocks = MockSet::parse(json::parse(mocks_text));
    if (!mocks) FAIL("the mocks do not parse: " << mocks.error().text());
    config.mocks = std::move(*mocks);
    return config;
}

Timestamp time_of(const json::value& text)
{
    const auto t = parse_timestamp(text.as_string());
    REQUIRE(t);
    return *t;
}

json::object describe(EmulatorSession& emulator, const std::string& flow, const std::string& name)
{
    return emulator.ok({{"Action", "DescribeExecution"}, {"FlowName", flow}, {"ExecutionName", name}});
}

bool ended(EmulatorSession& emulator, const std::string& flow, const std::string& name)
{
    return describe(emulator, flow, name).at("Status") != "Running";
}

}  // namespace

TEST_CASE("time scale: a Wait of 300 s and retries after 100 s and 200 s end 600 s later by the flow's times",
          "[emulator][time-scale]")
{
    EmulatorSession emulator(test_config());
    const auto real_start = std::chrono::steady_clock::now();
    emulator.ok({{"Action", "StartExecution"}, {"FlowName", "slow"}, {"ExecutionName", "run"}});
    REQUIRE(emulator.run_until([&] { return ended(emulator, "slow", "run"); }));
    const auto real_elapsed = std::chrono::steady_clock::now() - real_start;

    const auto e = describe(emulator, "slow", "run");
    CHECK(e.at("Status") == "Succeeded");
    const auto flow_elapsed = time_of(e.at("StoppedTime")) - time_of(e.at("StartedTime"));
    // 600 s of waits, and the real time the run took besides, 1000 times as long (a bound for a
    // loaded machine, not a measure).
    CHECK(flow_elapsed >= 600s);
    CHECK(flow_elapsed < 900s);
    CHECK(real_elapsed < flow_elapsed / 10);

    // The history says the same: the attempts 100 s and 200 s apart.
    std::vector<Timestamp> attempts;
    for (const auto& event : emulator.events("slow", "run"))
        if (event.at("Type") == "TaskScheduled") attempts.push_back(time_of(event.at("Time")));
    REQUIRE(attempts.size() == 3);
    CHECK(attempts[1] - attempts[0] >= 100s);
    CHECK(attempts[1] - attempts[0] < 150s);
    CHECK(attempts[2] - attempts[1] >= 200s);
    CHECK(attempts[2] - attempts[1] < 250s);
}

TEST_CASE("time scale: a schedule @every 1h fires every 3.6 s at 0.001 (0.36 s at 0.0001), an hour apart by the "
          "flow's times",
          "[emulator][time-scale]")
{
    auto config = test_config();
    config.time_scale = 0.0001;  // ten times as fast as 0.001, to keep the test short
    config.faults = {};
    EmulatorSession emulator(std::move(config));
    emulator.ok({{"Action", "CreateSchedule"},
                 {"FlowName", "hourly"},
                 {"ScheduleName", "tick"},
                 {"CronExpression", "@every 1h"}});
    std::vector<std::chrono::steady_clock::time_point> fired;
    emulator.service().run_schedules(emulator.ioc().get_executor(),
                                     [&](const std::string&) { fired.push_back(std::chrono::steady_clock::now()); });
    const auto real_start = std::chrono::steady_clock::now();
    REQUIRE(emulator.run_until([&] { return emulator.service().scheduler().started() >= 2; }));
    emulator.service().stop_schedules();
    // Every 0.36 s of real time: the first 0.36 s after the schedule was armed, the next 0.36 s later.
    REQUIRE(fired.size() >= 2);
    CHECK(fired[0] - real_start >= 350ms);
    CHECK(fired[1] - fired[0] >= 350ms);

    const auto list = emulator.ok({{"Action", "ListExecutions"}, {"FlowName", "hourly"}});
    const auto& executions = list.at("Executions").as_array();
    REQUIRE(executions.size() >= 2);
    // Newest first.
    const auto apart = time_of(executions[executions.size() - 2].at("StartedTime")) -
                       time_of(executions[executions.size() - 1].at("StartedTime"));
    CHECK(apart >= 1h);
    CHECK(apart < 1h + 5min);
}

TEST_CASE("time scale: an execution's time limit and a Task's Timeout are the flow's time", "[emulator][time-scale]")
{
    test::FakeHttpServer asked([](const test::ReceivedRequest&) { return HttpResponse{200, {}, ""}; });
    auto config = test_config(asked.url());
    config.faults = {};
    EmulatorSession emulator(std::move(config));

    // The express flow's 2 s limit ends its Wait of 10 s: 2 s by its times, 2 ms of real time.
    const auto sync = emulator.ok({{"Action", "StartSyncExecution"}, {"FlowName", "limited"}});
    CHECK(sync.at("Status") == "TimedOut");
    const auto limit = time_of(sync.at("StoppedTime")) - time_of(sync.at("StartedTime"));
    CHECK(limit >= 2s);
    CHECK(limit < 300s);

    // The callback task's Timeout of 100 s: 0.1 s of real time.
    emulator.ok({{"Action", "StartExecution"}, {"FlowName", "approval"}, {"ExecutionName", "ask"}});
    REQUIRE(emulator.run_until([&] { return ended(emulator, "approval", "ask"); }));
    const auto e = describe(emulator, "approval", "ask");
    CHECK(e.at("Status") == "Failed");
    const auto events = emulator.events("approval", "ask");
    REQUIRE_FALSE(events.empty());
    CHECK(events.back().at("Type") == "ExecutionFailed");
    CHECK(test::detail(events.back()).at("Error") == "FnF.Timeout");
    CHECK(time_of(e.at("StoppedTime")) - time_of(e.at("StartedTime")) >= 100s);
}

TEST_CASE("time scale: the fault plan's latency is the flow's time", "[emulator][time-scale]")
{
    EmulatorSession emulator(test_config());
    const auto reply = emulator.call({{"Action", "StartSyncExecution"}, {"FlowName", "limited"}});
    CHECK(reply.status == 200);
    CHECK(reply.latency == std::chrono::steady_clock::duration(5ms));
}

TEST_CASE("time scale: signatures and DescribeExecution's long poll keep the real time", "[emulator][time-scale]")
{
    test::FakeHttpServer asked([](const test::ReceivedRequest&) { return HttpResponse{200, {}, ""}; });
    auto config = test_config(asked.url());
    config.faults = {};
    config.time_scale = 0.0001;
    EmulatorSession emulator(std::move(config));
    // 110 ms of real time is 1100 s of the flows': past the 900 s signature window, which
    // compares the request's Timestamp with the real clock.
    std::this_thread::sleep_for(110ms);
    CHECK(emulator.service().clock().now() - std::chrono::system_clock::now() > 900s);
    emulator.ok({{"Action", "ListFlows"}});

    // The long poll waits 1 s of real time for an execution that goes on running.
    emulator.ok({{"Action", "StartExecution"}, {"FlowName", "pending"}, {"ExecutionName", "polled"}});
    const auto before = std::chrono::steady_clock::now();
    const auto polled = emulator.ok({{"Action", "DescribeExecution"},
                                     {"FlowName", "pending"},
                                     {"ExecutionName", "polled"},
                                     {"WaitTimeSeconds", "1"}});
    CHECK(std::chrono::steady_clock::now() - before >= 900ms);
    CHECK(polled.at("Status") == "Running");
}

TEST_CASE("time scale: an HTTP task's exchange takes the real time the server takes", "[emulator][time-scale]")
{
    // 50 ms of the server's: 50 s of the flow's, within the Task's Timeout of 1000 s (1 s).
    test::FakeHttpServer slow([](const test::ReceivedRequest&) {
        std::this_thread::sleep_for(50ms);
        return HttpResponse{200, {}, "done"};
    });
    auto config = test_config(slow.url());
    config.faults = {};
    EmulatorSession emulator(std::move(config));
    emulator.ok({{"Action", "StartExecution"}, {"FlowName", "fetch"}, {"ExecutionName", "get"}});
    REQUIRE(emulator.run_until([&] { return ended(emulator, "fetch", "get"); }));
    CHECK(describe(emulator, "fetch", "get").at("Status") == "Succeeded");
    std::optional<Timestamp> started, succeeded;
    for (const auto& event : emulator.events("fetch", "get")) {
        if (event.at("Type") == "TaskStarted") started = time_of(event.at("Time"));
        if (event.at("Type") == "TaskSucceeded") succeeded = time_of(event.at("Time"));
    }
    REQUIRE(started);
    REQUIRE(succeeded);
    CHECK(*succeeded - *started >= 50s);
    CHECK(*succeeded - *started < 1000s);
}

TEST_CASE("time scale: the times of flows, versions, aliases and schedules are the flows' clock's",
          "[emulator][time-scale]")
{
    auto config = test_config();
    config.faults = {};
    EmulatorSession emulator(std::move(config));
    const auto created = emulator.ok({{"Action", "CreateFlow"},
                                      {"Name", "later"},
                                      {"Definition", "Type: StateMachine\nSpecVersion: v1\nStartAt: P\nStates:\n"
                                                     "  - {Type: Pass, Name: P, End: true}\n"},
                                      {"Description", ""},
                                      {"Type", "FDL"},
                                      {"ExecutionMode", "Express"}});
    std::this_thread::sleep_for(100ms);  // 100 s of the flows' time
    const auto updated = emulator.ok({{"Action", "UpdateFlow"}, {"Name", "later"}, {"Description", "a bit later"}});
    const auto apart = time_of(updated.at("LastModifiedTime")) - time_of(created.at("CreatedTime"));
    CHECK(apart >= 100s);
    CHECK(apart < 300s);
    const auto schedule = emulator.ok(
        {{"Action", "CreateSchedule"}, {"FlowName", "later"}, {"ScheduleName", "s"}, {"CronExpression", "@every 1h"}});
    CHECK(time_of(schedule.at("CreatedTime")) >= time_of(updated.at("LastModifiedTime")));
    const auto version = emulator.ok({{"Action", "PublishFlowVersion"}, {"FlowName", "later"}, {"Description", ""}});
    CHECK(time_of(version.at("CreatedTime")) >= time_of(updated.at("LastModifiedTime")));
}
