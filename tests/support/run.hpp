// Runs a coroutine to completion on an io_context, for tests.
#pragma once

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include <exception>
#include <optional>
#include <stdexcept>

namespace cloudflow::test {

template <class T>
T run(boost::asio::io_context& ioc, boost::asio::awaitable<T> task)
{
    std::optional<T> out;
    std::exception_ptr error;
    boost::asio::co_spawn(ioc, std::move(task), [&](std::exception_ptr e, T value) {
        error = e;
        if (!e) out.emplace(std::move(value));
    });
    ioc.restart();
    ioc.run();
    if (error) std::rethrow_exception(error);
    if (!out) throw std::logic_error("the coroutine did not complete");
    return std::move(*out);
}

}  // namespace cloudflow::test
