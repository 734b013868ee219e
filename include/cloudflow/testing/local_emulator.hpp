/// @file
/// cloudflow-local, the local CloudFlow emulator, as a test fixture: started as a child process on a
/// free loopback port, stopped with the object, and gone by itself when the test process dies.
#pragma once

#include <cloudflow/credentials/credentials.hpp>
#include <cloudflow/endpoint.hpp>

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace cloudflow::testing {

/// How to start cloudflow-local. Every member has a default: `LocalEmulatorOptions{}` starts the
/// emulator found as described at `find_cloudflow_local`, with its built-in demo configuration.
struct LocalEmulatorOptions {
    /// The program to run. Empty: `find_cloudflow_local()` chooses it.
    std::filesystem::path executable{};
    /// The configuration as JSON or YAML text (access keys, flows, functions, faults;
    /// docs/emulator.md). When not empty it is written to a file in a scratch directory and passed
    /// as `--config`.
    std::string config_json{};
    /// A configuration file passed as `--config`; ignored when `config_json` is set. Both empty:
    /// the emulator's built-in demo configuration (`demo_access_key_id`, `demo_access_key_secret`).
    std::filesystem::path config_file{};
    /// The mock file's content as JSON or YAML text: what mocked Task states return or throw, per
    /// flow and test case (docs/emulator.md, "Mocks"). When not empty it is written to a file in a
    /// scratch directory and passed as `--mocks`.
    std::string mocks{};
    /// A mock file passed as `--mocks`; ignored when `mocks` is set.
    std::filesystem::path mocks_file{};
    /// FC:InvokeFunction's local endpoints: a function's resourceArn or name, and the URL the
    /// emulator POSTs its invocations to (`--function NAME=URL` each).
    std::map<std::string, std::string> functions{};
    /// Hosts besides loopback that HTTP:Request and FC:InvokeFunction tasks may call
    /// (`--allow-http-host` each).
    std::vector<std::string> allowed_http_hosts{};
    /// The address to listen on (`--host`). Empty: no `--host` argument, the program's default.
    std::string host = "127.0.0.1";
    /// The port (`--port`); 0 picks a free one.
    std::uint16_t port = 0;
    /// Passes `--quiet` (no access log). The output goes to a file (`LocalEmulator::output()`), so a
    /// verbose emulator never blocks.
    bool quiet = true;
    /// The flows' time scale (`--time-scale`), above 0 and at most 1: every wait of a flow (Wait,
    /// Retry intervals, Task Timeouts, time limits, schedules, latency) lasts this share of its time,
    /// and the times the emulator reports run 1/time_scale as fast (docs/emulator.md, "Time scale").
    /// 0.001 runs a `Wait` of 300 s in 0.3 s. The constructor refuses a value out of range.
    double time_scale = 1.0;
    /// More arguments, after the ones above; a later `--port` or `--host` here wins.
    std::vector<std::string> args{};
    /// How long to wait for the URL the emulator prints before giving up.
    std::chrono::milliseconds startup_timeout = std::chrono::seconds(10);
    /// How long `stop()` waits after SIGTERM before it sends SIGKILL.
    std::chrono::milliseconds stop_timeout = std::chrono::seconds(15);
};

/// cloudflow-local could not be found, started, or did not print its URL in time. what() names the
/// executable and, when it printed something, ends with its output (at most 4 KiB, secrets masked).
class LocalEmulatorError : public std::runtime_error {
public:
    /// `message` says what happened; `executable` and `output` as described at the accessors.
    LocalEmulatorError(const std::string& message, std::string executable, std::string output);
    /// The program that was run, or the name looked for when none was found.
    const std::string& executable() const noexcept { return executable_; }
    /// What it printed on stdout and stderr before failing (secrets masked); may be empty.
    const std::string& output() const noexcept { return output_; }

private:
    std::string executable_;
    std::string output_;
};

/// @def CLOUDFLOW_TESTING_PACKAGED_LOCAL
/// The cloudflow-local of the install tree the program is built against, as its build knows it:
/// `find_package(cloudflow)` defines `CLOUDFLOW_LOCAL_PACKAGED` (the path in the install tree, where
/// the tree is now, however it was installed or moved) for each target that links
/// `cloudflow::testing`. "" without it. The default argument of find_cloudflow_local and
/// LocalEmulator, taken where they are called.
#ifdef CLOUDFLOW_LOCAL_PACKAGED
#define CLOUDFLOW_TESTING_PACKAGED_LOCAL CLOUDFLOW_LOCAL_PACKAGED
#else
#define CLOUDFLOW_TESTING_PACKAGED_LOCAL ""
#endif

/// Finds cloudflow-local: `explicit_path` when not empty; else the environment variable
/// `CLOUDFLOW_LOCAL`; else `packaged` (the install tree's, CLOUDFLOW_TESTING_PACKAGED_LOCAL) if that
/// file exists; else the path it was to be installed at when the library was built
/// (`${CMAKE_INSTALL_FULL_BINDIR}/cloudflow-local`) if that file exists; else `cloudflow-local` on
/// the `PATH`. Throws LocalEmulatorError when the chosen file is not an executable, or none was found.
std::filesystem::path find_cloudflow_local(const std::filesystem::path& explicit_path = {},
                                           std::string_view packaged = CLOUDFLOW_TESTING_PACKAGED_LOCAL);

/// The URL of an emulator started by a CTest fixture (`cloudflow_add_emulator_fixture`, see
/// docs/testing.md): the variable `CLOUDFLOW_LOCAL_URL` when set, else the first line of the file
/// that `CLOUDFLOW_LOCAL_URL_FILE` names. std::nullopt when neither is set; throws
/// LocalEmulatorError when the file cannot be read or holds no URL.
std::optional<std::string> fixture_url_from_environment();

/// One running cloudflow-local, a child of this process.
///
/// It runs `EXECUTABLE [--config FILE] [--mocks FILE] [--function NAME=URL]... [--allow-http-host
/// HOST]... [--host HOST] --port PORT [--quiet] --stop-on-stdin-close ARGS...` with its standard input a pipe whose
/// other end only this object holds, and its standard output and error in a log file. The constructor returns once the
/// emulator printed
/// `... listening on URL`. The destructor stops it (SIGTERM, then SIGKILL after `stop_timeout`) and
/// reaps it. If this process dies, however it dies, the pipe closes and the emulator stops by itself.
///
/// Not thread-safe: use one object from one thread at a time. Linux and other POSIX systems.
class LocalEmulator {
public:
    /// The access key of the built-in demo configuration (used when no config is given).
    static constexpr const char* demo_access_key_id = "LTAI-cloudflow-local-demo";
    /// Its secret. A test value, known to everyone: never a real credential.
    static constexpr const char* demo_access_key_secret = "cloudflow-local-demo-secret";

    /// Starts the emulator and waits for its URL. Throws LocalEmulatorError when it cannot be found
    /// or started, exits before printing its URL, or does not print it within `startup_timeout`
    /// (it is then killed): never hangs. `packaged`: as find_cloudflow_local takes it.
    explicit LocalEmulator(const LocalEmulatorOptions& options = {},
                           std::string_view packaged = CLOUDFLOW_TESTING_PACKAGED_LOCAL);
    /// Stops the emulator, if still running, as stop() does.
    ~LocalEmulator();
    /// Takes over `other`'s emulator; `other` is left without one.
    LocalEmulator(LocalEmulator&& other) noexcept;
    /// Stops this object's emulator, then takes over `other`'s.
    LocalEmulator& operator=(LocalEmulator&& other) noexcept;
    /// Not copyable: one object owns the process.
    LocalEmulator(const LocalEmulator&) = delete;
    /// Not copyable: one object owns the process.
    LocalEmulator& operator=(const LocalEmulator&) = delete;

    /// The URL it listens on, as it printed it: "http://127.0.0.1:40117" (https with --tls-cert).
    const std::string& url() const noexcept { return url_; }
    /// The port of url().
    std::uint16_t port() const;
    /// url() parsed, as `ClientConfig::endpoint` resolves it.
    Endpoint endpoint() const;
    /// The process id; -1 once stopped.
    pid_t pid() const noexcept { return pid_; }
    /// The program that runs.
    const std::filesystem::path& executable() const noexcept { return executable_; }
    /// Everything the emulator printed so far on stdout and stderr (the access log without --quiet).
    std::string output() const;
    /// True until stop() (or until the process ended by itself, which stop() then reports).
    bool running() const noexcept { return pid_ > 0; }

    /// Static credentials with the demo key pair, for a client of an emulator without a config.
    static std::shared_ptr<CredentialsProvider> demo_credentials();

    /// Sends SIGTERM and waits for the process to exit (SIGKILL after `stop_timeout`). Returns its
    /// exit status: the exit code, or 128 + the signal number when a signal ended it; 0 for a clean
    /// stop. Calling it again returns the same status.
    int stop() noexcept;

private:
    void start(const LocalEmulatorOptions& options);
    void release() noexcept;

    pid_t pid_ = -1;
    int stdin_fd_ = -1;  ///< the write end of the emulator's standard input
    std::optional<int> status_;
    std::chrono::milliseconds stop_timeout_{};
    std::filesystem::path executable_;
    std::filesystem::path scratch_;  ///< holds the log and the config file written from config_json
    std::string url_;
};

}  // namespace cloudflow::testing
