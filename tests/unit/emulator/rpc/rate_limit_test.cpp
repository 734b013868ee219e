// --throttle-rate's token bucket, on a clock the test moves.
#include "rpc/rate_limit.hpp"

#include <catch2/catch.hpp>

using cloudflow::local::RateLimit;
using namespace std::chrono_literals;

TEST_CASE("emulator rate limit: a tenth of a second's requests at once, then the rate", "[emulator][rate-limit]")
{
    RateLimit limit(2000);
    CHECK(limit.capacity() == 200);
    const RateLimit::time_point t0{};
    int admitted = 0;
    for (int i = 0; i < 1000; ++i) admitted += limit.admit(t0) ? 1 : 0;
    CHECK(admitted == 200);  // the full bucket, and not one more at the same instant

    // 1 ms later: 2 more.
    CHECK(limit.admit(t0 + 1ms));
    CHECK(limit.admit(t0 + 1ms));
    CHECK_FALSE(limit.admit(t0 + 1ms));

    // Over one second of steady arrivals at 4,000 a second, about 2,000 are admitted.
    admitted = 0;
    for (int i = 1; i <= 4000; ++i) admitted += limit.admit(t0 + 1ms + i * 250us) ? 1 : 0;
    CHECK(admitted >= 1999);
    CHECK(admitted <= 2001);
}

TEST_CASE("emulator rate limit: an idle bucket refills to its capacity, no more", "[emulator][rate-limit]")
{
    RateLimit limit(10);
    CHECK(limit.capacity() == 1);  // at least one request
    const RateLimit::time_point t0{};
    CHECK(limit.admit(t0));
    CHECK_FALSE(limit.admit(t0 + 50ms));
    CHECK(limit.admit(t0 + 100ms));
    // An hour idle: still one request at once.
    CHECK(limit.admit(t0 + 1h));
    CHECK_FALSE(limit.admit(t0 + 1h));
    // A clock that goes back adds nothing.
    CHECK_FALSE(limit.admit(t0 + 30min));
}

TEST_CASE("emulator rate limit: 0 is no limit", "[emulator][rate-limit]")
{
    RateLimit limit(0);
    for (int i = 0; i < 10'000; ++i) REQUIRE(limit.admit(RateLimit::time_point{}));
}
