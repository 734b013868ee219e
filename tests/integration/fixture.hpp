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

// Flows for every case the tests need.
inline const std::string test_config = R"({
  "access_keys": [
    {"id": "LTAI-test-key", "secret": "test-secret-value"},
    {"id": "LTAI-restricted", "secret": "restricted-secret", "flows": ["echo"]}
  ],
  "seed": 7,
  "flows": [
    {"name": "echo", "definition": {"States": [{"Name": "Echo", "Type": "Pass"}]}},
    {"name": "router", "definition": {"StartAt": "Route", "States": [
      {"Name": "Route", "Type": "Choice", "Default": "Small",
       "Choices": [{"Variable": "$.order.amount", "NumericGreaterThan": 100, "Next": "Big"},
                   {"Variable": "$.refuse", "BooleanEquals": true, "Next": "Refuse"}]},
      {"Name": "Big", "Type": "Pass", "Result": {"size": "big"}, "Next": "Done"},
      {"Name": "Small", "Type": "Pass", "Result": {"size": "small"}, "Next": "Done"},
      {"Name": "Done", "Type": "Succeed"},
      {"Name": "Refuse", "Type": "Fail", "Error": "Refused", "Cause": "the order was refused"}]}},
    {"name": "slow", "definition": {"States": [
      {"Name": "Nap", "Type": "Wait", "Seconds": 2, "Next": "Done"}, {"Name": "Done", "Type": "Succeed"}]}},
    {"name": "short_nap", "definition": {"States": [{"Name": "Nap", "Type": "Wait", "Seconds": 0.05}]}},
    {"name": "limited", "timeout_seconds": 0.1, "definition": {"States": [
      {"Name": "Nap", "Type": "Wait", "Seconds": 1}]}},
    {"name": "flaky", "faults": {"sequence": [429, 500, 0]},
     "definition": {"States": [{"Name": "Ok", "Type": "Pass", "Result": {"ok": true}}]}},
    {"name": "always_throttled", "faults": {"throttle_rate": 1.0},
     "definition": {"States": [{"Name": "Ok", "Type": "Succeed"}]}},
    {"name": "stormy", "faults": {"throttle_rate": 0.1, "error_rate": 0.1},
     "definition": {"States": [{"Name": "Echo", "Type": "Pass"}]}},
    {"name": "always_failing", "faults": {"error_rate": 1.0},
     "definition": {"States": [{"Name": "Ok", "Type": "Succeed"}]}},
    {"name": "dropping", "faults": {"sequence": ["drop", 0]},
     "definition": {"States": [{"Name": "Ok", "Type": "Succeed"}]}},
    {"name": "big_output", "definition": {"States": [{"Name": "Big", "Type": "Pass",
      "Result": {"text": "0123456789012345678901234567890123456789012345678901234567890123456789"}}]}},
    {"name": "standard", "mode": "standard", "definition": {"States": [{"Name": "Ok", "Type": "Succeed"}]}},
    {"name": "standard_nap", "mode": "standard", "definition": {"StartAt": "Nap", "States": [
      {"Name": "Nap", "Type": "Wait", "Seconds": 0.3, "Next": "Stamp"},
      {"Name": "Stamp", "Type": "Pass", "Result": {"napped": true}}]}},
    {"name": "long_nap", "mode": "standard", "definition": {"States": [
      {"Name": "Nap", "Type": "Wait", "Seconds": 60}]}},
    {"name": "approval", "mode": "standard", "definition": {"StartAt": "Approve", "States": [
      {"Name": "Approve", "Type": "Task", "TaskMode": "WaitForCustomCallback", "TimeoutSeconds": 60, "Next": "Done"},
      {"Name": "Done", "Type": "Succeed"}]}}
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
