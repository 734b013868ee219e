// Issue 7's defects, each against a real peer on loopback: TCP keep-alive probes on the client's
// sockets, cloudflow-local at the file-descriptor limit and under a chunk-extension flood, and the
// CLI's deadlines.
#include "integration/fixture.hpp"
#include "support/process.hpp"
#include "support/run.hpp"

#include <boost/asio/io_context.hpp>
#include <boost/json/parse.hpp>

#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <dirent.h>
#include <fstream>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

using namespace cloudflow;
using namespace cloudflow::test;
using namespace std::chrono_literals;

namespace {

StartSyncExecutionRequest echo()
{
    StartSyncExecutionRequest r;
    r.flow_name = "echo";
    r.input = boost::json::object{{"n", 1}};
    return r;
}

// This process's TCP sockets connected to 127.0.0.1:port.
std::vector<int> sockets_to(unsigned short port)
{
    std::vector<int> out;
    for (int fd = 3; fd < 4096; ++fd) {
        sockaddr_in peer{};
        socklen_t size = sizeof peer;
        if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &size) == 0 && peer.sin_family == AF_INET &&
            ntohs(peer.sin_port) == port)
            out.push_back(fd);
    }
    return out;
}

int tcp_option(int fd, int option)
{
    int value = -1;
    socklen_t size = sizeof value;
    ::getsockopt(fd, IPPROTO_TCP, option, &value, &size);
    return value;
}

// A blocking loopback connection to `port`, or -1.
int connect_to(unsigned short port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// CPU time (user + system) the process has used.
std::chrono::milliseconds cpu_time(pid_t pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string line;
    std::getline(stat, line);
    std::istringstream fields(line.substr(line.rfind(')') + 2));  // after "pid (name) "
    std::string field;
    long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && fields >> field; ++i) {
        if (i == 14) utime = std::stoll(field);
        if (i == 15) stime = std::stoll(field);
    }
    return std::chrono::milliseconds((utime + stime) * 1000 / ::sysconf(_SC_CLK_TCK));
}

std::size_t open_fds(pid_t pid)
{
    std::size_t n = 0;
    if (DIR* dir = ::opendir(("/proc/" + std::to_string(pid) + "/fd").c_str())) {
        while (const dirent* entry = ::readdir(dir))
            if (entry->d_name[0] != '.') ++n;
        ::closedir(dir);
    }
    return n;
}

}  // namespace

// Defect 7: SO_KEEPALIVE was on, but the first probe came after Linux's default 2 hours.
TEST_CASE("hardening: pooled sockets probe the peer after 30 s idle, every 10 s, 3 times", "[integration][hardening]")
{
    LocalEmulator emulator({}, test_config);
    boost::asio::io_context ioc;
    {
        Client client(ioc.get_executor(), client_config(emulator));
        REQUIRE(run(ioc, client.start_sync_execution(echo())));
        const auto fds = sockets_to(emulator.port());
        REQUIRE(fds.size() == 1);
        int keep_alive = 0;
        socklen_t size = sizeof keep_alive;
        ::getsockopt(fds[0], SOL_SOCKET, SO_KEEPALIVE, &keep_alive, &size);
        CHECK(keep_alive == 1);
        CHECK(tcp_option(fds[0], TCP_KEEPIDLE) == 30);
        CHECK(tcp_option(fds[0], TCP_KEEPINTVL) == 10);
        CHECK(tcp_option(fds[0], TCP_KEEPCNT) == 3);
    }
    ClientConfig config = client_config(emulator);
    config.http.keep_alive_idle = 7s;
    config.http.keep_alive_interval = 2s;
    config.http.keep_alive_probes = 5;
    Client client(ioc.get_executor(), config);
    REQUIRE(run(ioc, client.start_sync_execution(echo())));
    const auto fds = sockets_to(emulator.port());
    REQUIRE(fds.size() == 1);
    CHECK(tcp_option(fds[0], TCP_KEEPIDLE) == 7);
    CHECK(tcp_option(fds[0], TCP_KEEPINTVL) == 2);
    CHECK(tcp_option(fds[0], TCP_KEEPCNT) == 5);
}

// Defect 5: at the file-descriptor limit the accept loop retried at once, at 100% CPU.
TEST_CASE("hardening: cloudflow-local at its fd limit idles, and keeps serving open connections",
          "[integration][hardening]")
{
    LocalEmulator emulator({}, test_config);
    boost::asio::io_context ioc;
    auto transport = std::make_shared<HttpsTransport>(ioc.get_executor());
    Client client(ioc.get_executor(), client_config(emulator), transport);
    REQUIRE(run(ioc, client.start_sync_execution(echo())));  // a pooled connection, opened before

    // Room for two more descriptors, then many more clients than that.
    rlimit normal{};
    REQUIRE(::prlimit(emulator.pid(), RLIMIT_NOFILE, nullptr, &normal) == 0);
    const rlimit low{open_fds(emulator.pid()) + 2, normal.rlim_max};
    REQUIRE(::prlimit(emulator.pid(), RLIMIT_NOFILE, &low, nullptr) == 0);
    std::vector<int> crowd;
    for (int i = 0; i < 32; ++i)
        if (const int fd = connect_to(emulator.port()); fd >= 0) crowd.push_back(fd);
    REQUIRE(crowd.size() > 2);  // the listen backlog takes them
    std::this_thread::sleep_for(200ms);

    const auto before = cpu_time(emulator.pid());
    std::this_thread::sleep_for(1s);
    const auto used = cpu_time(emulator.pid()) - before;
    INFO("cloudflow-local used " << used.count() << " ms of CPU in 1 s at its fd limit");
    CHECK(used < 300ms);

    // The connection it had still gets answers.
    REQUIRE(run(ioc, client.start_sync_execution(echo(), {.max_attempts = 1})));
    CHECK(transport->open_connections() == 1);

    // Once clients leave, it accepts again.
    for (const int fd : crowd) ::close(fd);
    REQUIRE(::prlimit(emulator.pid(), RLIMIT_NOFILE, &normal, nullptr) == 0);
    boost::asio::io_context fresh_ioc;
    Client fresh(fresh_ioc.get_executor(), client_config(emulator));
    CHECK(run(fresh_ioc, fresh.start_sync_execution(echo(), {.max_attempts = 1})));
}

// Defect 2, the server's side: chunk extensions were buffered without limit.
TEST_CASE("hardening: cloudflow-local answers a chunk-extension flood with 400 and does not grow",
          "[integration][hardening]")
{
    LocalEmulator emulator({}, test_config);
    const long rss_before = rss_kib(emulator.pid());
    const int fd = connect_to(emulator.port());
    REQUIRE(fd >= 0);
    const std::string head = "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                             "Transfer-Encoding: chunked\r\n\r\n5;a=";
    REQUIRE(::send(fd, head.data(), head.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(head.size()));
    const std::string flood(64 * 1024, 'x');
    std::string answer;
    std::size_t sent = 0;
    for (int i = 0; i < 1024 && answer.empty(); ++i) {  // 64 MiB at most
        pollfd p{fd, POLLIN | POLLOUT, 0};
        if (::poll(&p, 1, 5000) <= 0) break;
        if (p.revents & POLLIN) {
            char buffer[4096];
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n > 0) answer.append(buffer, static_cast<std::size_t>(n));
            break;
        }
        const ssize_t n = ::send(fd, flood.data(), flood.size(), MSG_NOSIGNAL);
        if (n <= 0) break;
        sent += static_cast<std::size_t>(n);
    }
    for (int i = 0; i < 50 && answer.find("\r\n\r\n") == std::string::npos; ++i) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 100) <= 0) continue;
        char buffer[4096];
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) break;
        answer.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(fd);
    INFO("sent " << sent << " bytes of extension; answer: " << answer.substr(0, 200));
    CHECK(answer.starts_with("HTTP/1.1 400"));
    CHECK(answer.find("InvalidArgument") != std::string::npos);
    CHECK(sent < 32u * 1024 * 1024);
    const long rss_after = rss_kib(emulator.pid());
    INFO("cloudflow-local RSS " << rss_before << " KiB before, " << rss_after << " KiB after");
    // cloudflow-local is another process: its RSS, in every build (the flood is refused once past the
    // header limit, so even ASan's quarantine holds little).
    CHECK(rss_after - rss_before < 16 * 1024);
}

#ifdef CLOUDFLOW_CLI_PATH
namespace {

std::vector<std::string> cli_env()
{
    return {"ALIBABA_CLOUD_ACCESS_KEY_ID=" + std::string(key_id),
            "ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + std::string(key_secret), "ALIBABA_CLOUD_ECS_METADATA_DISABLED=true",
            "ALIBABA_CLOUD_CREDENTIALS_FILE=/nonexistent", "HOME=/nonexistent"};
}

}  // namespace

// Defect 1: --timeout 1e10 overflowed the steady clock; the call "timed out" after 20 ms.
TEST_CASE("hardening: the CLI's --timeout too long for the clock is no deadline, under 1 ms is refused",
          "[integration][hardening][cli]")
{
    LocalEmulator emulator({}, test_config);
    for (const char* timeout : {"1e10", "inf", "1e300", "9.3e15", "2"}) {
        INFO("--timeout " << timeout);
        const auto r = run_process({CLOUDFLOW_CLI_PATH, "start-sync-execution", "--flow-name", "delayed_echo",
                                    "--endpoint", emulator.url(), "--timeout", timeout},
                                   cli_env());
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(boost::json::parse(r.out).at("Status") == "Succeeded");
    }
    for (const char* timeout : {"0.0004", "0", "-1", "nan", "-inf"}) {
        INFO("--timeout " << timeout);
        const auto r = run_process({CLOUDFLOW_CLI_PATH, "start-sync-execution", "--flow-name", "echo", "--endpoint",
                                    emulator.url(), "--timeout", timeout},
                                   cli_env());
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("--timeout") != std::string::npos);
    }
}

// describe-execution --wait takes its seconds as --timeout does: too long for the clock is no limit
// on the wait, under 1 ms is refused before anything is sent.
TEST_CASE("hardening: the CLI's --wait too long for the clock waits until the end, under 1 ms is refused",
          "[integration][hardening][cli]")
{
    LocalEmulator emulator({}, test_config);
    const auto started = run_process({CLOUDFLOW_CLI_PATH, "start-execution", "--flow-name", "standard_nap",
                                      "--execution-name", "wait-long", "--endpoint", emulator.url()},
                                     cli_env());
    INFO(started.err);
    REQUIRE(started.exit_code == 0);
    for (const char* wait : {"1e10", "inf", "9.3e15", "2"}) {
        INFO("--wait " << wait);
        const auto r = run_process({CLOUDFLOW_CLI_PATH, "describe-execution", "--flow-name", "standard_nap",
                                    "--execution-name", "wait-long", "--endpoint", emulator.url(), "--wait", wait},
                                   cli_env());
        INFO(r.err);
        REQUIRE(r.exit_code == 0);
        CHECK(boost::json::parse(r.out).at("Status") == "Succeeded");
    }
    for (const char* wait : {"0.0004", "0", "-1", "nan"}) {
        INFO("--wait " << wait);
        const auto r = run_process({CLOUDFLOW_CLI_PATH, "describe-execution", "--flow-name", "standard_nap",
                                    "--execution-name", "wait-long", "--endpoint", emulator.url(), "--wait", wait},
                                   cli_env());
        CHECK(r.exit_code == 2);
        CHECK(r.err.find("--wait") != std::string::npos);
    }
}

// The CLI's TLS failure advised the SDK's options (ca_file, ca_pem), which the CLI did not have.
TEST_CASE("hardening: the CLI's TLS failure advises --ca-file and --insecure, which work",
          "[integration][hardening][cli]")
{
    TempDir dir;
    const auto cert = make_self_signed(dir, {"127.0.0.1"});
    LocalEmulator emulator({"--tls-cert", cert.cert_file.string(), "--tls-key", cert.key_file.string()}, test_config);
    const std::vector<std::string> call{CLOUDFLOW_CLI_PATH, "start-sync-execution", "--flow-name", "echo",
                                        "--endpoint",       emulator.url()};

    const auto refused = run_process(call, cli_env());
    REQUIRE(refused.exit_code == 1);
    const auto error = boost::json::parse(refused.err).as_object();
    CHECK(error.at("Error") == "tls_failed");
    for (const char* field : {"Message", "Description"}) {
        const std::string text(error.at(field).as_string());
        INFO(text);
        CHECK(text.find("trust it with --ca-file FILE (for a test server on loopback, --insecure)") !=
              std::string::npos);
        CHECK(text.find("ca_pem") == std::string::npos);
    }

    auto trusted = call;
    trusted.insert(trusted.end(), {"--ca-file", cert.cert_file.string()});
    const auto with_ca = run_process(trusted, cli_env());
    INFO(with_ca.err);
    CHECK(with_ca.exit_code == 0);
    auto insecure = call;
    insecure.push_back("--insecure");
    CHECK(run_process(insecure, cli_env()).exit_code == 0);

    auto missing = call;
    missing.insert(missing.end(), {"--ca-file", (dir.path() / "none.pem").string()});
    const auto unusable = run_process(missing, cli_env());
    CHECK(unusable.exit_code == 2);
    CHECK(unusable.err.find("cannot load the CA file") != std::string::npos);
}
#endif

#ifdef CLOUDFLOW_CLI_PATH
// Secrets: whatever the CLI prints, on success or failure, holds neither the AccessKey secret nor
// the STS token it was given (tests/unit/credentials/secrets_test.cpp covers the SDK's own outputs).
TEST_CASE("hardening: the CLI prints neither the secret nor the security token", "[integration][hardening][cli]")
{
    LocalEmulator emulator({}, test_config);
    const std::string token = "STS-token-7f3c9a-never-printed";
    const std::string wrong_secret = "wrong-secret-5be21d-never-printed";
    const auto env = [&](const std::string& secret, bool wire) {
        auto e = cli_env();
        std::erase_if(e, [](const std::string& v) { return v.starts_with("ALIBABA_CLOUD_ACCESS_KEY_SECRET="); });
        e.push_back("ALIBABA_CLOUD_ACCESS_KEY_SECRET=" + secret);
        e.push_back("ALIBABA_CLOUD_SECURITY_TOKEN=" + token);
        e.push_back(wire ? "CLOUDFLOW_DEBUG=wire" : "CLOUDFLOW_DEBUG=");
        return e;
    };
    const std::string cli = CLOUDFLOW_CLI_PATH;
    struct Case {
        const char* name;
        std::vector<std::string> argv;
        std::string secret;
    };
    const std::vector<Case> cases = {
        {"a call", {cli, "start-sync-execution", "--flow-name", "echo", "--endpoint", emulator.url()}, key_secret},
        {"a wrong secret",
         {cli, "start-sync-execution", "--flow-name", "echo", "--endpoint", emulator.url()},
         wrong_secret},
        {"an invalid request",
         {cli, "start-sync-execution", "--flow-name", "no spaces!", "--endpoint", emulator.url()},
         key_secret},
        {"nothing listening",
         {cli, "start-sync-execution", "--flow-name", "echo", "--endpoint", "http://127.0.0.1:1", "--max-attempts",
          "1"},
         key_secret},
        {"a usage error", {cli, "start-sync-execution", "--timeout", "-1"}, key_secret},
    };
    // Each case with and without the wire debug (CLOUDFLOW_DEBUG=wire), which logs every attempt's
    // URL: a GET's query holds the signature and the token, redacted.
    for (const bool wire : {false, true}) {
        for (const auto& c : cases) {
            INFO(c.name << (wire ? " with CLOUDFLOW_DEBUG=wire" : ""));
            const auto r = run_process(c.argv, env(c.secret, wire));
            INFO("exit " << r.exit_code << "\nstdout: " << r.out << "\nstderr: " << r.err);
            CHECK(r.exit_code >= 0);
            CHECK(!(r.out + r.err).empty());
            for (const std::string& secret : {c.secret, token}) {
                CHECK(r.out.find(secret) == std::string::npos);
                CHECK(r.err.find(secret) == std::string::npos);
            }
        }
    }
}

// The wire debug through the CLI: each attempt's method, URL (secrets redacted), status and time
// on stderr, the output on stdout unchanged.
TEST_CASE("hardening: CLOUDFLOW_DEBUG=wire writes each attempt to stderr without the signature or the token",
          "[integration][hardening][cli][wire]")
{
    LocalEmulator emulator({}, test_config);
    const std::string token = "STS-token-wire-3b8e1d";
    auto env = cli_env();
    env.push_back("ALIBABA_CLOUD_SECURITY_TOKEN=" + token);
    env.push_back("CLOUDFLOW_DEBUG=wire");
    const auto r =
        run_process({CLOUDFLOW_CLI_PATH, "list-executions", "--flow-name", "echo", "--endpoint", emulator.url()}, env);
    INFO("exit " << r.exit_code << "\nstdout: " << r.out << "\nstderr: " << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(boost::json::parse(r.out).as_object().contains("Executions"));
    const std::string attempt =
        "[cloudflow] debug ListExecutions attempt 1: GET " + emulator.url() + "/?AccessKeyId=" + key_id;
    CHECK(r.err.starts_with(attempt));
    CHECK(r.err.find("&Signature=redacted&") != std::string::npos);
    CHECK(r.err.find("&SecurityToken=redacted&") != std::string::npos);
    CHECK(r.err.find(" -> HTTP 200 in ") != std::string::npos);
    CHECK(r.err.find("[cloudflow] info ListExecutions succeeded in ") != std::string::npos);
    CHECK(r.err.find(key_secret) == std::string::npos);
    CHECK(r.err.find(token) == std::string::npos);

    // A failure: the attempt's outcome and the call's error line.
    const auto missing = run_process({CLOUDFLOW_CLI_PATH, "describe-execution", "--flow-name", "echo",
                                      "--execution-name", "nope", "--endpoint", emulator.url()},
                                     env);
    INFO("stderr: " << missing.err);
    CHECK(missing.exit_code == 1);
    CHECK(missing.err.find(" -> HTTP 404 ExecutionNotExists in ") != std::string::npos);
    CHECK(missing.err.find("[cloudflow] error DescribeExecution failed in ") != std::string::npos);
}
#endif
