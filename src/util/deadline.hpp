// Deadlines and durations from outside (a user's option, a server's date or hint), without
// overflow: a duration too long for the clock means "no deadline" (the clock's end), never a
// wrapped-around time in the past; a user's timeout under 1 ms is refused, not rounded to 0.
//
// The rules: a timeout or deadline must be at least 1 ms (`at_least_1ms`, else the caller's typed
// error naming the field, with `timeout_rule`); a delay or margin must not be negative
// (`not_negative_rule`); anything added to or taken from a time point saturates (`saturating_add`,
// `saturating_sub`), and a duration or time point converted to a finer unit saturates too
// (`saturating_cast`).
#pragma once

#include <chrono>
#include <limits>
#include <optional>
#include <ratio>
#include <string>
#include <string_view>
#include <type_traits>

namespace cloudflow::detail {

// `d` in the unit `To` (the same unit or a finer one), saturating at To's ends.
template <class To, class Rep, class Period>
constexpr To saturating_cast(std::chrono::duration<Rep, Period> d)
{
    using From = std::chrono::duration<Rep, Period>;
    static_assert(std::ratio_greater_equal_v<Period, typename To::period>, "To must be d's unit or finer");
    static_assert(std::is_integral_v<Rep> && std::is_integral_v<typename To::rep>, "integer durations only");
    // To's ends in d's (coarser) unit, truncated towards zero: they convert back without overflow.
    constexpr From most = std::chrono::duration_cast<From>(To::max());
    constexpr From least = std::chrono::duration_cast<From>(To::min());
    if (d > most) return To::max();
    if (d < least) return To::min();
    return std::chrono::duration_cast<To>(d);
}

// A time point in a finer unit (a Timestamp's milliseconds as system_clock's nanoseconds),
// saturating at the clock's ends.
template <class ToTimePoint, class Clock, class Duration>
constexpr ToTimePoint saturating_cast(std::chrono::time_point<Clock, Duration> t)
{
    return ToTimePoint(saturating_cast<typename ToTimePoint::duration>(t.time_since_epoch()));
}

// `t + d`, saturating at TimePoint::max() (and at min() for a negative `d`). Exact wherever the
// true sum is within the clock: -1 h + milliseconds::max() is the clock's end too.
template <class TimePoint, class Rep, class Period>
constexpr TimePoint saturating_add(TimePoint t, std::chrono::duration<Rep, Period> d)
{
    using Duration = typename TimePoint::duration;
    using From = std::chrono::duration<Rep, Period>;
    static_assert(std::ratio_greater_equal_v<Period, typename Duration::period>,
                  "d must be the clock's unit or coarser");
    constexpr From most = std::chrono::duration_cast<From>(Duration::max());
    constexpr From least = std::chrono::duration_cast<From>(Duration::min());
    // A `d` past the clock unit's ends is added in parts that fit, each one towards the other end
    // (it cannot overflow then); a part in the direction `t` already lies in means the clock's end.
    while (d > most || d < least) {
        const From part = d > most ? most : least;
        if ((part > From::zero()) == (t.time_since_epoch() >= Duration::zero()))
            return part > From::zero() ? TimePoint::max() : TimePoint::min();
        t += std::chrono::duration_cast<Duration>(part);
        d -= part;  // moves d towards zero: no overflow
    }
    const Duration step = std::chrono::duration_cast<Duration>(d);
    const Duration since = t.time_since_epoch();
    if (step > Duration::zero() && since > Duration::max() - step) return TimePoint::max();
    if (step < Duration::zero() && since < Duration::min() - step) return TimePoint::min();
    return t + step;
}

// `t - d`, saturating at TimePoint::min() (and at max() for a negative `d`).
template <class TimePoint, class Rep, class Period>
constexpr TimePoint saturating_sub(TimePoint t, std::chrono::duration<Rep, Period> d)
{
    using From = std::chrono::duration<Rep, Period>;
    if (d < -From::max()) return saturating_add(saturating_add(t, From::max()), From(1));  // -min() overflows
    return saturating_add(t, -d);
}

// Whether `d` is at least 1 ms, computed without converting `d` (seconds::max() in milliseconds
// would overflow). Floating-point durations (a CLI's seconds) compare as they are.
template <class Rep, class Period>
constexpr bool at_least_1ms(std::chrono::duration<Rep, Period> d)
{
    using From = std::chrono::duration<Rep, Period>;
    if constexpr (std::is_floating_point_v<Rep>)
        return d >= std::chrono::duration<double, std::milli>(1.0);
    else if constexpr (std::ratio_greater_equal_v<Period, std::milli>)
        return d.count() >= 1;  // a whole number of milliseconds or coarser units
    else
        return d >= std::chrono::duration_cast<From>(std::chrono::milliseconds(1));
}

// The rule a user's timeout keeps: at least 1 ms. The message naming `field` when `d` breaks it;
// the caller throws or returns it as its typed error (invalid_config, invalid_request, ...).
template <class Rep, class Period>
std::optional<std::string> timeout_rule(std::string_view field, std::chrono::duration<Rep, Period> d)
{
    if (at_least_1ms(d)) return std::nullopt;
    return std::string(field) + " must be at least 1 ms";
}

// The rule a user's delay or margin keeps: not negative (0 is allowed: no wait, no margin).
template <class Rep, class Period>
std::optional<std::string> not_negative_rule(std::string_view field, std::chrono::duration<Rep, Period> d)
{
    if (d >= std::chrono::duration<Rep, Period>::zero()) return std::nullopt;
    return std::string(field) + " must not be negative";
}

}  // namespace cloudflow::detail
