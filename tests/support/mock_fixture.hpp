// A client over MockTransport on a ManualClock: offline, with instant and exact waits.
#pragma once

#include <cloudflow/client.hpp>
#include <cloudflow/testing/manual_clock.hpp>
#include <cloudflow/testing/mock_transport.hpp>

#include "support/run.hpp"

#include <boost/asio/io_context.hpp>

#include <memory>

namespace cloudflow::test {

struct MockFixture {
    boost::asio::io_context ioc;
    std::shared_ptr<testing::ManualClock> clock = std::make_shared<testing::ManualClock>();
    std::shared_ptr<testing::MockTransport> transport = std::make_shared<testing::MockTransport>(clock);

    ClientConfig config() const
    {
        ClientConfig c;
        c.region_id = "cn-hangzhou";
        c.credentials = make_static_credentials("test-id", "test-secret");
        c.clock = clock;
        c.jitter_source = [] { return 0.5; };
        return c;
    }

    Client client() { return Client(ioc.get_executor(), config(), transport); }
    Client client(const ClientConfig& c) { return Client(ioc.get_executor(), c, transport); }

    template <class T>
    T run(boost::asio::awaitable<T> task)
    {
        return test::run(ioc, std::move(task));
    }
};

}  // namespace cloudflow::test
