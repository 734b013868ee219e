// The CLI's command line: `--flag value` pairs, switches and positional words, taken one by one by
// the command that knows them; whatever is left is a usage error.
#pragma once

#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cloudflow::cli {

// Prints "cloudflow: <message>" and the hint on stderr, and exits with status 2.
[[noreturn]] void usage_error(const std::string& message);

// A number in its shortest decimal form that reads back the same: 100, 2.5, 0.1.
std::string shortest(double value);

class Arguments {
public:
    // argv[first..argc): `--flag value`, a switch (`--insecure`, ...), or a positional word.
    Arguments(int argc, char** argv, int first);

    // The value of `--flag` (the last one given), taken.
    std::optional<std::string> take(std::string_view flag);
    // Every value of a repeatable `--flag`, in the order given, taken; empty when it is absent.
    std::vector<std::string> take_all(std::string_view flag);
    // The value of a required `--flag`.
    std::string take_required(std::string_view flag);
    // Whether the switch was given, taken.
    bool take_switch(std::string_view flag);
    // A whole number of at least `low`, or nullopt when the flag is absent.
    std::optional<long long> take_integer(std::string_view flag, long long low, long long high);
    // A number (fractions allowed) from `low` to `high`, or nullopt when the flag is absent.
    std::optional<double> take_number(std::string_view flag, double low, double high);
    // Seconds (fractions allowed, at least 1 ms) as whole milliseconds; too long for the clock is
    // milliseconds::max() ("no deadline").
    std::optional<std::chrono::milliseconds> take_seconds(std::string_view flag);
    // The positional words, taken.
    std::vector<std::string> take_positional();

    // A usage error for anything not taken.
    void finish() const;

private:
    std::map<std::string, std::vector<std::string>, std::less<>> values_;  // each flag's values, in order
    std::vector<std::string> switches_;
    std::vector<std::string> positional_;
};

}  // namespace cloudflow::cli
