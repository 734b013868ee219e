// The emulator's clock for the times it writes (StartedTime, CreatedTime, ...): the system clock
// in whole milliseconds, as the service writes them.
#pragma once

#include <cloudflow/model/timestamp.hpp>

#include <chrono>

namespace cloudflow::local {

inline Timestamp now_ms()
{
    return std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
}

}  // namespace cloudflow::local
