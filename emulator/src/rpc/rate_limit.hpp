// --throttle-rate: a token bucket over every signed request, whichever its action. Above the rate
// a request is answered 429 ResourceThrottled, as the service answers an account over its limit.
#pragma once

#include <chrono>

namespace cloudflow::local {

// `rate` tokens a second; the bucket holds a tenth of a second's (at least 1), so a burst beyond
// that is throttled too. It starts full. Not thread-safe: the emulator serves on one thread.
class RateLimit {
public:
    using time_point = std::chrono::steady_clock::time_point;

    // 0: no limit (every request is admitted).
    explicit RateLimit(double rate);

    // Whether a request arriving at `now` is admitted; it takes a token when it is.
    bool admit(time_point now);

    double capacity() const { return capacity_; }

private:
    double rate_;
    double capacity_;
    double tokens_;
    time_point last_{};
    bool started_ = false;
};

}  // namespace cloudflow::local
