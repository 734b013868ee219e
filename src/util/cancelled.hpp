// Whether the calling coroutine's Asio thread has been asked to cancel.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/cancellation_state.hpp>
#include <boost/asio/this_coro.hpp>

namespace cloudflow::detail {

// Use as `is_cancelled(co_await asio::this_coro::cancellation_state)`: awaiting the state
// allocates nothing, where a helper coroutine would allocate a frame.
inline bool is_cancelled(const boost::asio::cancellation_state& state) noexcept
{
    return state.cancelled() != boost::asio::cancellation_type::none;
}

// A cancellation filter that makes every type terminal: the transport's operations (Beast's HTTP
// reads and writes) support terminal cancellation only, and a cancelled call ends anyway.
inline boost::asio::cancellation_type as_terminal(boost::asio::cancellation_type type) noexcept
{
    return type != boost::asio::cancellation_type::none ? boost::asio::cancellation_type::terminal
                                                        : boost::asio::cancellation_type::none;
}

}  // namespace cloudflow::detail
