#include "retry/send_rate.hpp"

#include <algorithm>
#include <cmath>

namespace cloudflow::detail {

namespace {

double seconds(std::chrono::steady_clock::duration d)
{
    return std::chrono::duration<double>(d).count();
}

}  // namespace

void SendRate::refill(time_point now)
{
    if (now > refilled_) {
        tokens_ = std::min(capacity_, tokens_ + seconds(now - refilled_) * rate_);
        refilled_ = now;
    }
}

void SendRate::set_rate(double rate, time_point now)
{
    refill(now);  // the time until now at the old rate
    rate_ = std::max(tuning_.min_rate, rate);
    capacity_ = std::max(1.0, rate_ / 10);
    tokens_ = std::min(tokens_, capacity_);
}

void SendRate::measure(time_point now, bool throttled)
{
    if (!measuring_) {
        measuring_ = true;
        interval_start_ = now;
    }
    if (now - interval_start_ > 10 * tuning_.measure_interval) {
        // A gap: the client sent nothing for a while. A rate is what it sends while it sends, so
        // the gap starts a new interval and measures nothing.
        interval_start_ = now;
        answers_ = admissions_ = 0;
    } else if (now - interval_start_ >= tuning_.measure_interval) {
        const double elapsed = seconds(now - interval_start_);
        const auto smooth = [&](double& smoothed, long count) {
            const double current = static_cast<double>(count) / elapsed;
            smoothed = intervals_ == 0 ? current : tuning_.smoothing * current + (1 - tuning_.smoothing) * smoothed;
        };
        smooth(measured_, answers_);
        smooth(admitted_, admissions_);
        ++intervals_;
        interval_start_ = now;
        answers_ = admissions_ = 0;
    }
    ++answers_;
    if (!throttled) ++admissions_;
}

double SendRate::rate_of(double smoothed, long count, time_point now) const
{
    if (intervals_ > 0) return smoothed;
    // No interval closed yet: the open one's, over at least a tenth of an interval (a throttled
    // first answer is no measure of a rate).
    const double elapsed = std::max(seconds(now - interval_start_), seconds(tuning_.measure_interval) / 10);
    return static_cast<double>(count) / elapsed;
}

std::optional<SendRate::duration> SendRate::reserve(time_point now, std::optional<time_point> deadline)
{
    std::lock_guard lock(mutex_);
    if (!enabled_) return duration::zero();
    refill(now);
    const double left = tokens_ - 1;
    const auto wait =
        left >= 0 ? duration::zero() : std::chrono::ceil<duration>(std::chrono::duration<double>(-left / rate_));
    if (deadline && (now >= *deadline || wait >= *deadline - now)) return std::nullopt;
    tokens_ = left;
    return wait;
}

void SendRate::on_answer(time_point asked, time_point now, bool throttled)
{
    std::lock_guard lock(mutex_);
    measure(now, throttled);
    const double sending = rate_of(measured_, answers_, now);
    if (throttled) {
        if (enabled_ && asked < cut_) return;  // sent at the rate before the cut: the same congestion
        // What the client sent (or, once cut, the rate it keeps if lower), but never less than what
        // the service admitted: it throttles above that, so cutting below it answers nothing.
        const double admitted = rate_of(admitted_, admissions_, now);
        const double from = std::max(enabled_ ? std::min(sending, rate_) : sending, admitted);
        if (!enabled_) {
            enabled_ = true;
            refilled_ = now;
            tokens_ = 0;
        }
        last_max_ = std::max(tuning_.min_rate, from);
        cut_ = now;
        window_s_ = std::cbrt((1 - tuning_.beta) / tuning_.growth);
        set_rate(last_max_ * tuning_.beta, now);
        return;
    }
    if (!enabled_) return;
    const double t = seconds(now - cut_) - window_s_;
    const double cubic = last_max_ * (1 + tuning_.growth * t * t * t);
    // Twice the measured rate stops the growth of a client that sends less than it may; it never
    // lowers the rate (a client that slowed down by itself was not told to).
    set_rate(std::min(cubic, std::max(rate_, 2 * sending)), now);
}

void SendRate::give_back()
{
    std::lock_guard lock(mutex_);
    if (enabled_) tokens_ = std::min(capacity_, tokens_ + 1);
}

std::optional<double> SendRate::rate() const
{
    std::lock_guard lock(mutex_);
    return enabled_ ? std::optional(rate_) : std::nullopt;
}

double SendRate::measured() const
{
    std::lock_guard lock(mutex_);
    return measured_;
}

SendRate::duration SendRate::window() const
{
    std::lock_guard lock(mutex_);
    return std::chrono::duration_cast<duration>(std::chrono::duration<double>(window_s_));
}

}  // namespace cloudflow::detail
