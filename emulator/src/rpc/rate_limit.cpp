#include "rpc/rate_limit.hpp"

#include <algorithm>

namespace cloudflow::local {

RateLimit::RateLimit(double rate) : rate_(rate), capacity_(std::max(1.0, rate / 10)), tokens_(capacity_) {}

bool RateLimit::admit(time_point now)
{
    if (rate_ <= 0) return true;
    if (started_ && now > last_) {
        const double elapsed = std::chrono::duration<double>(now - last_).count();
        tokens_ = std::min(capacity_, tokens_ + elapsed * rate_);
    }
    if (!started_ || now > last_) last_ = now;
    started_ = true;
    if (tokens_ < 1) return false;
    tokens_ -= 1;
    return true;
}

}  // namespace cloudflow::local
