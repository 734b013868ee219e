#include <cloudflow/client.hpp>
#include <cloudflow/logging_observer.hpp>
#include <cloudflow/testing/mock_transport.hpp>

#include "support/capture.hpp"
#include "support/mock_fixture.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_future.hpp>

#include <catch2/catch.hpp>

#include <atomic>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

using namespace cloudflow;
using namespace std::chrono_literals;
using testing::MockReply;

namespace {

// The lines a sink received, with their levels. Not locked: the observer calls its sink one line
// at a time.
struct Lines {
    std::vector<std::pair<LogLevel, std::string>> lines;
    LogSink sink()
    {
        return [this](LogLevel level, std::string_view line) { lines.emplace_back(level, std::string(line)); };
    }
    std::vector<std::string> at(LogLevel level) const
    {
        std::vector<std::string> out;
        for (const auto& [l, text] : lines)
            if (l == level) out.push_back(text);
        return out;
    }
};

AttemptEnd attempt(int status, boost::system::error_code error, std::string_view service_code,
                   std::optional<std::chrono::milliseconds> backoff, std::string_view url)
{
    return AttemptEnd{"StartSyncExecution", 1, status, service_code, "req-1", error, 12'345us, backoff, "GET", url};
}

}  // namespace

TEST_CASE("logging: one line per attempt and per call at its level", "[logging]")
{
    Lines out;
    LoggingObserver observer(out.sink(), LogLevel::debug);
    CHECK(observer.min_level() == LogLevel::debug);
    const std::string url = "https://cn-hangzhou.fnf.aliyuncs.com/?Action=StartSyncExecution&Signature=c2ln";

    observer.on_attempt_end(attempt(429, errc::resource_throttled, "ResourceThrottled", 480ms, url));
    observer.on_attempt_end(attempt(0, errc::connection_failed, "", std::nullopt, url));
    observer.on_attempt_end(attempt(200, {}, "", std::nullopt, url));
    Error failed = make_error(errc::flow_not_exists, "Flow nope does not exist.");
    failed.http_status = 404;
    failed.service_code = "FlowNotExists";
    failed.request_id = "req-9";
    failed.attempts = 1;
    observer.on_call_end(CallEnd{"StartSyncExecution", nullptr, "req-2", 2, 35ms});
    observer.on_call_end(CallEnd{"DescribeExecution", &failed, "", 1, 1500us});

    CHECK(out.at(LogLevel::warning) ==
          std::vector<std::string>{"StartSyncExecution attempt 1: GET https://cn-hangzhou.fnf.aliyuncs.com/"
                                   "?Action=StartSyncExecution&Signature=redacted -> HTTP 429 ResourceThrottled in "
                                   "12.3 ms [RequestId req-1]; retrying in 480 ms"});
    CHECK(out.at(LogLevel::debug) ==
          std::vector<std::string>{"StartSyncExecution attempt 1: GET https://cn-hangzhou.fnf.aliyuncs.com/"
                                   "?Action=StartSyncExecution&Signature=redacted -> connection_failed in 12.3 ms "
                                   "[RequestId req-1]",
                                   "StartSyncExecution attempt 1: GET https://cn-hangzhou.fnf.aliyuncs.com/"
                                   "?Action=StartSyncExecution&Signature=redacted -> HTTP 200 in 12.3 ms "
                                   "[RequestId req-1]"});
    CHECK(out.at(LogLevel::info) ==
          std::vector<std::string>{"StartSyncExecution succeeded in 35.0 ms after 2 attempts [RequestId req-2]"});
    CHECK(out.at(LogLevel::error) ==
          std::vector<std::string>{"DescribeExecution failed in 1.5 ms: flow_not_exists (HTTP 404 FlowNotExists): "
                                   "Flow nope does not exist. [RequestId req-9]"});
}

TEST_CASE("logging: an attempt without a URL and an HTTP error without a Code", "[logging]")
{
    Lines out;
    LoggingObserver observer(out.sink(), LogLevel::debug);
    observer.on_attempt_end(AttemptEnd{"X", 2, 500, "", "", errc::internal_server_error, 0us, std::nullopt, {}, {}});
    observer.on_call_end(CallEnd{"X", nullptr, "", 1, 0us});
    REQUIRE(out.lines.size() == 2);
    CHECK(out.lines[0].second == "X attempt 2: HTTP 500 internal_server_error in 0.0 ms");
    CHECK(out.lines[1].second == "X succeeded in 0.0 ms after 1 attempt");
}

TEST_CASE("logging: lines under the minimum level are not written", "[logging]")
{
    const std::string url = "https://h/";
    Error failed = make_error(errc::timeout, "late");
    for (const auto& [min, expected] : {std::pair{LogLevel::debug, 5}, std::pair{LogLevel::info, 3},
                                        std::pair{LogLevel::warning, 2}, std::pair{LogLevel::error, 1}}) {
        INFO(to_string(min));
        Lines out;
        LoggingObserver observer(out.sink(), min);
        observer.on_attempt_end(attempt(429, errc::resource_throttled, "ResourceThrottled", 100ms, url));  // warning
        observer.on_attempt_end(attempt(200, {}, "", std::nullopt, url));                                  // debug
        observer.on_attempt_end(attempt(0, errc::timeout, "", std::nullopt, url));                         // debug
        observer.on_call_end(CallEnd{"A", nullptr, "r", 1, 1ms});                                          // info
        observer.on_call_end(CallEnd{"A", &failed, "", 1, 1ms});                                           // error
        CHECK(static_cast<int>(out.lines.size()) == expected);
        for (const auto& line : out.lines) CHECK(line.first >= min);
    }
}

TEST_CASE("logging: the default sink writes whole lines to std::clog and a throwing sink loses its line", "[logging]")
{
    {
        const test::CaptureClog clog;
        LoggingObserver observer;  // write_to_clog, info
        CHECK(observer.min_level() == LogLevel::info);
        observer.on_call_end(CallEnd{"ListFlows", nullptr, "req-5", 1, 2ms});
        observer.on_attempt_end(attempt(200, {}, "", std::nullopt, "https://h/"));  // debug: not written
        CHECK(clog.text() == "[cloudflow] info ListFlows succeeded in 2.0 ms after 1 attempt [RequestId req-5]\n");
    }
    {
        const test::CaptureClog clog;
        LoggingObserver observer(LogSink{}, LogLevel::error);  // an empty sink is the default one
        Error failed = make_error(errc::cancelled, "the call was cancelled");
        observer.on_call_end(CallEnd{"A", &failed, "", 0, 0us});
        CHECK(clog.text() == "[cloudflow] error A failed in 0.0 ms: cancelled: the call was cancelled\n");
    }
    int calls = 0;
    LoggingObserver throwing([&calls](LogLevel, std::string_view) {
        ++calls;
        throw std::runtime_error("full");
    });
    throwing.on_call_end(CallEnd{"A", nullptr, "", 1, 0us});
    throwing.on_call_end(CallEnd{"A", nullptr, "", 1, 0us});
    CHECK(calls == 2);
    CHECK(to_string(LogLevel::warning) == "warning");
}

TEST_CASE("logging: a client's attempts and calls through the observer", "[logging]")
{
    test::MockFixture f;
    f.transport->push(MockReply::service_error(500, "InternalServerError", "oops", "req-1"))
        .push(MockReply::execution("my_flow", "Succeeded", "{}", "req-2"));
    Lines out;
    auto config = f.config();
    config.observers.push_back(std::make_shared<LoggingObserver>(out.sink(), LogLevel::debug));
    auto client = f.client(config);
    StartSyncExecutionRequest request;
    request.flow_name = "my_flow";
    REQUIRE(f.run(client.start_sync_execution(request)));
    REQUIRE(out.lines.size() == 3);
    CHECK(out.lines[0].first == LogLevel::warning);
    CHECK(out.lines[0].second.starts_with("StartSyncExecution attempt 1: POST https://cn-hangzhou.fnf.aliyuncs.com/ "
                                          "-> HTTP 500 InternalServerError in "));
    CHECK(out.lines[0].second.ends_with(" ms [RequestId req-1]; retrying in 50 ms"));
    CHECK(out.lines[1].first == LogLevel::debug);
    CHECK(out.lines[1].second.starts_with("StartSyncExecution attempt 2: POST https://cn-hangzhou.fnf.aliyuncs.com/ "
                                          "-> HTTP 200 in "));
    CHECK(out.lines[2] == std::pair{LogLevel::info, std::string("StartSyncExecution succeeded in 50.0 ms after 2 "
                                                                "attempts [RequestId req-2]")});
}

TEST_CASE("logging: one observer from two threads writes every line whole", "[logging][threads]")
{
    // The sink is not locked: the observer must call it one line at a time.
    Lines out;
    auto observer = std::make_shared<LoggingObserver>(out.sink(), LogLevel::debug);
    auto transport = std::make_shared<testing::MockTransport>();
    transport->on_request([](const testing::RecordedRequest&) {
        static std::atomic<int> n{0};
        return n++ % 3 == 0 ? MockReply::service_error(429, "ResourceThrottled", "slow down")
                            : MockReply::execution("flow", "Succeeded");
    });
    ClientConfig config;
    config.region_id = "cn-hangzhou";
    config.credentials = make_static_credentials("id", "secret");
    config.retry.base_delay = 1ms;
    config.retry.throttle_base_delay = 1ms;
    config.retry.budget_capacity = 0;
    config.observers.push_back(observer);
    boost::asio::thread_pool pool(2);
    Client client(pool.get_executor(), config, transport);
    constexpr std::size_t calls = 200;
    std::vector<std::future<Result<StartSyncExecutionResponse>>> futures;
    StartSyncExecutionRequest request;
    request.flow_name = "flow";
    for (std::size_t i = 0; i < calls; ++i)
        futures.push_back(client.async_call(request, {.max_attempts = 10}, boost::asio::use_future));
    for (auto& f : futures) CHECK(f.get());
    pool.join();

    const auto attempts = transport->requests().size();
    CHECK(out.lines.size() == attempts + calls);
    CHECK(out.at(LogLevel::info).size() == calls);
    for (const auto& [level, line] : out.lines) {
        INFO(line);
        CHECK(line.starts_with("StartSyncExecution "));
        CHECK(line.find('\n') == std::string::npos);
        if (level != LogLevel::info) CHECK(line.find(" -> HTTP ") != std::string::npos);
    }
}
