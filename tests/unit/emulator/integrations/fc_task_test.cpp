// FC:InvokeFunction against function endpoints served on loopback: what is sent, how answers and
// error answers become the task's result, and the endpoints the config names.
#include "integrations/fc_task.hpp"

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

constexpr const char* echo_arn = "acs:fc:cn-hangzhou:123456789:functions/echo/LATEST";

struct FcTask {
    boost::asio::io_context ioc;
    Outbound outbound{ioc.get_executor(), {}};
    FunctionEndpoints functions;

    explicit FcTask(const json::value& endpoints)
    {
        auto parsed = FunctionEndpoints::parse(endpoints);
        REQUIRE(parsed.has_value());
        functions = std::move(*parsed);
    }

    TaskResult run(json::value parameters, TaskMode mode = TaskMode::request_complete,
                   std::chrono::milliseconds timeout = 10s)
    {
        TaskCall call;
        call.flow = "f";
        call.execution = "e";
        call.state = "Invoke";
        call.action = "FC:InvokeFunction";
        call.mode = mode;
        call.parameters = std::move(parameters);
        call.token = mode == TaskMode::request_complete ? "" : "token-1";
        call.deadline = std::chrono::steady_clock::now() + timeout;
        return test::run(ioc, invoke_function(outbound, functions, call));
    }
};

json::value params(const char* type = "Sync", std::optional<json::value> body = std::nullopt,
                   const char* arn = echo_arn)
{
    json::object p{{"resourceArn", arn}, {"invocationType", type}};
    if (body) p["body"] = *body;
    return p;
}

std::string header(const test::ReceivedRequest& r, std::string_view name)
{
    const auto value = find_header(r.headers, name);
    return value ? std::string(*value) : std::string("(none)");
}

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

TEST_CASE("fc task: a Sync call POSTs the body as JSON and wraps the answer in Body", "[emulator][fc]")
{
    test::FakeHttpServer server([](const test::ReceivedRequest&) {
        return HttpResponse{200, {{"Content-Type", "application/json"}}, R"({"charged": true, "id": 7})"};
    });
    FcTask task(json::object{{"echo", server.url() + "/invoke"}});
    const auto result = task.run(params("Sync", json::parse(R"({"orderId": "o-1", "items": [1, 2]})")));
    REQUIRE(result.kind == TaskResult::Kind::succeeded);
    CHECK(result.output == json::parse(R"({"Body": {"charged": true, "id": 7}})"));

    REQUIRE(server.requests().size() == 1);
    const auto r = server.requests()[0];
    CHECK(r.method == "POST");
    CHECK(r.target == "/invoke");
    CHECK(r.body == R"({"orderId":"o-1","items":[1,2]})");
    CHECK(header(r, "Content-Type") == "application/json");
    CHECK(header(r, "X-Fc-Invocation-Type") == "Sync");
}

TEST_CASE("fc task: an answer that is not JSON is the Body as text", "[emulator][fc]")
{
    std::string answer;
    test::FakeHttpServer server([&](const test::ReceivedRequest&) { return HttpResponse{200, {}, answer}; });
    FcTask task(json::object{{echo_arn, server.url()}});
    for (const auto& [text, body] : {std::pair<std::string, json::value>{"hello", "hello"},
                                     {"", ""},
                                     {"42", 42},
                                     {"\"quoted\"", "quoted"},
                                     {"[1, 2", "[1, 2"},
                                     {"bad \xFF byte", "bad \xEF\xBF\xBD byte"}}) {
        answer = text;
        const auto result = task.run(params());
        REQUIRE(result.kind == TaskResult::Kind::succeeded);
        CHECK(result.output == json::value(json::object{{"Body", body}}));
    }
}

TEST_CASE("fc task: a string body is sent as text, no body as an empty event", "[emulator][fc]")
{
    test::FakeHttpServer server([](const test::ReceivedRequest&) { return HttpResponse{200, {}, "{}"}; });
    FcTask task(json::object{{"echo", server.url()}});
    REQUIRE(task.run(params("Sync", json::value("raw {event} text"))).kind == TaskResult::Kind::succeeded);
    REQUIRE(task.run(params("Sync")).kind == TaskResult::Kind::succeeded);
    const auto seen = server.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].body == "raw {event} text");
    CHECK(header(seen[0], "Content-Type") == "text/plain; charset=utf-8");
    CHECK(seen[1].body.empty());
    CHECK(header(seen[1], "Content-Type") == "(none)");
}

TEST_CASE("fc task: Async with RequestComplete answers an empty Body once accepted", "[emulator][fc]")
{
    test::FakeHttpServer server([](const test::ReceivedRequest&) { return HttpResponse{202, {}, "accepted"}; });
    FcTask task(json::object{{"echo", server.url()}});
    const auto result = task.run(params("Async", json::object{{"a", 1}}));
    REQUIRE(result.kind == TaskResult::Kind::succeeded);
    CHECK(result.output == json::parse(R"({"Body": ""})"));
    CHECK(header(server.requests().at(0), "X-Fc-Invocation-Type") == "Async");
}

TEST_CASE("fc task: the callback modes", "[emulator][fc]")
{
    test::FakeHttpServer server([](const test::ReceivedRequest&) { return HttpResponse{200, {}, R"({"done": 1})"}; });
    FcTask task(json::object{{"echo", server.url()}});
    // WaitForCustomCallback: the function got the call (the flow passes the token in the body).
    CHECK(task.run(params("Sync"), TaskMode::wait_for_custom_callback).kind == TaskResult::Kind::submitted);
    CHECK(task.run(params("Async"), TaskMode::wait_for_custom_callback).kind == TaskResult::Kind::submitted);
    // WaitForSystemCallback: the local endpoint answers when the function is done.
    const auto system = task.run(params("Async"), TaskMode::wait_for_system_callback);
    REQUIRE(system.kind == TaskResult::Kind::succeeded);
    CHECK(system.output == json::parse(R"({"Body": {"done": 1}})"));
    // An error answer fails the task in every mode.
    server.set_handler([](const test::ReceivedRequest&) { return HttpResponse{429, {}, ""}; });
    require_failure(task.run(params("Sync"), TaskMode::wait_for_custom_callback), "FC.ResourceThrottled");
}

TEST_CASE("fc task: error answers become FC.<code>", "[emulator][fc]")
{
    HttpResponse answer;
    test::FakeHttpServer server([&](const test::ReceivedRequest&) { return answer; });
    FcTask task(json::object{{"echo", server.url()}});
    const auto fails = [&](HttpResponse a, const char* error, const std::string& cause) {
        answer = std::move(a);
        const auto result = task.run(params());
        require_failure(result, error);
        CHECK(result.cause == cause);
    };
    fails({404, {}, R"({"ErrorCode": "FunctionNotFound", "ErrorMessage": "function echo does not exist"})"},
          "FC.FunctionNotFound", "function echo does not exist");
    // A function error: FC answers 200 with X-Fc-Error-Type.
    fails({200, {{"X-Fc-Error-Type", "UnhandledInvocationError"}}, R"({"errorMessage": "boom", "errorType": "Error"})"},
          "FC.UnhandledInvocationError", "boom");
    // The body's ErrorCode comes before the header.
    fails({500, {{"X-Fc-Error-Type", "Header"}}, R"({"ErrorCode": "Body"})"}, "FC.Body", R"({"ErrorCode": "Body"})");
    fails({429, {}, ""}, "FC.ResourceThrottled", "the function's endpoint answered HTTP 429");
    fails({503, {}, "busy"}, "FC.ResourceExhausted", "busy");
    fails({418, {}, "teapot"}, "FC.HTTP418", "teapot");
    fails({500, {}, R"({"ErrorCode": ""})"}, "FC.HTTP500", R"({"ErrorCode": ""})");
    // Long codes and causes are cut to a callback's bounds (128 and 4096).
    fails({500,
           {},
           "{\"ErrorCode\": \"" + std::string(300, 'C') + "\", \"ErrorMessage\": \"" + std::string(5000, 'm') + "\"}"},
          ("FC." + std::string(128, 'C')).c_str(), std::string(4096, 'm'));
}

TEST_CASE("fc task: a function without an endpoint says how to mock it", "[emulator][fc]")
{
    test::FakeHttpServer server([](const test::ReceivedRequest&) { return HttpResponse{200, {}, ""}; });
    FcTask task(json::object{{"other", server.url()}});
    auto result = task.run(params());
    require_failure(result, "FnF.TaskFailed");
    CHECK(result.cause == "no local integration for FC:InvokeFunction: function echo has no endpoint in the config's "
                          "\"functions\"; mock it with --mocks");
    result = task.run(params("Sync", std::nullopt, "acs:fc:::services/orders.LATEST/functions/charge"));
    CHECK(result.cause.starts_with("no local integration for FC:InvokeFunction: function charge has no endpoint"));
    result = task.run(params("Sync", std::nullopt, "not-an-arn"));
    CHECK(result.cause.starts_with("no local integration for FC:InvokeFunction: function not-an-arn has no endpoint"));
    CHECK(server.requests().empty());
}

TEST_CASE("fc task: an unreachable endpoint fails the task, naming host and port only", "[emulator][fc]")
{
    const auto port = std::to_string(closed_port());
    FcTask task(json::object{{"echo", "http://127.0.0.1:" + port + "/invoke?key=s3cret"}});
    const auto result = task.run(params());
    require_failure(result, "FnF.TaskFailed");
    CHECK(result.cause.starts_with("FC:InvokeFunction: cannot connect to 127.0.0.1:" + port));
    CHECK(result.cause.find("s3cret") == std::string::npos);
    CHECK(result.cause.find("/invoke") == std::string::npos);

    FcTask remote(json::object{{"echo", "https://fc.example.com/invoke"}});
    const auto refused = remote.run(params());
    require_failure(refused, "FnF.TaskFailed");
    CHECK(refused.cause == "FC:InvokeFunction: the host fc.example.com is not allowed: cloudflow-local calls loopback "
                           "hosts, and others only when --allow-http-host names them");
}

TEST_CASE("fc task: a function that never answers fails the task at its deadline", "[emulator][fc]")
{
    test::RawServer server([](const test::RawServer::Connection& c) { c.closed_within(10s); });
    FcTask task(json::object{{"echo", server.url()}});
    const auto result = task.run(params(), TaskMode::request_complete, 300ms);
    require_failure(result, "FnF.Timeout");
    CHECK(result.cause.starts_with("FC:InvokeFunction: no complete answer from 127.0.0.1:"));
}

TEST_CASE("fc task: an answer over the size limit fails the task", "[emulator][fc]")
{
    test::FakeHttpServer server([](const test::ReceivedRequest&) {
        return HttpResponse{200, {}, std::string(2 * 1024 * 1024, 'x')};
    });
    FcTask task(json::object{{"echo", server.url()}});
    const auto result = task.run(params());
    require_failure(result, "FnF.TaskFailed");
    CHECK(result.cause.ends_with("is larger than the limit of 1048576 bytes"));
}

TEST_CASE("fc task: Parameters are checked at run time", "[emulator][fc]")
{
    test::FakeHttpServer server([](const test::ReceivedRequest&) { return HttpResponse{200, {}, ""}; });
    FcTask task(json::object{{"echo", server.url()}});
    const auto cause = [&](json::value p) {
        const auto result = task.run(std::move(p));
        require_failure(result, "FnF.RuntimeError");
        return result.cause;
    };
    CHECK(cause(json::object{{"invocationType", "Sync"}}) ==
          "FC:InvokeFunction: Parameters.resourceArn must be a string (the function's ARN)");
    CHECK(cause(json::object{{"resourceArn", ""}, {"invocationType", "Sync"}}) ==
          "FC:InvokeFunction: Parameters.resourceArn must be a string (the function's ARN)");
    CHECK(cause(params("sync")) == "FC:InvokeFunction: Parameters.invocationType must be Sync or Async");
    CHECK(cause(json::object{{"resourceArn", echo_arn}}) ==
          "FC:InvokeFunction: Parameters.invocationType must be Sync or Async");
    CHECK(cause(json::value(nullptr)) == "FC:InvokeFunction: Parameters must be an object");
    CHECK(server.requests().empty());
}

TEST_CASE("fc task: endpoints are found by ARN, else by the function's name in it", "[emulator][fc]")
{
    auto parsed = FunctionEndpoints::parse(json::parse(R"({
        "acs:fc:cn-hangzhou:1:functions/exact/prod": "http://127.0.0.1:9001/exact",
        "echo": "http://127.0.0.1:9002/",
        "charge": "https://localhost:9443/charge"})"));
    REQUIRE(parsed.has_value());
    const auto& f = *parsed;
    CHECK_FALSE(f.empty());
    CHECK(f.find("acs:fc:cn-hangzhou:1:functions/exact/prod") ==
          std::optional<std::string>("http://127.0.0.1:9001/exact"));
    CHECK_FALSE(f.find("acs:fc:cn-hangzhou:1:functions/exact/LATEST"));  // another qualifier, and no entry "exact"
    CHECK(f.find("acs:fc:cn-hangzhou:123:functions/echo/LATEST") ==
          std::optional<std::string>("http://127.0.0.1:9002/"));
    CHECK(f.find("acs:fc:cn-shanghai:9:functions/echo") == std::optional<std::string>("http://127.0.0.1:9002/"));
    CHECK(f.find("acs:fc:::services/billing.LATEST/functions/charge") ==
          std::optional<std::string>("https://localhost:9443/charge"));
    CHECK(f.find("echo") == std::optional<std::string>("http://127.0.0.1:9002/"));  // a name is a key too
    for (const char* none :
         {"acs:fc:cn-hangzhou:123:functions/other/LATEST", "acs:fnf:cn-hangzhou::flow/echo",
          "acs:fc:cn-hangzhou:functions/echo", "acs:fc:r:a:services/s/echo", "", "acs:fc:r:a:functions/"})
        CHECK_FALSE(f.find(none));
    CHECK(FunctionEndpoints().empty());
}

TEST_CASE("fc task: the config's functions are checked", "[emulator][fc]")
{
    const auto problem = [](const char* text) {
        const auto parsed = FunctionEndpoints::parse(json::parse(text));
        return parsed ? std::string("accepted") : parsed.error().text();
    };
    CHECK(problem("{}") == "accepted");
    CHECK(problem("[]") == "functions: must be an object of function ARNs or names and URLs");
    CHECK(problem(R"({"echo": 1})") == "functions.echo: must be a string (an http:// or https:// URL)");
    CHECK(problem(R"({"echo": "ftp://127.0.0.1/"})") == "functions.echo: must be an http:// or https:// URL");
    CHECK(problem(R"({"echo": "127.0.0.1:9000"})") ==
          "functions.echo: must be an absolute http:// or https:// URL (it does not parse as a URL)");
    CHECK(problem(R"({"echo": "localhost:9000"})") == "functions.echo: must be an http:// or https:// URL");
    CHECK(problem(R"({"echo": "http://u:p@127.0.0.1/"})") ==
          "functions.echo: must not hold user information (user:password@)");
    CHECK(problem(R"({"": "http://127.0.0.1/"})") == "functions.: a function needs an ARN or a name");
}

TEST_CASE("fc task: literal Parameters are checked when the flow is created", "[emulator][fc]")
{
    const auto problem = [](const char* text) {
        const auto checked = check_fc_parameters(json::parse(text));
        return checked ? std::string("accepted") : checked.error().text();
    };
    CHECK(problem(R"({"resourceArn": "acs:fc:r:1:functions/f/LATEST", "invocationType": "Sync",
                      "body": {"id.$": "$Input.id"}})") == "accepted");
    CHECK(problem(R"({"resourceArn.$": "$Input.arn", "invocationType.$": "$Input.type", "body": "text"})") ==
          "accepted");
    CHECK(problem(R"({"resourceArn": "a", "invocationType": "Async", "body.$": "$Input"})") == "accepted");
    CHECK(problem(R"({"invocationType": "Sync"})") == "resourceArn: is required (or resourceArn.$)");
    CHECK(problem(R"({"resourceArn": "a"})") == "invocationType: is required (or invocationType.$)");
    CHECK(problem(R"({"resourceArn": 1, "invocationType": "Sync"})") ==
          "resourceArn: must be a string (the function's ARN)");
    CHECK(problem(R"({"resourceArn": "a", "invocationType": "sync"})") == "invocationType: must be Sync or Async");
    CHECK(problem(R"({"resourceArn": "a", "invocationType": "Sync", "body": [1]})") ==
          "body: must be an object or a string");
    CHECK(problem("5") == "Parameters of FC:InvokeFunction must be an object");
}
