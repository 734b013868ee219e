#include <cloudflow/http/redact.hpp>
#include <cloudflow/logging_observer.hpp>

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <string>

namespace cloudflow {
namespace {

// " in 12.3 ms": milliseconds with one decimal, as a loopback attempt takes well under one.
void append_duration(std::string& out, std::chrono::steady_clock::duration d)
{
    char buffer[48];
    const double ms = std::chrono::duration<double, std::milli>(d).count();
    const int n = std::snprintf(buffer, sizeof buffer, " in %.1f ms", ms);
    if (n > 0) out.append(buffer, static_cast<std::size_t>(std::min<int>(n, sizeof buffer - 1)));
}

void append_request_id(std::string& out, std::string_view request_id)
{
    if (request_id.empty()) return;
    out += " [RequestId ";
    out += request_id;
    out += ']';
}

std::string attempt_line(const AttemptEnd& e)
{
    std::string line(e.action);
    line += " attempt ";
    line += std::to_string(e.attempt);
    line += ": ";
    if (!e.url.empty()) {
        line += e.method;
        line += ' ';
        line += redact_url(e.url);
        line += " -> ";
    }
    if (e.http_status != 0) {
        line += "HTTP ";
        line += std::to_string(e.http_status);
    }
    if (e.error) {
        if (e.http_status != 0) line += ' ';
        if (e.http_status != 0 && !e.service_code.empty())
            line += e.service_code;
        else if (e.error.category() == error_category())
            line += to_string(static_cast<errc>(e.error.value()));
        else
            line += e.error.message();
    }
    append_duration(line, e.latency);
    append_request_id(line, e.request_id);
    if (e.backoff) {
        line += "; retrying in ";
        line += std::to_string(e.backoff->count());
        line += " ms";
    }
    return line;
}

std::string call_line(const CallEnd& e)
{
    std::string line(e.action);
    line += e.error ? " failed" : " succeeded";
    append_duration(line, e.duration);
    if (e.error) {
        line += ": ";
        line += e.error->to_string();
        return line;
    }
    line += " after ";
    line += std::to_string(e.attempts);
    line += e.attempts == 1 ? " attempt" : " attempts";
    append_request_id(line, e.request_id);
    return line;
}

}  // namespace

std::string_view to_string(LogLevel level) noexcept
{
    switch (level) {
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warning: return "warning";
    case LogLevel::error: return "error";
    }
    return "unknown";
}

void write_to_clog(LogLevel level, std::string_view line)
{
    // Made whole first and written with one call: lines from several threads do not mix.
    std::string text = "[cloudflow] ";
    text += to_string(level);
    text += ' ';
    text += line;
    text += '\n';
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    std::clog.write(text.data(), static_cast<std::streamsize>(text.size()));
    std::clog.flush();
}

LoggingObserver::LoggingObserver(LogSink sink, LogLevel min_level)
    : sink_(sink ? std::move(sink) : LogSink(write_to_clog)), min_level_(min_level)
{
}

void LoggingObserver::on_attempt_end(const AttemptEnd& end) noexcept
{
    const LogLevel level = end.error && end.backoff ? LogLevel::warning : LogLevel::debug;
    if (level < min_level_) return;
    try {
        write(level, attempt_line(end));
    } catch (...) {  // out of memory: the line is dropped
    }
}

void LoggingObserver::on_call_end(const CallEnd& end) noexcept
{
    const LogLevel level = end.error ? LogLevel::error : LogLevel::info;
    if (level < min_level_) return;
    try {
        write(level, call_line(end));
    } catch (...) {  // out of memory: the line is dropped
    }
}

void LoggingObserver::write(LogLevel level, std::string_view line) noexcept
{
    std::lock_guard lock(mutex_);
    try {
        sink_(level, line);
    } catch (...) {  // a sink that throws loses its line, not the program
    }
}

}  // namespace cloudflow
