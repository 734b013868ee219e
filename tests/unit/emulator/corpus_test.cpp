// The corpus of flows, tests/fixtures/flows (its README says how a fixture is written):
// - run/*.yaml: the docs' and the reference's example flows and cloudflow-local's own, each
//   created through the API (CreateFlow), run (StartSyncExecution; StartExecution and the long
//   poll of DescribeExecution) and compared with its expected status, output or error;
// - invalid/*.yaml: one definition for each rule that refuses a definition, refused by CreateFlow
//   with that rule's problem;
// - and what the corpus covers: every state type and built-in function in run/, and every rule
//   (each call site that makes a definition's problem, counted in the sources) in invalid/.
#include "expr/builtins.hpp"
#include "flow/validate.hpp"
#include "integrations/integrations.hpp"
#include "lang/document.hpp"

#include "support/emulator_session.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <vector>

using namespace cloudflow;
using namespace cloudflow::local;
using cloudflow::test::EmulatorSession;
namespace json = boost::json;
namespace fs = std::filesystem;

namespace {

const fs::path corpus_dir{CLOUDFLOW_FLOW_CORPUS};
const fs::path source_dir = (corpus_dir / ".." / ".." / ".." / "emulator" / "src").lexically_normal();

std::string read_text(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    INFO(path.string());
    REQUIRE(in);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

// The fixture's YAML as a map (read with the emulator's own reader, larger bounds than a
// definition's: some invalid definitions are large on purpose).
json::object read_fixture(const fs::path& path)
{
    DocumentLimits limits;
    limits.max_bytes = 1024 * 1024;
    limits.max_nodes = 1'000'000;
    auto document = read_document(read_text(path), limits);
    INFO(path.string() << ": " << (document ? "" : document.error().text()));
    REQUIRE(document.has_value());
    REQUIRE(document->is_object());
    return document->get_object();
}

std::vector<fs::path> fixtures(const std::string& kind)
{
    std::vector<fs::path> out;
    for (const auto& entry : fs::directory_iterator(corpus_dir / kind))
        if (entry.path().extension() == ".yaml") out.push_back(entry.path());
    std::sort(out.begin(), out.end());
    return out;
}

// A fixture's keys: the required ones present, nothing else.
void check_keys(const json::object& o, std::initializer_list<std::string_view> required,
                std::initializer_list<std::string_view> optional)
{
    for (const auto key : required) {
        INFO("the fixture needs " << key);
        CHECK(o.contains(key));
    }
    for (const auto& member : o) {
        INFO("the fixture has an unknown key " << member.key());
        CHECK((std::find(required.begin(), required.end(), member.key()) != required.end() ||
               std::find(optional.begin(), optional.end(), member.key()) != optional.end()));
    }
}

std::string text_of(const json::object& o, std::string_view key)
{
    const json::value* v = o.if_contains(key);
    INFO(key << " must be a string");
    REQUIRE(v != nullptr);
    REQUIRE(v->is_string());
    return std::string(v->get_string());
}

FlowMode mode_of(const json::object& fixture)
{
    const std::string mode = text_of(fixture, "Mode");
    REQUIRE((mode == "Express" || mode == "Standard"));
    return mode == "Express" ? FlowMode::express : FlowMode::standard;
}

// Definitions read as CreateFlow reads them: with the integrations' checks of literal Parameters.
flow::DefinitionLimits definition_limits()
{
    flow::DefinitionLimits limits;
    limits.check_parameters = &Integrations::check_parameters;
    return limits;
}

// ---- run/ ----

// An emulator for one fixture: its flows come through the API; its Mocks (state -> mocked
// responses) are the mock file of one flow with one test case, "Fixture", its default.
local::EmulatorConfig config_for(const std::string& flow_name, const json::object& fixture)
{
    auto config = test::parse_test_config(R"({"access_keys": [{"id": "id", "secret": "s3cret"}], "flows": []})");
    if (const json::value* mocks = fixture.if_contains("Mocks")) {
        REQUIRE(mocks->is_object());
        json::object states, responses;
        for (const auto& [state, answers] : mocks->get_object()) {
            states[state] = state;
            responses[state] = answers;
        }
        const json::value file = json::object{
            {"Flows", json::object{{flow_name, json::object{{"DefaultTestCase", "Fixture"},
                                                            {"TestCases", json::object{{"Fixture", states}}}}}}},
            {"MockedResponses", responses}};
        auto set = MockSet::parse(file);
        INFO("Mocks: " << (set ? "" : set.error().text()));
        REQUIRE(set.has_value());
        config.mocks = std::move(*set);
    }
    return config;
}

struct Outcome {
    std::string status;
    std::optional<json::value> output;
    std::string error, cause;
};

// Every event of the execution, page by page.
json::array history(EmulatorSession& emulator, const std::string& flow_name, const std::string& execution)
{
    json::array events;
    std::string token;
    for (int page = 0; page < 100; ++page) {
        cloudflow::Parameters params{
            {"Action", "GetExecutionHistory"}, {"FlowName", flow_name}, {"ExecutionName", execution}, {"Limit", "999"}};
        if (!token.empty()) params["NextToken"] = token;
        const auto body = emulator.ok(params);
        for (const auto& e : body.at("Events").as_array()) events.push_back(e);
        const json::value* next = body.if_contains("NextToken");
        if (next == nullptr || !next->is_string() || next->get_string().empty()) return events;
        token = std::string(next->get_string());
    }
    FAIL("the history has more than 100 pages");
    return events;
}

// Answers the execution's callback tasks with `reports`, in order, as their TaskSubmitted events
// appear in its history: {Output: {...}} is ReportTaskSucceeded, {Error, Cause} ReportTaskFailed.
void report_tasks(EmulatorSession& emulator, const std::string& flow_name, const std::string& execution,
                  const json::array& reports)
{
    std::set<std::string> answered;
    std::size_t next = 0;
    // Bounded, as a sanity check: the tasks are submitted within milliseconds of emulated time.
    for (int round = 0; next < reports.size() && round < 2000; ++round) {
        for (const auto& event : history(emulator, flow_name, execution)) {
            if (next == reports.size()) break;
            if (event.at("Type") != "TaskSubmitted") continue;
            const auto detail = json::parse(event.at("EventDetail").as_string());
            const std::string token(detail.at("TaskToken").as_string());
            if (!answered.insert(token).second) continue;
            const json::object& report = reports[next++].as_object();
            if (const json::value* output = report.if_contains("Output")) {
                emulator.ok(
                    {{"Action", "ReportTaskSucceeded"}, {"TaskToken", token}, {"Output", json::serialize(*output)}},
                    {.in_query = {"TaskToken"}});
            } else {
                cloudflow::Parameters params{{"Action", "ReportTaskFailed"},
                                             {"TaskToken", token},
                                             {"Error", std::string(report.at("Error").as_string())}};
                if (const json::value* cause = report.if_contains("Cause")) params["Cause"] = cause->as_string();
                emulator.ok(params, {.in_query = {"TaskToken"}});
            }
        }
        if (next < reports.size()) emulator.run_for(std::chrono::milliseconds(10));
    }
    INFO("callback tasks reported");
    REQUIRE(next == reports.size());
}

Outcome run_fixture(const std::string& flow_name, const json::object& fixture)
{
    EmulatorSession emulator(config_for(flow_name, fixture));
    const FlowMode mode = mode_of(fixture);
    emulator.ok({{"Action", "CreateFlow"},
                 {"Name", flow_name},
                 {"Definition", text_of(fixture, "Definition")},
                 {"Description", "a flow of the corpus"},
                 {"Type", "FDL"},
                 {"ExecutionMode", mode == FlowMode::express ? "Express" : "Standard"}});
    const std::string input = json::serialize(fixture.at("Input"));
    Outcome out;
    const auto text = [](const json::object& body, std::string_view key) {
        const json::value* v = body.if_contains(key);
        return v != nullptr && v->is_string() ? std::string(v->get_string()) : std::string();
    };
    if (mode == FlowMode::express) {
        const auto body = emulator.ok({{"Action", "StartSyncExecution"},
                                       {"FlowName", flow_name},
                                       {"ExecutionName", "fixture"},
                                       {"Input", input}});
        out.status = text(body, "Status");
        if (body.contains("Output")) out.output = json::parse(text(body, "Output"));
        out.error = text(body, "ErrorCode");
        out.cause = text(body, "ErrorMessage");
        return out;
    }
    emulator.ok(
        {{"Action", "StartExecution"}, {"FlowName", flow_name}, {"ExecutionName", "fixture"}, {"Input", input}});
    if (const json::value* reports = fixture.if_contains("Reports")) {
        REQUIRE(reports->is_array());
        report_tasks(emulator, flow_name, "fixture", reports->get_array());
    }
    json::object described;
    for (int poll = 0; poll < 10; ++poll) {  // 10 long polls of 60 s: a sanity bound
        described = emulator.ok({{"Action", "DescribeExecution"},
                                 {"FlowName", flow_name},
                                 {"ExecutionName", "fixture"},
                                 {"WaitTimeSeconds", "60"}});
        if (text(described, "Status") != "Running") break;
    }
    out.status = text(described, "Status");
    if (!text(described, "Output").empty()) out.output = json::parse(text(described, "Output"));
    // DescribeExecution has no ErrorCode: the history's last event has the execution's error.
    const auto events = history(emulator, flow_name, "fixture");
    REQUIRE_FALSE(events.empty());
    const auto detail = json::parse(events.back().at("EventDetail").as_string()).as_object();
    out.error = text(detail, "Error");
    out.cause = text(detail, "Cause");
    return out;
}

void check_run_fixture(const fs::path& path)
{
    const json::object fixture = read_fixture(path);
    check_keys(fixture, {"Source", "Note", "Mode", "Definition", "Input", "Expect"}, {"Mocks", "Reports"});
    const json::object& expect = fixture.at("Expect").as_object();
    check_keys(expect, {"Status"}, {"Output", "Error", "Cause"});
    const std::string status = text_of(expect, "Status");
    REQUIRE((status == "Succeeded" || status == "Failed" || status == "TimedOut"));
    // Succeeded: exactly this output; otherwise the ErrorCode (and a part of the ErrorMessage).
    REQUIRE(expect.contains("Output") == (status == "Succeeded"));
    REQUIRE(expect.contains("Error") == (status != "Succeeded"));

    const Outcome outcome = run_fixture(path.stem().string(), fixture);
    INFO("status " << outcome.status << ", output " << (outcome.output ? json::serialize(*outcome.output) : "none")
                   << ", error " << outcome.error << ", cause " << outcome.cause);
    CHECK(outcome.status == status);
    if (status == "Succeeded") {
        REQUIRE(outcome.output);
        INFO("expected output " << json::serialize(expect.at("Output")));
        CHECK(*outcome.output == expect.at("Output"));  // objects compare without their members' order
    } else {
        CHECK(outcome.error == text_of(expect, "Error"));
        if (expect.contains("Cause")) CHECK_THAT(outcome.cause, Catch::Matchers::Contains(text_of(expect, "Cause")));
    }
}

// ---- invalid/ ----

void check_invalid_fixture(const fs::path& path)
{
    const json::object fixture = read_fixture(path);
    check_keys(fixture, {"Rule", "Mode", "Definition", "Problem"}, {});
    const std::string definition = text_of(fixture, "Definition");
    const std::string problem = text_of(fixture, "Problem");
    const FlowMode mode = mode_of(fixture);

    // The language: the same first problem.
    const flow::ReadDefinition read = flow::read_definition(definition, mode, definition_limits());
    REQUIRE_FALSE(read.valid());
    REQUIRE_FALSE(read.problems.empty());
    CHECK(read.problems.front().text() == problem);

    // The API: CreateFlow refuses it with the first problem and how many more there are.
    EmulatorSession emulator(
        test::parse_test_config(R"({"access_keys": [{"id": "id", "secret": "s3cret"}], "flows": []})"));
    const auto reply = emulator.call({{"Action", "CreateFlow"},
                                      {"Name", path.stem().string()},
                                      {"Definition", definition},
                                      {"Description", "a flow of the corpus"},
                                      {"Type", "FDL"},
                                      {"ExecutionMode", mode == FlowMode::express ? "Express" : "Standard"}});
    CHECK(reply.status == 400);
    const auto body = EmulatorSession::body(reply);
    CHECK(body.at("Code") == "InvalidArgument");
    const std::string message(body.at("Message").as_string());
    const std::string expected = "The parameter Definition is invalid: " + problem;
    REQUIRE_THAT(message, Catch::Matchers::StartsWith(expected));
    const std::string rest = message.substr(expected.size());
    const std::size_t more = read.problems.size() - 1 + read.more_problems;
    CHECK(rest ==
          (more == 0 ? std::string() : " (and " + std::to_string(more) + " more problem" + (more == 1 ? ")" : "s)")));
}

// ---- coverage ----

// Where the sources make a definition's problems: each occurrence of `token` in a region of the
// file (between a line that starts it and one that ends it) is a call site, a rule.
struct Region {
    std::string_view begin, end;
};
struct RuleSource {
    std::string_view name, file;
    std::vector<Region> regions;
    std::vector<std::string_view> tokens;
    std::vector<std::string_view> excluded{};  // occurrences of a token that are no call site
};

const std::vector<RuleSource>& rule_sources()
{
    static const std::vector<RuleSource> sources{
        // Every problem() of the validator (the member function itself is not a rule).
        {"validate",
         "flow/validate.cpp",
         {{"class Validator {", "std::string_view to_string(StateType type)"}},
         {" problem("},
         {"void problem("}},
        // HTTP:Request's literal Parameters (not build(), which checks them at run time).
        {"http",
         "integrations/http_task.cpp",
         {{"Checked<void> check_method(", "// The request Parameters describe"},
          {"Checked<void> check_http_parameters(", "boost::asio::awaitable<TaskResult> http_request("}},
         {"return problem("}},
        // A URL's form, which check_http_parameters asks for.
        {"url",
         "integrations/outbound.cpp",
         {{"Checked<Target> parse_target(", "// An allowed host"}},
         {"return problem("}},
        // FC:InvokeFunction's literal Parameters.
        {"fc",
         "integrations/fc_task.cpp",
         {{"Checked<void> check_invocation_type(", "}  // namespace"},
          {"Checked<void> check_fc_parameters(", "boost::asio::awaitable<TaskResult> invoke_function("}},
         {"return problem("}},
        // The document reader (a definition's text).
        {"document",
         "lang/document.cpp",
         {{"namespace cloudflow::local {", "}  // namespace cloudflow::local"}},
         {"return problem(", "return refuse("},
         {"{ return problem(at(e.start_mark), what); }"}},  // the lambda refuse() calls
        // The expression compiler: the parser's refusals and compile()'s own.
        {"expression",
         "expr/expression.cpp",
         {{"class Parser {", "// ---- evaluation ----"},
          {"Checked<Expression> Expression::compile(", "Checked<json::value> Expression::evaluate("}},
         {" fail(", ".fail(", "return at("},
         {"void fail("}},
        // The template compiler (constructors, Parameters).
        {"template", "expr/template.cpp", {{"class Compiler {", "\n};\n"}}, {"return problem(", "fail(problem("}},
        // What built-in functions check when their arguments are literals, at compile time.
        {"builtins",
         "expr/builtins.cpp",
         {{"// A literal format string is checked", "// format(string, ...any)"},
          {"Checked<std::shared_ptr<const RE2>> compile_pattern(", "Checked<Val> regex_match_string("}},
         {"return Problem{"}},
    };
    return sources;
}

std::size_t count_sites(const RuleSource& source)
{
    const std::string text = read_text(source_dir / source.file);
    std::size_t sites = 0;
    for (const auto& region : source.regions) {
        const auto begin = text.find(region.begin);
        INFO(source.file << ": the region from " << region.begin);
        REQUIRE(begin != std::string::npos);
        const auto end = text.find(region.end, begin + region.begin.size());
        REQUIRE(end != std::string::npos);
        const std::string_view part = std::string_view(text).substr(begin, end - begin);
        const auto occurrences = [&](std::string_view token) {
            std::size_t n = 0;
            for (auto at = part.find(token); at != std::string_view::npos; at = part.find(token, at + token.size()))
                ++n;
            return n;
        };
        for (const auto token : source.tokens) sites += occurrences(token);
        for (const auto token : source.excluded) sites -= occurrences(token);
    }
    return sites;
}

// One rule: a call site of a source above, in the order of the source, with the fixtures that
// break it (invalid/<name>.yaml) and a part of its message each fixture's Problem has; or why no
// definition can reach it through CreateFlow.
struct Rule {
    std::string_view source;
    std::string_view says;
    std::vector<std::string_view> fixtures;
    std::string_view unreachable{};
};

const std::vector<Rule>& rules()
{
    static const std::vector<Rule> all{
        // flow/validate.cpp
        {"validate", "a definition must be a map", {"definition-not-map"}},
        {"validate", "is required: a Spec v1 definition starts with Type", {"definition-type-required"}},
        {"validate", "must be StateMachine", {"definition-type-not-statemachine", "definition-type-long-text"}},
        {"validate", "must be v1, the only version", {"definition-specversion-not-v1"}},
        {"validate", "is required (v1)", {"definition-specversion-required"}},
        {"validate",
         "unknown field of",
         {"definition-unknown-field", "state-unknown-field-hint", "wait-until-date-time", "task-on-errors"}},
        {"validate", "is required", {"state-name-required"}},
        {"validate", "must be a string", {"definition-name-not-string"}},
        {"validate", "must not be empty", {"state-name-empty"}},
        {"validate", "characters (got", {"state-name-too-long"}},
        {"validate", "must be a whole number", {"wait-seconds-not-whole", "task-timeout-not-whole"}},
        {"validate",
         "must be ",
         {"retry-interval-zero", "map-concurrency-inline-over-40", "wait-seconds-express-over-20",
          "map-distributed-express-item-wait"}},
        {"validate", "must be a number ", {"retry-backoff-not-number"}},
        {"validate", "must be 1-10 (got", {"retry-backoff-out-of-range"}},
        {"validate",
         "reads $",
         {"output-in-input-constructor", "item-outside-item-constructor", "output-in-catch-constructor"}},
        {"validate", "must be an expression (a string)", {"choice-condition-not-string"}},
        {"validate",
         " at character ",  // the expression compiler's problems, through a Condition, ItemsPath, Seconds.$, Timeout.$
         {"expr-trailing-text", "expr-items-path", "expr-seconds-dynamic", "expr-timeout-dynamic"}},
        {"validate", "must be a map of keys to values", {"input-constructor-not-map"}},
        {"validate",
         "",  // the template compiler's problems, through a constructor or Parameters
         {"constructor-key-without-name", "constructor-expression-problem"}},
        {"validate", "cannot be given with Seconds", {"wait-seconds-and-dynamic"}},
        {"validate", "is required: the error names", {"retry-errors-required"}},
        {"validate", "must be a list of one or more error names", {"retry-errors-empty"}},
        {"validate", "must be an error name of 1-128 characters", {"catch-error-name-empty"}},
        {"validate", "must be a list of rules", {"retry-not-list", "catch-not-list"}},
        {"validate", "rules (got 21)", {"retry-too-many-rules", "catch-too-many-rules"}},
        {"validate", "must be a map (got", {"retry-rule-not-map", "catch-rule-not-map"}},
        {"validate", "is required: the most retries", {"retry-max-attempts-required"}},
        {"validate", "is required: the seconds before the first retry", {"retry-interval-required"}},
        {"validate", "is required: the list of states", {"definition-states-required"}},
        {"validate", "must be a list of one or more states", {"definition-states-empty"}},
        {"validate", "states in all", {"definition-too-many-states"}},
        {"validate", "another state of these States is named", {"state-name-duplicate"}},
        {"validate",
         "names no state of its States",
         {"state-next-unknown", "definition-startat-unknown", "parallel-next-outside-branch", "choice-default-unknown",
          "catch-next-unknown"}},
        {"validate", "must be a map with StartAt and States", {"parallel-branch-not-map"}},
        {"validate", "may be nested at most", {"scope-too-deep"}},
        {"validate", "must be true or false", {"state-end-not-boolean"}},
        {"validate", "cannot be true with a Next", {"state-next-and-end"}},
        {"validate", "needs a Next or End: true", {"state-no-next-or-end"}},
        {"validate", "state ends its scope", {"fail-end-false"}},
        {"validate", "a Fail state has no output", {"fail-constructor"}},
        {"validate", "must be a map (got", {"state-not-map"}},
        {"validate", "is required: Pass, Task, Choice", {"state-type-required"}},
        {"validate", "must be Pass, Task, Choice", {"state-type-unknown"}},
        {"validate", "is required (or Seconds.$)", {"wait-seconds-required"}},
        {"validate", "must be <Service>:<Operation>", {"task-action-not-shaped"}},
        {"validate", "must be RequestComplete, WaitForSystemCallback or WaitForCustomCallback", {"task-mode-unknown"}},
        {"validate", "must be RequestComplete in an Express flow", {"task-callback-in-express"}},
        {"validate", "HTTP:Request waits for RequestComplete or WaitForCustomCallback", {"task-http-system-callback"}},
        {"validate",
         "Parameters.",  // the integrations' checks of literal Parameters
         {"http-url-required", "fc-resource-arn-required"}},
        {"validate", "is required: a list of {Condition, Next}", {"choice-branches-required"}},
        {"validate", "must be a list of one or more {Condition, Next}", {"choice-branches-empty"}},
        {"validate", "branches (got 101)", {"choice-too-many-branches"}},
        {"validate", "must be a map with Condition and Next", {"choice-branch-not-map"}},
        {"validate", "is required: an expression such as", {"choice-condition-required"}},
        {"validate", "is required: the state to go to when no branch matches", {"choice-default-required"}},
        {"validate", "is required: a list of {StartAt, States}", {"parallel-branches-required"}},
        {"validate", "must be a list of one or more {StartAt, States}", {"parallel-branches-empty"}},
        {"validate", "branches (got 51)", {"parallel-too-many-branches"}},
        {"validate", "is not supported by cloudflow-local", {"map-item-reader"}},
        {"validate", "is required: an expression that gives the items", {"map-items-path-required"}},
        {"validate", "is required: Express or Standard", {"map-execution-mode-required"}},
        {"validate", "must be Express or Standard", {"map-execution-mode-unknown"}},
        {"validate", "must be a map with ExecutionMode", {"map-processor-config-not-map"}},
        {"validate", "cannot be given with MaxConcuccency", {"map-both-concurrency-spellings"}},
        {"validate", "applies to a distributed Map only", {"map-item-constructor-inline"}},
        {"validate", "is required: the items of one child execution", {"map-batcher-max-required"}},
        {"validate", "must be a map with MaxItemsPerBatch", {"map-batcher-not-map"}},
        {"validate", "is required: {StartAt, States}", {"map-processor-required"}},

        // integrations/http_task.cpp: check_method, check_headers, check_http_parameters
        {"http", "must be one of GET, POST", {"http-method-not-string"}},
        {"http", "must be one of GET, POST", {"http-method-unknown"}},
        {"http", "must be an object of header names", {"http-headers-not-map"}},
        {"http", "is not a header name", {"http-header-name"}},
        {"http", "is set by cloudflow-local", {"http-header-reserved"}},
        {"http", "must be a string", {"http-header-not-string"}},
        {"http", "must not hold CR, LF or NUL", {"http-header-line-break"}},
        {"http", "must be an object", {}, "Parameters that are not a map are refused first, as a constructor"},
        {"http", "is required (or ", {"http-url-required", "http-method-required"}},
        {"http", "must be a string (an http:// or https:// URL)", {"http-url-not-string"}},
        {"http",
         "Parameters.url: must ",  // the URL's form (outbound.cpp, below)
         {"http-url-not-a-url"}},
        // integrations/outbound.cpp: parse_target
        {"url", "it does not parse as a URL", {"http-url-not-a-url"}},
        {"url", "must be an http:// or https:// URL", {"http-url-not-http"}},
        {"url", "must not hold user information", {"http-url-userinfo"}},
        {"url", "127.0.0.1.example.com, is not supported", {"http-url-ipv4-prefix"}},
        {"url", "must have a host name of letters", {"http-url-host-chars"}},
        {"url", "must have a host", {"http-url-no-host"}},
        {"url", "must have a port from 1 to 65535", {"http-url-port"}},
        // integrations/fc_task.cpp: check_invocation_type, check_fc_parameters
        {"fc", "must be Sync or Async", {"fc-invocation-type"}},
        {"fc", "must be an object", {}, "Parameters that are not a map are refused first, as a constructor"},
        {"fc", "is required (or ", {"fc-resource-arn-required"}},
        {"fc", "must be a string (the function's ARN)", {"fc-resource-arn-not-string"}},
        {"fc", "must be an object or a string", {"fc-body-type"}},

        // lang/document.cpp
        {"document",
         "nodes (scalars, mappings and sequences",
         {},
         "128 KiB of JSON (CreateFlow's limit) hold fewer than 100,000 nodes"},
        {"document", "a number is out of the range of a double", {"document-json-double-range"}},
        {"document",
         "nodes (scalars, mappings and sequences",
         {},
         "128 KiB of JSON (CreateFlow's limit) hold fewer than 100,000 nodes"},
        {"document", "there is more after the JSON value", {"document-json-extra"}},
        {"document", "the JSON text ends too soon", {"document-json-ends-too-soon"}},
        {"document", "", {"document-json-invalid", "document-json-too-deep"}},
        {"document", "duplicate key", {"document-json-duplicate-key"}},
        {"document", "the text holds no document", {"document-no-document"}},
        {"document", "the text holds more than one document", {"document-two-documents"}},
        {"document", "out of memory", {}, "libyaml's allocation failing"},
        {"document", "", {"document-yaml-invalid", "document-yaml-tabs"}},
        {"document", "nodes (scalars, mappings and sequences", {"document-yaml-too-many-nodes"}},
        {"document", "anchors keep more than", {"document-yaml-anchors-keep-too-much"}},
        {"document", "duplicate key", {"document-yaml-duplicate-key"}},
        {"document", "is too large", {"document-yaml-integer-too-large"}},
        {"document", "is out of the range of a double", {"document-yaml-float-range"}},
        {"document", "JSON has no infinity or NaN", {"document-yaml-infinity"}},
        {"document", "is not null (tagged !!null)", {"document-yaml-tag-null"}},
        {"document", "is not a boolean (tagged !!bool)", {"document-yaml-tag-bool"}},
        {"document", "is not an integer (tagged !!int)", {"document-yaml-tag-int"}},
        {"document", "is not a finite float (tagged !!float)", {"document-yaml-tag-float"}},
        {"document", "is on a scalar", {"document-yaml-tag-map-on-scalar"}},
        {"document", "is not supported (only the core schema's)", {"document-yaml-tag-unsupported"}},
        {"document", "names no anchor whose node is complete before it", {"document-yaml-unknown-alias"}},
        {"document", "are nested more than 64 deep", {"document-yaml-alias-too-deep"}},
        {"document", "a mapping key must be a scalar", {"document-yaml-alias-key-not-scalar"}},
        {"document", "a mapping key must be a scalar", {"document-yaml-key-not-scalar"}},
        {"document", "is not supported on a", {"document-yaml-tag-on-mapping"}},
        {"document", "are nested more than 64 deep", {"document-yaml-too-deep"}},
        {"document",
         "bytes, more than the limit of",
         {},
         "CreateFlow refuses a Definition over 128 KiB itself (The parameter Definition must be at most ... bytes.)"},

        // expr/expression.cpp: the parser
        {"expression", "after a complete expression", {"expr-trailing-text"}},
        {"expression", "the expression nests deeper than", {"expr-nests-too-deep"}},
        {"expression", "expects ", {"expr-unclosed-parenthesis"}},
        {"expression", "'=' is not an operator", {"expr-single-equals"}},
        {"expression", "comparisons do not chain", {"expr-chained-comparison"}},
        {"expression", "expects a value (got '!=')", {"expr-not-equal-without-left"}},
        {"expression", "expects a member name after '.'", {"expr-member-name", "expr-seconds-dynamic"}},
        {"expression", "an index must be a whole number", {"expr-index-not-whole", "expr-items-path"}},
        {"expression", "the index is too large", {"expr-index-too-large"}},
        {"expression", "expects a value (got end of the expression)", {"expr-missing-value"}},
        {"expression", "unknown name ", {"expr-unknown-name", "expr-timeout-dynamic"}},
        {"expression", "expects a value (got ','", {"expr-unexpected-character"}},
        {"expression", "unknown variable $input", {"expr-unknown-variable"}},
        {"expression", "a number does not start with 0", {"expr-number-leading-zero"}},
        {"expression", "a number's exponent has no digits", {"expr-exponent-digits"}},
        {"expression", "the number is too large for a double", {"expr-number-too-large"}},
        {"expression", "the string that starts here is not closed", {"expr-string-not-closed"}},
        {"expression", "the string that starts here is not closed", {"expr-string-ends-in-escape"}},
        {"expression", "unknown escape \\q", {"expr-unknown-escape"}},
        {"expression", "\\u needs four hexadecimal digits", {"expr-unicode-escape-digits"}},
        {"expression", "unpaired low surrogate", {"expr-unpaired-low-surrogate"}},
        {"expression", "unpaired high surrogate", {"expr-unpaired-high-surrogate"}},
        {"expression", "unpaired high surrogate", {"expr-high-surrogate-not-low"}},
        {"expression", "expects a quoted key in the object", {"expr-object-key-unquoted"}},
        {"expression", "is given twice in the object", {"expr-object-key-twice"}},
        {"expression", "unknown function now", {"expr-unknown-function"}},
        {"expression", "built-in calls nest deeper than 10", {"expr-calls-too-deep"}},
        {"expression", "length: expects 1 argument (got 0)", {"expr-argument-count"}},
        {"expression",
         "",  // what a built-in's prepare refuses (builtins.cpp, below)
         {"expr-format-placeholders", "expr-regex-does-not-compile"}},
        {"expression", "the expression is longer than 4096 bytes", {"expr-too-long"}},
        {"expression",
         "the expression is not UTF-8 text",
         {},
         "the document reader refuses a definition that is not UTF-8 first"},

        // expr/template.cpp
        {"template",
         "the template nests deeper than",
         {},
         "the document reader bounds a definition's nesting at 64, below the template's 128"},
        {"template", "", {"constructor-expression-problem", "expr-unknown-variable"}},
        {"template", "a key must have a name before .$", {"constructor-key-without-name"}},
        {"template", "that another key of the same object gives", {"constructor-key-twice"}},
        {"template", "a key ending in .$ needs an expression", {"constructor-dollar-key-number"}},

        // expr/builtins.cpp: prepared at compile time from literal arguments
        {"builtins", "format: expects 2 arguments for its 2 {} (got 1)", {"expr-format-placeholders"}},
        {"builtins", "the pattern is longer than 1024 bytes", {"expr-regex-too-long"}},
        {"builtins", "the pattern does not compile", {"expr-regex-does-not-compile"}},
    };
    return all;
}

// The state types of a scope and the scopes inside it.
void collect(const flow::StateMachine& machine, const std::function<void(const flow::State&)>& visit)
{
    for (const auto& state : machine.states) {
        visit(state);
        if (const auto* parallel = std::get_if<flow::Parallel>(&state.spec))
            for (const auto& branch : parallel->branches) collect(branch, visit);
        if (const auto* map = std::get_if<flow::Map>(&state.spec)) collect(*map->processor, visit);
    }
}

// Whether `text` calls `name`: the name, not the end of a longer one, then '('.
bool calls(std::string_view text, std::string_view name)
{
    const std::string call = std::string(name) + "(";
    for (auto at = text.find(call); at != std::string_view::npos; at = text.find(call, at + 1)) {
        const char before = at == 0 ? ' ' : text[at - 1];
        const bool name_char = (before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z') ||
                               (before >= '0' && before <= '9') || before == '_';
        if (!name_char) return true;
    }
    return false;
}

}  // namespace

TEST_CASE("corpus: every flow of run/ ends as its fixture expects", "[corpus]")
{
    const auto files = fixtures("run");
    REQUIRE_FALSE(files.empty());
    for (const auto& path : files) {
        DYNAMIC_SECTION("run/" << path.filename().string())
        {
            check_run_fixture(path);
        }
    }
}

TEST_CASE("corpus: CreateFlow refuses every definition of invalid/ with its rule's problem", "[corpus]")
{
    const auto files = fixtures("invalid");
    REQUIRE_FALSE(files.empty());
    for (const auto& path : files) {
        DYNAMIC_SECTION("invalid/" << path.filename().string())
        {
            check_invalid_fixture(path);
        }
    }
}

TEST_CASE("corpus: run/ has every state type and every built-in function", "[corpus]")
{
    std::set<flow::StateType> types;
    std::string definitions;
    bool retry = false, catches = false, global = false, context = false, inline_map = false, distributed = false,
         custom_callback = false, system_callback = false, thrown = false, reported = false;
    for (const auto& path : fixtures("run")) {
        INFO(path.string());
        const json::object fixture = read_fixture(path);
        const std::string text = text_of(fixture, "Definition");
        const flow::ReadDefinition read = flow::read_definition(text, mode_of(fixture), definition_limits());
        INFO(read.summary());
        REQUIRE(read.valid());
        definitions += text + "\n";
        collect(read.definition->root, [&](const flow::State& s) {
            types.insert(s.type);
            retry = retry || !s.retry.empty();
            catches = catches || !s.catches.empty();
            global = global || s.global_constructor.has_value();
            for (const auto* t : {&s.input_constructor, &s.output_constructor, &s.global_constructor})
                context = context || (*t && ((*t)->variables() & expr::context) != 0);
            if (const auto* map = std::get_if<flow::Map>(&s.spec)) (map->distributed ? distributed : inline_map) = true;
            if (const auto* task = std::get_if<flow::Task>(&s.spec)) {
                custom_callback = custom_callback || task->mode == TaskMode::wait_for_custom_callback;
                system_callback = system_callback || task->mode == TaskMode::wait_for_system_callback;
            }
        });
        if (const json::value* mocks = fixture.if_contains("Mocks"))
            thrown = thrown || json::serialize(*mocks).find("\"Throw\"") != std::string::npos;
        reported = reported || fixture.contains("Reports");
    }
    for (const auto type :
         {flow::StateType::pass, flow::StateType::task, flow::StateType::choice, flow::StateType::wait,
          flow::StateType::parallel, flow::StateType::map, flow::StateType::succeed, flow::StateType::fail}) {
        INFO("no flow of run/ has a " << flow::to_string(type) << " state");
        CHECK(types.contains(type));
    }
    CHECK(retry);
    CHECK(catches);
    CHECK(global);
    CHECK(context);
    CHECK(inline_map);
    CHECK(distributed);
    CHECK(custom_callback);
    CHECK(system_callback);
    CHECK(thrown);
    CHECK(reported);

    // The built-in functions, as builtins.cpp's table has them (counted there, so that a new one
    // without a flow that calls it fails here).
    static constexpr std::string_view functions[] = {
        "arrayContains",    "arrayUnique", "format",  "fromBase64", "toBase64", "stringToJson", "fromJSON",
        "jsonToString",     "toJSON",      "hash",    "jsonMerge",  "length",   "mapKeys",      "mapValues",
        "regexMatchString", "split",       "toArray", "uuid",       "get",      "intAdd",       "randomInt"};
    const std::string table = read_text(source_dir / "expr/builtins.cpp");
    const auto begin = table.find("constexpr Builtin builtins[] = {");
    REQUIRE(begin != std::string::npos);
    const auto end = table.find("};", begin);
    const std::string_view rows = std::string_view(table).substr(begin, end - begin);
    std::size_t count = 0;
    for (auto at = rows.find("\n    {\""); at != std::string_view::npos; at = rows.find("\n    {\"", at + 1)) ++count;
    CHECK(count == std::size(functions));
    for (const auto name : functions) {
        INFO(name);
        CHECK(expr::detail::find_builtin(name) != nullptr);
        CHECK(calls(definitions, name));
    }
}

TEST_CASE("corpus: invalid/ has a definition for every rule that refuses one", "[corpus]")
{
    const auto files = fixtures("invalid");
    std::map<std::string, json::object> by_name;
    for (const auto& path : files) by_name.emplace(path.stem().string(), read_fixture(path));

    std::set<std::string> used;
    std::map<std::string_view, std::size_t> listed;
    for (const auto& rule : rules()) {
        ++listed[rule.source];
        INFO(rule.source << ": the rule that says \"" << rule.says << "\"");
        if (rule.fixtures.empty()) {
            CHECK_FALSE(rule.unreachable.empty());
            continue;
        }
        CHECK(rule.unreachable.empty());
        for (const auto name : rule.fixtures) {
            INFO("invalid/" << name << ".yaml");
            const auto found = by_name.find(std::string(name));
            REQUIRE(found != by_name.end());
            used.insert(std::string(name));
            CHECK_THAT(text_of(found->second, "Problem"), Catch::Matchers::Contains(std::string(rule.says)));
        }
    }
    // A rule added to a source without a row here, or a row without its rule, fails this count.
    for (const auto& source : rule_sources()) {
        INFO(source.file << ": rules counted in the source, and rows of the list above");
        CHECK(count_sites(source) == listed[source.name]);
    }
    for (const auto& [name, fixture] : by_name) {
        INFO("invalid/" << name << ".yaml is no rule's");
        CHECK(used.contains(name));
    }
}
