// GetExecutionHistory's descriptor: the limits, typed events of the API reference.
#include "operations/get_execution_history.hpp"

#include "support/catch_result.hpp"
#include "support/fixtures.hpp"

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using detail::GetExecutionHistory;

TEST_CASE("GetExecutionHistory encode: Limit 1 to 999", "[operations][execution-history]")
{
    GetExecutionHistoryRequest r{.flow_name = "orders", .execution_name = "order-42", .limit = 999, .next_token = "3"};
    CHECK(*GetExecutionHistory::encode(r, {}) ==
          Parameters{{"ExecutionName", "order-42"}, {"FlowName", "orders"}, {"Limit", "999"}, {"NextToken", "3"}});
    r.limit = 1000;
    CHECK(GetExecutionHistory::encode(r, {}).error().field == "Limit");
}

TEST_CASE("GetExecutionHistory decode: typed events of the API reference", "[operations][execution-history]")
{
    const auto r = detail::decode_body<GetExecutionHistory>(test::fnf_fixture("GetExecutionHistory"), 1000);
    REQUIRE(r);
    CHECK(r->next_token == "3");
    REQUIRE(r->events.size() == 2);
    CHECK(r->events[0].event_id == 1);
    CHECK(r->events[0].type == EventType::execution_started);
    CHECK(r->events[1].schedule_event_id == 1);
    CHECK(r->events[1].type == EventType::step_entered);
    CHECK(r->events[1].step_name == "mypass");
    CHECK(r->events[1].detail == boost::json::parse(R"({"input":{"key":"value"}})"));

    const auto unknown = detail::decode_body<GetExecutionHistory>(
        R"({"RequestId":"r","Events":[{"EventId":9,"Type":"SomethingNew"}]})", 1000);
    REQUIRE(unknown);
    CHECK(unknown->events[0].type == EventType::unknown);
    CHECK(unknown->events[0].type_text == "SomethingNew");

    const auto broken =
        detail::decode_body<GetExecutionHistory>(R"({"RequestId":"r","Events":[{"Type":"StepEntered"}]})", 1000);
    REQUIRE_FALSE(broken);
    CHECK(broken.error().message == "the response has no Events[0].EventId");
}

TEST_CASE("EventType: every spelling of the API reference parses back", "[operations][execution-history]")
{
    for (int i = 0; i < static_cast<int>(EventType::unknown); ++i) {
        const auto type = static_cast<EventType>(i);
        CHECK(parse_event_type(to_string(type)) == type);
    }
    CHECK(parse_event_type("stepentered") == EventType::unknown);
}
