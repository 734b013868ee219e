// The children of one state (a Parallel's branches, a Map's items): coroutines of their own on the
// run's executor, at most `limit()` at once. When one ends the group (a failure), the others are
// cancelled; the state waits for every child to end before it goes on, so nothing of a child
// outlives its state. A group cancelled from above cancels its children, waits for them, and then
// throws operation_aborted like any other cancelled wait.
#pragma once

#include "engine/interpreter.hpp"

#include <boost/asio/awaitable.hpp>
#include <boost/asio/steady_timer.hpp>

#include <cstddef>
#include <functional>
#include <optional>
#include <vector>

namespace cloudflow::local {

struct ChildOptions {
    // How many may run at once; read again whenever a child ends or the group is woken.
    std::function<std::size_t()> limit;
    // Called as each child ends, in the order they end; true: this ending ends the group.
    std::function<bool(std::size_t index, const Ending& ending)> ends_group;
    // Set to the group's timer while it runs: cancelling it wakes the group (UpdateMapRun).
    boost::asio::steady_timer** wake = nullptr;
};

struct ChildEndings {
    std::vector<Ending> endings;          // by index; Kind::stopped for those cancelled or never started
    std::optional<std::size_t> decisive;  // the child whose ending ended the group
    std::size_t started = 0;
};

// Runs `count` children, `start(i)` making the i-th.
boost::asio::awaitable<ChildEndings> run_children(std::size_t count, ChildOptions options,
                                                  std::function<boost::asio::awaitable<Ending>(std::size_t)> start);

}  // namespace cloudflow::local
