// Starts and reports that are safe to repeat, against cloudflow-local: a `drop` fault lets the
// emulator act and then cuts its answer off, so the client's repeat meets what the lost attempt
// did. The rule is in docs/operations.md ("Repeats after a lost answer").
#include "integration/fixture.hpp"
#include "support/catch_result.hpp"
#include "support/fake_http_server.hpp"
#include "support/process.hpp"

#include <cloudflow/rpc/parameters.hpp>

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <map>
#include <mutex>

using namespace cloudflow;
using namespace cloudflow::test;

namespace {

// quick ends at once; approval waits for a report on its task, whose token its child
// approval_request gets in its input. The faults of each are counted by the requests that reach
// their fault step: each test sends exactly those.
const std::string repeat_config = R"({
  "access_keys": [{"id": "LTAI-test-key", "secret": "test-secret-value"}],
  "flows": [
    {"name": "quick", "mode": "standard", "faults": {"sequence": ["drop", 0]},
     "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Ok", "States": [
      {"Type": "Pass", "Name": "Ok", "OutputConstructor": {"done": true}, "End": true}]}},
    {"name": "approval", "mode": "standard", "faults": {"sequence": [0, "drop", 0]},
     "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Approve", "States": [
      {"Type": "Task", "Name": "Approve", "Action": "FNF:StartExecution", "TaskMode": "WaitForCustomCallback",
       "Timeout": 60, "End": true,
       "Parameters": {"resourceArn": "acs:fnf:cn-hangzhou::flow/approval_request",
                      "input": {"token.$": "$Context.Current.TaskToken"}}}]}},
    {"name": "approval_request", "mode": "standard",
     "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Received", "States": [
      {"Type": "Pass", "Name": "Received", "End": true}]}}
  ]
})";

// Counts each action's calls and how they ended.
class Calls final : public CallObserver {
public:
    void on_call_end(const CallEnd& end) noexcept override
    {
        std::lock_guard lock(mutex_);
        ++count_[std::string(end.action)];
    }
    int of(const std::string& action) const
    {
        std::lock_guard lock(mutex_);
        const auto it = count_.find(action);
        return it == count_.end() ? 0 : it->second;
    }

private:
    mutable std::mutex mutex_;
    std::map<std::string, int> count_;
};

struct RepeatSession {
    LocalEmulator emulator{{}, repeat_config};
    boost::asio::io_context ioc;
    std::shared_ptr<Calls> calls = std::make_shared<Calls>();
    Client client{ioc.get_executor(), config()};

    ClientConfig config()
    {
        ClientConfig c = client_config(emulator);
        c.observers.push_back(calls);
        // About 1 s before a repeat after a lost answer: quick (one Pass state) has ended by then,
        // even under a sanitizer on a loaded machine.
        c.retry.base_delay = std::chrono::seconds(1);
        c.jitter_source = [] { return 0.99; };
        return c;
    }
    template <class T>
    T run(boost::asio::awaitable<T> task)
    {
        return test::run(ioc, std::move(task));
    }
};

}  // namespace

TEST_CASE("safe repeats: an unnamed start whose answer was lost is that execution, started once",
          "[integration][repeat]")
{
    RepeatSession s;
    // The first attempt starts the execution (exec- and a UUID), and its answer is dropped. The
    // repeat, about 1 s later, meets the ended execution of that name: ExecutionAlreadyExists,
    // which the call reads as its own start, described.
    const auto started = s.run(s.client.start_execution({.flow_name = "quick"}));
    REQUIRE(started);
    CHECK(started->name.starts_with("exec-"));
    CHECK(started->status == ExecutionStatus::succeeded);
    CHECK(started->output == boost::json::parse(R"({"done":true})"));
    CHECK(s.calls->of("DescribeExecution") == 1);

    const auto listed = s.run(s.client.list_executions({.flow_name = "quick"}));
    REQUIRE(listed);
    REQUIRE(listed->executions.size() == 1);  // one execution, not two
    CHECK(listed->executions[0].name == started->name);
}

TEST_CASE("safe repeats: a report whose answer was lost succeeds on its repeat, reported once", "[integration][repeat]")
{
    RepeatSession s;
    REQUIRE(s.run(s.client.start_execution({.flow_name = "approval", .execution_name = "po-1"})));  // fault 0
    // The token, from the child's input (approval_request has no faults).
    std::string token;
    for (int tries = 0; tries < 100 && token.empty(); ++tries) {
        const auto children = s.run(s.client.list_executions({.flow_name = "approval_request"}));
        if (children && !children->executions.empty() && children->executions[0].input)
            token = std::string(children->executions[0].input->at("token").as_string());
        else
            std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    REQUIRE_FALSE(token.empty());

    // Fault "drop": the report is taken, its answer lost; the repeat (fault 0) meets
    // TaskAlreadyCompleted, the lost report's success.
    const auto reported =
        s.run(s.client.report_task_succeeded({.task_token = token, .output = boost::json::object{{"ok", 1}}}));
    REQUIRE(reported);
    CHECK_FALSE(reported->request_id.empty());

    const auto ended = s.run(s.client.wait_for_execution("approval", "po-1", {.timeout = std::chrono::seconds(30)}));
    REQUIRE(ended);
    CHECK(ended->status == ExecutionStatus::succeeded);
    CHECK(ended->output == boost::json::parse(R"({"ok":1})"));
    // A report made later, with no answer lost, is the service's error.
    const auto again = s.run(s.client.report_task_succeeded({.task_token = token, .output_json = "{}"}));
    REQUIRE_FALSE(again);
    CHECK(again.error().code == errc::task_already_completed);
}

#ifdef CLOUDFLOW_CLI_PATH
TEST_CASE("safe repeats: cloudflow start-execution without a name sends the same name on its retry after a 500",
          "[integration][repeat][cli]")
{
    std::atomic<int> seen{0};
    FakeHttpServer server([&](const ReceivedRequest& request) {
        if (seen.fetch_add(1) == 0)
            return HttpResponse{500,
                                {{"Content-Type", "application/json"}},
                                R"({"RequestId":"r1","Code":"InternalServerError","Message":"oops"})"};
        const auto params = decode_parameters(request.body).value();
        const std::string body = R"({"RequestId":"r2","FlowName":"orders","Name":")" + params.at("ExecutionName") +
                                 R"(","Status":"Running","StartedTime":"2026-12-06T00:00:00Z"})";
        return HttpResponse{200, {{"Content-Type", "application/json"}}, body};
    });
    const auto r =
        run_process({CLOUDFLOW_CLI_PATH, "start-execution", "--endpoint", server.url(), "--flow-name", "orders"},
                    {"ALIBABA_CLOUD_ACCESS_KEY_ID=LTAI-test-key", "ALIBABA_CLOUD_ACCESS_KEY_SECRET=test-secret-value"});
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    const auto requests = server.requests();
    REQUIRE(requests.size() == 2);
    const std::string first = decode_parameters(requests[0].body).value().at("ExecutionName");
    CHECK(first.starts_with("exec-"));
    CHECK(first.size() == 5 + 36);
    CHECK(decode_parameters(requests[1].body).value().at("ExecutionName") == first);
    CHECK(r.out.find(first) != std::string::npos);  // the execution it prints
}
#endif
