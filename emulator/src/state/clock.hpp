// The emulator's clock, as the flows see it (--time-scale F, 0 < F <= 1).
//
// At F = 1 it is the system clock. At F < 1 it runs 1/F times as fast as the real one from the
// moment it is made, and every duration the emulator waits for on a flow's behalf (a Wait, a Retry
// interval, a Task's Timeout, an execution's time limit, a schedule's next time, the fault plan's
// latency) lasts F times as long in real time. Every time the emulator writes (StartedTime,
// history events, CreatedTime, ...) comes from it, so a flow's times agree with its waits.
//
// What is not the flow's stays on the real clocks: signature Timestamps, the Date header, the
// server's timeouts, DescribeExecution's long poll, and the exchanges of HTTP and FC tasks.
//
// Scaled durations saturate: a wait too long for the steady clock ends at time_point::max(), and
// the flows' clock stops at 9999-12-31T23:59:59.999Z, the last time an answer can write.
#pragma once

#include <cloudflow/model/timestamp.hpp>

#include <chrono>
#include <optional>
#include <string_view>

namespace cloudflow::local {

class FlowClock {
public:
    using Real = std::chrono::steady_clock;
    using Seconds = std::chrono::duration<double>;

    // `scale` must be valid (valid_time_scale); the flows' clock starts at the system clock's now.
    explicit FlowClock(double scale = 1.0);

    // The system clock's flows: scale 1.
    static const FlowClock& real();

    double scale() const { return scale_; }

    // The flows' now, in whole milliseconds as the service writes times.
    Timestamp now() const;

    // The real instant at which `flow_time` from now has passed on the flows' clock.
    Real::time_point after(Seconds flow_time) const;

    // The real instant at which the flows' clock reads `when` (now, if that is past).
    Real::time_point at(Timestamp when) const;

    // `flow_time` as a real duration, saturating.
    Real::duration real_duration(Seconds flow_time) const;

private:
    double scale_;
    Timestamp origin_;              // the flows' time at the start
    Real::time_point real_origin_;  // the real instant of the start
};

// The last time the flows' clock reads.
inline constexpr Timestamp last_flow_time =
    std::chrono::sys_days{std::chrono::year{9999} / 12 / 31} + std::chrono::milliseconds(86'399'999);

// Reads a time scale: a number above 0 and at most 1 ("0.001", "1e-3"); nullopt for anything else
// (0, a negative, above 1, inf, nan, not a number).
std::optional<double> parse_time_scale(std::string_view text);
// Whether `scale` may be a time scale: finite, above 0, at most 1.
bool valid_time_scale(double scale);

}  // namespace cloudflow::local
