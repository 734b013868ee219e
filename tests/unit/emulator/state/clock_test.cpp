// The flows' clock (--time-scale): its now runs 1/F as fast, its waits last F as long, and both
// saturate rather than overflow.
#include "state/clock.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <limits>
#include <thread>

using namespace cloudflow::local;
using namespace std::chrono_literals;
using Real = FlowClock::Real;

TEST_CASE("flow clock: at scale 1 it is the system clock, and a wait lasts as long as it says", "[emulator][clock]")
{
    const FlowClock& clock = FlowClock::real();
    CHECK(clock.scale() == 1.0);
    const auto system = std::chrono::floor<std::chrono::milliseconds>(std::chrono::system_clock::now());
    CHECK(clock.now() >= system);
    CHECK(clock.now() - system < 1s);
    const auto before = Real::now();
    const auto at = clock.after(FlowClock::Seconds(300));
    CHECK(at - before >= 300s);
    CHECK(at - before < 301s);
    CHECK(clock.real_duration(1500ms) == std::chrono::duration_cast<Real::duration>(1500ms));
}

TEST_CASE("flow clock: at 0.001 its now runs a thousand times as fast and its waits last a thousandth",
          "[emulator][clock]")
{
    const FlowClock clock(0.001);
    // The real interval holds the flows' one: read before its start and after its end.
    const auto real_start = Real::now();
    const auto start = clock.now();
    std::this_thread::sleep_for(50ms);
    const auto flow_elapsed = clock.now() - start;
    const auto real_elapsed = Real::now() - real_start;
    // 50 ms of real time or more is 50 s of the flows' or more; at most what passed, times 1000.
    CHECK(flow_elapsed >= 50s);
    CHECK(flow_elapsed <= std::chrono::duration_cast<std::chrono::milliseconds>(real_elapsed * 1000) + 1ms);

    const auto before = Real::now();
    const auto wait = clock.after(FlowClock::Seconds(300)) - before;
    CHECK(wait >= 300ms);
    CHECK(wait < 350ms);
    CHECK(clock.real_duration(5s) == 5ms);
    CHECK(clock.real_duration(FlowClock::Seconds(-1)) == Real::duration::zero());

    // The real instant at which the flows' clock reads an hour from now: 3.6 s away. (The
    // operands of - and <= are unsequenced: each instant is read in a statement of its own.)
    const auto in_an_hour = clock.at(clock.now() + 1h);
    const auto hour = in_an_hour - Real::now();
    CHECK(hour > 3500ms);
    CHECK(hour <= 3600ms);
    // A time already past: now.
    const auto past = clock.at(start);
    CHECK(past <= Real::now());
}

TEST_CASE("flow clock: scaled waits and times saturate", "[emulator][clock]")
{
    // A Wait of 300 s at 1e-9 is 300 ns; a Retry of 86,400 s with BackoffRate 10 soon overflows
    // a double: both are instants, the second the far future.
    const FlowClock tiny(1e-9);
    const auto before = Real::now();
    const auto at = tiny.after(FlowClock::Seconds(300));
    CHECK(at >= before);
    CHECK(at - before < 1s);
    CHECK(tiny.after(FlowClock::Seconds(86'400 * std::pow(10.0, 400))) == Real::time_point::max());
    CHECK(tiny.after(FlowClock::Seconds(std::numeric_limits<double>::infinity())) == Real::time_point::max());
    CHECK(FlowClock::real().after(FlowClock::Seconds(1e300)) == Real::time_point::max());
    CHECK(FlowClock::real().real_duration(FlowClock::Seconds(1e300)) == Real::duration::max());
    const auto not_a_number = FlowClock::real().after(FlowClock::Seconds(std::nan("")));
    CHECK(not_a_number <= Real::now());

    // At 1e-15 a microsecond is 31 years: the flows' clock stops at the last time it can write.
    const FlowClock fastest(1e-15);
    std::this_thread::sleep_for(5ms);
    CHECK(fastest.now() == last_flow_time);
    const auto last = fastest.at(last_flow_time);
    CHECK(last <= Real::now());
}

TEST_CASE("flow clock: a time scale is a number above 0 and at most 1", "[emulator][clock]")
{
    CHECK(parse_time_scale("1") == 1.0);
    CHECK(parse_time_scale("0.001") == 0.001);
    CHECK(parse_time_scale("1e-3") == 0.001);
    CHECK(parse_time_scale("1e-9") == 1e-9);
    for (const char* bad : {"0", "-0.5", "1.5", "2", "inf", "nan", "-inf", "abc", "", "0.5x", " 0.5", "1e-400"}) {
        INFO(bad);
        CHECK_FALSE(parse_time_scale(bad));
    }
    CHECK_FALSE(valid_time_scale(std::numeric_limits<double>::quiet_NaN()));
    CHECK_FALSE(valid_time_scale(std::numeric_limits<double>::denorm_min() * 0));
    CHECK(valid_time_scale(std::numeric_limits<double>::denorm_min()));
}
