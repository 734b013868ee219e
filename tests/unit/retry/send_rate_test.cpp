// Adaptive retry's sending rate, on a clock the test moves: off until throttled, the cut, the
// cubic recovery, one cut per congestion, the deadline, and the cap of twice the measured rate.
#include "retry/send_rate.hpp"

#include <catch2/catch.hpp>

#include <cmath>

using cloudflow::detail::SendRate;
using namespace std::chrono_literals;

namespace {

const SendRate::time_point t0 = SendRate::time_point{} + 1h;

// `n` answers, evenly over `span` from `from`, each asked for when it is answered; the time after.
SendRate::time_point answer(SendRate& rate, SendRate::time_point from, int n, SendRate::duration span,
                            bool throttled = false)
{
    for (int i = 0; i < n; ++i) {
        const auto at = from + span * i / n;
        rate.on_answer(at, at, throttled);
    }
    return from + span;
}

}  // namespace

TEST_CASE("send rate: off until the first throttled answer, every attempt goes at once", "[retry][send-rate]")
{
    SendRate rate;
    CHECK_FALSE(rate.rate());
    const auto t = answer(rate, t0, 1000, 1s);  // 1,000 answers a second, none throttled
    CHECK_FALSE(rate.rate());
    for (int i = 0; i < 100; ++i) REQUIRE(rate.reserve(t, t + 1ms) == SendRate::duration::zero());
}

TEST_CASE("send rate: a throttled answer cuts the rate to 0.7 times what the client sent", "[retry][send-rate]")
{
    SendRate rate;
    auto t = answer(rate, t0, 2000, 1s);  // measured: 2,000 a second
    CHECK(rate.measured() == Approx(2000).epsilon(0.01));
    rate.on_answer(t, t, true);
    REQUIRE(rate.rate());
    CHECK(*rate.rate() == Approx(1400).epsilon(0.01));
    // The window back to 2,000: cbrt((1 - 0.7) / 0.4) seconds.
    CHECK(std::chrono::duration<double>(rate.window()).count() == Approx(std::cbrt(0.75)).epsilon(0.001));

    // The bucket starts empty: the next attempts are spaced 1/1400 s apart.
    const auto first = rate.reserve(t, std::nullopt);
    const auto second = rate.reserve(t, std::nullopt);
    REQUIRE(first);
    REQUIRE(second);
    CHECK(std::chrono::duration<double>(*first).count() == Approx(1.0 / 1400).epsilon(0.01));
    CHECK(std::chrono::duration<double>(*second).count() == Approx(2.0 / 1400).epsilon(0.01));
}

TEST_CASE("send rate: throttled answers to attempts paced before the cut cut nothing more", "[retry][send-rate]")
{
    SendRate rate;
    auto t = answer(rate, t0, 2000, 1s);
    const auto asked_before = t - 5ms;
    rate.on_answer(asked_before, t, true);
    const double after_cut = *rate.rate();
    // 63 more callers whose attempts asked before the cut are throttled too: one congestion.
    for (int i = 0; i < 63; ++i) rate.on_answer(asked_before, t + 1ms, true);
    CHECK(*rate.rate() == Approx(after_cut).epsilon(0.01));

    // A second of answers at 1,000 a second, half of them throttled (asked before the cut): the
    // service admits 500 a second. Then one that asked after the cut is throttled: a second cut.
    t += 1ms;
    for (int i = 0; i < 1000; ++i) {
        t += 1ms;
        rate.on_answer(i % 2 ? t : asked_before, t, i % 2 == 0);
    }
    const double before_second = *rate.rate();
    rate.on_answer(t, t + 1ms, true);
    CHECK(*rate.rate() < before_second * 0.75);
}

TEST_CASE("send rate: a cut never goes below 0.7 times what the service admitted", "[retry][send-rate]")
{
    SendRate rate;
    auto t = answer(rate, t0, 2000, 1s);  // 2,000 a second, all admitted
    rate.on_answer(t, t, true);
    CHECK(*rate.rate() == Approx(1400).epsilon(0.01));
    // Throttled again right away, by an attempt paced after the cut (the service's bucket is still
    // empty): cutting 1,400 to 980 would answer nothing, the service admitted 2,000 a second.
    rate.on_answer(t + 1ms, t + 2ms, true);
    CHECK(*rate.rate() == Approx(1400).epsilon(0.01));
}

TEST_CASE("send rate: answers that are not throttled bring the rate back along the cubic", "[retry][send-rate]")
{
    SendRate rate;
    auto t = answer(rate, t0, 2000, 1s);
    rate.on_answer(t, t, true);
    const auto cut = t;
    const double window = std::chrono::duration<double>(rate.window()).count();
    // Keep answering at 2,000 a second (the measured rate stays above half the target).
    t = answer(rate, t, 1000, 500ms);
    const double half_way = *rate.rate();
    CHECK(half_way > 1400);
    CHECK(half_way < 2000);
    // At the window the rate is back where it was cut; past it, it probes beyond.
    const auto at_window = cut + std::chrono::duration_cast<SendRate::duration>(std::chrono::duration<double>(window));
    t = answer(rate, t, static_cast<int>(2000 * (window - 0.5)), at_window - t);
    rate.on_answer(at_window, at_window, false);
    CHECK(*rate.rate() == Approx(2000).epsilon(0.02));
    t = answer(rate, at_window, 2000, 1s);
    CHECK(*rate.rate() > 2000);
    CHECK(*rate.rate() <= 2 * rate.measured() + 1);
}

TEST_CASE("send rate: growth stops at twice the measured rate, which never lowers it", "[retry][send-rate]")
{
    SendRate rate;
    auto t = answer(rate, t0, 100, 1s);
    rate.on_answer(t, t, true);  // cut from 100 a second to 70
    // Ten seconds later, the client sends only 10 a second: the cubic allows far more, twice the
    // measured rate is 20, and the rate stays at 70 (the client slowed down by itself).
    t = answer(rate, t + 1s, 100, 10s);
    CHECK(*rate.rate() == Approx(70).epsilon(0.01));
    // It sends 60 a second: the rate grows to twice that, no further.
    t = answer(rate, t, 120, 2s);
    CHECK(*rate.rate() == Approx(120).epsilon(0.05));
}

TEST_CASE("send rate: an idle gap is not measured as a low rate", "[retry][send-rate]")
{
    SendRate rate;
    auto t = answer(rate, t0, 2000, 1s);
    CHECK(rate.measured() == Approx(2000).epsilon(0.01));
    // A minute with no call, then one answer: the gap measures nothing.
    t += 60s;
    rate.on_answer(t, t, false);
    CHECK(rate.measured() == Approx(2000).epsilon(0.01));
    // A burst throttled now is cut from 2,000, not from one call a minute.
    t = answer(rate, t, 100, 50ms);
    rate.on_answer(t, t, true);
    CHECK(*rate.rate() == Approx(1400).epsilon(0.02));
}

TEST_CASE("send rate: a token given back serves the next attempt", "[retry][send-rate]")
{
    SendRate rate;
    auto t = answer(rate, t0, 10, 1s);
    rate.on_answer(t, t, true);  // 7 a second, the bucket empty
    const auto first = rate.reserve(t, std::nullopt);
    REQUIRE(first);
    rate.give_back();  // its attempt was never sent
    const auto second = rate.reserve(t, std::nullopt);
    REQUIRE(second);
    CHECK(*second == *first);  // the same wait, not twice it
}

TEST_CASE("send rate: never under half a token a second", "[retry][send-rate]")
{
    SendRate rate;
    auto t = answer(rate, t0, 10, 10s);  // one a second
    for (int i = 0; i < 50; ++i) {
        t += 1s;
        rate.on_answer(t, t, true);
    }
    CHECK(*rate.rate() == Approx(0.5));
}

TEST_CASE("send rate: a wait that would pass the deadline takes no token", "[retry][send-rate]")
{
    SendRate rate;
    auto t = answer(rate, t0, 10, 1s);  // ten a second
    rate.on_answer(t, t, true);         // cut to 7 a second, the bucket empty
    // The first token is 1/7 s away: a deadline 100 ms away refuses it, and keeps the token.
    CHECK_FALSE(rate.reserve(t, t + 100ms));
    CHECK_FALSE(rate.reserve(t, t));  // a deadline that has passed
    const auto wait = rate.reserve(t, t + 1s);
    REQUIRE(wait);
    CHECK(std::chrono::duration<double>(*wait).count() == Approx(1.0 / 7).epsilon(0.01));
}

TEST_CASE("send rate: an idle client keeps a tenth of a second's tokens, no more", "[retry][send-rate]")
{
    SendRate rate;
    auto t = answer(rate, t0, 2000, 1s);
    rate.on_answer(t, t, true);  // 1,400 a second: a bucket of 140
    t += 1h;
    int at_once = 0;
    while (rate.reserve(t, std::nullopt) == SendRate::duration::zero()) ++at_once;
    CHECK(at_once == 140);
}
