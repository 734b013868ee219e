#include "operations/parameter_writer.hpp"

#include "support/catch_result.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using detail::ParameterWriter;

TEST_CASE("parameter writer: fields in, parameters out", "[operations][parameters]")
{
    const RequestLimits limits;
    ParameterWriter w(limits);
    w.name("FlowName", std::string("my_flow"));
    w.name("ExecutionName", std::optional<std::string>());  // absent: not sent
    w.qualifier("Qualifier", std::string("v1"));
    w.json_object("Input", "input", boost::json::parse(R"({"a":1})"), std::nullopt);
    const auto params = std::move(w).done();
    REQUIRE(params);
    CHECK(*params == Parameters{{"FlowName", "my_flow"}, {"Input", R"({"a":1})"}, {"Qualifier", "v1"}});
}

TEST_CASE("parameter writer: the first broken rule wins, with its field", "[operations][parameters]")
{
    const RequestLimits limits;
    ParameterWriter w(limits);
    w.name("FlowName", std::string("9starts-with-a-digit"));
    w.name("ExecutionName", std::string(""));
    const auto params = std::move(w).done();
    REQUIRE_FALSE(params);
    CHECK(params.error().code == errc::invalid_request);
    CHECK(params.error().field == "FlowName");
    CHECK(params.error().message == "FlowName must start with a letter or '_' (got '9')");
}

TEST_CASE("parameter writer: JSON objects, as a value or as text", "[operations][parameters]")
{
    RequestLimits limits;
    limits.max_input_bytes = 16;
    const auto one = [&](std::optional<boost::json::value> value, std::optional<std::string> text) {
        ParameterWriter w(limits);
        w.json_object("Input", "input", value, text);
        return std::move(w).done();
    };
    CHECK(one(std::nullopt, std::string(R"({"b": 2})"))->at("Input") == R"({"b": 2})");  // text is sent as it is
    CHECK(one(boost::json::parse("[1]"), std::nullopt).error().message == "Input must be a JSON object");
    CHECK(one(std::nullopt, std::string("[1]")).error().message == "Input must be a JSON object");
    CHECK(one(std::nullopt, std::string("{")).error().message.starts_with("Input must be valid JSON text"));
    CHECK(one(boost::json::object{}, std::string("{}")).error().message ==
          "Input is given twice: set either input or input_json, not both");
    CHECK(one(std::nullopt, std::string(R"({"long":"0123456789"})")).error().message ==
          "Input is 21 bytes; the limit is 16 bytes");
    CHECK(one(std::nullopt, std::nullopt)->empty());
}

namespace {

// The message of the rule `write` breaks, or "" when it breaks none.
template <class F>
std::string broken_rule(F write)
{
    const RequestLimits limits;
    ParameterWriter w(limits);
    write(w);
    const auto params = std::move(w).done();
    return params ? std::string() : params.error().message;
}

}  // namespace

TEST_CASE("parameter writer: text is 1 to N characters counted as UTF-8 code points", "[operations][parameters]")
{
    CHECK(broken_rule([](auto& w) { w.text("Error", std::string("E"), 3); }).empty());
    CHECK(broken_rule([](auto& w) { w.text("Error", std::string("\xC3\xA9\xC3\xA9\xC3\xA9"), 3); }).empty());  // 3 é
    CHECK(broken_rule([](auto& w) { w.text("Error", std::string("abcd"), 3); }) ==
          "Error must be 1 to 3 characters (got 4)");
    CHECK(broken_rule([](auto& w) { w.text("Cause", std::string(), 4096); }) ==
          "Cause must be 1 to 4096 characters (got 0)");
    CHECK(broken_rule([](auto& w) { w.text("Cause", std::optional<std::string>(), 4096); }).empty());  // not sent
}

TEST_CASE("parameter writer: tokens, integers, booleans, times and statuses", "[operations][parameters]")
{
    CHECK(broken_rule([](auto& w) { w.token("TaskToken", std::string()); }) == "TaskToken must not be empty");
    CHECK(broken_rule([](auto& w) { w.token("TaskToken", std::string(8193, 't')); }) ==
          "TaskToken is 8193 bytes; the limit is 8192 bytes");
    CHECK(broken_rule([](auto& w) { w.token("TaskToken", std::string("a\nb")); }) ==
          "TaskToken must not contain control characters (byte 0x0A)");
    CHECK(broken_rule([](auto& w) { w.optional_token("NextToken", std::string()); }).empty());  // the first page
    CHECK(broken_rule([](auto& w) { w.integer("Limit", 100LL, 1, 99); }) == "Limit must be from 1 to 99 (got 100)");
    CHECK(broken_rule([](auto& w) { w.integer("Limit", 0LL, 1, 99); }) == "Limit must be from 1 to 99 (got 0)");
    CHECK(broken_rule([](auto& w) { w.status("Status", ExecutionStatus::unknown); }) ==
          "Status must be a status the service knows, not unknown");

    const RequestLimits limits;
    ParameterWriter w(limits);
    w.integer("Limit", 99LL, 1, 99);
    w.boolean("MetadataOnly", true);
    w.time("StartedTimeBegin", Timestamp(std::chrono::milliseconds(1'546'304'461'001)));
    w.status("Status", ExecutionStatus::timed_out);
    w.optional_token("NextToken", std::string("opaque=/+"));
    const auto params = std::move(w).done();
    REQUIRE(params);
    CHECK(*params == Parameters{{"Limit", "99"},
                                {"MetadataOnly", "true"},
                                {"NextToken", "opaque=/+"},
                                {"StartedTimeBegin", "2019-01-01T01:01:01.001Z"},
                                {"Status", "TimedOut"}});
}

TEST_CASE("parameter writer: a required JSON object names both members", "[operations][parameters]")
{
    CHECK(broken_rule([](auto& w) { w.required_json_object("Output", "output", std::nullopt, std::nullopt); }) ==
          "Output is required: set output or output_json");
    CHECK(broken_rule([](auto& w) {
              w.required_json_object("Output", "output", boost::json::object{}, std::string("{}"));
          }) == "Output is given twice: set either output or output_json, not both");
}
