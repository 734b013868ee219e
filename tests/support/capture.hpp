// Scoped changes for tests: an environment variable set for a while, std::clog captured.
#pragma once

#include <cstdlib>
#include <iostream>
#include <optional>
#include <sstream>
#include <string>

namespace cloudflow::test {

// Sets an environment variable until the end of the scope, then restores it.
class ScopedEnvironment {
public:
    ScopedEnvironment(const char* name, const char* value) : name_(name)
    {
        if (const char* old = std::getenv(name)) old_ = old;
        ::setenv(name, value, 1);
    }
    ~ScopedEnvironment()
    {
        if (old_)
            ::setenv(name_, old_->c_str(), 1);
        else
            ::unsetenv(name_);
    }
    ScopedEnvironment(const ScopedEnvironment&) = delete;
    ScopedEnvironment& operator=(const ScopedEnvironment&) = delete;

private:
    const char* name_;
    std::optional<std::string> old_;
};

// What is written to std::clog until the end of the scope.
class CaptureClog {
public:
    CaptureClog() : old_(std::clog.rdbuf(text_.rdbuf())) {}
    ~CaptureClog() { std::clog.rdbuf(old_); }
    CaptureClog(const CaptureClog&) = delete;
    CaptureClog& operator=(const CaptureClog&) = delete;

    std::string text() const { return text_.str(); }

private:
    std::ostringstream text_;
    std::streambuf* old_;
};

}  // namespace cloudflow::test
