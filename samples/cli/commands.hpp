// The CLI's commands. Each parses its own options into a job first, so that a usage error sends
// nothing; the job then makes its calls and prints (exit status 0 or 1).
#pragma once

#include "arguments.hpp"

#include <cloudflow/cloudflow.hpp>

#include <boost/asio/awaitable.hpp>

#include <functional>
#include <span>
#include <string_view>

namespace cloudflow::cli {

using Job = std::function<boost::asio::awaitable<int>(Client&, CallOptions)>;

struct Command {
    std::string_view name;
    std::string_view synopsis;  // its options, for the usage text
    Job (*parse)(Arguments&);
};

std::span<const Command> commands();

}  // namespace cloudflow::cli
