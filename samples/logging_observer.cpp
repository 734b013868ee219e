// Bridges the client's observer hooks to a log: one line per attempt and per call.
//
// Run it: ./build/samples/logging_observer
// It plays the service with MockTransport (a 500, a 429, then success), so it runs offline.
#include <cloudflow/cloudflow.hpp>
#include <cloudflow/testing/mock_transport.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>

#include <chrono>
#include <iostream>
#include <mutex>

namespace {

using namespace std::chrono_literals;

// Any logging library fits here; this one writes to std::clog. It logs codes, ids and timings.
// The request an observer sees carries the AccessKey ID and, with STS, the security token (never
// the secret): do not log request parameters or headers wholesale.
class LoggingObserver final : public cloudflow::CallObserver {
public:
    void on_attempt_start(cloudflow::AttemptStart& s) noexcept override
    {
        log() << s.action << " attempt " << s.attempt << " -> " << s.request.host << '\n';
    }

    void on_attempt_end(const cloudflow::AttemptEnd& e) noexcept override
    {
        auto line = log();
        line << e.action << " attempt " << e.attempt << " took "
             << std::chrono::duration_cast<std::chrono::milliseconds>(e.latency).count() << " ms: ";
        if (e.error)
            line << "HTTP " << e.http_status << ' ' << e.service_code << " (" << e.error.message() << ')';
        else
            line << "HTTP " << e.http_status;
        if (!e.request_id.empty()) line << ", RequestId " << e.request_id;
        if (e.backoff) line << ", retrying in " << e.backoff->count() << " ms";
        line << '\n';
    }

    void on_call_end(const cloudflow::CallEnd& end) noexcept override
    {
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(end.duration).count();
        if (!end.error)
            log() << end.action << " done in " << ms << " ms after " << end.attempts << " attempt(s), RequestId "
                  << end.request_id << '\n';
        else
            log() << end.action << " failed in " << ms << " ms: " << *end.error << '\n';
    }

private:
    // One line at a time, from any thread.
    struct Line {
        std::unique_lock<std::mutex> lock;
        template <class T>
        Line& operator<<(const T& v)
        {
            std::clog << v;
            return *this;
        }
    };
    Line log()
    {
        Line line{std::unique_lock(mutex_)};
        line << "[cloudflow] ";
        return line;
    }
    std::mutex mutex_;
};

}  // namespace

int main()
{
    boost::asio::io_context ioc;
    using cloudflow::testing::MockReply;
    auto transport = std::make_shared<cloudflow::testing::MockTransport>();
    transport->push(MockReply::service_error(500, "InternalServerError", "An internal error has occurred.", "req-1"))
        .push(MockReply::service_error(429, "ResourceThrottled", "The request is throttled.", "req-2"))
        .push(MockReply::execution("my_flow", "Succeeded", R"({"ok":true})", "req-3"));

    cloudflow::ClientConfig config;
    config.region_id = "cn-hangzhou";
    config.credentials = cloudflow::make_static_credentials("my-access-key-id", "my-access-key-secret");
    config.retry.base_delay = 20ms;  // short waits for the sample
    config.retry.throttle_base_delay = 50ms;
    config.observers.push_back(std::make_shared<LoggingObserver>());
    cloudflow::Client client(ioc.get_executor(), config, transport);

    cloudflow::StartSyncExecutionRequest request;
    request.flow_name = "my_flow";
    bool ok = false;
    client.async_start_sync_execution(
        request, {}, [&](cloudflow::Result<cloudflow::StartSyncExecutionResponse> r) { ok = r.has_value(); });
    ioc.run();
    return ok ? 0 : 1;
}
