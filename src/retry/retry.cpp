#include <cloudflow/model/timestamp.hpp>
#include <cloudflow/retry.hpp>

#include "model/http_date.hpp"
#include "util/deadline.hpp"

#include <boost/algorithm/string/trim.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace cloudflow {
namespace {

using std::chrono::milliseconds;

std::optional<long long> parse_integer(std::string_view text) noexcept
{
    long long value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || value < 0) return std::nullopt;
    return value;
}

std::string trimmed(std::string_view s)
{
    return boost::algorithm::trim_copy(std::string(s));
}

// "TimeLeft:1234" within a comma-separated list of key:value pairs.
std::optional<milliseconds> time_left(std::string_view value) noexcept
{
    while (!value.empty()) {
        const auto comma = value.find(',');
        const std::string item = trimmed(value.substr(0, comma));
        value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
        const auto colon = item.find(':');
        if (colon == std::string_view::npos || trimmed(item.substr(0, colon)) != "TimeLeft") continue;
        if (auto ms = parse_integer(trimmed(item.substr(colon + 1)))) return milliseconds{*ms};
    }
    return std::nullopt;
}

}  // namespace

std::optional<milliseconds> server_retry_hint(const Headers& headers, std::chrono::system_clock::time_point now)
{
    std::optional<milliseconds> hint;
    const auto consider = [&](std::optional<milliseconds> h) {
        if (h && (!hint || *h > *hint)) hint = h;
    };
    if (auto value = find_header(headers, "Retry-After")) {
        const std::string v = trimmed(*value);
        if (auto seconds = parse_integer(v); seconds && *seconds < 86'400LL * 365) {
            consider(milliseconds{*seconds * 1000});
        } else if (auto when = detail::parse_http_date_seconds(v)) {
            // In whole seconds, which hold any four-digit year and never overflow: a date in year
            // 9999 is a very long wait (max_delay caps it), one in the past is none.
            const auto left = *when - std::chrono::floor<std::chrono::seconds>(now);
            consider(std::max(milliseconds{0}, detail::saturating_cast<milliseconds>(left)));
        }
    }
    for (const char* name : {"x-ratelimit-user-api", "x-ratelimit-user"})
        if (auto value = find_header(headers, name)) consider(time_left(*value));
    return hint;
}

bool RetryBudget::try_spend(int cost)
{
    if (capacity_ <= 0) return true;
    std::lock_guard lock(mutex_);
    if (tokens_ < cost) return false;
    tokens_ -= cost;
    return true;
}

void RetryBudget::refund(int tokens)
{
    if (capacity_ <= 0) return;
    std::lock_guard lock(mutex_);
    tokens_ = std::min(capacity_, tokens_ + tokens);
}

int RetryBudget::available() const
{
    std::lock_guard lock(mutex_);
    return tokens_;
}

milliseconds RetryState::backoff_ceiling(int retry, FailureKind kind) const
{
    const milliseconds base = kind == FailureKind::throttled ? policy_.throttle_base_delay : policy_.base_delay;
    milliseconds ceiling = base;
    // Doubling stops at max_delay, before it could overflow (max_delay may be milliseconds::max()).
    for (int i = 1; i < retry && ceiling < policy_.max_delay; ++i)
        ceiling = ceiling > policy_.max_delay / 2 ? policy_.max_delay : ceiling * 2;
    return std::min(ceiling, policy_.max_delay);
}

RetryDecision RetryState::on_failure(Error error, std::optional<milliseconds> hint,
                                     std::chrono::steady_clock::time_point now,
                                     std::optional<std::chrono::steady_clock::time_point> deadline, double jitter)
{
    RetryDecision decision;
    const FailureKind kind = classify(error);
    const bool retryable = kind == FailureKind::throttled || kind == FailureKind::transient ||
                           kind == FailureKind::not_sent ||
                           (kind == FailureKind::maybe_sent && policy_.retry_sent_requests);
    const auto give_up = [&](errc code, std::string why) {
        decision.error = std::move(error);
        decision.error.cause = decision.error.code;
        decision.error.code = code;
        decision.error.message = decision.error.message.empty() ? std::move(why) : why + ": " + decision.error.message;
        return decision;
    };
    if (!retryable) {
        decision.error = std::move(error);
        return decision;
    }
    // A retryable failure once the deadline has passed: the call timed out.
    if (deadline && now >= *deadline) {
        if (error.code == errc::timeout) {
            decision.error = std::move(error);
            return decision;
        }
        return give_up(errc::timeout, "the call's deadline passed");
    }
    if (error.attempts >= policy_.max_attempts) {
        if (policy_.max_attempts <= 1) {
            decision.error = std::move(error);
            return decision;
        }
        return give_up(errc::retries_exhausted, "gave up after " + std::to_string(error.attempts) + " attempts");
    }

    const milliseconds ceiling = backoff_ceiling(error.attempts, kind);
    // In double, jitter * ceiling may round up to 2^63 for a ceiling near milliseconds::max(),
    // which no milliseconds can hold: the ceiling it is then.
    const double scaled = std::clamp(jitter, 0.0, 1.0) * static_cast<double>(ceiling.count());
    milliseconds delay =
        scaled >= static_cast<double>(ceiling.count()) ? ceiling : milliseconds{static_cast<milliseconds::rep>(scaled)};
    if (hint) delay = std::min(*hint, policy_.max_delay);

    if (deadline && detail::saturating_add(now, delay) >= *deadline)
        return give_up(errc::timeout, "the next attempt would start after the call's deadline");

    const int cost = (kind == FailureKind::not_sent || kind == FailureKind::maybe_sent) ? policy_.timeout_retry_cost
                                                                                        : policy_.retry_cost;
    if (!budget_.try_spend(cost)) return give_up(errc::retries_exhausted, "the client's retry budget is exhausted");
    last_cost_ = cost;
    decision.retry = true;
    decision.delay = delay;
    return decision;
}

void RetryState::on_success()
{
    budget_.refund(last_cost_ > 0 ? last_cost_ : 1);
}

}  // namespace cloudflow
