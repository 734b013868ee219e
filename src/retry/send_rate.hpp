// Adaptive retry's sending rate (RetryMode::adaptive): a token bucket shared by a client's calls,
// whose rate follows the service's throttling the way TCP CUBIC follows losses.
//
// Until the first throttled answer it is off: every attempt goes at once. A throttled answer to an
// attempt that asked for its token after the last cut cuts the rate to `beta` times what the client
// was sending (the answers a second it measures; once cut, the current rate if lower), but never to
// less than `beta` times what the service admitted (the answers a second that were not throttled):
// the service throttles above that. Throttled answers to attempts paced before the cut belong to
// the same congestion and cut nothing more. Answers that are not throttled let the
// rate grow back along a cubic curve: concave up to the rate of the last cut, which it reaches
// `window` after the cut, then convex beyond it, probing for more. The growth stops at twice the
// measured rate (a client that sends little does not earn a large rate; that cap never lowers the
// rate), and the rate never falls under `min_rate`. Answers are counted over `measure_interval`;
// a gap of more than ten intervals with no answer is idleness, not a rate, and is not measured.
//
// Pure but for its mutex: the caller passes the time, so the tests drive it without a clock.
#pragma once

#include <chrono>
#include <mutex>
#include <optional>

namespace cloudflow::detail {

class SendRate {
public:
    using time_point = std::chrono::steady_clock::time_point;
    using duration = std::chrono::steady_clock::duration;

    struct Tuning {
        double beta = 0.7;       // a cut keeps this share of the sending rate
        double growth = 0.4;     // the cubic's steepness, relative to the rate of the last cut, per s^3
        double min_rate = 0.5;   // tokens a second, at least
        double smoothing = 0.8;  // the weight of the newest measurement
        duration measure_interval = std::chrono::milliseconds(100);  // answers are counted over this
    };

    SendRate() : SendRate(Tuning{}) {}
    explicit SendRate(Tuning tuning) : tuning_(tuning) {}

    // The wait before an attempt that asks at `now` may be sent; its token is taken. nullopt, with
    // nothing taken, when the wait would end at or after `deadline`.
    std::optional<duration> reserve(time_point now, std::optional<time_point> deadline);

    // A token taken by reserve() whose attempt was not sent (cancelled while it waited, or its
    // credentials or signature failed): the next attempt may use it.
    void give_back();

    // An answer, received at `now`, to an attempt that asked for its token at `asked`.
    void on_answer(time_point asked, time_point now, bool throttled);

    // Tokens a second; nullopt while the bucket is off (no throttled answer yet).
    std::optional<double> rate() const;
    // The answers a second last measured (0 before the first interval closed).
    double measured() const;
    // The time from a cut until the rate is back at the cut's starting rate.
    duration window() const;

private:
    void measure(time_point now, bool throttled);
    // A smoothed rate, or the open interval's `count` a second while no interval has closed.
    double rate_of(double smoothed, long count, time_point now) const;
    void set_rate(double rate, time_point now);
    void refill(time_point now);

    const Tuning tuning_;
    mutable std::mutex mutex_;
    bool enabled_ = false;
    double rate_ = 0;      // tokens a second
    double capacity_ = 1;  // a tenth of a second's tokens, at least 1
    double tokens_ = 0;    // below 0: reserved ahead, by attempts still waiting
    time_point refilled_{};
    double last_max_ = 0;  // the sending rate when the last cut came
    time_point cut_{};     // when it came
    double window_s_ = 0;  // seconds from the cut back to last_max_
    // The measurement: answers (and those not throttled) counted since interval_start_, and their
    // smoothed rates.
    bool measuring_ = false;
    time_point interval_start_{};
    long intervals_ = 0;
    long answers_ = 0, admissions_ = 0;
    double measured_ = 0, admitted_ = 0;
};

}  // namespace cloudflow::detail
