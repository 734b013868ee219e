#include <cloudflow/testing/manual_clock.hpp>

#include "util/cancelled.hpp"
#include "util/deadline.hpp"

#include <boost/asio/cancellation_state.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace cloudflow::testing {

ManualClock::ManualClock(std::chrono::system_clock::time_point wall) : wall_(wall) {}

std::chrono::system_clock::time_point ManualClock::system_now() const
{
    std::lock_guard lock(mutex_);
    return wall_;
}

std::chrono::steady_clock::time_point ManualClock::now() const
{
    std::lock_guard lock(mutex_);
    return steady_;
}

boost::asio::awaitable<boost::system::error_code> ManualClock::sleep_for(std::chrono::steady_clock::duration d)
{
    {
        std::lock_guard lock(mutex_);
        sleeps_.push_back(d);
        wall_ = detail::saturating_add(wall_, d);  // a wait too long for the clocks ends at their end
        steady_ = detail::saturating_add(steady_, d);
    }
    co_await boost::asio::post(co_await boost::asio::this_coro::executor, boost::asio::use_awaitable);
    if (detail::is_cancelled(co_await boost::asio::this_coro::cancellation_state))
        co_return boost::asio::error::operation_aborted;
    co_return boost::system::error_code{};
}

void ManualClock::advance(std::chrono::steady_clock::duration d)
{
    std::lock_guard lock(mutex_);
    wall_ = detail::saturating_add(wall_, d);
    steady_ = detail::saturating_add(steady_, d);
}

std::vector<std::chrono::steady_clock::duration> ManualClock::sleeps() const
{
    std::lock_guard lock(mutex_);
    return sleeps_;
}

}  // namespace cloudflow::testing
