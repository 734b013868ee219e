/// @file
/// A Transport for tests: answers from a script, records every request with its decoded parameters.
/// Public, so services that use cloudflow-cpp can test their own code offline.
#pragma once

#include <cloudflow/clock.hpp>
#include <cloudflow/http/transport.hpp>
#include <cloudflow/rpc/signer_v1.hpp>

#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <variant>
#include <vector>

namespace cloudflow::testing {

/// One scripted answer: an HTTP response or a transport failure, after an optional delay.
struct MockReply {
    std::variant<HttpResponse, Error> outcome{};   ///< the HTTP answer, or the Error the attempt fails with
    std::chrono::steady_clock::duration delay{0};  ///< how long the transport waits before answering

    /// An HTTP answer.
    static MockReply respond(int status, std::string body, Headers headers = {});
    /// A success body of StartSyncExecution, as the service writes it.
    static MockReply execution(std::string_view flow_name, std::string_view status, std::string_view output_json = "{}",
                               std::string_view request_id = "mock-request-id");
    /// The service's JSON error body {"RequestId","HostId","Code","Message"} with `status`.
    static MockReply service_error(int status, std::string_view code, std::string_view message,
                                   std::string_view request_id = "mock-request-id");
    /// A transport failure (connection_failed, network_failure, tls_failed, ...).
    static MockReply failure(errc code, std::string message = {});
    /// Never answers: the attempt ends at its deadline with errc::timeout, or when cancelled.
    static MockReply hang();

    /// The same reply, after `d`. If the attempt's deadline comes first, it ends with errc::timeout.
    MockReply after(std::chrono::steady_clock::duration d) &&;
};

/// A request as the transport received it.
struct RecordedRequest {
    HttpRequest http{};                                ///< the request as sent
    Parameters params{};                               ///< query string and form body, percent-decoded
    std::chrono::steady_clock::time_point deadline{};  ///< the attempt's deadline
    std::string action{};                              ///< the Action parameter (V1) or the x-acs-action header (V3)
};

/// A Transport that answers from a script, then from handlers, and records every request.
class MockTransport final : public Transport {
public:
    /// Delays are waited on `clock` (the system clock when null): give it the client's
    /// testing::ManualClock and delays pass in virtual time.
    explicit MockTransport(std::shared_ptr<Clock> clock = nullptr);

    /// Appends to the script; each request takes the next reply.
    MockTransport& push(MockReply reply);
    /// Answers computed from the request, used when the script is empty.
    MockTransport& on_request(std::function<MockReply(const RecordedRequest&)> handler);
    /// Answers to one operation ("DescribeExecution"), used when the script is empty; they come
    /// before on_request's. testing/replies.hpp builds each operation's success body.
    MockTransport& on_action(std::string action, std::function<MockReply(const RecordedRequest&)> handler);

    boost::asio::awaitable<Result<HttpResponse>> send(HttpRequest request,
                                                      std::chrono::steady_clock::time_point deadline) override;

    /// Every request so far, in order.
    std::vector<RecordedRequest> requests() const;
    /// How many requests it received.
    std::size_t request_count() const;
    std::size_t remaining() const;  ///< scripted replies not used yet
    /// Requests that found neither a scripted reply nor a handler (each failed with network_failure).
    std::size_t unexpected() const;

private:
    std::shared_ptr<Clock> clock_;
    mutable std::mutex mutex_;
    std::deque<MockReply> script_;
    std::function<MockReply(const RecordedRequest&)> handler_;
    std::map<std::string, std::function<MockReply(const RecordedRequest&)>, std::less<>> action_handlers_;
    std::vector<RecordedRequest> requests_;
    std::size_t unexpected_ = 0;
};

}  // namespace cloudflow::testing
