#include <cloudflow/clock.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace cloudflow {
namespace {

class SystemClock final : public Clock {
public:
    std::chrono::system_clock::time_point system_now() const override { return std::chrono::system_clock::now(); }
    std::chrono::steady_clock::time_point now() const override { return std::chrono::steady_clock::now(); }

    boost::asio::awaitable<boost::system::error_code> sleep_for(std::chrono::steady_clock::duration d) override
    {
        boost::asio::steady_timer timer(co_await boost::asio::this_coro::executor, d);
        auto [ec] = co_await timer.async_wait(boost::asio::as_tuple(boost::asio::use_awaitable));
        co_return ec;
    }
};

}  // namespace

std::shared_ptr<Clock> make_system_clock()
{
    return std::make_shared<SystemClock>();
}

}  // namespace cloudflow
