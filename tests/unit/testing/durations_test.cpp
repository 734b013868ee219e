// LocalEmulatorOptions' durations: a startup or stop timeout under 1 ms is refused, naming the
// option (see tests/unit/util/durations_test.cpp).
#include <cloudflow/testing/local_emulator.hpp>

#include <catch2/catch.hpp>

using namespace cloudflow;
using namespace std::chrono_literals;
using std::chrono::milliseconds;

TEST_CASE("durations: LocalEmulator refuses a startup or stop timeout under 1 ms, naming the option",
          "[unit][durations]")
{
    struct Case {
        milliseconds startup, stop;
        std::string option;
    };
    for (const auto& c : {Case{0ms, 15s, "startup_timeout"}, Case{-1ms, 15s, "startup_timeout"},
                          Case{10s, 0ms, "stop_timeout"}, Case{10s, milliseconds::min(), "stop_timeout"}}) {
        testing::LocalEmulatorOptions options;
        options.executable = "/nonexistent/cloudflow-local";
        options.startup_timeout = c.startup;
        options.stop_timeout = c.stop;
        INFO(c.option);
        try {
            testing::LocalEmulator emulator(options);
            FAIL("it started");
        } catch (const testing::LocalEmulatorError& e) {
            const std::string what = e.what();
            CHECK(what.find(c.option) != std::string::npos);
            CHECK(what.find("at least 1 ms") != std::string::npos);
        }
    }
}
