#include <cloudflow/validation.hpp>

#include <boost/json/parse.hpp>

#include "support/catch_result.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;

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

TEST_CASE("validation: name rules", "[validation]")
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

TEST_CASE("validation: a valid request gives the input as it will be sent", "[validation]")
{
    StartSyncExecutionRequest r{.flow_name = "my_flow", .execution_name = "exec-1"};
    CHECK(validate(r, {}).value() == std::nullopt);

    r.input = boost::json::parse(R"({"k":"v"})");
    CHECK(validate(r, {}).value() == R"({"k":"v"})");

    r.input.reset();
    r.input_json = R"({ "k" : "v" })";
    CHECK(validate(r, {}).value() == R"({ "k" : "v" })");
}

TEST_CASE("validation: each field's error names the field and the rule", "[validation]")
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

TEST_CASE("validation: Input must be a JSON object", "[validation]")
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

TEST_CASE("validation: Input size limit", "[validation]")
{
    const std::string big = R"({"k":")" + std::string(100, 'x') + R"("})";
    auto e = refused({.flow_name = "f", .input_json = big}, {.max_input_bytes = 64});
    CHECK(e.message == "Input is 108 bytes; the limit is 64 bytes");
    CHECK(validate({.flow_name = "f", .input_json = big}, {.max_input_bytes = 0}));
}

// Issue 7, defect 4: Boost.JSON's default max_depth (32) refused valid deep Input text.
TEST_CASE("validation: Input text nested 40 and 1,000 deep is accepted, deeper than the limit is refused",
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
        const auto input = validate(r, {});
        REQUIRE(input);
        CHECK(**input == nested(depth));
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
