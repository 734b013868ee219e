#include "state/clock.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

namespace cloudflow::local {
namespace {

using std::chrono::milliseconds;

Timestamp system_now()
{
    return std::chrono::floor<milliseconds>(std::chrono::system_clock::now());
}

}  // namespace

FlowClock::FlowClock(double scale) : scale_(scale), origin_(system_now()), real_origin_(Real::now()) {}

const FlowClock& FlowClock::real()
{
    static const FlowClock clock(1.0);
    return clock;
}

Timestamp FlowClock::now() const
{
    if (scale_ == 1.0) return std::min(system_now(), last_flow_time);
    const double elapsed_ms = std::chrono::duration<double, std::milli>(Real::now() - real_origin_).count() / scale_;
    const double room_ms = static_cast<double>((last_flow_time - origin_).count());
    if (!(elapsed_ms < room_ms)) return last_flow_time;
    return origin_ + milliseconds(static_cast<milliseconds::rep>(elapsed_ms));
}

FlowClock::Real::duration FlowClock::real_duration(Seconds flow_time) const
{
    const double seconds = flow_time.count() * scale_;
    if (!(seconds > 0)) return Real::duration::zero();
    if (!(seconds < std::chrono::duration<double>(Real::duration::max()).count())) return Real::duration::max();
    return std::chrono::duration_cast<Real::duration>(Seconds(seconds));
}

FlowClock::Real::time_point FlowClock::after(Seconds flow_time) const
{
    const Real::time_point now = Real::now();
    const Real::duration wait = real_duration(flow_time);
    return wait >= Real::time_point::max() - now ? Real::time_point::max() : now + wait;
}

FlowClock::Real::time_point FlowClock::at(Timestamp when) const
{
    return after(std::chrono::duration_cast<Seconds>(when - now()));
}

bool valid_time_scale(double scale)
{
    return std::isfinite(scale) && scale > 0 && scale <= 1;
}

std::optional<double> parse_time_scale(std::string_view text)
{
    double scale = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), scale);
    if (ec != std::errc{} || end != text.data() + text.size() || !valid_time_scale(scale)) return std::nullopt;
    return scale;
}

}  // namespace cloudflow::local
