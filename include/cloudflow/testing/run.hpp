/// @file
/// Runs one coroutine to its end on an io_context: the helper every test of a coroutine needs.
#pragma once

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <optional>
#include <stdexcept>
#include <type_traits>

namespace cloudflow::testing {

/// Runs `task` on `ioc` until it and all other work of `ioc` are done (`ioc.restart()`, then
/// `ioc.run()`), and returns what it returned, or rethrows what it threw:
/// `auto r = cloudflow::testing::run(ioc, client.start_sync_execution(request));`
/// Call it from the thread that runs `ioc`, with nothing else running it.
template <class T>
T run(boost::asio::io_context& ioc, boost::asio::awaitable<T> task)
{
    std::exception_ptr error{};
    bool done = false;
    if constexpr (std::is_void_v<T>) {
        boost::asio::co_spawn(ioc, std::move(task), [&](std::exception_ptr e) {
            error = e;
            done = true;
        });
        ioc.restart();
        ioc.run();
        if (error) std::rethrow_exception(error);
        if (!done) throw std::logic_error("the coroutine did not complete");
    } else {
        std::optional<T> out{};
        boost::asio::co_spawn(ioc, std::move(task), [&](std::exception_ptr e, T value) {
            error = e;
            done = true;
            if (!e) out.emplace(std::move(value));
        });
        ioc.restart();
        ioc.run();
        if (error) std::rethrow_exception(error);
        if (!done || !out) throw std::logic_error("the coroutine did not complete");
        return std::move(*out);
    }
}

}  // namespace cloudflow::testing
