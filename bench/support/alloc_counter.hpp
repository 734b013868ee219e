// Counts the heap allocations of the whole process (operator new replaced), for the
// allocations/op figures of the CPU benchmarks.
#pragma once

#include <cstdint>

namespace cloudflow::bench {

// Allocations made by operator new (every form) since the program started.
std::uint64_t allocations() noexcept;

}  // namespace cloudflow::bench
