#include "arguments.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <limits>
#include <utility>

namespace cloudflow::cli {
namespace {

constexpr std::string_view switches[] = {"--insecure", "--metadata-only", "--idempotent", "--help", "-h"};

bool is_switch(std::string_view flag)
{
    return std::find(std::begin(switches), std::end(switches), flag) != std::end(switches);
}

}  // namespace

std::string shortest(double value)
{
    char buffer[400];  // fixed notation: at most about 330 characters
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed).ptr;
    return std::string(buffer, end);
}

void usage_error(const std::string& message)
{
    std::cerr << "cloudflow: " << message << "\nRun 'cloudflow --help' for the options.\n";
    std::exit(2);
}

Arguments::Arguments(int argc, char** argv, int first)
{
    for (int i = first; i < argc; ++i) {
        const std::string_view word = argv[i];
        if (!word.starts_with("-")) {
            positional_.emplace_back(word);
        } else if (is_switch(word)) {
            switches_.emplace_back(word);
        } else {
            if (i + 1 >= argc) usage_error("unknown option or missing value: " + std::string(word));
            values_[std::string(word)].emplace_back(argv[++i]);
        }
    }
}

std::optional<std::string> Arguments::take(std::string_view flag)
{
    auto all = take_all(flag);
    if (all.empty()) return std::nullopt;
    return std::move(all.back());
}

std::vector<std::string> Arguments::take_all(std::string_view flag)
{
    const auto it = values_.find(flag);
    if (it == values_.end()) return {};
    std::vector<std::string> values = std::move(it->second);
    values_.erase(it);
    return values;
}

std::string Arguments::take_required(std::string_view flag)
{
    auto value = take(flag);
    if (!value) usage_error(std::string(flag) + " is required");
    return std::move(*value);
}

bool Arguments::take_switch(std::string_view flag)
{
    const auto before = switches_.size();
    std::erase(switches_, std::string(flag));
    return switches_.size() != before;
}

std::optional<long long> Arguments::take_integer(std::string_view flag, long long low, long long high)
{
    const auto text = take(flag);
    if (!text) return std::nullopt;
    long long value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || end != text->data() + text->size() || value < low || value > high)
        usage_error(std::string(flag) + " takes a whole number " +
                    (high == std::numeric_limits<long long>::max()
                         ? "of at least " + std::to_string(low)
                         : "from " + std::to_string(low) + " to " + std::to_string(high)) +
                    ", not '" + *text + "'");
    return value;
}

std::optional<double> Arguments::take_number(std::string_view flag, double low, double high)
{
    const auto text = take(flag);
    if (!text) return std::nullopt;
    double value = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (ec != std::errc{} || end != text->data() + text->size() || !(value >= low && value <= high))
        usage_error(std::string(flag) + " takes a number from " + shortest(low) + " to " + shortest(high) + ", not '" +
                    *text + "'");
    return value;
}

std::optional<std::chrono::milliseconds> Arguments::take_seconds(std::string_view flag)
{
    const auto text = take(flag);
    if (!text) return std::nullopt;
    double seconds = 0;
    const auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), seconds);
    if (ec != std::errc{} || end != text->data() + text->size())
        usage_error(std::string(flag) + " takes a number, not '" + *text + "'");
    if (!(seconds >= 0.001))
        usage_error(std::string(flag) + " must be at least 0.001 seconds (1 ms), not '" + *text + "'");
    // Whole milliseconds; a deadline too far for the clock (1e10, inf) is no deadline.
    const double ms = std::round(seconds * 1000);
    return ms < static_cast<double>(std::chrono::milliseconds::max().count())
               ? std::chrono::milliseconds(static_cast<long long>(ms))
               : std::chrono::milliseconds::max();
}

std::vector<std::string> Arguments::take_positional()
{
    return std::exchange(positional_, {});
}

void Arguments::finish() const
{
    if (!values_.empty()) usage_error("unknown option " + values_.begin()->first);
    if (!switches_.empty()) usage_error("unknown option " + switches_.front());
    if (!positional_.empty()) usage_error("unexpected argument '" + positional_.front() + "'");
}

}  // namespace cloudflow::cli
