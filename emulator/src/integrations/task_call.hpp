// One invocation of a Task state, as the integrations see it, and how it ended.
#pragma once

#include "lang/modes.hpp"

#include <boost/json/value.hpp>

#include <chrono>
#include <cstddef>
#include <string>

namespace cloudflow::local {

struct TaskCall {
    std::string flow;            // the flow's name
    std::string execution;       // the execution's name
    std::string test_case;       // the mock test case the execution uses; empty: none
    std::string state;           // the Task state's name
    std::size_t invocation = 0;  // the state's invocations in this execution before this one
    std::string action;          // "FC:InvokeFunction", "HTTP:Request", ...
    TaskMode mode = TaskMode::request_complete;
    boost::json::value parameters;                   // Parameters, evaluated: an object ({} without Parameters)
    std::string token;                               // the task token (callback modes; "" otherwise)
    std::chrono::steady_clock::time_point deadline;  // the Task's Timeout, or the execution's end
};

// How a Task's integration call ended.
struct TaskResult {
    enum class Kind {
        succeeded,  // `output` is the task's result ($Output)
        failed,     // `error` (an error name such as FC.ResourceThrottled) and `cause`
        submitted,  // a WaitForCustomCallback request went out: the task waits for its report
    };
    Kind kind = Kind::failed;
    boost::json::value output;
    std::string error, cause;
    bool mocked = false;  // the mock file's answer: for a callback task, its report, not its submission

    static TaskResult success(boost::json::value output) { return {Kind::succeeded, std::move(output), {}, {}, false}; }
    static TaskResult failure(std::string error, std::string cause)
    {
        return {Kind::failed, {}, std::move(error), std::move(cause), false};
    }
    static TaskResult submitted() { return {Kind::submitted, {}, {}, {}, false}; }
};

}  // namespace cloudflow::local
