/// @file
/// Retries: the policy (a small value), the client-wide retry budget, and the pure decision of
/// what to do after a failed attempt. No sockets, no timers: the client's loop only waits and sends.
#pragma once

#include <cloudflow/error.hpp>
#include <cloudflow/failure_kind.hpp>
#include <cloudflow/http/http.hpp>

#include <chrono>
#include <mutex>
#include <optional>

namespace cloudflow {

/// How a client paces its attempts under throttling.
enum class RetryMode {
    /// Each call backs off on its own after a throttled attempt; nothing slows the others.
    standard,
    /// Besides each call's backoff, the client's attempts share a sending rate: a token bucket that
    /// starts once the service first answers 429 (ResourceThrottled), is cut to 0.7 times the rate
    /// the client was sending by each throttled answer to an attempt that asked for its token after
    /// the last cut, and grows back along a cubic curve while answers are not throttled (as TCP
    /// CUBIC, and AWS's adaptive retry mode). Every attempt, the first included, waits for a token; a call whose
    /// wait would pass its deadline fails with errc::timeout instead. docs/retries.md has the rule.
    adaptive,
};

/// How a call retries: attempts, backoff, what is retried, and the client-wide budget.
struct RetryPolicy {
    /// Standard, or adaptive: a client-wide sending rate that follows the service's throttling.
    RetryMode mode = RetryMode::standard;
    /// Attempts in all, the first included. 1 turns retries off.
    int max_attempts = 3;
    /// Capped exponential backoff with full jitter: before retry n (1, 2, ...) the client waits a
    /// uniformly random time in [0, min(max_delay, base * 2^(n-1))).
    std::chrono::milliseconds base_delay{100};
    /// The base after a throttled attempt (429, ResourceThrottled): larger, to let the bucket refill.
    std::chrono::milliseconds throttle_base_delay{1000};
    /// The cap of the backoff.
    std::chrono::milliseconds max_delay{20'000};
    /// Whether to retry a timeout or a broken connection once the request was sent, when the
    /// operation is not idempotent (StartSyncExecution, PublishFlowVersion and the Create
    /// operations: the first attempt may have acted). StartExecution and the Report operations
    /// are safe to repeat (docs/operations.md, "Repeats after a lost answer").
    /// Idempotent operations retry them anyway; CallOptions::retry_sent_requests decides for one
    /// call.
    bool retry_sent_requests = false;
    /// The capacity of the client-wide retry budget (a token bucket): a retry spends `retry_cost`
    /// tokens (`timeout_retry_cost` after a failure to connect, a network failure or a timeout); a
    /// call that succeeds gives back what its last retry spent, or 1 token when it needed none.
    /// 0 capacity: no budget.
    int budget_capacity = 500;
    /// The tokens a retry spends.
    int retry_cost = 5;
    /// The tokens a retry spends after a failure to connect, a network failure or a timeout.
    int timeout_retry_cost = 10;
};

/// How long the server asked the client to wait: `Retry-After` (seconds or an HTTP date) or the
/// `TimeLeft:<ms>` of Alibaba's `x-ratelimit-user-api` / `x-ratelimit-user` headers, the larger
/// when both are present. nullopt when there is none.
std::optional<std::chrono::milliseconds> server_retry_hint(const Headers& headers,
                                                           std::chrono::system_clock::time_point now);

/// A thread-safe token bucket shared by all calls of one client.
class RetryBudget {
public:
    /// A budget of `capacity` tokens, full; 0: no budget (every spend succeeds).
    explicit RetryBudget(int capacity) : capacity_(capacity), tokens_(capacity) {}
    /// Takes `cost` tokens when there are that many; false otherwise. Always true without a budget.
    bool try_spend(int cost);
    /// Gives tokens back, up to the capacity.
    void refund(int tokens);
    /// The tokens left.
    int available() const;

private:
    mutable std::mutex mutex_;
    const int capacity_;
    int tokens_;
};

/// Either "retry after `delay`" or "stop with `error`".
struct RetryDecision {
    bool retry = false;                  ///< whether to retry
    std::chrono::milliseconds delay{0};  ///< how long to wait before the retry
    Error error{};                       ///< the call's final error when !retry
};

/// The retry state of one call: fed each failed attempt, it decides. Pure but for the budget.
class RetryState {
public:
    /// The state of one call under `policy`, spending from `budget`; both must outlive it.
    RetryState(const RetryPolicy& policy, RetryBudget& budget) : policy_(policy), budget_(budget) {}

    /// After failed attempt number `attempt_error.attempts` (1-based). `jitter` is uniform in
    /// [0, 1); `hint` is the server's wish (server_retry_hint). Never chooses a delay that ends at
    /// or after `deadline`: it stops with errc::timeout instead.
    RetryDecision on_failure(Error attempt_error, std::optional<std::chrono::milliseconds> hint,
                             std::chrono::steady_clock::time_point now,
                             std::optional<std::chrono::steady_clock::time_point> deadline, double jitter);

    /// After the call succeeded: returns tokens to the budget.
    void on_success();

    /// The backoff ceiling before retry `retry` (1-based) after a failure of kind `kind`.
    std::chrono::milliseconds backoff_ceiling(int retry, FailureKind kind) const;

private:
    const RetryPolicy& policy_;
    RetryBudget& budget_;
    int last_cost_ = 0;
};

}  // namespace cloudflow
