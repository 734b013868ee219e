#include "state/cron.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <vector>

namespace cloudflow::local {
namespace {

using namespace std::chrono;

struct Field {
    const char* name;
    int lo, hi;
    const char* const* names;  // names of lo, lo + 1, ... (null: numbers only)
    bool question;             // `?` allowed
};

constexpr const char* month_names[] = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                       "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
constexpr const char* weekday_names[] = {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"};

constexpr Field fields[] = {
    {"second", 0, 59, nullptr, false}, {"minute", 0, 59, nullptr, false},    {"hour", 0, 23, nullptr, false},
    {"day", 1, 31, nullptr, true},     {"month", 1, 12, month_names, false}, {"weekday", 0, 7, weekday_names, true},
};

std::optional<int> value_of(std::string_view text, const Field& field)
{
    int v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc{} && end == text.data() + text.size()) return v;
    if (field.names != nullptr && text.size() == 3) {
        const int count = field.hi - field.lo + (field.names == weekday_names ? 0 : 1);
        for (int i = 0; i < count; ++i) {
            const std::string_view n = field.names[i];
            if (std::equal(n.begin(), n.end(), text.begin(),
                           [](char a, char b) { return a == std::toupper(static_cast<unsigned char>(b)); }))
                return field.lo + i;
        }
    }
    return std::nullopt;
}

// Sets the bits of one field; returns the error, empty when it parses.
std::string parse_field(std::string_view text, const Field& field, std::uint64_t& bits, bool& any)
{
    const auto wrong = [&](std::string_view item, const std::string& what) {
        return "CronExpression: the " + std::string(field.name) + " field '" + std::string(item) + "' " + what;
    };
    any = text == "*" || (field.question && text == "?");
    bits = 0;
    const std::string_view whole = text;
    while (true) {
        const auto comma = text.find(',');
        const std::string_view item = text.substr(0, comma);
        if (item.empty()) return wrong(whole, "has an empty entry");
        std::string_view base = item;
        int step = 1;
        if (const auto slash = item.find('/'); slash != std::string_view::npos) {
            base = item.substr(0, slash);
            const std::string_view s = item.substr(slash + 1);
            const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), step);
            if (ec != std::errc{} || end != s.data() + s.size() || step < 1 || step > field.hi)
                return wrong(item, "has a step that is not a whole number from 1 to " + std::to_string(field.hi));
        }
        int lo = field.lo, hi = field.hi;
        if (base == "*" || (field.question && base == "?")) {
            if (field.hi == 7) hi = 6;  // the weekday's 7 is Sunday again
        } else if (const auto dash = base.find('-'); dash != std::string_view::npos) {
            const auto a = value_of(base.substr(0, dash), field), b = value_of(base.substr(dash + 1), field);
            if (!a || !b) return wrong(item, "is not a value, a range a-b or *");
            lo = *a;
            hi = *b;
        } else {
            const auto a = value_of(base, field);
            if (!a) return wrong(item, "is not a value, a range a-b or *");
            lo = *a;
            hi = item.find('/') == std::string_view::npos ? *a : field.hi;
        }
        if (lo < field.lo || hi > field.hi || lo > hi)
            return wrong(item, "is out of range (" + std::to_string(field.lo) + "-" + std::to_string(field.hi) + ")");
        for (int v = lo; v <= hi; v += step) bits |= std::uint64_t{1} << (field.hi == 7 && v == 7 ? 0 : v);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return {};
}

// The first set bit at or after `from`, up to `last`; -1 when none.
int next_bit(std::uint64_t bits, int from, int last)
{
    for (int v = from; v <= last; ++v)
        if (bits >> v & 1) return v;
    return -1;
}

}  // namespace

std::optional<CronExpression> CronExpression::parse(std::string_view text, std::string& error)
{
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) text.remove_suffix(1);
    CronExpression cron;
    if (text.starts_with("@every")) {
        std::string_view rest = text.substr(6);
        const bool spaced = !rest.empty() && rest.front() == ' ';
        while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
        long long n = 0;
        const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), n);
        const std::string_view unit(end, static_cast<std::size_t>(rest.data() + rest.size() - end));
        const long long scale = unit == "s" ? 1 : unit == "m" ? 60 : unit == "h" ? 3600 : 0;
        if (!spaced || ec != std::errc{} || scale == 0 || n < 1 || n > 366LL * 86400 / scale)
            return error = "CronExpression: @every needs a whole number and a unit s, m or h, at most a year, e.g. "
                           "'@every 5m'",
                   std::nullopt;
        cron.every_ = seconds(n * scale);
        return cron;
    }
    std::vector<std::string_view> parts;
    while (!text.empty()) {
        std::size_t n = 0;
        while (n < text.size() && !std::isspace(static_cast<unsigned char>(text[n]))) ++n;
        parts.push_back(text.substr(0, n));
        text.remove_prefix(n);
        while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) text.remove_prefix(1);
    }
    if (parts.size() != 6)
        return error = "CronExpression must have six fields (second minute hour day month weekday), e.g. "
                       "'0 */20 * * * *', or be '@every <n>s|m|h'",
               std::nullopt;
    std::array<std::uint64_t, 6> bits{};
    std::array<bool, 6> any{};
    for (std::size_t i = 0; i < 6; ++i) {
        error = parse_field(parts[i], fields[i], bits[i], any[i]);
        if (!error.empty()) return std::nullopt;
    }
    cron.seconds_ = bits[0];
    cron.minutes_ = bits[1];
    cron.hours_ = static_cast<std::uint32_t>(bits[2]);
    cron.days_ = static_cast<std::uint32_t>(bits[3]);
    cron.months_ = static_cast<std::uint16_t>(bits[4]);
    cron.weekdays_ = static_cast<std::uint8_t>(bits[5]);
    cron.any_day_ = any[3];
    cron.any_weekday_ = any[5];
    if (!cron.next(floor<milliseconds>(system_clock::now())))
        return error = "CronExpression never fires (no such date within five years)", std::nullopt;
    return cron;
}

std::optional<CronExpression::time_point> CronExpression::next(time_point after) const
{
    if (every_ > seconds::zero()) return after + every_;
    const sys_seconds limit = floor<seconds>(after) + days(5 * 366);
    sys_seconds t = floor<seconds>(after) + seconds(1);
    while (t <= limit) {
        const sys_days day = floor<days>(t);
        const year_month_day date(day);
        if (!(months_ >> static_cast<unsigned>(date.month()) & 1)) {
            t = sys_days((year_month(date.year(), date.month()) + months(1)) / 1);
            continue;
        }
        const bool day_ok = days_ >> static_cast<unsigned>(date.day()) & 1;
        const bool weekday_ok = weekdays_ >> weekday(day).c_encoding() & 1;
        const bool matches = any_day_ && any_weekday_ ? true
                             : any_day_               ? weekday_ok
                             : any_weekday_           ? day_ok
                                                      : day_ok || weekday_ok;
        if (!matches) {
            t = day + days(1);
            continue;
        }
        const auto since = t - day;
        const int h = static_cast<int>(since / hours(1)), m = static_cast<int>(since % hours(1) / minutes(1)),
                  s = static_cast<int>(since % minutes(1) / seconds(1));
        const int nh = next_bit(hours_, h, 23);
        if (nh < 0) {
            t = day + days(1);
        } else if (nh != h) {
            t = day + hours(nh);
        } else if (const int nm = next_bit(minutes_, m, 59); nm < 0) {
            t = day + hours(h + 1);
        } else if (nm != m) {
            t = day + hours(h) + minutes(nm);
        } else if (const int ns = next_bit(seconds_, s, 59); ns < 0) {
            t = day + hours(h) + minutes(m + 1);
        } else {
            return day + hours(h) + minutes(m) + seconds(ns);
        }
    }
    return std::nullopt;
}

}  // namespace cloudflow::local
