// The emulator's answers: a success body is the handler's members after a RequestId.
#include "rpc/replies.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <string>

using cloudflow::local::Replies;
namespace json = boost::json;

TEST_CASE("emulator replies: ok puts the RequestId first, then the body's members in their order",
          "[emulator][replies]")
{
    Replies replies(7, "host-1");
    json::object body;
    body["Name"] = "order-42";
    body["Output"] = R"({"a":"\"quoted\""})";
    body["Count"] = 3;
    body["Nested"] = json::object{{"k", json::array{1, 2}}};
    body["Amount"] = 129.5;  // a double: the emulator's own writer, not Boost.JSON's
    const auto reply = replies.ok(body);
    CHECK(reply.status == 200);
    const json::value parsed = json::parse(reply.body);
    const json::object& out = parsed.as_object();
    REQUIRE(out.size() == 6);
    auto it = out.begin();
    CHECK(it->key() == "RequestId");
    CHECK(it->value().as_string().size() == 36);
    CHECK((++it)->key() == "Name");
    CHECK((++it)->key() == "Output");
    CHECK(it->value() == R"({"a":"\"quoted\""})");
    CHECK((++it)->key() == "Count");
    CHECK((++it)->key() == "Nested");
    CHECK(it->value() == json::parse(R"({"k":[1,2]})"));
    CHECK((++it)->key() == "Amount");
    CHECK(it->value() == 129.5);
}

TEST_CASE("emulator replies: an empty body is the RequestId alone, and a body's own RequestId is not kept",
          "[emulator][replies]")
{
    Replies replies(7, "host-1");
    const json::value empty = json::parse(replies.ok({}).body);
    REQUIRE(empty.as_object().size() == 1);
    CHECK(empty.at("RequestId").as_string().size() == 36);

    const json::value one = json::parse(replies.ok(json::object{{"RequestId", "mine"}, {"Name", "n"}}).body);
    REQUIRE(one.as_object().size() == 2);
    CHECK(one.at("RequestId") != "mine");
    CHECK(one.at("Name") == "n");
}

TEST_CASE("emulator replies: the same seed gives the same RequestIds", "[emulator][replies]")
{
    Replies a(42, "h"), b(42, "h");
    CHECK(json::parse(a.ok({}).body) == json::parse(b.ok({}).body));
}
