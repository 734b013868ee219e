/// @file
/// The kind of a failed attempt: the one rule of what is retried, beside the error it reads.
/// Error::is_retryable() and the retry decision (retry.hpp) both follow it.
#pragma once

#include <cloudflow/error.hpp>

namespace cloudflow {

/// What kind of failure an attempt had, for the retry decision.
enum class FailureKind {
    throttled,   ///< 429 / ResourceThrottled: retry with the throttling base
    transient,   ///< 500, 502, 503, 504: retry
    not_sent,    ///< no connection could be made: retry
    maybe_sent,  ///< timeout or broken connection after sending: retry only when allowed
    permanent,   ///< any other error: never retried
};

/// The kind of an attempt's failure: the one rule of what is retried, which Error::is_retryable()
/// and Error::is_throttled() follow too. For a call's final retries_exhausted it is the kind of
/// the last attempt's error (`cause`, with the HTTP status kept from that attempt).
FailureKind classify(const Error& attempt_error) noexcept;

}  // namespace cloudflow
