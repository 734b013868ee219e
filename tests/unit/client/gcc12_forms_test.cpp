// The forms of a call that Client's reference comment and docs/api.md call safe on GCC 12, each
// compiled and run: GCC 12 miscompiles a braced aggregate or an initializer list in a statement with
// a co_await, and a co_await in a condition of a coroutine without a local (GCC bugs 101976, 103871,
// 106188). The sanitizer stages run this file too, where a double destruction would be reported.
#include <cloudflow/client.hpp>
#include <cloudflow/testing/mock_transport.hpp>
#include <cloudflow/testing/run.hpp>

#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <memory>
#include <string>

using namespace cloudflow;
using namespace std::chrono_literals;
using testing::MockReply;
using testing::MockTransport;

namespace {

struct Forms {
    boost::asio::io_context ioc;
    std::shared_ptr<MockTransport> transport = std::make_shared<MockTransport>();
    Client client{ioc.get_executor(), config(), transport};

    static ClientConfig config()
    {
        ClientConfig c;
        c.region_id = "cn-hangzhou";
        c.credentials = make_static_credentials("id", "secret");
        return c;
    }

    // Each form sends exactly this one request.
    void check_sent(const char* input = R"({"order":1})")
    {
        const auto sent = transport->requests();
        REQUIRE(sent.size() == 1);
        CHECK(sent[0].action == "StartSyncExecution");
        CHECK(sent[0].params.at("FlowName") == "x");
        CHECK(sent[0].params.at("Input") == input);
        CHECK(transport->unexpected() == 0);
    }
};

// S1: the request in a named variable, its input an initializer list in that declaration.
boost::asio::awaitable<bool> named_request(Client& client)
{
    StartSyncExecutionRequest request{.flow_name = "x", .input = boost::json::object{{"order", 1}}};
    const auto r = co_await client.start_sync_execution(request);
    co_return r.has_value();
}

// S2: the named request moved into the call.
boost::asio::awaitable<bool> moved_request(Client& client)
{
    StartSyncExecutionRequest request{.flow_name = "x", .input = boost::json::object{{"order", 1}}};
    const auto r = co_await client.start_sync_execution(std::move(request));
    co_return r.has_value();
}

// S3: braced CallOptions in the co_await (trivially destructible: nothing to destroy twice).
boost::asio::awaitable<bool> braced_options(Client& client)
{
    StartSyncExecutionRequest request{.flow_name = "x", .input = boost::json::object{{"order", 1}}};
    const auto r = co_await client.start_sync_execution(request, {.timeout = 10s, .max_attempts = 2});
    co_return r.has_value();
}

// S4: named options.
boost::asio::awaitable<bool> named_options(Client& client)
{
    StartSyncExecutionRequest request{.flow_name = "x", .input = boost::json::object{{"order", 1}}};
    const CallOptions options{.timeout = 10s, .max_attempts = 2};
    const auto r = co_await client.start_sync_execution(request, options);
    co_return r.has_value();
}

// S5: the braced request in a statement without co_await; the awaitable is lazy and owns it.
boost::asio::awaitable<bool> awaitable_first(Client& client)
{
    auto call = client.start_sync_execution({.flow_name = "x", .input = boost::json::object{{"order", 1}}});
    const auto r = co_await std::move(call);
    co_return r.has_value();
}

// S6: the result in a variable, then the condition; this coroutine declares nothing else.
boost::asio::awaitable<int> result_then_condition(Client& client, StartSyncExecutionRequest request)
{
    const auto r = co_await client.start_sync_execution(std::move(request));
    if (!r) co_return 1;
    co_return 0;
}

// S7: the flow name and a named input object, copied, moved, with braced options.
boost::asio::awaitable<int> name_and_input(Client& client)
{
    boost::json::object input{{"order", 1}};
    int ok = 0;
    ok += (co_await client.start_sync_execution("x", input)).has_value();
    ok += (co_await client.start_sync_execution("x", std::move(input), {.timeout = 10s})).has_value();
    co_return ok;
}

// S8: the flow name and an input parsed inline (no initializer list, no aggregate).
boost::asio::awaitable<bool> parsed_input(Client& client)
{
    const auto r = co_await client.start_sync_execution("x", boost::json::parse(R"({"order":1})").as_object());
    co_return r.has_value();
}

}  // namespace

TEST_CASE("GCC 12: a named request, moved or not, with braced or named options", "[client][gcc12]")
{
    {
        Forms f;
        f.transport->push(MockReply::execution("x", "Succeeded"));
        CHECK(testing::run(f.ioc, named_request(f.client)));
        f.check_sent();
    }
    {
        Forms f;
        f.transport->push(MockReply::execution("x", "Succeeded"));
        CHECK(testing::run(f.ioc, moved_request(f.client)));
        f.check_sent();
    }
    {
        Forms f;
        f.transport->push(MockReply::execution("x", "Succeeded"));
        CHECK(testing::run(f.ioc, braced_options(f.client)));
        f.check_sent();
    }
    {
        Forms f;
        f.transport->push(MockReply::execution("x", "Succeeded"));
        CHECK(testing::run(f.ioc, named_options(f.client)));
        f.check_sent();
    }
}

TEST_CASE("GCC 12: the awaitable made before the co_await; the result stored before a condition", "[client][gcc12]")
{
    {
        Forms f;
        f.transport->push(MockReply::execution("x", "Succeeded"));
        CHECK(testing::run(f.ioc, awaitable_first(f.client)));
        f.check_sent();
    }
    {
        Forms f;
        f.transport->push(MockReply::service_error(404, "FlowNotExists", "no such flow"));
        StartSyncExecutionRequest request;
        request.flow_name = "x";
        request.input_json = R"({"order":1})";
        CHECK(testing::run(f.ioc, result_then_condition(f.client, request)) == 1);
        f.check_sent();
    }
}

TEST_CASE("GCC 12: the flow name and the input, named or parsed", "[client][gcc12]")
{
    {
        Forms f;
        f.transport->push(MockReply::execution("x", "Succeeded")).push(MockReply::execution("x", "Succeeded"));
        CHECK(testing::run(f.ioc, name_and_input(f.client)) == 2);
        const auto sent = f.transport->requests();
        REQUIRE(sent.size() == 2);
        for (const auto& r : sent) CHECK(r.params.at("Input") == R"({"order":1})");
    }
    {
        Forms f;
        f.transport->push(MockReply::execution("x", "Succeeded"));
        CHECK(testing::run(f.ioc, parsed_input(f.client)));
        f.check_sent();
    }
}

TEST_CASE("start_execution with the flow, the name and the input", "[client][gcc12]")
{
    Forms f;
    f.transport->push(testing::MockReply::respond(
        200,
        R"({"RequestId":"r","FlowName":"x","Name":"order-1","Status":"Running","StartedTime":"2024-01-01T00:00:00Z"})"));
    boost::json::object input{{"order", 1}};
    const auto r = testing::run(f.ioc, f.client.start_execution("x", "order-1", input));
    REQUIRE(r);
    CHECK(r->name == "order-1");
    const auto sent = f.transport->requests();
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].params.at("ExecutionName") == "order-1");
    CHECK(sent[0].params.at("Input") == R"({"order":1})");
}
