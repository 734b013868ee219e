#include <cloudflow/testing/local_emulator.hpp>

#include "util/deadline.hpp"
#include "util/env.hpp"

#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <utility>

extern char** environ;

#ifndef CLOUDFLOW_INSTALL_BINDIR
#define CLOUDFLOW_INSTALL_BINDIR ""
#endif

namespace cloudflow::testing {

namespace {

using namespace std::chrono_literals;

// A double in its shortest form (0.001, 2.5e-05): what --time-scale is given.
std::string shortest(double value)
{
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc{} ? std::string(buffer, end) : std::to_string(value);
}

constexpr std::size_t max_output_in_error = 4096;
constexpr const char* program_name = "cloudflow-local";
constexpr const char* listening_marker = " listening on ";

bool is_executable_file(const std::filesystem::path& p)
{
    std::error_code ec;
    return std::filesystem::is_regular_file(p, ec) && ::access(p.c_str(), X_OK) == 0;
}

std::string read_file(const std::filesystem::path& p)
{
    std::ifstream in(p, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

// Masks the value of every `...SECRET=value` and `"secret": "value"` in the emulator's output.
std::string mask_secrets(std::string text)
{
    for (const std::string marker : {"SECRET=", "secret=", "\"secret\": \"", "\"secret\":\""}) {
        for (auto at = text.find(marker); at != std::string::npos; at = text.find(marker, at)) {
            at += marker.size();
            auto end = at;
            while (end < text.size() && text[end] != '"' && text[end] != ' ' && text[end] != '\n') ++end;
            text.replace(at, end - at, "***");
        }
    }
    return text;
}

// The tail of the output, masked, for an error message. Masked before it is cut: a cut inside
// `SECRET=` would leave the value after it unmasked.
std::string output_for_error(const std::string& output)
{
    std::string masked = mask_secrets(output);
    if (masked.size() <= max_output_in_error) return masked;
    return "..." + masked.substr(masked.size() - max_output_in_error);
}

[[noreturn]] void fail(const std::string& message, const std::filesystem::path& executable, const std::string& output)
{
    std::string shown = output_for_error(output);
    std::string what = message;
    if (!shown.empty()) what += "; it printed:\n" + shown;
    throw LocalEmulatorError(what, executable.string(), std::move(shown));
}

// The exit status as stop() reports it.
int exit_status(int wait_status)
{
    if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
    if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
    return -1;
}

// waitpid without blocking: the exit status once `pid` ended.
std::optional<int> try_reap(pid_t pid)
{
    int status = 0;
    for (;;) {
        const pid_t r = ::waitpid(pid, &status, WNOHANG);
        if (r == pid) return exit_status(status);
        if (r == 0) return std::nullopt;
        if (errno != EINTR) return -1;  // not our child any more: nothing to wait for
    }
}

int reap(pid_t pid)
{
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0)
        if (errno != EINTR) return -1;
    return exit_status(status);
}

// The URL of the first "NAME listening on URL" line of `output`, once that line is complete.
std::optional<std::string> find_url(const std::string& output)
{
    std::size_t begin = 0;
    for (auto end = output.find('\n'); end != std::string::npos; begin = end + 1, end = output.find('\n', begin)) {
        const std::string_view line(output.data() + begin, end - begin);
        const auto at = line.find(listening_marker);
        if (at != std::string_view::npos) return std::string(line.substr(at + std::strlen(listening_marker)));
    }
    return std::nullopt;
}

std::filesystem::path make_scratch_directory()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "cloudflow-local-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr)
        throw LocalEmulatorError(std::string("cannot create a scratch directory: ") + std::strerror(errno),
                                 program_name, {});
    return pattern;
}

// A posix_spawn_file_actions_t and a posix_spawnattr_t, destroyed with the object.
struct SpawnSetup {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    SpawnSetup()
    {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attributes);
    }
    ~SpawnSetup()
    {
        posix_spawnattr_destroy(&attributes);
        posix_spawn_file_actions_destroy(&actions);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;
};

// An open file descriptor, closed with the object unless released.
struct Fd {
    int fd = -1;
    ~Fd()
    {
        if (fd >= 0) ::close(fd);
    }
    int release() { return std::exchange(fd, -1); }
};

}  // namespace

LocalEmulatorError::LocalEmulatorError(const std::string& message, std::string executable, std::string output)
    : std::runtime_error(message), executable_(std::move(executable)), output_(std::move(output))
{
}

std::filesystem::path find_cloudflow_local(const std::filesystem::path& explicit_path, std::string_view packaged)
{
    const auto checked = [](const std::filesystem::path& p, const std::string& origin) {
        if (!is_executable_file(p))
            throw LocalEmulatorError(p.string() + " (" + origin + ") is not an executable file", p.string(), {});
        return p;
    };
    const auto on_path = [](const std::string& name) -> std::optional<std::filesystem::path> {
        const std::string path = detail::environment_or_empty("PATH");
        std::string_view dirs = path;
        while (!dirs.empty()) {
            const auto colon = dirs.find(':');
            const std::string_view dir = dirs.substr(0, colon);
            const auto candidate = std::filesystem::path(dir.empty() ? "." : dir) / name;
            if (is_executable_file(candidate)) return candidate;
            dirs = colon == std::string_view::npos ? std::string_view{} : dirs.substr(colon + 1);
        }
        return std::nullopt;
    };
    const auto resolve = [&](const std::filesystem::path& p, const std::string& origin) {
        if (p.string().find('/') != std::string::npos) return checked(p, origin);
        if (auto found = on_path(p.string())) return *found;
        throw LocalEmulatorError(p.string() + " (" + origin + ") was not found on the PATH", p.string(), {});
    };

    if (!explicit_path.empty()) return resolve(explicit_path, "the executable given");
    if (const auto env = detail::environment("CLOUDFLOW_LOCAL")) return resolve(*env, "from CLOUDFLOW_LOCAL");
    if (!packaged.empty() && is_executable_file(packaged)) return std::filesystem::path(packaged);
    std::filesystem::path installed = std::filesystem::path(CLOUDFLOW_INSTALL_BINDIR) / program_name;
    if (!std::string_view(CLOUDFLOW_INSTALL_BINDIR).empty() && is_executable_file(installed)) return installed;
    if (auto found = on_path(program_name)) return *found;
    std::string looked = "cannot find cloudflow-local: CLOUDFLOW_LOCAL is not set, ";
    if (!packaged.empty()) looked += std::string(packaged) + " (the install tree's) does not exist, ";
    if (!std::string_view(CLOUDFLOW_INSTALL_BINDIR).empty()) looked += installed.string() + " does not exist, ";
    throw LocalEmulatorError(looked + "and it is not on the PATH", program_name, {});
}

std::optional<std::string> fixture_url_from_environment()
{
    const auto trimmed = [](std::string s) {
        while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.pop_back();
        const auto first = s.find_first_not_of(" \t\r\n");
        return first == std::string::npos ? std::string() : s.substr(first);
    };
    if (const auto url = detail::environment("CLOUDFLOW_LOCAL_URL")) return trimmed(*url);
    const auto file = detail::environment("CLOUDFLOW_LOCAL_URL_FILE");
    if (!file) return std::nullopt;
    std::ifstream in(*file);
    std::string line;
    if (!in || !std::getline(in, line) || trimmed(line).empty())
        throw LocalEmulatorError("CLOUDFLOW_LOCAL_URL_FILE: " + *file +
                                     " cannot be read or holds no URL (is the fixture's setup test required?)",
                                 program_name, {});
    return trimmed(line);
}

LocalEmulator::LocalEmulator(const LocalEmulatorOptions& options, std::string_view packaged)
{
    for (const auto& [value, name] :
         {std::pair{options.startup_timeout, "startup_timeout"}, std::pair{options.stop_timeout, "stop_timeout"}})
        if (auto broken = cloudflow::detail::timeout_rule(name, value))
            throw LocalEmulatorError("LocalEmulatorOptions::" + *broken, options.executable.string(), {});
    executable_ = find_cloudflow_local(options.executable, packaged);
    stop_timeout_ = options.stop_timeout;
    scratch_ = make_scratch_directory();
    try {
        start(options);
    } catch (...) {
        release();
        throw;
    }
}

void LocalEmulator::start(const LocalEmulatorOptions& options)
{
    std::vector<std::string> args{executable_.string()};
    if (!options.config_json.empty()) {
        const auto config = scratch_ / "config.json";
        std::ofstream file(config, std::ios::binary);
        file << options.config_json;
        file.close();
        if (!file) fail("cannot write the configuration to " + config.string(), executable_, {});
        args.insert(args.end(), {"--config", config.string()});
    } else if (!options.config_file.empty()) {
        args.insert(args.end(), {"--config", options.config_file.string()});
    }
    if (!options.mocks.empty()) {
        const auto mocks = scratch_ / "mocks.yaml";
        std::ofstream file(mocks, std::ios::binary);
        file << options.mocks;
        file.close();
        if (!file) fail("cannot write the mocks to " + mocks.string(), executable_, {});
        args.insert(args.end(), {"--mocks", mocks.string()});
    } else if (!options.mocks_file.empty()) {
        args.insert(args.end(), {"--mocks", options.mocks_file.string()});
    }
    for (const auto& [name, url] : options.functions) {
        args.emplace_back("--function");
        args.emplace_back(name).append("=").append(url);
    }
    for (const auto& host : options.allowed_http_hosts) args.insert(args.end(), {"--allow-http-host", host});
    if (!options.host.empty()) args.insert(args.end(), {"--host", options.host});
    args.insert(args.end(), {"--port", std::to_string(options.port)});
    if (options.quiet) args.emplace_back("--quiet");
    if (options.time_scale != 1.0) {
        // NaN fails this too.
        if (!(options.time_scale > 0 && options.time_scale <= 1) || !std::isfinite(options.time_scale))
            fail("time_scale must be above 0 and at most 1, such as 0.001 (got " + shortest(options.time_scale) + ")",
                 executable_, {});
        args.insert(args.end(), {"--time-scale", shortest(options.time_scale)});
    }
    args.emplace_back("--stop-on-stdin-close");
    args.insert(args.end(), options.args.begin(), options.args.end());

    const auto log = scratch_ / "output.log";
    Fd log_fd{::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0600)};
    if (log_fd.fd < 0) fail("cannot create " + log.string() + ": " + std::strerror(errno), executable_, {});
    // The emulator's standard input: this object holds the only write end (close-on-exec, so no
    // other child inherits it). When this process dies the pipe closes and the emulator stops.
    int input[2];
    if (::pipe2(input, O_CLOEXEC) != 0) fail(std::string("pipe failed: ") + std::strerror(errno), executable_, {});
    Fd read_end{input[0]};
    stdin_fd_ = input[1];

    SpawnSetup setup;
    posix_spawn_file_actions_adddup2(&setup.actions, read_end.fd, STDIN_FILENO);
    posix_spawn_file_actions_adddup2(&setup.actions, log_fd.fd, STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&setup.actions, log_fd.fd, STDERR_FILENO);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
    // Descriptors this process opened without close-on-exec do not leak into the emulator.
    posix_spawn_file_actions_addclosefrom_np(&setup.actions, STDERR_FILENO + 1);
#endif
    // The emulator starts with no signal blocked and SIGPIPE, SIGTERM and SIGINT at their defaults,
    // whatever this process did with them (a test runner that ignores SIGPIPE, say).
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int s : {SIGPIPE, SIGTERM, SIGINT, SIGHUP}) sigaddset(&defaults, s);
    posix_spawnattr_setsigmask(&setup.attributes, &none);
    posix_spawnattr_setsigdefault(&setup.attributes, &defaults);
    posix_spawnattr_setflags(&setup.attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    std::vector<char*> argv;
    argv.reserve(args.size() + 1);
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    pid_t pid = -1;
    const int rc = ::posix_spawn(&pid, executable_.c_str(), &setup.actions, &setup.attributes, argv.data(), environ);
    if (rc != 0) fail("cannot start " + executable_.string() + ": " + std::strerror(rc), executable_, {});
    pid_ = pid;
    ::close(log_fd.release());
    ::close(read_end.release());

    // Wait for "cloudflow-local listening on URL", the process's end, or the deadline.
    const auto deadline = cloudflow::detail::saturating_add(std::chrono::steady_clock::now(), options.startup_timeout);
    for (;;) {
        const std::string output = read_file(log);
        if (auto url = find_url(output)) {
            url_ = std::move(*url);
            return;
        }
        if (const auto status = try_reap(pid_)) {
            pid_ = -1;
            status_ = *status;
            fail(executable_.string() + " exited with status " + std::to_string(*status) + " before printing its URL",
                 executable_, read_file(log));
        }
        if (std::chrono::steady_clock::now() >= deadline) {
            ::kill(pid_, SIGKILL);
            status_ = reap(std::exchange(pid_, -1));
            fail(executable_.string() + " did not print its URL within " +
                     std::to_string(options.startup_timeout.count()) + " ms (killed)",
                 executable_, read_file(log));
        }
        std::this_thread::sleep_for(5ms);
    }
}

LocalEmulator::~LocalEmulator()
{
    release();
}

void LocalEmulator::release() noexcept
{
    stop();
    if (!scratch_.empty()) {
        std::error_code ignored;
        std::filesystem::remove_all(scratch_, ignored);
        scratch_.clear();
    }
}

LocalEmulator::LocalEmulator(LocalEmulator&& other) noexcept
    : pid_(std::exchange(other.pid_, -1)), stdin_fd_(std::exchange(other.stdin_fd_, -1)),
      status_(std::exchange(other.status_, std::nullopt)), stop_timeout_(other.stop_timeout_),
      executable_(std::move(other.executable_)), scratch_(std::exchange(other.scratch_, {})),
      url_(std::move(other.url_))
{
}

LocalEmulator& LocalEmulator::operator=(LocalEmulator&& other) noexcept
{
    if (this != &other) {
        release();
        pid_ = std::exchange(other.pid_, -1);
        stdin_fd_ = std::exchange(other.stdin_fd_, -1);
        status_ = std::exchange(other.status_, std::nullopt);
        stop_timeout_ = other.stop_timeout_;
        executable_ = std::move(other.executable_);
        scratch_ = std::exchange(other.scratch_, {});
        url_ = std::move(other.url_);
    }
    return *this;
}

std::uint16_t LocalEmulator::port() const
{
    return endpoint().port;
}

Endpoint LocalEmulator::endpoint() const
{
    auto resolved = resolve_endpoint("", url_);
    if (!resolved) throw LocalEmulatorError("the emulator's URL '" + url_ + "' is not valid", executable_.string(), {});
    return *std::move(resolved);
}

std::string LocalEmulator::output() const
{
    return scratch_.empty() ? std::string() : read_file(scratch_ / "output.log");
}

std::shared_ptr<CredentialsProvider> LocalEmulator::demo_credentials()
{
    return make_static_credentials(demo_access_key_id, demo_access_key_secret);
}

int LocalEmulator::stop() noexcept
{
    if (pid_ > 0) {
        ::kill(pid_, SIGTERM);
        const auto deadline = cloudflow::detail::saturating_add(std::chrono::steady_clock::now(), stop_timeout_);
        std::optional<int> status;
        while (!(status = try_reap(pid_)) && std::chrono::steady_clock::now() < deadline)
            std::this_thread::sleep_for(5ms);
        if (!status) {
            ::kill(pid_, SIGKILL);
            status = reap(pid_);
        }
        status_ = *status;
        pid_ = -1;
    }
    if (stdin_fd_ >= 0) ::close(std::exchange(stdin_fd_, -1));
    return status_.value_or(-1);
}

}  // namespace cloudflow::testing
