// What the integration tests share: the emulator's test configuration and a client for it.
#pragma once

#include <cloudflow/cloudflow.hpp>

#include "support/local_emulator.hpp"
#include "support/run.hpp"

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <string>
#include <thread>

namespace cloudflow::test {

inline constexpr const char* key_id = "LTAI-test-key";
inline constexpr const char* key_secret = "test-secret-value";
inline constexpr const char* restricted_id = "LTAI-restricted";
inline constexpr const char* restricted_secret = "restricted-secret";

// Flows for every case the tests need, in CloudFlow's Spec v1 (JSON here; YAML works the same).
// delayed_echo answers 50 ms late (a latency fault: a Wait takes whole seconds); approval waits up
// to 60 s for ReportTaskSucceeded or ReportTaskFailed with its task's token, which it also hands
// to the child flow approval_request it starts.
inline const std::string test_config = R"({
  "access_keys": [
    {"id": "LTAI-test-key", "secret": "test-secret-value"},
    {"id": "LTAI-restricted", "secret": "restricted-secret", "flows": ["echo"]}
  ],
  "seed": 7,
  "flows": [
    {"name": "echo", "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Echo", "States": [
      {"Type": "Pass", "Name": "Echo", "End": true}]}},
    {"name": "router", "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Route", "States": [
      {"Type": "Choice", "Name": "Route", "Default": "Small",
       "Branches": [{"Condition": "$Input.order.amount > 100", "Next": "Big"},
                    {"Condition": "$Input.refuse == true", "Next": "Refuse"}]},
      {"Type": "Pass", "Name": "Big", "OutputConstructor": {"size": "big"}, "Next": "Done"},
      {"Type": "Pass", "Name": "Small", "OutputConstructor": {"size": "small"}, "Next": "Done"},
      {"Type": "Succeed", "Name": "Done"},
      {"Type": "Fail", "Name": "Refuse", "Code": "Refused", "Detail": "the order was refused"}]}},
    {"name": "slow", "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Nap", "States": [
      {"Type": "Wait", "Name": "Nap", "Seconds": 2, "Next": "Done"}, {"Type": "Succeed", "Name": "Done"}]}},
    {"name": "delayed_echo", "faults": {"latency_ms": 50},
     "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Echo", "States": [
      {"Type": "Pass", "Name": "Echo", "End": true}]}},
    {"name": "limited", "timeout_seconds": 0.1,
     "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Nap", "States": [
      {"Type": "Wait", "Name": "Nap", "Seconds": 1, "End": true}]}},
    {"name": "flaky", "faults": {"sequence": [429, 500, 0]},
     "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Ok", "States": [
      {"Type": "Pass", "Name": "Ok", "OutputConstructor": {"ok": true}, "End": true}]}},
    {"name": "always_throttled", "faults": {"throttle_share": 1.0},
     "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Ok", "States": [
      {"Type": "Succeed", "Name": "Ok"}]}},
    {"name": "stormy", "faults": {"throttle_share": 0.1, "error_rate": 0.1},
     "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Echo", "States": [
      {"Type": "Pass", "Name": "Echo", "End": true}]}},
    {"name": "always_failing", "faults": {"error_rate": 1.0},
     "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Ok", "States": [
      {"Type": "Succeed", "Name": "Ok"}]}},
    {"name": "dropping", "faults": {"sequence": ["drop", 0]},
     "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Ok", "States": [
      {"Type": "Succeed", "Name": "Ok"}]}},
    {"name": "big_output", "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Big", "States": [
      {"Type": "Pass", "Name": "Big", "End": true, "OutputConstructor":
        {"text": "0123456789012345678901234567890123456789012345678901234567890123456789"}}]}},
    {"name": "standard", "mode": "standard",
     "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Ok", "States": [
      {"Type": "Succeed", "Name": "Ok"}]}},
    {"name": "standard_nap", "mode": "standard",
     "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Nap", "States": [
      {"Type": "Wait", "Name": "Nap", "Seconds": 1, "Next": "Stamp"},
      {"Type": "Pass", "Name": "Stamp", "OutputConstructor": {"napped": true}, "End": true}]}},
    {"name": "long_nap", "mode": "standard",
     "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Nap", "States": [
      {"Type": "Wait", "Name": "Nap", "Seconds": 60, "End": true}]}},
    {"name": "approval", "mode": "standard",
     "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Approve", "States": [
      {"Type": "Task", "Name": "Approve", "Action": "FNF:StartExecution", "TaskMode": "WaitForCustomCallback",
       "Timeout": 60, "Next": "Done",
       "Parameters": {"resourceArn": "acs:fnf:cn-hangzhou::flow/approval_request",
                      "input": {"token.$": "$Context.Current.TaskToken"}}},
      {"Type": "Succeed", "Name": "Done"}]}},
    {"name": "approval_request", "mode": "standard",
     "definition": {"Type": "StateMachine", "SpecVersion": "v1", "StartAt": "Received", "States": [
      {"Type": "Pass", "Name": "Received", "End": true}]}}
  ]
})";

// A client of the server at `url` (cloudflow-local, or a test's hostile server) with the test key
// and short retry delays.
inline ClientConfig client_config(const std::string& url, const char* id = key_id, const char* secret = key_secret)
{
    ClientConfig config;
    config.endpoint = url;
    config.credentials = make_static_credentials(id, secret);
    config.retry.base_delay = std::chrono::milliseconds(5);
    config.retry.throttle_base_delay = std::chrono::milliseconds(10);
    return config;
}

inline ClientConfig client_config(const LocalEmulator& emulator, const char* id = key_id,
                                  const char* secret = key_secret)
{
    return client_config(emulator.url(), id, secret);
}

// A request for the flow "echo", without input.
inline StartSyncExecutionRequest echo_flow()
{
    StartSyncExecutionRequest r;
    r.flow_name = "echo";
    return r;
}

// The string `key` of the detail of the first `type` event of an execution's history, polled
// until it appears; "" when none came within about 10 s (cloudflow-local runs the execution in
// another process, so the test may ask before the event happened).
inline std::string event_detail(boost::asio::io_context& ioc, Client& client, const std::string& flow,
                                const std::string& name, EventType type, std::string_view key)
{
    const GetExecutionHistoryRequest history{.flow_name = flow, .execution_name = name, .limit = 999};
    for (int tries = 0; tries < 100; ++tries) {
        const auto events = run(ioc, client.get_execution_history(history));
        if (events)
            for (const auto& event : events->events)
                if (event.type == type && event.detail && event.detail->is_object())
                    if (const auto* value = event.detail->as_object().if_contains(key); value && value->is_string())
                        return std::string(value->get_string());
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return {};
}

// The task token of the callback task that execution `name` of `flow` waits on (its TaskSubmitted
// event).
inline std::string task_token(boost::asio::io_context& ioc, Client& client, const std::string& flow,
                              const std::string& name)
{
    return event_detail(ioc, client, flow, name, EventType::task_submitted, "TaskToken");
}

}  // namespace cloudflow::test
