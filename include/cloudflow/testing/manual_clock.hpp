/// @file
/// A virtual clock for tests: time moves only when told to, or when someone sleeps on it.
#pragma once

#include <cloudflow/clock.hpp>

#include <chrono>
#include <mutex>
#include <vector>

namespace cloudflow::testing {

/// sleep_for(d) does not wait: it records d, moves the clock on by d and resumes at once (through
/// the executor, so deep retry loops do not recurse). Retry tests thus see exact delays, instantly.
class ManualClock final : public Clock {
public:
    /// Starts at `wall` (UTC) on the wall clock; the steady clock starts at its epoch.
    explicit ManualClock(std::chrono::system_clock::time_point wall = std::chrono::sys_days{std::chrono::year{2024} /
                                                                                            1 / 1});

    std::chrono::system_clock::time_point system_now() const override;
    std::chrono::steady_clock::time_point now() const override;
    boost::asio::awaitable<boost::system::error_code> sleep_for(std::chrono::steady_clock::duration d) override;

    /// Moves both clocks on.
    void advance(std::chrono::steady_clock::duration d);
    /// Every sleep_for so far, in order.
    std::vector<std::chrono::steady_clock::duration> sleeps() const;

private:
    mutable std::mutex mutex_;
    std::chrono::system_clock::time_point wall_;
    std::chrono::steady_clock::time_point steady_{};
    std::vector<std::chrono::steady_clock::duration> sleeps_;
};

}  // namespace cloudflow::testing
