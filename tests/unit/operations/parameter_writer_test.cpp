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
    w.json_object("Input", boost::json::parse(R"({"a":1})"), std::nullopt);
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
        w.json_object("Input", value, text);
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
