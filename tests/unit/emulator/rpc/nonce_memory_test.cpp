// The emulator's memory of used signature nonces, on times the test chooses.
#include "rpc/nonce_memory.hpp"

#include <catch2/catch.hpp>

#include <string>

using cloudflow::local::NonceMemory;
using namespace std::chrono_literals;

TEST_CASE("emulator nonces: a nonce is refused again within its window, accepted after it", "[emulator][nonce]")
{
    NonceMemory nonces(100);
    const NonceMemory::time_point t0{std::chrono::hours(24)};
    CHECK(nonces.remember("3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", t0, t0 + 15min));
    CHECK_FALSE(nonces.remember("3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", t0 + 1s, t0 + 1s + 15min));
    CHECK_FALSE(nonces.remember("3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", t0 + 15min - 1ms, t0 + 30min));
    // Other nonces, however close, are their own.
    CHECK(nonces.remember("3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cg", t0 + 2s, t0 + 2s + 15min));
    CHECK(nonces.remember("", t0 + 2s, t0 + 2s + 15min));
    CHECK(nonces.remember(std::string(4096, 'n'), t0 + 2s, t0 + 2s + 15min));
    CHECK(nonces.size() == 4);

    // Once the window ended, the nonce is forgotten, and then taken again for a new window.
    CHECK(nonces.remember("3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", t0 + 15min, t0 + 30min));
    CHECK(nonces.size() == 4);
    CHECK_FALSE(nonces.remember("3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", t0 + 29min, t0 + 44min));
    CHECK(nonces.size() == 1);  // the three others' windows ended meanwhile
}

TEST_CASE("emulator nonces: the expired are forgotten as time passes", "[emulator][nonce]")
{
    NonceMemory nonces(100);
    const NonceMemory::time_point t0{std::chrono::hours(24)};
    for (int i = 0; i < 10; ++i) CHECK(nonces.remember("n" + std::to_string(i), t0 + i * 1s, t0 + i * 1s + 1min));
    CHECK(nonces.size() == 10);
    CHECK(nonces.remember("later", t0 + 1min + 4500ms, t0 + 2min + 4500ms));
    CHECK(nonces.size() == 6);  // n0..n4 ended; n5..n9 and "later" stay
    CHECK_FALSE(nonces.remember("n5", t0 + 1min + 4900ms, t0 + 2min + 4900ms));
    CHECK(nonces.remember("n4", t0 + 1min + 4900ms, t0 + 2min + 4900ms));
}

TEST_CASE("emulator nonces: past the capacity, the oldest are forgotten first", "[emulator][nonce]")
{
    NonceMemory nonces(3);
    const NonceMemory::time_point t0{std::chrono::hours(24)};
    for (const char* n : {"a", "b", "c", "d"}) CHECK(nonces.remember(n, t0, t0 + 15min));
    CHECK(nonces.size() == 3);
    CHECK(nonces.remember("a", t0 + 1s, t0 + 1s + 15min));  // forgotten early, so taken again (and "b" goes)
    CHECK_FALSE(nonces.remember("c", t0 + 2s, t0 + 2s + 15min));
    CHECK_FALSE(nonces.remember("d", t0 + 2s, t0 + 2s + 15min));
    CHECK(nonces.remember("b", t0 + 2s, t0 + 2s + 15min));
    CHECK(nonces.size() == 3);
}

TEST_CASE("emulator nonces: a renewed nonce keeps its newer window when its old entry goes", "[emulator][nonce]")
{
    NonceMemory nonces(100);
    const NonceMemory::time_point t0{std::chrono::hours(24)};
    CHECK(nonces.remember("x", t0, t0 + 1min));
    CHECK(nonces.remember("x", t0 + 1min, t0 + 2min));            // the first window ended: renewed
    CHECK(nonces.remember("y", t0 + 1min + 1s, t0 + 2min + 1s));  // forgets the first entry, not the renewal
    CHECK_FALSE(nonces.remember("x", t0 + 1min + 2s, t0 + 2min + 2s));
}
