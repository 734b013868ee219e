// Logs every attempt and every call with cloudflow::LoggingObserver: one line each, to std::clog
// by default or to any sink (a logging library's function), filtered by level, secrets redacted.
//
// Run it: ./build/samples/logging_observer
// It plays the service with MockTransport (a 500, a 429, then success), so it runs offline.
// CLOUDFLOW_DEBUG=wire ./build/samples/logging_observer adds the wire debug's lines.
#include <cloudflow/cloudflow.hpp>
#include <cloudflow/testing/mock_transport.hpp>

#include <boost/asio/io_context.hpp>

#include <chrono>
#include <iostream>

namespace {

using namespace std::chrono_literals;

// Any logging library fits here: this sink prefixes the level and writes to std::cout. The
// observer calls it one line at a time, so it needs no lock of its own.
void to_stdout(cloudflow::LogLevel level, std::string_view line)
{
    std::cout << "my-service " << cloudflow::to_string(level) << ": " << line << '\n';
}

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
    // Every attempt and call (debug and up) to our sink. `LoggingObserver()` alone would write the
    // calls, the retries and the failures (info and up) to std::clog.
    config.observers.push_back(std::make_shared<cloudflow::LoggingObserver>(to_stdout, cloudflow::LogLevel::debug));
    cloudflow::Client client(ioc.get_executor(), config, transport);

    cloudflow::StartSyncExecutionRequest request;
    request.flow_name = "my_flow";
    bool ok = false;
    client.async_call(request, {},
                      [&](cloudflow::Result<cloudflow::StartSyncExecutionResponse> r) { ok = r.has_value(); });
    ioc.run();
    return ok ? 0 : 1;
}
