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

}  // namespace cloudflow::test
