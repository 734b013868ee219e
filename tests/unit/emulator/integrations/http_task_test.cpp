// HTTP:Request against real servers on loopback: the request Parameters describe, the output's
// shape, the callback header, and each way an exchange fails.
#include "integrations/http_task.hpp"

#include "support/fake_http_server.hpp"
#include "support/raw_server.hpp"
#include "support/run.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace cloudflow::local;
using namespace std::chrono_literals;
namespace json = boost::json;

namespace {

struct HttpTask {
    boost::asio::io_context ioc;
    Outbound outbound;

    explicit HttpTask(OutboundOptions options = {}) : outbound(ioc.get_executor(), std::move(options)) {}

    TaskResult run(json::value parameters, TaskMode mode = TaskMode::request_complete,
                   std::chrono::milliseconds timeout = 10s)
    {
        TaskCall call;
        call.flow = "f";
        call.execution = "e";
        call.state = "Call";
        call.action = "HTTP:Request";
        call.mode = mode;
        call.parameters = std::move(parameters);
        call.token = "token-123";
        call.deadline = std::chrono::steady_clock::now() + timeout;
        return test::run(ioc, http_request(outbound, call));
    }
};

json::value params(const std::string& url, const std::string& method = "GET")
{
    return json::object{{"url", url}, {"method", method}};
}

std::string header(const test::ReceivedRequest& r, std::string_view name)
{
    const auto value = find_header(r.headers, name);
    return value ? std::string(*value) : std::string("(none)");
}

int count_headers(const test::ReceivedRequest& r, std::string_view name)
{
    int n = 0;
    for (const auto& h : r.headers) n += find_header(Headers{h}, name) ? 1 : 0;
    return n;
}

// A port on 127.0.0.1 where nothing listens (it was free a moment ago).
unsigned short closed_port()
{
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor acceptor(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    return acceptor.local_endpoint().port();
}

void require_failure(const TaskResult& r, std::string_view error)
{
    INFO(r.error + ": " + r.cause);
    REQUIRE(r.kind == TaskResult::Kind::failed);
    CHECK(r.error == error);
}

}  // namespace

TEST_CASE("http task: the output is Header, Code and Body", "[emulator][http]")
{
    test::FakeHttpServer server([](const test::ReceivedRequest&) {
        return HttpResponse{201, {{"X-Answer", "yes"}, {"Content-Type", "text/plain"}}, "created"};
    });
    HttpTask task;
    const auto result = task.run(params(server.url() + "/orders/7?expand=items&x=%20"));
    REQUIRE(result.kind == TaskResult::Kind::succeeded);
    const auto& out = result.output.as_object();
    CHECK(out.size() == 3);
    CHECK(out.at("Code") == json::value(201));
    CHECK(out.at("Body") == json::value("created"));
    CHECK(out.at("Header").at("X-Answer") == json::value("yes"));
    CHECK(out.at("Header").at("Content-Type") == json::value("text/plain"));
    CHECK(out.at("Header").at("Content-Length") == json::value("7"));

    REQUIRE(server.requests().size() == 1);
    const auto request = server.requests()[0];
    CHECK(request.method == "GET");
    CHECK(request.target == "/orders/7?expand=items&x=%20");
    CHECK(request.body.empty());
    CHECK(header(request, "Content-Type") == "(none)");
    CHECK(header(request, "X-FnF-Http-Callback-Task-Token") == "(none)");
}

TEST_CASE("http task: any status completes the task, the flow reads Code", "[emulator][http]")
{
    test::FakeHttpServer server([](const test::ReceivedRequest& r) {
        return HttpResponse{r.target == "/missing" ? 404 : 500, {}, "{\"error\":true}"};
    });
    HttpTask task;
    for (const auto& [path, status] : {std::pair{"/missing", 404}, {"/broken", 500}}) {
        const auto result = task.run(params(server.url() + path));
        REQUIRE(result.kind == TaskResult::Kind::succeeded);
        CHECK(result.output.at("Code") == json::value(status));
        CHECK(result.output.at("Body") == json::value("{\"error\":true}"));  // text, as it came
    }
}

TEST_CASE("http task: the methods, in any case", "[emulator][http]")
{
    test::FakeHttpServer server([](const test::ReceivedRequest& r) { return HttpResponse{200, {}, r.method}; });
    HttpTask task;
    for (const auto& [written, sent] : {std::pair{"GET", "GET"},
                                        {"Get", "GET"},
                                        {"post", "POST"},
                                        {"PATCH", "PATCH"},
                                        {"Put", "PUT"},
                                        {"delete", "DELETE"}}) {
        const auto result = task.run(params(server.url() + "/", written));
        REQUIRE(result.kind == TaskResult::Kind::succeeded);
        CHECK(result.output.at("Body") == json::value(sent));
    }
    const auto seen = server.requests();
    REQUIRE(seen.size() == 6);
    CHECK(seen[2].method == "POST");
    CHECK(seen[5].method == "DELETE");

    for (const json::value& method : {json::value("TRACE"), json::value("CONNECT"), json::value(""), json::value(1)}) {
        const auto result = task.run(json::object{{"url", server.url()}, {"method", method}});
        require_failure(result, "FnF.RuntimeError");
        CHECK(result.cause == "HTTP:Request: Parameters.method must be one of GET, POST, PATCH, PUT, DELETE, HEAD "
                              "(any case)");
    }
    CHECK(server.requests().size() == 6);
}

TEST_CASE("http task: a HEAD answer has no body, whatever its Content-Length says", "[emulator][http]")
{
    std::string seen;
    test::RawServer server([&](const test::RawServer::Connection& c) {
        c.send("HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-Head: 1\r\n\r\n");
        c.closed_within(5s);  // the connection stays open: the answer must be complete without its end
    });
    HttpTask task;
    const auto result = task.run(params(server.url() + "/", "head"), TaskMode::request_complete, 3s);
    INFO(result.error + ": " + result.cause);
    REQUIRE(result.kind == TaskResult::Kind::succeeded);
    CHECK(result.output.at("Code") == json::value(200));
    CHECK(result.output.at("Body") == json::value(""));
    CHECK(result.output.at("Header").at("Content-Length") == json::value("5"));
}

TEST_CASE("http task: headers are sent, answer headers that repeat are joined", "[emulator][http]")
{
    test::RawServer server([](const test::RawServer::Connection& c) {
        c.send("HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nX-Multi: one\r\nset-cookie: b=2\r\nX-Multi: two\r\n"
               "Content-Length: 2\r\nConnection: close\r\n\r\nok");
    });
    HttpTask task;
    const auto result = task.run(params(server.url()));
    REQUIRE(result.kind == TaskResult::Kind::succeeded);
    CHECK(result.output.at("Header").at("Set-Cookie") == json::value("a=1, b=2"));
    CHECK(result.output.at("Header").at("X-Multi") == json::value("one, two"));
    CHECK_FALSE(result.output.at("Header").as_object().contains("set-cookie"));

    test::FakeHttpServer echo([](const test::ReceivedRequest&) { return HttpResponse{204, {}, ""}; });
    json::value p = params(echo.url(), "POST");
    p.as_object()["headers"] = json::object{{"X-Trace", "abc"}, {"Authorization", "Bearer s3cret"}};
    REQUIRE(task.run(p).kind == TaskResult::Kind::succeeded);
    CHECK(header(echo.requests().at(0), "X-Trace") == "abc");
    CHECK(header(echo.requests().at(0), "Authorization") == "Bearer s3cret");
}

TEST_CASE("http task: headers that could break the request are refused, their values unquoted", "[emulator][http]")
{
    test::FakeHttpServer server([](const test::ReceivedRequest&) { return HttpResponse{200, {}, ""}; });
    HttpTask task;
    const auto with_headers = [&](json::object headers) {
        json::value p = params(server.url());
        p.as_object()["headers"] = std::move(headers);
        return task.run(p);
    };
    auto r = with_headers({{"X-Secret", "s3cret\r\nX-Injected: 1"}});
    require_failure(r, "FnF.RuntimeError");
    CHECK(r.cause == "HTTP:Request: Parameters.headers.X-Secret must not hold CR, LF or NUL");
    r = with_headers({{"Bad Name", "v"}});
    require_failure(r, "FnF.RuntimeError");
    CHECK(r.cause == "HTTP:Request: Parameters.headers.Bad Name is not a header name (letters, digits and "
                     "!#$%&'*+-.^_`|~)");
    r = with_headers({{"X-Number", 5}});
    CHECK(r.cause == "HTTP:Request: Parameters.headers.X-Number must be a string");
    for (const char* reserved : {"Host", "content-length", "Transfer-Encoding", "Connection"}) {
        r = with_headers({{reserved, "x"}});
        require_failure(r, "FnF.RuntimeError");
        CHECK(r.cause == "HTTP:Request: Parameters.headers." + std::string(reserved) +
                             " is set by cloudflow-local, not by the flow");
    }
    json::value p = params(server.url());
    p.as_object()["headers"] = json::array{"X-A", "1"};
    r = task.run(p);
    CHECK(r.cause == "HTTP:Request: Parameters.headers must be an object of header names and string values");
    CHECK(server.requests().empty());
}

TEST_CASE("http task: a string body is sent as it is, other JSON as compact JSON", "[emulator][http]")
{
    test::FakeHttpServer server([](const test::ReceivedRequest&) { return HttpResponse{200, {}, ""}; });
    HttpTask task;
    const auto send = [&](json::value body, json::object headers = {}) {
        json::value p = params(server.url(), "POST");
        p.as_object()["body"] = std::move(body);
        if (!headers.empty()) p.as_object()["headers"] = std::move(headers);
        REQUIRE(task.run(p).kind == TaskResult::Kind::succeeded);
        return server.requests().back();
    };
    auto r = send("plain text {not json}");
    CHECK(r.body == "plain text {not json}");
    CHECK(header(r, "Content-Type") == "(none)");

    r = send(json::parse(R"({"order": {"id": 7, "items": [1, 2]}, "note": "caf\u00e9"})"));
    CHECK(json::parse(r.body) == json::parse(R"({"order": {"id": 7, "items": [1, 2]}, "note": "caf\u00e9"})"));
    CHECK(r.body.find(' ') == std::string::npos);  // compact
    CHECK(header(r, "Content-Type") == "application/json");

    r = send(json::array{1, "two", nullptr});
    CHECK(r.body == R"([1,"two",null])");
    r = send(42);
    CHECK(r.body == "42");
    r = send(true);
    CHECK(r.body == "true");

    // The flow's own Content-Type wins (one header, whatever its case).
    r = send(json::object{{"a", 1}}, {{"content-type", "application/vnd.orders+json"}});
    CHECK(r.body == R"({"a":1})");
    CHECK(count_headers(r, "Content-Type") == 1);
    CHECK(header(r, "Content-Type") == "application/vnd.orders+json");

    // null (a path that led nowhere) sends nothing.
    r = send(nullptr);
    CHECK(r.body.empty());
    CHECK(header(r, "Content-Type") == "(none)");
}

TEST_CASE("http task: an answer that is not UTF-8 is made UTF-8", "[emulator][http]")
{
    test::FakeHttpServer server([](const test::ReceivedRequest&) {
        return HttpResponse{200, {{"X-Bytes", "a\xFF"}}, std::string("ok\xFF\xFE", 4)};
    });
    HttpTask task;
    const auto result = task.run(params(server.url()));
    REQUIRE(result.kind == TaskResult::Kind::succeeded);
    CHECK(result.output.at("Body") == json::value("ok\xEF\xBF\xBD\xEF\xBF\xBD"));
    CHECK(result.output.at("Header").at("X-Bytes") == json::value("a\xEF\xBF\xBD"));
}

TEST_CASE("http task: WaitForCustomCallback sends the token and waits for its report", "[emulator][http]")
{
    test::FakeHttpServer server([](const test::ReceivedRequest&) { return HttpResponse{500, {}, "no matter"}; });
    HttpTask task;
    json::value p = params(server.url(), "POST");
    p.as_object()["headers"] = json::object{{"x-fnf-http-callback-task-token", "forged"}};
    const auto result = task.run(p, TaskMode::wait_for_custom_callback);
    CHECK(result.kind == TaskResult::Kind::submitted);  // any status: the request went out
    REQUIRE(server.requests().size() == 1);
    CHECK(count_headers(server.requests()[0], "X-FnF-Http-Callback-Task-Token") == 1);
    CHECK(header(server.requests()[0], "X-FnF-Http-Callback-Task-Token") == "token-123");

    // A request that could not be made is a failure, not a submission.
    const auto refused =
        task.run(params("http://127.0.0.1:" + std::to_string(closed_port()) + "/"), TaskMode::wait_for_custom_callback);
    require_failure(refused, "FnF.TaskFailed");
}

TEST_CASE("http task: WaitForSystemCallback is not supported", "[emulator][http]")
{
    test::FakeHttpServer server([](const test::ReceivedRequest&) { return HttpResponse{200, {}, ""}; });
    HttpTask task;
    const auto result = task.run(params(server.url()), TaskMode::wait_for_system_callback);
    require_failure(result, "FnF.TaskFailed");
    CHECK(result.cause == "HTTP:Request does not support WaitForSystemCallback");
    CHECK(server.requests().empty());
}

TEST_CASE("http task: a host that is not allowed is not called", "[emulator][http]")
{
    HttpTask task;
    const auto result = task.run(params("https://api.example.com/orders?token=s3cret"));
    require_failure(result, "FnF.TaskFailed");
    CHECK(result.cause == "HTTP:Request: the host api.example.com is not allowed: cloudflow-local calls loopback "
                          "hosts, and others only when --allow-http-host names them");
    CHECK(result.cause.find("s3cret") == std::string::npos);
}

TEST_CASE("http task: loopback hosts always, others when allowed (any case, any address spelling)", "[emulator][http]")
{
    boost::asio::io_context ioc;  // nothing is sent: check_url only reads the URL
    const Outbound plain(ioc.get_executor(), {});
    for (const char* url : {"http://127.0.0.1:8080/", "http://127.1.2.3/", "http://[::1]:9000/x", "http://localhost/",
                            "https://LocalHost:8443/", "http://[::ffff:127.0.0.1]/"})
        CHECK(plain.check_url(url).has_value());
    for (const char* url : {"http://10.0.0.1/", "http://128.0.0.1/", "http://localhost.example.com/",
                            "http://127.0.0.1.example.com/", "http://[::2]/", "http://api.example.com/"})
        CHECK_FALSE(plain.check_url(url).has_value());

    OutboundOptions options;
    options.allowed_hosts = {"API.Example.com", "[0:0:0:0:0:0:0:2]", "10.0.0.1"};
    const Outbound allowing(ioc.get_executor(), options);
    for (const char* url :
         {"https://api.example.com/", "http://Api.EXAMPLE.com:81/", "http://[::2]/", "http://10.0.0.1/x"})
        CHECK(allowing.check_url(url).has_value());
    for (const char* url : {"https://example.com/", "https://api.example.com.evil.test/", "http://10.0.0.2/"})
        CHECK_FALSE(allowing.check_url(url).has_value());
}

TEST_CASE("http task: the url must be an http(s) URL without user information", "[emulator][http]")
{
    HttpTask task;
    const auto cause = [&](json::value p) {
        const auto result = task.run(std::move(p));
        require_failure(result, "FnF.RuntimeError");
        return result.cause;
    };
    CHECK(cause(params("ftp://127.0.0.1/")) == "HTTP:Request: Parameters.url must be an http:// or https:// URL");
    CHECK(cause(params("http://user:pw@127.0.0.1/")) ==
          "HTTP:Request: Parameters.url must not hold user information (user:password@)");
    CHECK(cause(params("not a url")) ==
          "HTTP:Request: Parameters.url must be an absolute http:// or https:// URL (it does not parse as a URL)");
    CHECK(cause(params("/relative")) ==
          "HTTP:Request: Parameters.url must be an absolute http:// or https:// URL (it does not parse as a URL)");
    CHECK(cause(params("http://127.0.0.1:99999/")) == "HTTP:Request: Parameters.url must have a port from 1 to 65535");
    CHECK(cause(params("http://ex%0d%0aample.com/")) ==
          "HTTP:Request: Parameters.url must have a host name of letters, digits, '-', '.' and '_' only");
    for (const char* misread : {"http://127.0.0.1.example.com/", "http://127.0.0.1x:80/"})
        CHECK(cause(params(misread)) ==
              "HTTP:Request: Parameters.url must have a host that is a name, an IPv4 address or an [IPv6] address (a "
              "name that begins with an IPv4 address, such as 127.0.0.1.example.com, is not supported)");
    CHECK(cause(json::object{{"method", "GET"}}) ==
          "HTTP:Request: Parameters.url must be a string (an http:// or https:// URL)");
    CHECK(cause(json::object{{"url", 5}, {"method", "GET"}}) ==
          "HTTP:Request: Parameters.url must be a string (an http:// or https:// URL)");
    CHECK(cause(json::object{{"url", "http://127.0.0.1/"}}) ==
          "HTTP:Request: Parameters.method must be one of GET, POST, PATCH, PUT, DELETE, HEAD (any case)");
    CHECK(cause(json::array{}) == "HTTP:Request: Parameters must be an object");
}

TEST_CASE("http task: a server that never answers fails the task at its deadline", "[emulator][http]")
{
    test::RawServer server([](const test::RawServer::Connection& c) { c.closed_within(10s); });
    HttpTask task;
    const auto result = task.run(params(server.url()), TaskMode::request_complete, 300ms);
    require_failure(result, "FnF.Timeout");
    CHECK(result.cause ==
          "HTTP:Request: no complete answer from 127.0.0.1:" + std::to_string(server.port()) + " before the deadline");

    // The longest exchange bounds a Task with a later deadline: the task fails, it did not time out.
    OutboundOptions options;
    options.max_exchange = 300ms;
    HttpTask capped(options);
    const auto cut = capped.run(params(server.url()), TaskMode::request_complete, 60s);
    require_failure(cut, "FnF.TaskFailed");
    CHECK(cut.cause.ends_with("within the longest exchange cloudflow-local allows"));
}

TEST_CASE("http task: a deadline already passed sends nothing", "[emulator][http]")
{
    test::FakeHttpServer server([](const test::ReceivedRequest&) { return HttpResponse{200, {}, ""}; });
    HttpTask task;
    const auto result = task.run(params(server.url()), TaskMode::request_complete, -1ms);
    require_failure(result, "FnF.Timeout");
    CHECK(server.requests().empty());
}

TEST_CASE("http task: a refused connection fails the task, naming host and port", "[emulator][http]")
{
    const auto port = std::to_string(closed_port());
    HttpTask task;
    const auto result = task.run(params("http://127.0.0.1:" + port + "/path?key=s3cret"));
    require_failure(result, "FnF.TaskFailed");
    CHECK(result.cause.starts_with("HTTP:Request: cannot connect to 127.0.0.1:" + port));
    CHECK(result.cause.find("s3cret") == std::string::npos);
}

TEST_CASE("http task: an answer over the size limit fails the task", "[emulator][http]")
{
    test::FakeHttpServer server([](const test::ReceivedRequest&) {
        return HttpResponse{200, {}, std::string(5000, 'x')};
    });
    OutboundOptions options;
    options.max_response_bytes = 1000;
    HttpTask task(options);
    const auto result = task.run(params(server.url()));
    require_failure(result, "FnF.TaskFailed");
    CHECK(result.cause ==
          "HTTP:Request: the answer from 127.0.0.1:" + server.url().substr(server.url().rfind(':') + 1) +
              " is larger than the limit of 1000 bytes");
    options.max_response_bytes = 5000;
    HttpTask enough(options);
    CHECK(enough.run(params(server.url())).kind == TaskResult::Kind::succeeded);
}

TEST_CASE("http task: literal Parameters are checked when the flow is created", "[emulator][http]")
{
    const auto problem = [](const char* text) {
        const auto checked = check_http_parameters(json::parse(text));
        return checked ? std::string("accepted") : checked.error().text();
    };
    CHECK(problem(R"({"url": "https://api.example.com/x", "method": "Get"})") == "accepted");
    CHECK(problem(R"({"url.$": "$Input.url", "method.$": "$Input.method", "body": [1]})") == "accepted");
    CHECK(problem(R"({"url": "http://127.0.0.1/", "method": "POST", "headers": {"X-A": "1", "X-Token.$": "$Input.t"},
                      "body": {"id.$": "$Input.id"}})") == "accepted");
    CHECK(problem(R"({"url": "http://127.0.0.1/", "method": "GET", "headers.$": "$Input.headers"})") == "accepted");
    CHECK(problem(R"({"method": "GET"})") == "url: is required (or url.$)");
    CHECK(problem(R"({"url": "http://127.0.0.1/"})") == "method: is required (or method.$)");
    CHECK(problem(R"({"url": "ftp://x/", "method": "GET"})") == "url: must be an http:// or https:// URL");
    CHECK(problem(R"({"url": 1, "method": "GET"})") == "url: must be a string (an http:// or https:// URL)");
    CHECK(problem(R"({"url": "http://127.0.0.1/", "method": "FETCH"})") ==
          "method: must be one of GET, POST, PATCH, PUT, DELETE, HEAD (any case)");
    CHECK(problem(R"({"url": "http://127.0.0.1/", "method": "GET", "headers": {"X-A": 1}})") ==
          "headers.X-A: must be a string");
    CHECK(problem(R"({"url": "http://127.0.0.1/", "method": "GET", "headers": {"Host": "x"}})") ==
          "headers.Host: is set by cloudflow-local, not by the flow");
    CHECK(problem("[]") == "Parameters of HTTP:Request must be an object");
}
