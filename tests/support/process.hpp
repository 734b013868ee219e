// Runs a program to completion for tests: its exit status, standard output and standard error.
#pragma once

#include <chrono>
#include <string>
#include <sys/types.h>
#include <unistd.h>
#include <vector>

namespace cloudflow::test {

struct ProcessResult {
    int exit_code = -1;  // -1 when it did not exit normally (killed, or over the time limit)
    std::string out, err;
};

// Runs `argv` with the test's environment plus `env` ("NAME=value", overriding), with no standard
// input; kills it after `limit`.
ProcessResult run_process(const std::vector<std::string>& argv, const std::vector<std::string>& env = {},
                          std::chrono::milliseconds limit = std::chrono::seconds(30));

// The resident memory (VmRSS) of a process, in KiB; -1 when it cannot be read.
long rss_kib(pid_t pid = ::getpid());

// This process's memory, in KiB, for bounds on growth that hold in every build: in a sanitizer build
// (ASan, TSan) the live heap its allocator counts (__sanitizer_get_current_allocated_bytes), as those
// allocators keep freed memory (ASan's quarantine) and RSS only grows; otherwise the RSS.
long memory_in_use_kib();
// What memory_in_use_kib() measures, for messages: "live heap" or "RSS".
const char* memory_in_use_name();
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr bool memory_is_live_heap = true;
#else
inline constexpr bool memory_is_live_heap = false;
#endif

}  // namespace cloudflow::test
