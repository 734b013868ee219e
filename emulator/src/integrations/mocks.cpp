#include "integrations/mocks.hpp"

#include "lang/document.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <iterator>

namespace cloudflow::local {
namespace {

namespace json = boost::json;

// The service's bounds on a callback's Error and Cause, in characters.
constexpr std::size_t max_error_chars = 128;
constexpr std::size_t max_cause_chars = 4096;

std::string path(const std::string& outer, std::string_view key)
{
    return outer.empty() ? std::string(key) : outer + "." + std::string(key);
}

std::size_t characters(std::string_view utf8)
{
    return static_cast<std::size_t>(
        std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

// `value` as an object whose keys are all in `known`; `where` names it.
Checked<const json::object*> object_of(const json::value& value, const std::string& where,
                                       std::initializer_list<std::string_view> known = {})
{
    const json::object* object = value.if_object();
    if (object == nullptr) return problem(where, "must be an object");
    if (known.size() == 0) return object;
    for (const auto& member : *object) {
        if (std::find(known.begin(), known.end(), member.key()) != known.end()) continue;
        std::string expected;
        for (const auto key : known) expected += (expected.empty() ? "" : ", ") + std::string(key);
        return problem(path(where, member.key()), "is not a key here (expected " + expected + ")");
    }
    return object;
}

// An invocation key: "n" or "n-m", decimal digits, n <= m <= limits.max_invocation.
Checked<std::pair<std::size_t, std::size_t>> invocations(std::string_view key, const std::string& where,
                                                         const MockLimits& limits)
{
    const auto number = [&](std::string_view digits) -> std::optional<std::size_t> {
        if (digits.empty() || !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return std::nullopt;
        std::size_t out = 0;
        const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), out);
        if (ec != std::errc() || out > limits.max_invocation) out = SIZE_MAX;  // too large: said below
        return out;
    };
    const auto dash = key.find('-');
    const auto first = number(key.substr(0, dash));
    const auto last = dash == std::string_view::npos ? first : number(key.substr(dash + 1));
    if (!first || !last)
        return problem(where, "must be an invocation number \"n\" or a range \"n-m\" (decimal digits, from 0)");
    if (*first == SIZE_MAX || *last == SIZE_MAX)
        return problem(where, "names an invocation after " + std::to_string(limits.max_invocation));
    if (*first > *last) return problem(where, "is a range whose first invocation comes after its last");
    return std::pair{*first, *last};
}

Checked<MockedResponse> response(const json::value& value, const std::string& where)
{
    auto entry = object_of(value, where, {"Return", "Throw"});
    if (!entry) return entry.error();
    const json::value* returns = (*entry)->if_contains("Return");
    const json::value* throws = (*entry)->if_contains("Throw");
    if ((returns == nullptr) == (throws == nullptr)) return problem(where, "must have exactly one of Return or Throw");
    if (returns != nullptr) return MockedResponse{MockedResponse::Kind::returns, *returns, {}, {}};

    const std::string at = path(where, "Throw");
    auto thrown = object_of(*throws, at, {"Error", "Cause"});
    if (!thrown) return thrown.error();
    MockedResponse out{MockedResponse::Kind::throws, {}, {}, {}};
    const json::value* error = (*thrown)->if_contains("Error");
    if (error == nullptr) return problem(at, "must have an Error (the error name Retry and Catch match)");
    if (!error->is_string() || error->get_string().empty() || characters(error->get_string()) > max_error_chars)
        return problem(path(at, "Error"), "must be a string of 1-" + std::to_string(max_error_chars) + " characters");
    out.error = error->get_string();
    if (const json::value* cause = (*thrown)->if_contains("Cause")) {
        if (!cause->is_string() || characters(cause->get_string()) > max_cause_chars)
            return problem(path(at, "Cause"),
                           "must be a string of at most " + std::to_string(max_cause_chars) + " characters");
        out.cause = cause->get_string();
    }
    return out;
}

// Test case names are the part of an execution's name before "--".
Checked<void> check_test_case_name(std::string_view name, const std::string& where)
{
    if (name.empty()) return problem(where, "a test case needs a name");
    if (name.find("--") != std::string_view::npos)
        return problem(where,
                       "a test case's name cannot hold \"--\" (it ends the test case's part of an execution's name)");
    return {};
}

}  // namespace

Checked<MockSet> MockSet::parse(const json::value& file, const MockLimits& limits)
{
    MockSet set;
    auto root = object_of(file, "", {"Flows", "MockedResponses"});
    if (!root) return root.error().where.empty() ? problem("", "the mock file must be an object") : root.error();

    if (const json::value* responses = (*root)->if_contains("MockedResponses")) {
        auto all = object_of(*responses, "MockedResponses");
        if (!all) return all.error();
        for (const auto& [name, entries_value] : **all) {
            const std::string where = path("MockedResponses", name);
            if (name.empty()) return problem(where, "a mocked response needs a name");
            auto entries = object_of(entries_value, where);
            if (!entries) return entries.error();
            if ((*entries)->empty()) return problem(where, "must answer at least one invocation");
            std::vector<std::pair<std::string, Range>> ranges;  // with their keys, for the overlap's message
            for (const auto& [key, entry] : **entries) {
                const std::string at = path(where, key);
                auto numbers = invocations(key, at, limits);
                if (!numbers) return numbers.error();
                auto answer = response(entry, at);
                if (!answer) return answer.error();
                ranges.emplace_back(std::string(key), Range{numbers->first, numbers->second, std::move(*answer)});
            }
            std::sort(ranges.begin(), ranges.end(),
                      [](const auto& a, const auto& b) { return a.second.first < b.second.first; });
            for (std::size_t i = 1; i < ranges.size(); ++i)
                if (ranges[i].second.first <= ranges[i - 1].second.last)
                    return problem(path(where, ranges[i].first),
                                   "overlaps the invocations of \"" + ranges[i - 1].first + "\"");
            auto& kept = set.responses_[std::string(name)];
            for (auto& [key, range] : ranges) kept.push_back(std::move(range));
        }
    }

    if (const json::value* flows = (*root)->if_contains("Flows")) {
        auto all = object_of(*flows, "Flows");
        if (!all) return all.error();
        for (const auto& [flow_name, flow_value] : **all) {
            const std::string where = path("Flows", flow_name);
            if (flow_name.empty()) return problem(where, "a flow needs a name");
            auto flow = object_of(flow_value, where, {"DefaultTestCase", "TestCases"});
            if (!flow) return flow.error();
            FlowMocks mocks;
            const json::value* cases = (*flow)->if_contains("TestCases");
            if (cases == nullptr) return problem(where, "must have TestCases");
            auto cases_object = object_of(*cases, path(where, "TestCases"));
            if (!cases_object) return cases_object.error();
            for (const auto& [case_name, states_value] : **cases_object) {
                const std::string at = path(path(where, "TestCases"), case_name);
                if (auto named = check_test_case_name(case_name, at); !named) return named.error();
                auto states = object_of(states_value, at);
                if (!states) return states.error();
                auto& test_case = mocks.test_cases[std::string(case_name)];
                for (const auto& [state, mock] : **states) {
                    const std::string state_at = path(at, state);
                    if (state.empty()) return problem(state_at, "a state needs a name");
                    if (!mock.is_string()) return problem(state_at, "must be the name of a MockedResponses entry");
                    if (!set.responses_.contains(mock.get_string()))
                        return problem(state_at, "names \"" + std::string(mock.get_string()) +
                                                     "\", which is not an entry of MockedResponses");
                    test_case.emplace(std::string(state), std::string(mock.get_string()));
                }
            }
            if (const json::value* fallback = (*flow)->if_contains("DefaultTestCase")) {
                const std::string at = path(where, "DefaultTestCase");
                if (!fallback->is_string()) return problem(at, "must be the name of one of the flow's TestCases");
                if (!mocks.test_cases.contains(fallback->get_string()))
                    return problem(at, "names \"" + std::string(fallback->get_string()) +
                                           "\", which is not one of the flow's TestCases");
                mocks.default_test_case = fallback->get_string();
            }
            set.flows_.emplace(std::string(flow_name), std::move(mocks));
        }
    }
    return set;
}

Checked<MockSet> MockSet::load(const std::string& file, const MockLimits& limits)
{
    const auto in_file = [&](Problem p) {
        p.where = p.where.empty() ? file : file + ": " + p.where;
        return p;
    };
    std::ifstream in(file, std::ios::binary);
    if (!in) return in_file(problem("", std::string("cannot open the mock file: ") + std::strerror(errno)));
    // In pieces, stopping once past the limit: a file (or a pipe) too large is never read whole.
    std::string text;
    char piece[64 * 1024];
    while (text.size() <= limits.max_bytes && in.read(piece, sizeof piece).gcount() > 0)
        text.append(piece, static_cast<std::size_t>(in.gcount()));
    if (in.bad()) return in_file(problem("", "cannot read the mock file"));
    if (text.size() > limits.max_bytes)
        return in_file(problem("", "the mock file is larger than " + std::to_string(limits.max_bytes) + " bytes"));

    DocumentLimits document;
    document.max_bytes = limits.max_bytes;
    document.max_nodes = 1'000'000;  // a mock file may hold many responses
    auto value = read_document(text, document);
    if (!value) return in_file(value.error());
    auto set = parse(*value, limits);
    if (!set) return in_file(set.error());
    return set;
}

std::optional<std::string> MockSet::test_case(std::string_view flow, std::string_view execution,
                                              std::string* problem) const
{
    const auto found = flows_.find(flow);
    if (found == flows_.end()) return std::nullopt;
    const FlowMocks& mocks = found->second;
    if (const auto dash = execution.find("--"); dash != std::string_view::npos) {
        const std::string_view prefix = execution.substr(0, dash);
        if (mocks.test_cases.contains(prefix)) return std::string(prefix);
        // A name that asks for a test case the flow does not have is a mistake, not the default.
        if (problem != nullptr) {
            std::string known;
            for (const auto& [name, states] : mocks.test_cases) known += (known.empty() ? "" : ", ") + name;
            *problem = "the execution name's test case \"" + std::string(prefix) + "\" (before \"--\") is not one of " +
                       "flow " + std::string(flow) + "'s test cases in the mock file (" +
                       (known.empty() ? std::string("it has none") : known) + ")";
        }
        return std::nullopt;
    }
    if (mocks.default_test_case.empty()) return std::nullopt;
    return mocks.default_test_case;
}

MockSet::Found MockSet::find(std::string_view flow, std::string_view test_case, std::string_view state,
                             std::size_t invocation) const
{
    Found out;
    const auto mocks = flows_.find(flow);
    if (mocks == flows_.end()) return out;
    const auto states = mocks->second.test_cases.find(test_case);
    if (states == mocks->second.test_cases.end()) return out;
    const auto mock = states->second.find(std::string(state));
    if (mock == states->second.end()) return out;
    out.mock_name = mock->second;
    out.lookup = Lookup::no_response;
    const auto responses = responses_.find(mock->second);
    if (responses == responses_.end()) return out;
    // The ranges are sorted and apart: the last one starting at or before `invocation`.
    const auto& ranges = responses->second;
    auto after = std::upper_bound(ranges.begin(), ranges.end(), invocation,
                                  [](std::size_t n, const Range& r) { return n < r.first; });
    if (after == ranges.begin()) return out;
    const Range& range = *std::prev(after);
    if (invocation > range.last) return out;
    out.lookup = Lookup::mocked;
    out.response = &range.response;
    return out;
}

}  // namespace cloudflow::local
