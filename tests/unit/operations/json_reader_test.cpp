#include "operations/json_reader.hpp"

#include "support/catch_result.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <thread>

using namespace cloudflow;
using detail::JsonReader;

namespace {

boost::json::object object(std::string_view text)
{
    return boost::json::parse(text).as_object();
}

}  // namespace

// Found by the TSan stage: a JSON text field parsed into a monotonic resource of its own made every
// copy of it (a boost::json::value copy shares its source's resource) allocate from that one
// resource, so two threads copying a response's Output raced. The value is of the default storage.
TEST_CASE("json reader: a JSON text field is a value of the default storage, past the reader and the document",
          "[operations][json]")
{
    std::string big = R"({"items":[)";
    for (int i = 0; i < 200; ++i) big += (i ? "," : "") + std::string(R"({"id":")") + std::to_string(i) + R"("})";
    big += "]}";
    std::optional<boost::json::value> small_output, big_output;
    {
        const auto o = object(R"({"RequestId":"r-9","Output":"{\"orderId\":\"A-1\",\"ok\":true}","Big":)" +
                              boost::json::serialize(boost::json::value(big)) + "}");
        JsonReader in(o, 1000);
        in.json_text("Output", small_output);
        in.json_text("Big", big_output);
        REQUIRE(in.ok());
        CHECK(in.request_id() == "r-9");
    }  // the reader and the answer's document are gone
    REQUIRE(small_output);
    REQUIRE(big_output);
    CHECK(small_output->storage().get() == boost::json::storage_ptr().get());
    CHECK(big_output->storage().get() == boost::json::storage_ptr().get());
    CHECK(*small_output == boost::json::parse(R"({"orderId":"A-1","ok":true})"));
    CHECK(*big_output == boost::json::parse(big));
    // Copies on two threads at once, as a service's workers may make them (the TSan stage checks it).
    const boost::json::value& source = *big_output;
    std::size_t a = 0, b = 0;
    std::thread other([&] {
        for (int i = 0; i < 20; ++i) a += boost::json::value(source).at("items").as_array().size();
    });
    for (int i = 0; i < 20; ++i) b += boost::json::value(source).at("items").as_array().size();
    other.join();
    CHECK(a == 20 * 200);
    CHECK(b == 20 * 200);
}

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

TEST_CASE("json reader: integers", "[operations][json]")
{
    const auto o = object(R"({"RequestId":"r","A":1,"B":-2,"Big":18446744073709551615,"F":1.5,"S":"3","N":null})");
    std::int64_t a = 0, b = 0, n = 7;
    JsonReader in(o, 1000);
    in.integer("A", a);
    in.integer("B", b);
    in.integer("N", n);
    in.integer("Absent", n);
    REQUIRE(in.ok());
    CHECK(a == 1);
    CHECK(b == -2);
    CHECK(n == 7);  // absent and null leave it

    for (const char* key : {"Big", "F", "S"}) {
        INFO(key);
        JsonReader bad(o, 1000);
        std::int64_t x = 0;
        bad.integer(key, x);
        REQUIRE_FALSE(bad.ok());
        CHECK(bad.error()->message == "the response field " + std::string(key) + " is not an integer");
    }
    JsonReader missing(o, 1000);
    std::int64_t x = 0;
    missing.integer("EventId", x, true);
    CHECK(missing.error()->message == "the response has no EventId");
}

TEST_CASE("json reader: nested objects and arrays of objects name the path of a problem", "[operations][json]")
{
    struct Item {
        std::string name;
        std::optional<std::string> value;
    };
    const auto read_item = [](JsonReader& in, Item& item) {
        in.required("Name", item.name);
        in.optional("Value", item.value);
    };

    const auto o = object(R"({"RequestId":"r-9","Env":{"Variables":[{"Name":"a","Value":"1"},{"Name":"b"}]}})");
    JsonReader in(o, 1000);
    std::vector<Item> items;
    in.object("Env", [&](JsonReader& env) { env.objects("Variables", items, read_item); });
    REQUIRE(in.ok());
    REQUIRE(items.size() == 2);
    CHECK(items[0].name == "a");
    CHECK(items[0].value == "1");
    CHECK(items[1].name == "b");
    CHECK_FALSE(items[1].value);

    const std::pair<const char*, const char*> broken[] = {
        {R"({"RequestId":"r-9","Env":{"Variables":[{"Name":"a"},{"Value":"1"}]}})",
         "the response has no Env.Variables[1].Name"},
        {R"({"RequestId":"r-9","Env":{"Variables":[{"Name":1}]}})",
         "the response field Env.Variables[0].Name is not a string"},
        {R"({"RequestId":"r-9","Env":{"Variables":[7]}})", "the response field Env.Variables[0] is not an object"},
        {R"({"RequestId":"r-9","Env":{"Variables":{}}})", "the response field Env.Variables is not an array"},
        {R"({"RequestId":"r-9","Env":[]})", "the response field Env is not an object"},
    };
    for (const auto& [body, message] : broken) {
        INFO(body);
        const auto bad = object(body);
        JsonReader reader(bad, 1000);
        std::vector<Item> out;
        reader.object("Env", [&](JsonReader& env) { env.objects("Variables", out, read_item); });
        REQUIRE_FALSE(reader.ok());
        CHECK(reader.error()->message == message);
        CHECK(reader.error()->request_id == "r-9");  // nested problems keep the answer's RequestId
    }
}
