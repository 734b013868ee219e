// The one call loop, through a test-only operation: what the loop does for any operation
// (idempotency, decoding, size limits, observers), tested once. StartSyncExecution's own
// behaviour is in client_test.cpp.
#include "client/call_definition.hpp"
#include "operations/parameter_writer.hpp"

#include <cloudflow/testing/manual_clock.hpp>
#include <cloudflow/testing/mock_transport.hpp>

#include "support/catch_result.hpp"
#include "support/run.hpp"

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace cloudflow::testing;

namespace {

struct EchoRequest {
    std::string key;
    bool repeatable = false;
};

struct EchoResponse {
    std::string request_id;
    std::string value;
};

// A made-up operation: Key in, Value out; idempotent when the request says so.
struct Echo {
    using request_type = EchoRequest;
    using response_type = EchoResponse;
    static constexpr std::string_view action = "TestEcho";
    static constexpr RequestMethod method = RequestMethod::get;
    static detail::Idempotency idempotency(const request_type& r)
    {
        return r.repeatable ? detail::Idempotency::idempotent : detail::Idempotency::not_idempotent;
    }
    static Result<detail::ParameterList> encode(const request_type& r, const RequestLimits& limits)
    {
        detail::ParameterWriter w(limits);
        w.name("Key", r.key);
        return std::move(w).done();
    }
    static void decode(detail::JsonReader& in, response_type& out)
    {
        in.required("RequestId", out.request_id);
        in.required("Value", out.value);
    }
};
static_assert(detail::Operation<Echo>);

class Ends final : public CallObserver {
public:
    void on_call_end(const CallEnd& end) noexcept override
    {
        actions.emplace_back(end.action);
        attempts.push_back(end.attempts);
        errors.push_back(end.error ? end.error->code : boost::system::error_code());
    }
    std::vector<std::string> actions;
    std::vector<int> attempts;
    std::vector<boost::system::error_code> errors;
};

struct Fixture {
    boost::asio::io_context ioc;
    std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
    std::shared_ptr<MockTransport> transport = std::make_shared<MockTransport>(clock);
    std::shared_ptr<Ends> ends = std::make_shared<Ends>();
    std::size_t max_request_bytes;
    std::optional<RequestMethod> method;
    std::shared_ptr<detail::ClientImpl> impl;

    explicit Fixture(std::size_t max_request_bytes = RequestLimits{}.max_request_bytes,
                     std::optional<RequestMethod> method = std::nullopt)
        : max_request_bytes(max_request_bytes), method(method),
          impl(std::make_shared<detail::ClientImpl>(config(), transport))
    {
    }

    ClientConfig config()
    {
        ClientConfig c;
        c.limits.max_request_bytes = max_request_bytes;
        c.method = method;
        c.region_id = "cn-hangzhou";
        c.credentials = make_static_credentials("test-id", "test-secret");
        c.clock = clock;
        c.jitter_source = [] { return 0.5; };
        c.observers.push_back(ends);
        return c;
    }

    Result<EchoResponse> call(EchoRequest request, CallOptions options = {})
    {
        return test::run(ioc,
                         detail::call<Echo>(impl, std::move(request), std::move(options), detail::CallThread::own));
    }
};

MockReply echoed(std::string_view value)
{
    return MockReply::respond(200, R"({"RequestId":"r-1","Value":")" + std::string(value) + R"("})");
}

}  // namespace

TEST_CASE("call loop: an operation's parameters go out signed, its answer comes back typed", "[client][call-loop]")
{
    Fixture f;
    f.transport->push(echoed("v"));
    const auto r = f.call({"k"});
    REQUIRE(r);
    CHECK(r->request_id == "r-1");
    CHECK(r->value == "v");
    const auto requests = f.transport->requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].http.method == "GET");  // the operation's method
    CHECK(requests[0].http.body.empty());
    CHECK(requests[0].params.at("Action") == "TestEcho");
    CHECK(requests[0].params.at("Key") == "k");
    CHECK(requests[0].params.contains("Signature"));
    CHECK(f.ends->actions == std::vector<std::string>{"TestEcho"});
    CHECK(f.ends->attempts == std::vector<int>{1});
}

TEST_CASE("call loop: ClientConfig::method, when set, wins over the operation's", "[client][call-loop]")
{
    Fixture f(RequestLimits{}.max_request_bytes, RequestMethod::post);
    f.transport->push(echoed("v"));
    REQUIRE(f.call({"k"}));
    const auto requests = f.transport->requests();
    REQUIRE(requests.size() == 1);
    CHECK(requests[0].http.method == "POST");
    CHECK(requests[0].http.body.find("Key=k") != std::string::npos);
}

TEST_CASE("call loop: a broken encode sends nothing, and the observer hears of it", "[client][call-loop]")
{
    Fixture f;
    const auto r = f.call({"not a name"});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::invalid_request);
    CHECK(r.error().field == "Key");
    CHECK(f.transport->requests().empty());
    CHECK(f.ends->attempts == std::vector<int>{0});
}

TEST_CASE("call loop: an idempotent request is sent again after a broken connection", "[client][call-loop][retry]")
{
    Fixture f;
    SECTION("idempotent: retried")
    {
        f.transport->push(MockReply::failure(errc::network_failure)).push(echoed("v"));
        const auto r = f.call({"k", true});
        REQUIRE(r);
        CHECK(f.transport->requests().size() == 2);
        CHECK(f.ends->attempts == std::vector<int>{2});
    }
    SECTION("not idempotent: not retried")
    {
        f.transport->push(MockReply::failure(errc::network_failure)).push(echoed("v"));
        const auto r = f.call({"k", false});
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::network_failure);
        CHECK(r.error().attempts == 1);
    }
    SECTION("CallOptions::retry_sent_requests decides over the operation")
    {
        f.transport->push(MockReply::failure(errc::timeout)).push(echoed("v"));
        const auto r = f.call({"k", true}, {.retry_sent_requests = false});
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::timeout);
        f.transport->push(MockReply::failure(errc::network_failure)).push(echoed("v"));
        CHECK(f.call({"k", false}, {.retry_sent_requests = true}));
    }
}

TEST_CASE("call loop: an answer the operation cannot read is malformed_response", "[client][call-loop]")
{
    Fixture f;
    f.transport->push(MockReply::respond(200, R"({"RequestId":"r-9","Value":42})"));
    const auto r = f.call({"k"});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::malformed_response);
    CHECK(r.error().message == "the response field Value is not a string");
    CHECK(r.error().request_id == "r-9");
    CHECK(r.error().http_status == 200);
    CHECK(r.error().attempts == 1);
}

TEST_CASE("call loop: a request over the size limit names its largest parameter", "[client][call-loop]")
{
    Fixture f(300);
    const auto r = f.call({std::string(120, 'k')});
    REQUIRE_FALSE(r);
    CHECK(r.error().code == errc::invalid_request);
    CHECK(r.error().field == "Key");
    CHECK(r.error().message.ends_with("the limit is 300 bytes"));
    CHECK(f.transport->requests().empty());
}
