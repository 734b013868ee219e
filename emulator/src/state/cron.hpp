// A schedule's CronExpression: six fields `second minute hour day month weekday` (UTC), or
// `@every <n>s|m|h`; and the times it fires.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cloudflow::local {

class CronExpression {
public:
    using time_point = std::chrono::sys_time<std::chrono::milliseconds>;

    // Each field is `*` (also `?` for the day and the weekday), a value, a range `a-b`, a step
    // `*/n`, `a/n` or `a-b/n`, or a comma-separated list of those. Months may be JAN-DEC, weekdays
    // SUN-SAT (0 or 7 is Sunday). When both the day and the weekday are restricted, a time
    // matching either fires (as cron does). The error says which field is wrong.
    static std::optional<CronExpression> parse(std::string_view text, std::string& error);

    // The first time strictly after `after` at which it fires: a whole second for six fields,
    // `after` plus the interval for @every; nullopt when it does not within five years
    // (e.g. `0 0 0 30 2 *`).
    std::optional<time_point> next(time_point after) const;

    // `@every`'s interval; zero for a six-field expression.
    std::chrono::seconds every() const { return every_; }

private:
    std::chrono::seconds every_{0};
    std::uint64_t seconds_ = 0, minutes_ = 0;  // bit n: value n
    std::uint32_t hours_ = 0, days_ = 0;       // days: bits 1-31
    std::uint16_t months_ = 0;                 // bits 1-12
    std::uint8_t weekdays_ = 0;                // bits 0-6, Sunday 0
    bool any_day_ = true, any_weekday_ = true;
};

}  // namespace cloudflow::local
