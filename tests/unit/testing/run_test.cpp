#include <cloudflow/testing/run.hpp>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <stdexcept>
#include <string>

namespace asio = boost::asio;
using cloudflow::testing::run;

namespace {

asio::awaitable<std::string> later(std::string text)
{
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::milliseconds(5));
    co_await timer.async_wait(asio::use_awaitable);
    co_return text;
}

asio::awaitable<void> count(int& n)
{
    co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
    ++n;
}

asio::awaitable<int> fails()
{
    co_await asio::post(co_await asio::this_coro::executor, asio::use_awaitable);
    throw std::runtime_error("refused");
}

}  // namespace

TEST_CASE("testing::run: a coroutine's value, a void coroutine, a thrown exception", "[testing]")
{
    asio::io_context ioc;
    CHECK(run(ioc, later("done")) == "done");
    // The io_context is restarted each time: it can run coroutine after coroutine.
    CHECK(run(ioc, later("again")) == "again");
    int n = 0;
    run(ioc, count(n));
    CHECK(n == 1);
    CHECK_THROWS_WITH(run(ioc, fails()), "refused");
}
