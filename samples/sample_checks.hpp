// The smallest test harness, for the two testing samples: no framework to install, and nothing to
// learn. In a real project, use your test framework's checks instead (Catch2, GoogleTest, ...).
#pragma once

#include <exception>
#include <iostream>
#include <span>
#include <string_view>

namespace sample {

inline int failed_checks = 0;

// Counts and prints a failed check; returns `ok`, so that a test can stop early.
inline bool check(bool ok, std::string_view what)
{
    if (!ok) {
        ++failed_checks;
        std::cout << "  check failed: " << what << '\n';
    }
    return ok;
}

struct Test {
    const char* name;
    void (*run)();
};

// Runs each test (an exception is a failed check), prints "ok: NAME" or "FAILED: NAME" and a
// summary. Returns the exit status: 0 when every check passed, 1 otherwise.
inline int run_tests(std::span<const Test> tests)
{
    int failed_tests = 0;
    for (const Test& test : tests) {
        const int before = failed_checks;
        try {
            test.run();
        } catch (const std::exception& e) {
            check(false, e.what());
        }
        const bool ok = failed_checks == before;
        failed_tests += ok ? 0 : 1;
        std::cout << (ok ? "ok: " : "FAILED: ") << test.name << '\n';
    }
    std::cout << tests.size() << " tests, " << failed_tests << " failed\n";
    return failed_tests == 0 ? 0 : 1;
}

}  // namespace sample
