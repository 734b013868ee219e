// Deadlines from user-given durations: huge values saturate to "no deadline", tiny ones are refused
// (issue 7, defect 1: `--timeout 1e10` overflowed the steady clock and timed out at once).
#include <cloudflow/client.hpp>
#include <cloudflow/testing/manual_clock.hpp>
#include <cloudflow/testing/mock_transport.hpp>

#include "support/run.hpp"
#include "util/deadline.hpp"

#include <boost/asio/io_context.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace std::chrono_literals;
using testing::ManualClock;
using testing::MockReply;
using testing::MockTransport;
using SteadyPoint = std::chrono::steady_clock::time_point;

namespace {

struct Fixture {
    boost::asio::io_context ioc;
    std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();
    std::shared_ptr<MockTransport> transport = std::make_shared<MockTransport>(clock);

    ClientConfig config()
    {
        ClientConfig c;
        c.region_id = "cn-hangzhou";
        c.credentials = make_static_credentials("test-id", "test-secret");
        c.clock = clock;
        return c;
    }

    Result<StartSyncExecutionResponse> call(Client& client, CallOptions options)
    {
        StartSyncExecutionRequest request;
        request.flow_name = "flow";
        return test::run(ioc, client.start_sync_execution(request, options));
    }
};

}  // namespace

TEST_CASE("deadline: saturating_add adds, and stops at the clock's end", "[unit][deadline]")
{
    const SteadyPoint start{std::chrono::hours(1)};
    CHECK(detail::saturating_add(start, 1500ms) == start + 1500ms);
    CHECK(detail::saturating_add(start, 0ms) == start);
    CHECK(detail::saturating_add(start, std::chrono::milliseconds(10'000'000'000'000LL)) == SteadyPoint::max());
    CHECK(detail::saturating_add(start, std::chrono::milliseconds::max()) == SteadyPoint::max());
    CHECK(detail::saturating_add(start, std::chrono::seconds::max()) == SteadyPoint::max());
    CHECK(detail::saturating_add(SteadyPoint::max() - 1ms, 1ms) == SteadyPoint::max());
    const auto near_end = SteadyPoint::max() - 2ms;
    CHECK(detail::saturating_add(near_end, 1ms) == near_end + 1ms);
}

TEST_CASE("deadline: a call timeout too long for the clock is no deadline", "[unit][deadline]")
{
    Fixture f;
    // 1e10 seconds, the CLI's --timeout 1e10; and the largest value there is.
    for (const auto timeout : {std::chrono::milliseconds(10'000'000'000'000LL), std::chrono::milliseconds::max()}) {
        f.transport->push(MockReply::execution("flow", "Succeeded").after(10s));
        Client client(f.ioc.get_executor(), f.config(), f.transport);
        const auto r = f.call(client, {.timeout = timeout});
        REQUIRE(r);
        CHECK(r->status == ExecutionStatus::succeeded);
        // The attempt's own limit still applies.
        CHECK(f.transport->requests().back().deadline == f.clock->now() - 10s + f.config().attempt_timeout);
    }
}

TEST_CASE("deadline: a client timeout and attempt timeout too long for the clock are no limit", "[unit][deadline]")
{
    Fixture f;
    auto config = f.config();
    config.timeout = std::chrono::milliseconds::max();
    config.attempt_timeout = std::chrono::milliseconds::max();
    f.transport->push(MockReply::execution("flow", "Succeeded").after(1h));
    Client client(f.ioc.get_executor(), config, f.transport);
    const auto r = f.call(client, {});
    REQUIRE(r);
    CHECK(f.transport->requests().back().deadline == SteadyPoint::max());
}

TEST_CASE("deadline: a call timeout under 1 ms is refused, naming the field", "[unit][deadline]")
{
    Fixture f;
    Client client(f.ioc.get_executor(), f.config(), f.transport);
    for (const auto timeout : {0ms, -5ms, std::chrono::milliseconds::min()}) {
        const auto r = f.call(client, {.timeout = timeout});
        REQUIRE_FALSE(r);
        CHECK(r.error().code == errc::invalid_request);
        CHECK(r.error().field == "timeout");
    }
    CHECK(f.transport->request_count() == 0);
}

TEST_CASE("deadline: client and transport timeouts under 1 ms are refused at construction", "[unit][deadline]")
{
    Fixture f;
    const auto refused_field = [&](ClientConfig config) -> std::string {
        try {
            Client client(f.ioc.get_executor(), config);
        } catch (const Exception& e) {
            CHECK(e.error().code == errc::invalid_config);
            return e.error().field;
        }
        return "(accepted)";
    };
    auto config = f.config();
    config.timeout = 0ms;
    CHECK(refused_field(config) == "timeout");
    config = f.config();
    config.attempt_timeout = -1ms;
    CHECK(refused_field(config) == "attempt_timeout");
    config = f.config();
    config.http.connect_timeout = 0ms;
    CHECK(refused_field(config) == "http.connect_timeout");
    config = f.config();
    config.http.tls_handshake_timeout = 0ms;
    CHECK(refused_field(config) == "http.tls_handshake_timeout");
    config = f.config();
    config.http.idle_timeout = 0ms;
    CHECK(refused_field(config) == "http.idle_timeout");
    config = f.config();
    config.http.keep_alive_idle = 0s;
    CHECK(refused_field(config) == "http.keep_alive_idle");
    config = f.config();
    config.http.keep_alive_probes = 128;
    CHECK(refused_field(config) == "http.keep_alive_probes");
    config = f.config();
    config.http.connect_timeout = std::chrono::milliseconds::max();  // no limit: accepted
    config.http.idle_timeout = std::chrono::milliseconds::max();
    CHECK(refused_field(config) == "(accepted)");
}
