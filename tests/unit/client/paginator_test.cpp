// Paginator: follows NextToken, stops on an absent, empty or repeated one, and walks items across
// pages; a failed page can be asked for again.
#include <cloudflow/paginator.hpp>
#include <cloudflow/testing/replies.hpp>

#include "support/catch_result.hpp"
#include "support/mock_fixture.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using testing::MockReply;
namespace replies = testing::replies;

namespace {

std::vector<Execution> executions(std::initializer_list<const char*> names)
{
    std::vector<Execution> out;
    for (const char* name : names) {
        Execution e;
        e.flow_name = "orders";
        e.name = name;
        e.status = ExecutionStatus::succeeded;
        out.push_back(e);
    }
    return out;
}

// Every item's name, across pages.
std::vector<std::string> names(test::MockFixture& f, Paginator<ListExecutionsRequest>& pages)
{
    std::vector<std::string> out;
    for (;;) {
        auto item = f.run(pages.next_item());
        REQUIRE(item);
        if (!*item) break;
        out.push_back((*item)->name);
    }
    return out;
}

}  // namespace

TEST_CASE("paginator: every page until one without a NextToken", "[client][paginator]")
{
    test::MockFixture f;
    f.transport->push(replies::list_executions(executions({"a", "b"}), "t1"));
    f.transport->push(replies::list_executions({}, "t2"));  // an empty page in the middle
    f.transport->push(replies::list_executions(executions({"c"})));
    Paginator pages(f.client(), ListExecutionsRequest{.flow_name = "orders", .limit = 2});

    CHECK(names(f, pages) == std::vector<std::string>{"a", "b", "c"});
    CHECK(pages.done());
    CHECK(pages.pages() == 3);
    const auto requests = f.transport->requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[0].params.count("NextToken") == 0);
    CHECK(requests[1].params.at("NextToken") == "t1");
    CHECK(requests[2].params.at("NextToken") == "t2");
    CHECK(requests[2].params.at("Limit") == "2");

    const auto after = f.run(pages.next());
    REQUIRE_FALSE(after);
    CHECK(after.error().code == errc::invalid_request);
    CHECK(f.transport->request_count() == 3);
}

TEST_CASE("paginator: an empty or repeated NextToken ends the walk", "[client][paginator]")
{
    test::MockFixture f;
    f.transport->push(replies::list_executions(executions({"a"}), ""));
    Paginator empty(f.client(), ListExecutionsRequest{.flow_name = "orders"});
    CHECK(names(f, empty) == std::vector<std::string>{"a"});

    // A service that hands back the same token would loop for ever.
    f.transport->push(replies::list_executions(executions({"a"}), "same"));
    f.transport->push(replies::list_executions(executions({"b"}), "same"));
    f.transport->push(replies::list_executions(executions({"c"}), "other"));
    Paginator looping(f.client(), ListExecutionsRequest{.flow_name = "orders"});
    CHECK(names(f, looping) == std::vector<std::string>{"a", "b"});
    CHECK(f.transport->remaining() == 1);
}

TEST_CASE("paginator: a failed page is asked for again with the same token", "[client][paginator]")
{
    test::MockFixture f;
    f.transport->push(replies::list_executions(executions({"a"}), "t1"));
    f.transport->push(MockReply::service_error(400, "InvalidArgument", "bad"));
    f.transport->push(replies::list_executions(executions({"b"})));
    Paginator pages(f.client(), ListExecutionsRequest{.flow_name = "orders"});
    REQUIRE(f.run(pages.next_item()));
    const auto failed = f.run(pages.next_item());
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code == errc::invalid_argument);
    CHECK_FALSE(pages.done());
    const auto b = f.run(pages.next_item());
    REQUIRE(b);
    CHECK((*b)->name == "b");
    CHECK(f.transport->requests()[2].params.at("NextToken") == "t1");
}

TEST_CASE("paginator: GetExecutionHistory pages", "[client][paginator]")
{
    test::MockFixture f;
    HistoryEvent started{.event_id = 1, .type = EventType::execution_started};
    HistoryEvent ended{.event_id = 2, .schedule_event_id = 1, .type = EventType::execution_succeeded};
    f.transport->push(replies::get_execution_history({started}, "2"));
    f.transport->push(replies::get_execution_history({ended}));
    Paginator pages(f.client(), GetExecutionHistoryRequest{.flow_name = "orders", .execution_name = "e"});
    std::vector<EventType> types;
    for (;;) {
        auto event = f.run(pages.next_item());
        REQUIRE(event);
        if (!*event) break;
        types.push_back((*event)->type);
    }
    CHECK(types == std::vector<EventType>{EventType::execution_started, EventType::execution_succeeded});
}
