// SignatureNonce: random version 4 UUIDs, never repeated, not even by a forked child.
#include "rpc/nonce.hpp"

#include <catch2/catch.hpp>

#include <regex>
#include <set>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

using cloudflow::detail::random_nonce;

TEST_CASE("nonce: a version 4 UUID in its text form")
{
    const std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    for (int i = 0; i < 200; ++i) CHECK(std::regex_match(random_nonce(), uuid));
}

TEST_CASE("nonce: 100,000 in a row are all different")
{
    // More than the buffer holds many times over: every refill gives new bytes.
    std::set<std::string> seen;
    for (int i = 0; i < 100'000; ++i) REQUIRE(seen.insert(random_nonce()).second);
}

TEST_CASE("nonce: a forked child does not repeat its parent's next nonces")
{
    (void)random_nonce();  // the parent's buffer is filled, and has bytes left
    int fds[2];
    REQUIRE(::pipe(fds) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        std::string mine;
        for (int i = 0; i < 8; ++i) mine += random_nonce() + "\n";
        (void)!::write(fds[1], mine.data(), mine.size());
        ::_exit(0);
    }
    ::close(fds[1]);
    std::string theirs;
    char chunk[512];
    for (ssize_t n; (n = ::read(fds[0], chunk, sizeof chunk)) > 0;) theirs.append(chunk, static_cast<std::size_t>(n));
    ::close(fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    REQUIRE(theirs.size() == 8 * 37);
    for (int i = 0; i < 8; ++i) {
        const std::string mine = random_nonce();
        CHECK(theirs.find(mine) == std::string::npos);
    }
}
