/// @file
/// A ready-made observer that logs: one line per attempt and one per call, to a sink of your choice
/// (std::clog by default), filtered by level, with no secret in any line.
///
/// The wire debug: with the environment variable CLOUDFLOW_DEBUG=wire (a comma-separated list of
/// words with `wire` among them) when a Client is constructed, that client adds a
/// LoggingObserver(write_to_clog, LogLevel::debug) after its configured observers: every attempt's
/// method, URL (secrets redacted), HTTP status and time, and every call, on standard error.
#pragma once

#include <cloudflow/observer.hpp>

#include <functional>
#include <mutex>
#include <string_view>

namespace cloudflow {

/// How much a log line matters, from least to most.
enum class LogLevel {
    debug,    ///< every attempt that succeeded or ended the call; the wire debug's level
    info,     ///< every call that succeeded
    warning,  ///< every attempt that failed and is retried
    error,    ///< every call that failed
};

/// The level's name: "debug", "info", "warning", "error".
std::string_view to_string(LogLevel level) noexcept;

/// Where LoggingObserver's lines go: the line's level and its text, without a trailing newline.
using LogSink = std::function<void(LogLevel level, std::string_view line)>;

/// LoggingObserver's default sink: writes "[cloudflow] <level> <line>" and a newline to std::clog
/// (standard error), each line whole, from any thread.
void write_to_clog(LogLevel level, std::string_view line);

/// A CallObserver that writes one line per attempt (when it ends) and one per call to a sink.
///
/// The lines, with the level of each:
/// - an attempt that succeeded (debug), failed and is retried (warning), or failed and ended the
///   call, or was cancelled (debug):
///   `StartSyncExecution attempt 1: POST https://cn-hangzhou.fnf.aliyuncs.com/ -> HTTP 429
///   ResourceThrottled in 12.3 ms [RequestId 5D3C...]; retrying in 480 ms`
///   (the outcome is `HTTP <status>`, then the service's Code or the errc name when the attempt
///   failed; or only the errc name, `connection_failed`, when no HTTP answer came);
/// - a call that succeeded (info): `StartSyncExecution succeeded in 35.0 ms after 2 attempts
///   [RequestId 5D3C...]`;
/// - a call that failed (error): `StartSyncExecution failed in 35.0 ms: ` and Error::to_string().
///
/// No line holds the AccessKey secret, the security token or the signature: the URL goes through
/// redact_url, headers and bodies are never written, and errors hold no secret. The AccessKey ID
/// may appear in a GET request's URL.
///
/// Thread-safe: the hooks may be called from many threads at once; the sink is called under the
/// observer's mutex, one line at a time, so it needs no lock of its own. A line that cannot be
/// made (out of memory) or whose sink throws is dropped.
class LoggingObserver : public CallObserver {
public:
    /// Lines at `min_level` and above go to `sink`; an empty sink means write_to_clog.
    explicit LoggingObserver(LogSink sink = write_to_clog, LogLevel min_level = LogLevel::info);

    /// The least level written.
    LogLevel min_level() const noexcept { return min_level_; }

    /// Writes the attempt's line.
    void on_attempt_end(const AttemptEnd& end) noexcept override;
    /// Writes the call's line.
    void on_call_end(const CallEnd& end) noexcept override;

private:
    void write(LogLevel level, std::string_view line) noexcept;

    LogSink sink_;
    const LogLevel min_level_;
    std::mutex mutex_;  ///< one line at a time into the sink
};

}  // namespace cloudflow
