#include <cloudflow/model/names.hpp>
#include <cloudflow/operations/start_sync_execution.hpp>

#include "operations/start_sync_execution.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "support/catch_result.hpp"
#include "support/fixtures.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace std::chrono;

namespace {

Result<StartSyncExecutionResponse> parse_start_sync_execution_response(std::string_view body,
                                                                       std::size_t max_json_depth = 1000)
{
    return detail::decode_body<detail::StartSyncExecution>(body, max_json_depth);
}

}  // namespace

namespace {

Error refused(const StartSyncExecutionRequest& r, RequestLimits limits = {})
{
    auto result = validate(r, limits);
    REQUIRE_FALSE(result);
    CHECK(result.error().code == errc::invalid_request);
    CHECK(result.error().attempts == 0);
    return result.error();
}

}  // namespace

TEST_CASE("StartSyncExecution encode: name rules", "[validation]")
{
    CHECK_FALSE(check_name("my_flow_name"));
    CHECK_FALSE(check_name("_a-1"));
    CHECK_FALSE(check_name("A"));
    CHECK_FALSE(check_name(std::string(128, 'a')));
    CHECK(check_name(""));
    CHECK(check_name(std::string(129, 'a')));
    CHECK(check_name("1flow"));
    CHECK(check_name("-flow"));
    CHECK(check_name("flow name"));
    CHECK(check_name("flow.name"));
    CHECK(check_name("fl\xC3\xB6w"));
    CHECK(*check_name("1flow") == "must start with a letter or '_' (got '1')");
    CHECK(*check_name("a b") == "may contain only letters, digits, '_' and '-' (byte 0x20 at position 1)");
}

TEST_CASE("StartSyncExecution encode: a valid request gives the input as it will be sent", "[validation]")
{
    const auto input_sent = [](const StartSyncExecutionRequest& r) -> std::optional<std::string> {
        CHECK(validate(r));
        const auto params = detail::StartSyncExecution::encode(r, {});
        REQUIRE(params);
        const auto input = params->find("Input");
        if (!input) return std::nullopt;
        return std::string(*input);
    };
    StartSyncExecutionRequest r{.flow_name = "my_flow", .execution_name = "exec-1"};
    CHECK(input_sent(r) == std::nullopt);

    r.input = boost::json::parse(R"({"k":"v"})");
    CHECK(input_sent(r) == R"({"k":"v"})");

    r.input.reset();
    r.input_json = R"({ "k" : "v" })";
    CHECK(input_sent(r) == R"({ "k" : "v" })");
}

TEST_CASE("StartSyncExecution encode: each field's error names the field and the rule", "[validation]")
{
    auto e = refused({.flow_name = ""});
    CHECK(e.field == "FlowName");
    CHECK(e.message == "FlowName must not be empty (1 to 128 characters)");

    e = refused({.flow_name = "ok", .execution_name = "bad name"});
    CHECK(e.field == "ExecutionName");

    e = refused({.flow_name = "ok", .execution_name = std::string(129, 'x')});
    CHECK(e.message == "ExecutionName must be at most 128 characters (got 129)");

    e = refused({.flow_name = "ok", .qualifier = ""});
    CHECK(e.field == "Qualifier");
    e = refused({.flow_name = "ok", .qualifier = "v 1"});
    CHECK(e.field == "Qualifier");
}

TEST_CASE("StartSyncExecution encode: Input must be a JSON object", "[validation]")
{
    auto e = refused({.flow_name = "f", .input = boost::json::value{1, 2}});
    CHECK(e.field == "Input");
    CHECK(e.message == "Input must be a JSON object");

    e = refused({.flow_name = "f", .input_json = "[1,2]"});
    CHECK(e.message == "Input must be a JSON object");

    e = refused({.flow_name = "f", .input_json = "{\"k\":"});
    CHECK(e.field == "Input");
    CHECK(e.message.starts_with("Input must be valid JSON text"));

    e = refused({.flow_name = "f", .input = boost::json::object{}, .input_json = "{}"});
    CHECK(e.field == "Input");
}

TEST_CASE("StartSyncExecution encode: Input size limit", "[validation]")
{
    const std::string big = R"({"k":")" + std::string(100, 'x') + R"("})";
    auto e = refused({.flow_name = "f", .input_json = big}, {.max_input_bytes = 64});
    CHECK(e.message == "Input is 108 bytes; the limit is 64 bytes");
    CHECK(validate(StartSyncExecutionRequest{.flow_name = "f", .input_json = big}, {.max_input_bytes = 0}));
}

// Issue 7, defect 4: Boost.JSON's default max_depth (32) refused valid deep Input text.
TEST_CASE(
    "StartSyncExecution encode: Input text nested 40 and 1,000 deep is accepted, deeper than the limit is refused",
    "[validation][json-depth]")
{
    const auto nested = [](std::size_t depth) {
        std::string inner = std::string(depth - 1, '[') + "1" + std::string(depth - 1, ']');
        return R"({"a":)" + inner + "}";  // the object is the first level
    };
    for (const std::size_t depth : {40u, 1000u}) {
        INFO(depth);
        StartSyncExecutionRequest r;
        r.flow_name = "f";
        r.input_json = nested(depth);
        CHECK(validate(r));
        const auto params = detail::StartSyncExecution::encode(r, {});
        REQUIRE(params);
        CHECK(params->at("Input") == nested(depth));
    }
    StartSyncExecutionRequest r;
    r.flow_name = "f";
    r.input_json = nested(1001);
    const Error e = refused(r);
    CHECK(e.field == "Input");
    RequestLimits shallow;
    shallow.max_json_depth = 40;
    r.input_json = nested(41);
    CHECK(refused(r, shallow).field == "Input");
}

TEST_CASE("StartSyncExecution decode: the golden body, Environment included", "[response]")
{
    const auto r = parse_start_sync_execution_response(test::fnf_fixture("StartSyncExecution"));
    REQUIRE(r);
    CHECK(r->request_id == "testRequestId");
    CHECK(r->flow_name == "my_flow_name");
    CHECK(r->name == "my_exec_name:{UUID}");
    CHECK(r->status == ExecutionStatus::succeeded);
    CHECK(r->status_text == "Succeeded");
    CHECK(r->error_code == "ActionNotSupported");
    CHECK(r->error_message == "Standard execution is not supported");
    REQUIRE(r->output);
    CHECK(r->output->at("key") == "value");
    CHECK(r->started_time == sys_days{2019y / 1 / 1} + 1h + 1min + 1s + 1ms);
    CHECK(r->stopped_time == r->started_time);
    CHECK(r->environment == std::vector<EnvironmentVariable>{{"region", "cn-hangzhou"}});
}

TEST_CASE("StartSyncExecution decode: a broken Environment is malformed_response naming its path", "[response]")
{
    const auto r = parse_start_sync_execution_response(
        R"({"RequestId":"r","FlowName":"f","Name":"n","Status":"Succeeded","Environment":{"Variables":[{"Value":"v"}]}})");
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::malformed_response);
    CHECK(r.error().message.starts_with("the response has no Environment.Variables[0].Name"));
}

TEST_CASE("StartSyncExecution decode: a failed execution is a response, not an error", "[response]")
{
    const auto r = parse_start_sync_execution_response(
        R"({"RequestId":"r","FlowName":"f","Name":"n","Status":"Failed","ErrorCode":"MyError",
            "ErrorMessage":"it broke","Output":"","StartedTime":"2024-01-01T00:00:00.000Z","Extra":{"x":1}})");
    REQUIRE(r);
    CHECK(r->status == ExecutionStatus::failed);
    CHECK(r->error_code == "MyError");
    CHECK_FALSE(r->output);
    CHECK_FALSE(r->stopped_time);
    CHECK(r->environment.empty());
}

TEST_CASE("StartSyncExecution decode: an unknown status keeps its text", "[response]")
{
    const auto r =
        parse_start_sync_execution_response(R"({"RequestId":"r","FlowName":"f","Name":"n","Status":"Paused"})");
    REQUIRE(r);
    CHECK(r->status == ExecutionStatus::unknown);
    CHECK(r->status_text == "Paused");
}

TEST_CASE("StartSyncExecution decode: malformed bodies give malformed_response with the RequestId", "[response]")
{
    struct Case {
        const char* body;
        const char* message;
        const char* request_id;
    };
    const Case cases[] = {
        {"<html>", "the response body is not JSON", ""},
        {"[1]", "the response body is not a JSON object", ""},
        {R"({"RequestId":"r1","FlowName":"f","Name":"n"})", "the response has no Status", "r1"},
        {R"({"RequestId":"r2","FlowName":"f","Name":"n","Status":3})", "the response field Status is not a string",
         "r2"},
        {R"({"RequestId":"r3","FlowName":"f","Name":"n","Status":"Succeeded","Output":"{bad"})",
         "the response field Output is not JSON", "r3"},
        {R"({"RequestId":"r4","FlowName":"f","Name":"n","Status":"Succeeded","StartedTime":"yesterday"})",
         "the response field StartedTime is not an ISO 8601 time", "r4"},
        {R"({"RequestId":"r5","FlowName":"f","Name":"n","Status":"Succeeded","ErrorCode":7})",
         "the response field ErrorCode is not a string", "r5"},
        {R"({"FlowName":"f","Name":"n","Status":"Succeeded"})", "the response has no RequestId", ""},
    };
    for (const auto& c : cases) {
        INFO(c.body);
        const auto r = parse_start_sync_execution_response(c.body);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::malformed_response);
        CHECK(r.error().message.starts_with(c.message));
        CHECK(r.error().request_id == c.request_id);
    }
}

namespace {

// `depth` nested arrays around 1: [[[1]]] is 3 deep.
std::string nested(std::size_t depth)
{
    return std::string(depth, '[') + "1" + std::string(depth, ']');
}

std::string body_with_output(const std::string& output)
{
    return std::string(R"({"RequestId":"r","FlowName":"f","Name":"n","Status":"Succeeded","Output":)") +
           boost::json::serialize(boost::json::value(output)) + "}";
}

}  // namespace

// Issue 7, defect 4: Boost.JSON's default max_depth (32) refused valid deep documents.
TEST_CASE("StartSyncExecution decode: Output nested 40 and 1,000 deep is accepted, deeper than the limit is malformed",
          "[response][json-depth]")
{
    for (const std::size_t depth : {40u, 1000u}) {
        INFO(depth);
        const auto r = parse_start_sync_execution_response(body_with_output(nested(depth)));
        REQUIRE(r);
        REQUIRE(r->output);
        CHECK(boost::json::serialize(*r->output) == nested(depth));
    }
    const auto deep = parse_start_sync_execution_response(body_with_output(nested(1001)));
    REQUIRE_FALSE(deep);
    CHECK(deep.error().code == errc::malformed_response);
    CHECK(deep.error().request_id == "r");

    // The limit is the caller's (RequestLimits::max_json_depth).
    CHECK_FALSE(parse_start_sync_execution_response(body_with_output(nested(41)), 40));
    CHECK(parse_start_sync_execution_response(body_with_output(nested(40)), 40));
}
