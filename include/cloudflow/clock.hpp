/// @file
/// Time as the client sees it: wall time for signing, steady time for deadlines, and waiting.
/// Injectable, so tests of retries and deadlines run on virtual time, instantly.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <memory>

namespace cloudflow {

/// The clocks a client reads and waits on: make_system_clock() in production, testing::ManualClock in tests.
class Clock {
public:
    /// Destroys the clock.
    virtual ~Clock() = default;
    /// Wall time (UTC), for the Timestamp of a signature.
    virtual std::chrono::system_clock::time_point system_now() const = 0;
    /// Monotonic time, for deadlines.
    virtual std::chrono::steady_clock::time_point now() const = 0;
    /// Waits for `d` without blocking the thread. Honours the calling coroutine's cancellation:
    /// returns boost::asio::error::operation_aborted when cancelled, success otherwise.
    virtual boost::asio::awaitable<boost::system::error_code> sleep_for(std::chrono::steady_clock::duration d) = 0;
};

/// The real clocks, waiting on an Asio steady_timer of the calling coroutine's executor.
std::shared_ptr<Clock> make_system_clock();

}  // namespace cloudflow
