// Whether the calling coroutine's Asio thread has been asked to cancel.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_state.hpp>
#include <boost/asio/this_coro.hpp>

namespace cloudflow::detail {

inline boost::asio::awaitable<bool> cancelled()
{
    co_return (co_await boost::asio::this_coro::cancellation_state).cancelled() != boost::asio::cancellation_type::none;
}

}  // namespace cloudflow::detail
