// cloudflow-local: a local CloudFlow (fnf 2019-03-15) endpoint.
#include "flow/validate.hpp"
#include "integrations/integrations.hpp"
#include "server/server.hpp"
#include "service.hpp"
#include "state/clock.hpp"
#include "state/config.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/asio/posix/stream_descriptor.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace {

using namespace cloudflow::local;

constexpr const char* usage = R"(Usage: cloudflow-local [options]

A local CloudFlow endpoint: answers the 29 operations of fnf 2019-03-15 (RPC) over HTTP or HTTPS:
executions, flows, versions, aliases, schedules, map runs and DescribeRegions. It verifies
signatures like the service, runs flows from a config file or created through the API, keeps
executions while it runs, fires schedules on request, and injects faults.

Options:
  --config FILE              access keys, flows, functions and faults, as YAML or JSON (default: the
                             built-in demo); flows are CloudFlow definitions (Spec v1)
  --mocks FILE               mocked Task results per flow and test case, as YAML or JSON
  --allow-http-host HOST     HTTP:Request and FC:InvokeFunction tasks may call HOST too (repeatable;
                             loopback hosts always may)
  --function NAME=URL        FC:InvokeFunction of the function NAME (its resourceArn or its name) POSTs
                             to URL (repeatable; adds to the config's "functions")
  --host ADDRESS             the address to listen on (default 127.0.0.1)
  --port N                   the port; 0 picks a free one (default 0); the URL is printed
  --tls-cert FILE            PEM certificate chain: serve HTTPS (with --tls-key)
  --tls-key FILE             PEM private key
  --seed N                   seed of the fault generator and request ids (default: the config's, 1)
  --fault-sequence LIST      faults for successive requests, e.g. 429,500,drop,0 (0: none)
  --throttle-rate N          answer 429 ResourceThrottled above N signed requests a second, any
                             action (a token bucket holding a tenth of a second's; 1 to 1000000)
  --throttle-share R         share of requests answered 429 ResourceThrottled (0 to 1)
  --error-rate R             share of requests answered 500 InternalServerError (0 to 1)
  --drop-rate R              share of answers cut off mid-way by closing the connection (0 to 1)
  --latency-ms N             delay every answer by N milliseconds (of the flows' time)
  --time-scale F             0 < F <= 1: every wait of the flows (Wait, Retry, Timeout, time limits,
                             schedules, latency) lasts F times as long, and their clock runs 1/F
                             times as fast (default: the config's, 1)
  --timestamp-window SECONDS how far a request's Timestamp may be from now (default 900)
  --region ID                the region DescribeRegions answers (default: the config's, cn-hangzhou)
  --run-schedules            fire the enabled schedules: each starts an execution at its times
  --quiet                    no access log (one line per request on stdout)
  --stop-on-stdin-close      stop gracefully when standard input closes (for supervisors and tests)
  --url-file FILE            once listening, write the URL to FILE (atomically); removed on exit
  --validate FILE...         check flow definitions offline as CreateFlow does: each problem is
                             printed (file: path: rule); exit 1 if any is invalid, else 0; no server
  --mode express|standard    the flows --validate checks are of this mode (default standard)
  --help                     this text

Fault flags replace the config's global fault plan; flows with faults of their own keep them.
--throttle-rate counts every signed request, whatever its action or flow.
SIGINT or SIGTERM stops it gracefully.
)";

// --validate: each file's definition as CreateFlow checks it; 0 if all are valid, else 1.
int validate(const std::vector<std::string>& files, FlowMode mode)
{
    bool all_valid = true;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::stringstream text;
        if (in) text << in.rdbuf();
        if (!in) {
            std::cout << file << ": cannot read it\n";
            all_valid = false;
            continue;
        }
        flow::DefinitionLimits limits;
        limits.check_parameters = &Integrations::check_parameters;
        const flow::ReadDefinition read = flow::read_definition(text.str(), mode, limits);
        if (read.language == flow::Language::legacy_fdl) {
            std::cout << file << ": valid, in the legacy FDL: cloudflow-local stores it and does not run it\n";
        } else if (read.valid()) {
            std::cout << file << ": valid (" << read.definition->state_count << " states)\n";
        } else {
            all_valid = false;
            for (const auto& problem : read.problems) std::cout << file << ": " << problem.text() << '\n';
            if (read.more_problems > 0) std::cout << file << ": and " << read.more_problems << " more problems\n";
        }
    }
    return all_valid ? 0 : 1;
}

[[noreturn]] void fail(const std::string& message)
{
    std::cerr << "cloudflow-local: " << message << "\n(see cloudflow-local --help)\n";
    std::exit(2);
}

template <class T>
T number(std::string_view flag, std::string_view text)
{
    T value{};
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size())
        fail(std::string(flag) + " takes a number, not '" + std::string(text) + "'");
    return value;
}

// A double in its shortest form (0.001, 1000, 333.3333333333333).
std::string shortest(double value)
{
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return ec == std::errc{} ? std::string(buffer, end) : std::to_string(value);
}

double rate(std::string_view flag, std::string_view text)
{
    const double r = number<double>(flag, text);
    if (!(r >= 0 && r <= 1)) fail(std::string(flag) + " must be from 0 to 1");
    return r;
}

// --throttle-rate: whole calls a second. A fraction is refused: the flag took a share before.
unsigned calls_a_second(std::string_view flag, std::string_view text)
{
    unsigned n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc{} || end != text.data() + text.size() || n < 1 || n > 1'000'000)
        fail(std::string(flag) + " takes whole calls a second, 1 to 1000000 (a share of requests is --throttle-share)");
    return n;
}

std::vector<int> fault_sequence(std::string_view text)
{
    std::vector<int> out;
    while (!text.empty()) {
        const auto comma = text.find(',');
        const std::string_view item = text.substr(0, comma);
        if (item == "drop") {
            out.push_back(drop_connection);
        } else {
            const int code = number<int>("--fault-sequence", item);
            if (code != 0 && code != 200 && code != 429 && code != 500 && code != 503)
                fail("--fault-sequence entries are 0, 200, 429, 500, 503 or drop");
            out.push_back(code);
        }
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
    }
    return out;
}

// Writes `url` and a newline to `file` through a temporary file and a rename: a reader never sees
// a partial URL.
void write_url_file(const std::string& file, const std::string& url)
{
    const std::string temporary = file + ".tmp." + std::to_string(::getpid());
    {
        std::ofstream out(temporary, std::ios::trunc);
        out << url << '\n';
        if (!out.flush()) fail("cannot write " + temporary);
    }
    if (std::rename(temporary.c_str(), file.c_str()) != 0) {
        std::remove(temporary.c_str());
        fail("cannot write " + file);
    }
}

}  // namespace

int main(int argc, char** argv)
{
    ServerOptions server_options;
    std::string config_file;
    std::string url_file;
    std::optional<std::uint64_t> seed;
    std::optional<FaultPlan> faults;
    std::optional<std::chrono::seconds> window;
    bool stop_on_stdin_close = false;
    bool run_schedules = false;
    std::optional<std::string> region;
    std::optional<double> time_scale;
    std::string mocks_file;
    std::vector<std::string> allowed_hosts;
    std::vector<std::pair<std::string, std::string>> functions;
    std::optional<std::vector<std::string>> validate_files;
    FlowMode validate_mode = FlowMode::standard;
    unsigned throttle_rate = 0;
    const auto plan = [&]() -> FaultPlan& {
        if (!faults) faults.emplace();
        return *faults;
    };

    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (flag == "--help" || flag == "-h") {
            std::cout << usage;
            return 0;
        }
        if (flag == "--quiet") {
            server_options.access_log = false;
            continue;
        }
        if (flag == "--stop-on-stdin-close") {
            stop_on_stdin_close = true;
            continue;
        }
        if (flag == "--run-schedules") {
            run_schedules = true;
            continue;
        }
        if (flag == "--validate") {
            validate_files.emplace();
            continue;
        }
        // After --validate, every argument that is not an option (nor an option's value) is a file.
        if (validate_files && !flag.starts_with("--")) {
            validate_files->emplace_back(flag);
            continue;
        }
        if (i + 1 >= argc) fail("unknown option or missing value: " + std::string(flag));
        const std::string_view value = argv[++i];
        if (flag == "--config")
            config_file = value;
        else if (flag == "--mocks")
            mocks_file = value;
        else if (flag == "--allow-http-host") {
            if (value.empty()) fail("--allow-http-host takes a host name");
            allowed_hosts.emplace_back(value);
        } else if (flag == "--function") {
            const auto equals = value.find('=');
            if (equals == std::string_view::npos || equals == 0)
                fail("--function takes NAME=URL, such as echo=http://127.0.0.1:9000/invoke");
            functions.emplace_back(value.substr(0, equals), value.substr(equals + 1));
        } else if (flag == "--mode") {
            if (value != "express" && value != "standard") fail("--mode takes express or standard");
            validate_mode = value == "express" ? FlowMode::express : FlowMode::standard;
        } else if (flag == "--url-file")
            url_file = value;
        else if (flag == "--host")
            server_options.host = value;
        else if (flag == "--port")
            server_options.port = number<std::uint16_t>(flag, value);
        else if (flag == "--tls-cert")
            server_options.tls_cert_file = value;
        else if (flag == "--tls-key")
            server_options.tls_key_file = value;
        else if (flag == "--seed")
            seed = number<std::uint64_t>(flag, value);
        else if (flag == "--fault-sequence")
            plan().sequence = fault_sequence(value);
        else if (flag == "--throttle-rate")
            throttle_rate = calls_a_second(flag, value);
        else if (flag == "--throttle-share")
            plan().throttle_share = rate(flag, value);
        else if (flag == "--error-rate")
            plan().error_rate = rate(flag, value);
        else if (flag == "--drop-rate")
            plan().drop_rate = rate(flag, value);
        else if (flag == "--latency-ms")
            plan().latency = std::chrono::milliseconds(number<unsigned>(flag, value));
        else if (flag == "--region") {
            if (!valid_region(value)) fail("--region takes a region id such as cn-hangzhou (a-z, 0-9 and -)");
            region = value;
        } else if (flag == "--time-scale") {
            time_scale = parse_time_scale(value);
            if (!time_scale)
                fail("--time-scale must be a number above 0 and at most 1, such as 0.001, not '" + std::string(value) +
                     "'");
        } else if (flag == "--timestamp-window") {
            window = std::chrono::seconds(number<unsigned>(flag, value));
            if (window->count() == 0) fail("--timestamp-window must be at least 1 second");
        } else
            fail("unknown option " + std::string(flag));
    }

    if (validate_files) {
        if (validate_files->empty()) fail("--validate takes one or more files");
        return validate(*validate_files, validate_mode);
    }

    EmulatorConfig config;
    if (config_file.empty()) {
        config = demo_config();
    } else {
        std::string error;
        auto parsed = load_config(config_file, error);
        if (!parsed) fail(error);
        config = std::move(*parsed);
    }
    if (!mocks_file.empty()) {
        auto mocks = MockSet::load(mocks_file);
        if (!mocks) fail("--mocks: " + mocks.error().text());
        config.mocks = std::move(*mocks);
    }
    config.outbound.allowed_hosts = std::move(allowed_hosts);
    for (const auto& [name, url] : functions)
        if (auto added = config.functions.add(name, url); !added)
            fail("--function " + name + "=" + url + ": " + added.error().what);
    if (seed) config.seed = *seed;
    if (time_scale) config.time_scale = *time_scale;
    if (faults) config.faults = *faults;
    if (window) config.timestamp_window = *window;
    if (region) config.region = *region;
    config.throttle_rate = throttle_rate;

    try {
        boost::asio::io_context ioc;
        Service service(config, "cloudflow-local");
        // The signals are caught before the URL is printed: whoever reads it may stop us at once.
        boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
        Server server(ioc, service, server_options);
        server.start();

        std::cout << "cloudflow-local listening on " << server.url() << '\n';
        if (config_file.empty()) {
            const auto& key = config.keys.front();
            std::cout << "demo access key: ALIBABA_CLOUD_ACCESS_KEY_ID=" << key.id
                      << " ALIBABA_CLOUD_ACCESS_KEY_SECRET=" << key.secret << '\n'
                      << "demo flows: demo_flow (echoes its input; {\"action\":\"fail\"} fails it), "
                         "busy_flow (throttles twice, then answers), standard_flow (standard mode: waits 1 s, then "
                         "succeeds), approval_flow (standard mode: starts approval_request with a task token and waits "
                         "for ReportTaskSucceeded or ReportTaskFailed), map_flow (standard mode: a distributed Map, 2 "
                         "items at a time, each waits 1 s)\n";
        }
        if (config.time_scale != 1.0)
            std::cout << "time scale " << shortest(config.time_scale) << ": the flows' waits last "
                      << shortest(config.time_scale) << " of their time; their clock runs "
                      << shortest(1.0 / config.time_scale) << " times as fast\n";
        if (config.throttle_rate > 0)
            std::cout << "throttling: above " << shortest(config.throttle_rate)
                      << " requests a second, 429 ResourceThrottled\n";
        std::cout << std::flush;
        if (!url_file.empty()) write_url_file(url_file, server.url());
        if (run_schedules) {
            const bool log = server_options.access_log;
            service.run_schedules(ioc.get_executor(), [log](const std::string& line) {
                if (log) std::cout << "cloudflow-local: " << line << std::endl;
            });
        }

        // On a signal: stop accepting, then wait for the answers in progress (10 s at most).
        boost::asio::steady_timer check(ioc);
        std::chrono::steady_clock::time_point give_up;
        std::function<void(boost::system::error_code)> wait_for_sessions = [&](boost::system::error_code e) {
            if (e) return;
            if (server.connections() == 0 || std::chrono::steady_clock::now() >= give_up) return ioc.stop();
            check.expires_after(std::chrono::milliseconds(20));
            check.async_wait(wait_for_sessions);
        };
        const auto shut_down = [&] {
            if (give_up != std::chrono::steady_clock::time_point{}) return;
            std::cout << "cloudflow-local stopping" << std::endl;
            service.stop_schedules();
            server.stop();
            give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
            wait_for_sessions({});
        };
        signals.async_wait([&](boost::system::error_code ec, int) {
            if (!ec) shut_down();
        });
        boost::asio::posix::stream_descriptor input(ioc);
        char input_buffer[256];
        std::function<void(boost::system::error_code, std::size_t)> read_input = [&](boost::system::error_code ec,
                                                                                     std::size_t) {
            if (ec) return shut_down();  // closed: whoever started us is gone
            input.async_read_some(boost::asio::buffer(input_buffer), read_input);
        };
        if (stop_on_stdin_close) {
            input.assign(::dup(STDIN_FILENO));
            read_input({}, 0);
        }
        ioc.run();
    } catch (const std::exception& e) {
        fail(e.what());
    }
    if (!url_file.empty()) std::remove(url_file.c_str());
    return 0;
}
