#include "operations/json_reader.hpp"

#include "support/catch_result.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using detail::JsonReader;

namespace {

boost::json::object object(std::string_view text)
{
    return boost::json::parse(text).as_object();
}

}  // namespace

TEST_CASE("json reader: typed fields, absent and empty optional fields", "[operations][json]")
{
    const auto o = object(R"({"RequestId":"r-1","Name":"n","Status":"Running","Empty":"","Null":null,
                              "Output":"{\"a\":[1,2]}","StartedTime":"2019-01-01T01:01:01.001Z"})");
    JsonReader in(o, 1000);
    std::string name, status_text;
    ExecutionStatus status = ExecutionStatus::unknown;
    std::optional<std::string> empty, null, absent;
    std::optional<boost::json::value> output;
    std::optional<Timestamp> started, stopped;
    in.required("Name", name);
    in.status("Status", status, status_text);
    in.optional("Empty", empty);
    in.optional("Null", null);
    in.optional("Absent", absent);
    in.json_text("Output", output);
    in.time("StartedTime", started);
    in.time("StoppedTime", stopped);
    REQUIRE(in.ok());
    CHECK(in.request_id() == "r-1");
    CHECK(name == "n");
    CHECK(status == ExecutionStatus::running);
    CHECK(status_text == "Running");
    CHECK_FALSE(empty);
    CHECK_FALSE(null);
    CHECK_FALSE(absent);
    CHECK(output == boost::json::parse(R"({"a":[1,2]})"));
    REQUIRE(started);
    CHECK_FALSE(stopped);
}

TEST_CASE("json reader: the first problem is kept, with the RequestId", "[operations][json]")
{
    const auto o = object(R"({"RequestId":"r-2","Name":7,"Output":"{","StartedTime":"yesterday"})");
    JsonReader in(o, 1000);
    std::string flow, name;
    std::optional<boost::json::value> output;
    std::optional<Timestamp> started;
    in.required("FlowName", flow);
    in.required("Name", name);
    in.json_text("Output", output);
    in.time("StartedTime", started);
    REQUIRE_FALSE(in.ok());
    CHECK(in.error()->code == errc::malformed_response);
    CHECK(in.error()->message == "the response has no FlowName");
    CHECK(in.error()->request_id == "r-2");

    for (const auto& [field, message] :
         {std::pair<std::string_view, std::string_view>{"Name", "the response field Name is not a string"},
          {"Output", "the response field Output is not JSON"},
          {"StartedTime", "the response field StartedTime is not an ISO 8601 time"}}) {
        INFO(field);
        JsonReader one(o, 1000);
        if (field == "Name") one.required(field, name);
        if (field == "Output") one.json_text(field, output);
        if (field == "StartedTime") one.time(field, started);
        REQUIRE_FALSE(one.ok());
        CHECK(one.error()->message.starts_with(message));
    }
}

TEST_CASE("json reader: JSON-text members obey the depth limit", "[operations][json]")
{
    const std::string deep = std::string(41, '[') + std::string(41, ']');
    const auto o = object(R"({"Output":")" + deep + R"("})");
    std::optional<boost::json::value> output;
    JsonReader generous(o, 1000);
    generous.json_text("Output", output);
    CHECK(generous.ok());
    JsonReader strict(o, 40);
    strict.json_text("Output", output);
    CHECK_FALSE(strict.ok());
}

TEST_CASE("json reader: a body must be a JSON object", "[operations][json]")
{
    CHECK(detail::parse_json_object(R"({"a":1})", 1000));
    for (const std::string_view body : {"", "[1]", "\"text\"", "{", "<html></html>"}) {
        INFO(body);
        const auto r = detail::parse_json_object(body, 1000);
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::malformed_response);
    }
}
