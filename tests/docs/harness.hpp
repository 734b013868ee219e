// What the documentation's C++ fragments are compiled in (examples.hpp says how blocks are labelled).
//
// A fragment is a piece of a program, as a guide shows it: it uses names that the surrounding
// program would have. Each harness below is a function whose parameters are those names; the
// fragment is its body, inside an inner block so that a fragment may declare its own `config` or
// `client`. Fragments are compiled, not run: their calls need a service.
//
//   ```c++ fragment:statements   statements of an ordinary function
//   ```c++ fragment:coroutine    statements of a coroutine (co_await, co_return)
//   ```c++ fragment:declarations declarations at namespace scope (a function, a class)
#pragma once

#include <cloudflow/cloudflow.hpp>
#include <cloudflow/testing/local_emulator.hpp>
#include <cloudflow/testing/manual_clock.hpp>
#include <cloudflow/testing/mock_transport.hpp>
#include <cloudflow/testing/replies.hpp>

// The project's own test server, which docs/credentials.md shows (it is not installed).
#include "support/fake_http_server.hpp"

#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <future>
#include <iostream>
#include <memory>
#include <optional>
#include <string>

namespace docs {

// A program's `int main(int argc, char** argv)`, called as a program would be.
inline int run_main(int (*main)(int, char**))
{
    static char name[] = "example";
    char* argv[] = {name, nullptr};
    return main(1, argv);
}

}  // namespace docs

// Names that fragments take from other blocks of their page.

// docs/api.md: the coroutine of "A first call", which the Cancellation section spawns.
inline boost::asio::awaitable<void> run(cloudflow::Client& client)
{
    cloudflow::StartSyncExecutionRequest request;
    request.flow_name = "my_flow";
    const auto r = co_await client.start_sync_execution(std::move(request));
    if (r) std::cout << r->name << '\n';
}

// The names a fragment may use: an io_context, a client configuration and a client on a
// MockTransport, a StartSyncExecution request and a call's result.
#define DOCS_FRAGMENT_NAMES                                                                                            \
    [[maybe_unused]] boost::asio::io_context &ioc, [[maybe_unused]] cloudflow::ClientConfig &config,                   \
        [[maybe_unused]] std::shared_ptr<cloudflow::testing::MockTransport> transport,                                 \
        [[maybe_unused]] cloudflow::Client &client, [[maybe_unused]] cloudflow::StartSyncExecutionRequest request,     \
        [[maybe_unused]] cloudflow::Result<cloudflow::StartSyncExecutionResponse> r

#define DOCS_BEGIN_statements                                                                                          \
    [[maybe_unused]] void fragment(DOCS_FRAGMENT_NAMES)                                                                \
    {                                                                                                                  \
        using namespace std::chrono_literals;                                                                          \
        {
#define DOCS_END_statements                                                                                            \
    }                                                                                                                  \
    }

#define DOCS_BEGIN_coroutine                                                                                           \
    [[maybe_unused]] boost::asio::awaitable<void> fragment(DOCS_FRAGMENT_NAMES)                                        \
    {                                                                                                                  \
        using namespace std::chrono_literals;                                                                          \
        {
#define DOCS_END_coroutine                                                                                             \
    }                                                                                                                  \
    co_return;                                                                                                         \
    }

#define DOCS_BEGIN_declarations
#define DOCS_END_declarations
