// Deadlines from user-given durations, without overflow: a duration too long for the clock means
// "no deadline" (the clock's maximum), never a wrapped-around time in the past.
#pragma once

#include <chrono>
#include <ratio>

namespace cloudflow::detail {

// `start + d`, saturating at TimePoint::max(). `d` must not be negative.
template <class TimePoint, class Rep, class Period>
TimePoint saturating_add(TimePoint start, std::chrono::duration<Rep, Period> d)
{
    using Duration = typename TimePoint::duration;
    static_assert(std::ratio_greater_equal_v<Period, typename Duration::period>,
                  "d must be in the clock's unit or coarser");
    // The room left before the clock's end, in d's (coarser) unit, so that neither the comparison
    // nor the conversion can overflow.
    const auto room = std::chrono::duration_cast<std::chrono::duration<Rep, Period>>(TimePoint::max() - start);
    if (d >= room) return TimePoint::max();
    return start + std::chrono::duration_cast<Duration>(d);
}

}  // namespace cloudflow::detail
