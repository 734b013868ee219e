#include "support/local_emulator.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>

#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <spawn.h>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace cloudflow::test {

TempDir::TempDir()
{
    std::string pattern = (std::filesystem::temp_directory_path() / "cloudflow-test-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
}

TempDir::~TempDir()
{
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
}

std::filesystem::path TempDir::write(const std::string& name, const std::string& content) const
{
    const auto file = path_ / name;
    std::ofstream(file) << content;
    return file;
}

LocalEmulator::LocalEmulator(std::vector<std::string> args, const std::string& config_json)
{
    static const TempDir configs;
    if (!config_json.empty()) {
        static int n = 0;
        config_path_ = configs.write("config-" + std::to_string(++n) + ".json", config_json);
        args.insert(args.begin(), {"--config", config_path_.string()});
    }
    spawn(CLOUDFLOW_LOCAL_PATH, std::move(args));
}

LocalEmulator::LocalEmulator(const std::string& program, std::vector<std::string> args)
{
    spawn(program, std::move(args));
}

void LocalEmulator::spawn(const std::string& program, std::vector<std::string> args)
{
    bool has_port = false;
    for (const auto& a : args) has_port = has_port || a == "--port";
    if (!has_port) args.insert(args.end(), {"--port", "0"});
    args.push_back("--quiet");  // nobody reads the access log: it must not fill the pipe
    // Its standard input is a pipe this process holds open: if the test dies, it stops too.
    args.push_back("--stop-on-stdin-close");

    int pipe_fds[2], input_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0 || ::pipe2(input_fds, O_CLOEXEC) != 0)
        throw std::runtime_error("pipe failed");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], STDOUT_FILENO);
    posix_spawn_file_actions_adddup2(&actions, input_fds[0], STDIN_FILENO);

    std::vector<std::string> argv_storage{program};
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    const int rc = ::posix_spawn(&pid_, program.c_str(), &actions, nullptr, argv.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    ::close(pipe_fds[1]);
    ::close(input_fds[0]);
    out_ = pipe_fds[0];
    in_ = input_fds[1];
    if (rc != 0) throw std::runtime_error("cannot start " + program);

    // The first line: "<program> listening on URL".
    std::string line;
    for (;;) {
        pollfd p{out_, POLLIN, 0};
        if (::poll(&p, 1, 10'000) <= 0) break;
        char c;
        if (::read(out_, &c, 1) != 1) break;
        if (c == '\n') break;
        line += c;
    }
    const std::string marker = " listening on ";
    const auto at = line.find(marker);
    if (at == std::string::npos) {
        stop();
        throw std::runtime_error(program + " did not start: '" + line + "'");
    }
    url_ = line.substr(at + marker.size());
}

LocalEmulator::~LocalEmulator()
{
    stop();
}

unsigned short LocalEmulator::port() const
{
    return static_cast<unsigned short>(std::stoi(url_.substr(url_.rfind(':') + 1)));
}

int LocalEmulator::stop()
{
    if (pid_ <= 0) return -1;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = -1;
    if (out_ >= 0) ::close(out_);
    if (in_ >= 0) ::close(in_);
    out_ = in_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

SelfSigned make_self_signed(const TempDir& dir, const std::vector<std::string>& hosts, bool expired)
{
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
    // Valid from an hour ago for a day; or, expired, for a day that ended yesterday.
    X509_gmtime_adj(X509_getm_notBefore(cert), expired ? -2 * 24 * 3600 : -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), expired ? -24 * 3600 : 24 * 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("cloudflow-test"), -1,
                               -1, 0);
    X509_set_issuer_name(cert, name);

    std::string san;
    for (const auto& h : hosts) {
        boost::system::error_code ec;
        (void)boost::asio::ip::make_address(h, ec);
        san += (san.empty() ? "" : ",") + std::string(ec ? "DNS:" : "IP:") + h;
    }
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, cert, cert, nullptr, nullptr, 0);
    for (const auto& [nid, value] :
         {std::pair<int, std::string>{NID_subject_alt_name, san}, {NID_basic_constraints, "critical,CA:TRUE"}}) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
        X509_add_ext(cert, ext, -1);
        X509_EXTENSION_free(ext);
    }
    X509_sign(cert, key, EVP_sha256());

    const auto to_pem = [](auto write) {
        BIO* bio = BIO_new(BIO_s_mem());
        write(bio);
        char* data = nullptr;
        const long n = BIO_get_mem_data(bio, &data);
        std::string out(data, static_cast<std::size_t>(n));
        BIO_free(bio);
        return out;
    };
    SelfSigned out;
    out.cert_pem = to_pem([&](BIO* b) { PEM_write_bio_X509(b, cert); });
    out.key_pem = to_pem([&](BIO* b) { PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr); });
    X509_free(cert);
    EVP_PKEY_free(key);
    static int n = 0;
    ++n;
    out.cert_file = dir.write("cert-" + std::to_string(n) + ".pem", out.cert_pem);
    out.key_file = dir.write("key-" + std::to_string(n) + ".pem", out.key_pem);
    return out;
}

}  // namespace cloudflow::test
