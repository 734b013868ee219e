#include "support/local_emulator.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <boost/asio/ip/address.hpp>

#include <cstdlib>
#include <fstream>
#include <stdexcept>
#include <unistd.h>
#include <utility>

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

namespace {

cloudflow::testing::LocalEmulatorOptions options_for(std::string program, std::vector<std::string> args,
                                                     std::string config_json, bool has_host)
{
    cloudflow::testing::LocalEmulatorOptions options;
    options.executable = std::move(program);
    options.config_json = std::move(config_json);
    if (!has_host) options.host.clear();
    options.args = std::move(args);
    return options;
}

}  // namespace

LocalEmulator::LocalEmulator(std::vector<std::string> args, const std::string& config_json)
    : cloudflow::testing::LocalEmulator(options_for(CLOUDFLOW_LOCAL_PATH, std::move(args), config_json, true))
{
}

LocalEmulator::LocalEmulator(const std::string& program, std::vector<std::string> args)
    : cloudflow::testing::LocalEmulator(options_for(program, std::move(args), {}, false))
{
}

namespace {

// A certificate for `hosts` and its key: self-signed and a CA without `issuer`, else signed by it.
// Each has a subject name of its own, so that OpenSSL never takes one CA for another.
SelfSigned make_certificate(const TempDir& dir, const std::vector<std::string>& hosts, bool expired,
                            const SelfSigned* issuer)
{
    static int n = 0;
    ++n;
    EVP_PKEY* key = EVP_EC_gen("P-256");
    X509* cert = X509_new();
    X509_set_version(cert, 2);
    ASN1_INTEGER_set(X509_get_serialNumber(cert), n);
    // Valid from an hour ago for a day; or, expired, for a day that ended yesterday.
    X509_gmtime_adj(X509_getm_notBefore(cert), expired ? -2 * 24 * 3600 : -3600);
    X509_gmtime_adj(X509_getm_notAfter(cert), expired ? -24 * 3600 : 24 * 3600);
    X509_set_pubkey(cert, key);
    X509_NAME* name = X509_get_subject_name(cert);
    const std::string common_name = "cloudflow-test-" + std::to_string(n);
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>(common_name.c_str()),
                               -1, -1, 0);

    // The issuer's certificate and key, read back from its PEM text.
    X509* issuer_cert = nullptr;
    EVP_PKEY* issuer_key = nullptr;
    if (issuer) {
        BIO* cert_bio = BIO_new_mem_buf(issuer->cert_pem.data(), static_cast<int>(issuer->cert_pem.size()));
        BIO* key_bio = BIO_new_mem_buf(issuer->key_pem.data(), static_cast<int>(issuer->key_pem.size()));
        issuer_cert = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr);
        issuer_key = PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr);
        BIO_free(cert_bio);
        BIO_free(key_bio);
        if (!issuer_cert || !issuer_key) throw std::runtime_error("cannot read the issuer's certificate or key");
    }
    X509_set_issuer_name(cert, issuer_cert ? X509_get_subject_name(issuer_cert) : name);

    std::string san;
    for (const auto& h : hosts) {
        boost::system::error_code ec;
        (void)boost::asio::ip::make_address(h, ec);
        san += (san.empty() ? "" : ",") + std::string(ec ? "DNS:" : "IP:") + h;
    }
    std::vector<std::pair<int, std::string>> extensions{
        {NID_basic_constraints, issuer ? "critical,CA:FALSE" : "critical,CA:TRUE"}};
    if (!san.empty()) extensions.emplace_back(NID_subject_alt_name, san);
    X509V3_CTX ctx;
    X509V3_set_ctx_nodb(&ctx);
    X509V3_set_ctx(&ctx, issuer_cert ? issuer_cert : cert, cert, nullptr, nullptr, 0);
    for (const auto& [nid, value] : extensions) {
        X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str());
        if (!ext) throw std::runtime_error("cannot make the certificate extension " + value);
        X509_add_ext(cert, ext, -1);
        X509_EXTENSION_free(ext);
    }
    X509_sign(cert, issuer_key ? issuer_key : key, EVP_sha256());
    X509_free(issuer_cert);
    EVP_PKEY_free(issuer_key);

    const auto to_pem = [](auto write) {
        BIO* bio = BIO_new(BIO_s_mem());
        write(bio);
        char* data = nullptr;
        const long size = BIO_get_mem_data(bio, &data);
        std::string out(data, static_cast<std::size_t>(size));
        BIO_free(bio);
        return out;
    };
    SelfSigned out;
    out.cert_pem = to_pem([&](BIO* b) { PEM_write_bio_X509(b, cert); });
    out.key_pem = to_pem([&](BIO* b) { PEM_write_bio_PrivateKey(b, key, nullptr, nullptr, 0, nullptr, nullptr); });
    X509_free(cert);
    EVP_PKEY_free(key);
    out.cert_file = dir.write("cert-" + std::to_string(n) + ".pem", out.cert_pem);
    out.key_file = dir.write("key-" + std::to_string(n) + ".pem", out.key_pem);
    return out;
}

}  // namespace

SelfSigned make_self_signed(const TempDir& dir, const std::vector<std::string>& hosts, bool expired)
{
    return make_certificate(dir, hosts, expired, nullptr);
}

SelfSigned make_signed_by(const TempDir& dir, const SelfSigned& issuer, const std::vector<std::string>& hosts,
                          bool expired)
{
    return make_certificate(dir, hosts, expired, &issuer);
}

}  // namespace cloudflow::test
