// The signature nonces a server has seen within its timestamp window, so that a request signed
// again with a used nonce is refused. Each nonce is kept as a 128-bit keyed digest (SipHash, a
// random key per process): a fixed 40-odd bytes whatever the nonce's length, no allocation per
// nonce, and no way for a client to make two nonces collide or to crowd the table. At most
// `capacity` are kept: past it, the oldest are forgotten first (docs/emulator.md, "Nonces").
#pragma once

#include <boost/unordered/unordered_flat_map.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string_view>

namespace cloudflow::local {

class NonceMemory {
public:
    using time_point = std::chrono::system_clock::time_point;

    explicit NonceMemory(std::size_t capacity);
    ~NonceMemory();
    NonceMemory(const NonceMemory&) = delete;
    NonceMemory& operator=(const NonceMemory&) = delete;

    // False when `nonce` was seen and its time has not ended at `now`; otherwise it is remembered
    // until `expires` (later than every earlier call's) and true.
    bool remember(std::string_view nonce, time_point now, time_point expires);

    // Nonces remembered now.
    std::size_t size() const noexcept { return seen_.size(); }

private:
    struct Digest {
        std::uint64_t high = 0, low = 0;
        friend bool operator==(const Digest&, const Digest&) = default;
    };
    struct DigestHash {
        using is_avalanching = void;  // a keyed digest is uniformly spread already
        std::size_t operator()(const Digest& d) const noexcept { return static_cast<std::size_t>(d.low); }
    };
    class Mac;

    Digest digest(std::string_view nonce);
    void forget_until(time_point now);
    void forget_oldest();

    std::size_t capacity_;
    std::unique_ptr<Mac> mac_;
    // Digest -> when it expires; and the same in the order remembered, which is expiry order (the
    // window is fixed), so that forgetting the expired ones is O(1) each.
    boost::unordered_flat_map<Digest, time_point, DigestHash> seen_;
    std::deque<std::pair<time_point, Digest>> order_;
};

}  // namespace cloudflow::local
