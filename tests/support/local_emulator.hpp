// Starts cloudflow-local as a child process on a free loopback port, for integration tests.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

namespace cloudflow::test {

class LocalEmulator {
public:
    // Runs cloudflow-local with `args` (plus --port 0 unless a --port is given) and waits for the
    // URL it prints. `config_json`, when not empty, is written to a file passed as --config.
    explicit LocalEmulator(std::vector<std::string> args = {}, const std::string& config_json = {});
    // Runs another server the same way: one that takes --port, --quiet and --stop-on-stdin-close
    // and prints "NAME listening on URL" (bench/'s cloudflow-bench-server).
    LocalEmulator(const std::string& program, std::vector<std::string> args);
    ~LocalEmulator();
    LocalEmulator(const LocalEmulator&) = delete;
    LocalEmulator& operator=(const LocalEmulator&) = delete;

    const std::string& url() const { return url_; }
    unsigned short port() const;
    pid_t pid() const { return pid_; }
    // Stops it with SIGTERM and waits; returns its exit status.
    int stop();

private:
    void spawn(const std::string& program, std::vector<std::string> args);

    pid_t pid_ = -1;
    int out_ = -1;
    int in_ = -1;
    std::string url_;
    std::filesystem::path config_path_;
};

// A scratch directory removed with the object.
class TempDir {
public:
    TempDir();
    ~TempDir();
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path write(const std::string& name, const std::string& content) const;

private:
    std::filesystem::path path_;
};

// A self-signed certificate and its key, made with OpenSSL for the test: PEM text and files.
struct SelfSigned {
    std::string cert_pem, key_pem;
    std::filesystem::path cert_file, key_file;
};
// `hosts`: the names (DNS) and addresses (IP) the certificate is valid for; `expired`: its
// validity ended a day ago.
SelfSigned make_self_signed(const TempDir& dir, const std::vector<std::string>& hosts, bool expired = false);

}  // namespace cloudflow::test
