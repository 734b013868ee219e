#include "rpc/nonce.hpp"

#include <boost/uuid/uuid.hpp>
#include <boost/uuid/uuid_io.hpp>

#include <openssl/rand.h>
#include <pthread.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <mutex>
#include <stdexcept>

namespace cloudflow::detail {
namespace {

// Forks so far: a child must not hand out the random bytes its parent had buffered.
std::atomic<unsigned> fork_generation{0};

struct RandomBuffer {
    std::array<std::uint8_t, 1024> bytes{};
    std::size_t used = 1024;
    unsigned generation = 0;
};

}  // namespace

// Each RAND_bytes call costs a getpid system call (OpenSSL's own fork check), and Boost's
// random_generator a getrandom one: buffering makes a nonce a copy and a format.
NonceText random_nonce_text()
{
    static std::once_flag watch_forks;
    std::call_once(watch_forks, [] {
        pthread_atfork(nullptr, nullptr, [] { fork_generation.fetch_add(1, std::memory_order_relaxed); });
    });
    thread_local RandomBuffer buffer;
    const unsigned generation = fork_generation.load(std::memory_order_relaxed);
    boost::uuids::uuid id;
    if (buffer.used + id.size() > buffer.bytes.size() || buffer.generation != generation) {
        if (RAND_bytes(buffer.bytes.data(), static_cast<int>(buffer.bytes.size())) != 1)
            throw std::runtime_error("OpenSSL's random generator failed");
        buffer.used = 0;
        buffer.generation = generation;
    }
    std::copy_n(buffer.bytes.data() + buffer.used, id.size(), id.data);
    std::fill_n(buffer.bytes.data() + buffer.used, id.size(), std::uint8_t{0});  // used once only
    buffer.used += id.size();
    id.data[6] = static_cast<std::uint8_t>((id.data[6] & 0x0F) | 0x40);  // version 4
    id.data[8] = static_cast<std::uint8_t>((id.data[8] & 0x3F) | 0x80);  // RFC 4122 variant
    NonceText out;
    boost::uuids::to_chars(id, out.text_.data());
    return out;
}

std::string random_nonce()
{
    return std::string(random_nonce_text().view());
}

}  // namespace cloudflow::detail
