#include <cloudflow/model/timestamp.hpp>

#include "model/http_date.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace cloudflow {
namespace {

// Reads exactly `n` digits at `pos` into `out`.
bool read_digits(std::string_view text, std::size_t pos, std::size_t n, int& out) noexcept
{
    if (pos + n > text.size()) return false;
    out = 0;
    for (std::size_t i = pos; i < pos + n; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') return false;
        out = out * 10 + (c - '0');
    }
    return true;
}

constexpr std::array<std::string_view, 12> month_names{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

}  // namespace

std::optional<Timestamp> parse_timestamp(std::string_view text) noexcept
{
    using namespace std::chrono;
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!read_digits(text, 0, 4, y) || text.size() < 20 || text[4] != '-' || !read_digits(text, 5, 2, mo) ||
        text[7] != '-' || !read_digits(text, 8, 2, d) || (text[10] != 'T' && text[10] != 't') ||
        !read_digits(text, 11, 2, h) || text[13] != ':' || !read_digits(text, 14, 2, mi) || text[16] != ':' ||
        !read_digits(text, 17, 2, s))
        return std::nullopt;
    const year_month_day date{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!date.ok() || h > 23 || mi > 59 || s > 59) return std::nullopt;

    std::size_t pos = 19;
    int millis = 0;
    if (pos < text.size() && text[pos] == '.') {
        ++pos;
        std::size_t digits = 0;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            if (digits < 3) millis = millis * 10 + (text[pos] - '0');
            ++digits;
            ++pos;
        }
        if (digits == 0) return std::nullopt;
        for (std::size_t i = digits; i < 3; ++i) millis *= 10;
    }

    minutes offset{0};
    if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
        ++pos;
    } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
        int oh = 0, om = 0;
        if (!read_digits(text, pos + 1, 2, oh) || pos + 3 >= text.size() || text[pos + 3] != ':' ||
            !read_digits(text, pos + 4, 2, om) || oh > 23 || om > 59)
            return std::nullopt;
        offset = hours{oh} + minutes{om};
        if (text[pos] == '-') offset = -offset;
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size()) return std::nullopt;

    return sys_days{date} + hours{h} + minutes{mi} + seconds{s} + milliseconds{millis} - offset;
}

namespace detail {

std::optional<std::chrono::sys_seconds> parse_http_date_seconds(std::string_view s) noexcept
{
    using namespace std::chrono;
    if (s.size() != 29 || s.substr(3, 2) != ", " || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[19] != ':' ||
        s[22] != ':' || s.substr(25) != " GMT")
        return std::nullopt;
    const auto number = [&](std::size_t pos, std::size_t n) -> std::optional<int> {
        int value = 0;
        if (!read_digits(s, pos, n, value)) return std::nullopt;
        return value;
    };
    const auto d = number(5, 2), y = number(12, 4), h = number(17, 2), mi = number(20, 2), sec = number(23, 2);
    const auto month = std::find(month_names.begin(), month_names.end(), s.substr(8, 3));
    if (!d || !y || !h || !mi || !sec || month == month_names.end()) return std::nullopt;
    const year_month_day date{year{static_cast<int>(*y)},
                              std::chrono::month{static_cast<unsigned>(month - month_names.begin() + 1)},
                              day{static_cast<unsigned>(*d)}};
    if (!date.ok() || *h > 23 || *mi > 59 || *sec > 60) return std::nullopt;
    // Seconds hold any four-digit year.
    return sys_days{date} + hours{*h} + minutes{*mi} + seconds{*sec};
}

}  // namespace detail

std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view s) noexcept
{
    using namespace std::chrono;
    const auto when = detail::parse_http_date_seconds(s);
    if (!when) return std::nullopt;
    // Outside system_clock's range (nanoseconds with libstdc++: 1677-09-21 to 2262-04-11) the
    // conversion would overflow: such a date is no date.
    using SystemPoint = system_clock::time_point;
    if (*when > floor<seconds>(SystemPoint::max()) || *when < ceil<seconds>(SystemPoint::min())) return std::nullopt;
    return time_point_cast<system_clock::duration>(*when);
}

std::string format_http_date(std::chrono::system_clock::time_point t)
{
    using namespace std::chrono;
    static constexpr const char* weekdays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    const auto secs = floor<seconds>(t);
    const auto day_point = floor<days>(secs);
    const year_month_day date{day_point};
    const hh_mm_ss time{secs - day_point};
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%s, %02u %s %04d %02d:%02d:%02d GMT",
                  weekdays[weekday{day_point}.c_encoding()], static_cast<unsigned>(date.day()),
                  month_names[static_cast<unsigned>(date.month()) - 1].data(), static_cast<int>(date.year()),
                  static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                  static_cast<int>(time.seconds().count()));
    return buffer;
}

std::string format_timestamp(Timestamp t)
{
    using namespace std::chrono;
    const auto day_point = floor<days>(t);
    const year_month_day date{day_point};
    const hh_mm_ss time{t - day_point};
    const int y = static_cast<int>(date.year());
    if (y < 0 || y > 9999) {
        char buffer[40];
        std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ", y,
                      static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()),
                      static_cast<int>(time.hours().count()), static_cast<int>(time.minutes().count()),
                      static_cast<int>(time.seconds().count()), static_cast<int>(time.subseconds().count()));
        return buffer;
    }
    // The common case without printf: a formatter per call costs more than the rest of a reply.
    std::string out = "0000-00-00T00:00:00.000Z";
    const auto put = [&out](std::size_t end, long long value) {
        for (std::size_t i = end; value > 0; value /= 10) out[--i] = static_cast<char>('0' + value % 10);
    };
    put(4, y);
    put(7, static_cast<unsigned>(date.month()));
    put(10, static_cast<unsigned>(date.day()));
    put(13, time.hours().count());
    put(16, time.minutes().count());
    put(19, time.seconds().count());
    put(23, time.subseconds().count());
    return out;
}

}  // namespace cloudflow
