// Starts cloudflow-local as a child process on a free loopback port, for integration tests, and
// makes self-signed certificates for the HTTPS ones.
#pragma once

#include <cloudflow/testing/local_emulator.hpp>

#include <filesystem>
#include <string>
#include <vector>

namespace cloudflow::test {

// cloudflow::testing::LocalEmulator (the installed fixture) with the project's own defaults: this
// build's cloudflow-local (CLOUDFLOW_LOCAL_PATH), or another server program.
class LocalEmulator : public cloudflow::testing::LocalEmulator {
public:
    // Runs cloudflow-local with `args` (after --port 0, so a --port or --host in them wins) and waits
    // for the URL it prints. `config_json`, when not empty, is passed as --config.
    explicit LocalEmulator(std::vector<std::string> args = {}, const std::string& config_json = {});
    // Runs another server the same way: one that takes --port, --quiet and --stop-on-stdin-close
    // (no --host) and prints "NAME listening on URL" (bench/'s cloudflow-bench-server).
    LocalEmulator(const std::string& program, std::vector<std::string> args);
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
// A certificate for `hosts` signed by `issuer` (one make_self_signed made, which is a CA), not a CA
// itself: trusted by a client that trusts `issuer`, and of an unknown issuer to any other.
SelfSigned make_signed_by(const TempDir& dir, const SelfSigned& issuer, const std::vector<std::string>& hosts,
                          bool expired = false);

}  // namespace cloudflow::test
