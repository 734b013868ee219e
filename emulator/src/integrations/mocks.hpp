// The mock file (cloudflow-local --mocks FILE, JSON or YAML): what mocked Task states return or
// throw, per flow and test case, counted per state and execution.
//
//   {"Flows": {"orders": {"DefaultTestCase": "Ok",
//                         "TestCases": {"Ok": {"Charge": "ChargeOk"}, "Flaky": {"Charge": "Throttled"}}}},
//    "MockedResponses": {
//      "ChargeOk":  {"0": {"Return": {"Body": {"charged": true}}}},
//      "Throttled": {"0-1": {"Throw": {"Error": "FC.ResourceThrottled", "Cause": "busy"}},
//                    "2": {"Return": {"Body": {"charged": true}}}}}}
//
// A test case maps state names to mocked responses; a mocked response maps invocation numbers
// ("n" or "n-m", from 0, not overlapping) to exactly one of Return (any JSON value: the task's
// $Output) or Throw ({"Error": name, "Cause": text}; Cause optional). An execution named
// "<TestCase>--<anything>" uses that test case; any other name, the flow's DefaultTestCase.
#pragma once

#include "lang/problem.hpp"

#include <boost/json/value.hpp>

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudflow::local {

struct MockedResponse {
    enum class Kind { returns, throws };
    Kind kind = Kind::returns;
    boost::json::value value;  // returns: the task's $Output
    std::string error, cause;  // throws
};

struct MockLimits {
    std::size_t max_bytes = std::size_t{16} * 1024 * 1024;  // the file
    std::size_t max_invocation = 1'000'000;                 // the largest invocation number a key may name
};

class MockSet {
public:
    // An empty set: nothing is mocked.
    MockSet() = default;

    // The mock file's value. A Problem names the key that is wrong, as a path
    // ("Flows.orders.TestCases.Ok.Charge", "MockedResponses.Throttled.0-1.Throw.Error"), and why.
    static Checked<MockSet> parse(const boost::json::value& file, const MockLimits& limits = {});
    // Reads and parses FILE (JSON or YAML, through read_document); the Problem's where starts
    // with the file's name.
    static Checked<MockSet> load(const std::string& path, const MockLimits& limits = {});

    bool empty() const { return flows_.empty(); }

    // The test case an execution of `flow` named `execution` uses: the part of the name before
    // "--" when there is one and it names a test case of the flow, else the flow's
    // DefaultTestCase; nullopt when the flow has no mocks or no test case applies. `problem` is
    // set (and nullopt returned) when the name's prefix names no test case of the flow.
    std::optional<std::string> test_case(std::string_view flow, std::string_view execution,
                                         std::string* problem = nullptr) const;

    enum class Lookup {
        not_mocked,   // the test case does not mock the state: the real integration runs
        mocked,       // `response` is set
        no_response,  // the state is mocked, but nothing answers this invocation
    };
    struct Found {
        Lookup lookup = Lookup::not_mocked;
        const MockedResponse* response = nullptr;
        std::string mock_name;  // the MockedResponses entry the state uses
    };
    // What answers invocation `invocation` (from 0) of `state` in `test_case` of `flow`.
    Found find(std::string_view flow, std::string_view test_case, std::string_view state, std::size_t invocation) const;

private:
    struct Range {
        std::size_t first = 0, last = 0;
        MockedResponse response;
    };
    struct FlowMocks {
        std::string default_test_case;                                                      // may be empty
        std::map<std::string, std::map<std::string, std::string>, std::less<>> test_cases;  // case -> state -> mock
    };
    std::map<std::string, FlowMocks, std::less<>> flows_;
    std::map<std::string, std::vector<Range>, std::less<>> responses_;  // sorted by `first`
};

}  // namespace cloudflow::local
