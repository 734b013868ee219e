#include <cloudflow/testing/manual_clock.hpp>
#include <cloudflow/testing/mock_transport.hpp>

#include "support/run.hpp"

#include <boost/asio/io_context.hpp>

#include "support/catch_result.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace cloudflow::testing;
using namespace std::chrono_literals;

namespace {

HttpRequest form_post(std::string body)
{
    HttpRequest r;
    r.method = "POST";
    r.scheme = "https";
    r.host = "example.invalid";
    r.target = "/?Action=StartSyncExecution&Version=2019-03-15";
    r.body = std::move(body);
    return r;
}

}  // namespace

TEST_CASE("mock transport: scripted replies in order, requests recorded and decoded", "[mock]")
{
    boost::asio::io_context ioc;
    auto clock = std::make_shared<ManualClock>();
    MockTransport mock(clock);
    mock.push(MockReply::respond(200, "first", {{"X-Test", "1"}}))
        .push(MockReply::failure(errc::connection_failed, "refused"))
        .push(MockReply::respond(500, "late").after(2s));

    const auto deadline = clock->now() + 10s;
    auto r1 = test::run(ioc, mock.send(form_post("FlowName=f&Input=%7B%22k%22%3A%22v%20w%22%7D"), deadline));
    REQUIRE(r1);
    CHECK(r1->status == 200);
    CHECK(r1->body == "first");
    CHECK(find_header(r1->headers, "x-test") == "1");

    auto r2 = test::run(ioc, mock.send(form_post(""), deadline));
    REQUIRE_FALSE(r2);
    CHECK(r2.error().code == errc::connection_failed);
    CHECK(r2.error().message == "refused");

    auto r3 = test::run(ioc, mock.send(form_post(""), deadline));
    REQUIRE(r3);
    CHECK(r3->status == 500);
    CHECK(clock->sleeps() == std::vector<std::chrono::steady_clock::duration>{2s});

    const auto requests = mock.requests();
    REQUIRE(requests.size() == 3);
    CHECK(requests[0].params.at("Action") == "StartSyncExecution");
    CHECK(requests[0].params.at("FlowName") == "f");
    CHECK(requests[0].params.at("Input") == R"({"k":"v w"})");
    CHECK(requests[0].deadline == deadline);
    CHECK(mock.remaining() == 0);
}

TEST_CASE("mock transport: a reply later than the deadline is a timeout at the deadline", "[mock]")
{
    boost::asio::io_context ioc;
    auto clock = std::make_shared<ManualClock>();
    MockTransport mock(clock);
    mock.push(MockReply::respond(200, "too late").after(5s)).push(MockReply::hang());
    auto r = test::run(ioc, mock.send(form_post(""), clock->now() + 1s));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::timeout);
    r = test::run(ioc, mock.send(form_post(""), clock->now() + 3s));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::timeout);
    CHECK(clock->sleeps() == std::vector<std::chrono::steady_clock::duration>{1s, 3s});
}

TEST_CASE("mock transport: a handler answers when the script is empty, otherwise a failure", "[mock]")
{
    boost::asio::io_context ioc;
    MockTransport mock;
    auto r = test::run(ioc, mock.send(form_post("FlowName=x"), std::chrono::steady_clock::now() + 1s));
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::network_failure);
    CHECK(mock.unexpected() == 1);

    mock.on_request([](const RecordedRequest& req) { return MockReply::respond(201, req.params.at("FlowName")); });
    r = test::run(ioc, mock.send(form_post("FlowName=x"), std::chrono::steady_clock::now() + 1s));
    REQUIRE(r);
    CHECK(r->status == 201);
    CHECK(r->body == "x");
    CHECK(mock.request_count() == 2);
}

TEST_CASE("mock transport: canned bodies are what the service writes", "[mock]")
{
    const auto ok = std::get<HttpResponse>(MockReply::execution("f", "Succeeded", R"({"a":1})", "rid").outcome);
    CHECK(ok.status == 200);
    CHECK(ok.body.find(R"("Output":"{\"a\":1}")") != std::string::npos);
    const auto err = std::get<HttpResponse>(MockReply::service_error(404, "FlowNotExists", "gone", "rid").outcome);
    CHECK(err.status == 404);
    CHECK(err.body.find(R"("Code":"FlowNotExists")") != std::string::npos);
}

TEST_CASE("mock transport: a handler may use the mock itself", "[mock]")
{
    boost::asio::io_context ioc;
    MockTransport mock;
    mock.on_request(
        [&mock](const RecordedRequest&) { return MockReply::respond(200, std::to_string(mock.request_count())); });
    auto r = test::run(ioc, mock.send(form_post(""), std::chrono::steady_clock::now() + 1s));
    REQUIRE(r);
    CHECK(r->body == "1");
}

TEST_CASE("mock transport: on_action answers by Action, before on_request", "[mock]")
{
    boost::asio::io_context ioc;
    MockTransport mock;
    mock.on_action("DescribeExecution",
                   [](const RecordedRequest& r) { return MockReply::respond(200, "{\"for\":\"" + r.action + "\"}"); });
    mock.on_request([](const RecordedRequest&) { return MockReply::respond(404, "{}"); });

    HttpRequest v1;
    v1.method = "GET";
    v1.target = "/?Action=DescribeExecution&FlowName=f";
    const auto described = cloudflow::test::run(ioc, mock.send(v1, std::chrono::steady_clock::now() + 1s));
    REQUIRE(described);
    CHECK(described->body == R"({"for":"DescribeExecution"})");

    HttpRequest v3;
    v3.method = "POST";
    v3.target = "/";
    v3.headers = {{"x-acs-action", "DescribeExecution"}};
    CHECK(cloudflow::test::run(ioc, mock.send(v3, std::chrono::steady_clock::now() + 1s))->status == 200);

    HttpRequest other;
    other.method = "GET";
    other.target = "/?Action=ListFlows";
    CHECK(cloudflow::test::run(ioc, mock.send(other, std::chrono::steady_clock::now() + 1s))->status == 404);
    CHECK(mock.requests().at(2).action == "ListFlows");
}
