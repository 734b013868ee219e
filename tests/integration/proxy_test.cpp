// HttpsTransport through an HTTP proxy the test starts: CONNECT tunnels for HTTPS, forwarding for
// plain HTTP, Basic authentication, NO_PROXY, and the environment's settings.
#include "integration/fixture.hpp"
#include "support/catch_result.hpp"
#include "support/fake_proxy.hpp"
#include "support/run.hpp"

#include "http/proxy.hpp"

#include <boost/asio/io_context.hpp>

#include <catch2/catch.hpp>

#include <cstdlib>

using namespace cloudflow;
using namespace cloudflow::test;

namespace {

StartSyncExecutionRequest echo()
{
    StartSyncExecutionRequest r;
    r.flow_name = "echo";
    r.input_json = R"({"via":"proxy"})";
    return r;
}

}  // namespace

TEST_CASE("proxy: HTTPS through a CONNECT tunnel, with Basic authentication", "[integration][proxy]")
{
    TempDir dir;
    const auto cert = make_self_signed(dir, {"127.0.0.1"});
    LocalEmulator emulator({"--tls-cert", cert.cert_file.string(), "--tls-key", cert.key_file.string()}, test_config);
    FakeProxy proxy("Basic dXNlcjpww6Rzcw==");  // user:päss
    boost::asio::io_context ioc;

    auto config = client_config(emulator);
    config.http.ca_pem = cert.cert_pem;
    config.http.proxy = "http://user:p%C3%A4ss@" + proxy.url().substr(7);
    Client client(ioc.get_executor(), config);
    const auto r = run(ioc, client.start_sync_execution(echo()));
    REQUIRE(r);
    CHECK(r->output == boost::json::value(boost::json::object{{"via", "proxy"}}));
    const auto seen = proxy.requests();
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].method == "CONNECT");
    CHECK(seen[0].target == "127.0.0.1:" + std::to_string(emulator.port()));

    // Wrong credentials: the proxy says 407, the call fails without retrying into a wall.
    config.http.proxy = "http://user:wrong@" + proxy.url().substr(7);
    config.retry.max_attempts = 1;
    Client refused(ioc.get_executor(), config);
    const auto e = run(ioc, refused.start_sync_execution(echo()));
    REQUIRE_FALSE(e);
    CHECK(e.error().code == errc::connection_failed);
    CHECK(e.error().message.find("407") != std::string::npos);
    CHECK(e.error().message.find("wrong") == std::string::npos);  // the password is never repeated
}

TEST_CASE("proxy: plain HTTP is forwarded in absolute form", "[integration][proxy]")
{
    LocalEmulator emulator({}, test_config);
    FakeProxy proxy;
    boost::asio::io_context ioc;
    auto config = client_config(emulator);
    config.http.proxy = proxy.url();
    Client client(ioc.get_executor(), config);
    REQUIRE(run(ioc, client.start_sync_execution(echo())));
    REQUIRE(run(ioc, client.start_sync_execution(echo())));
    const auto seen = proxy.requests();
    REQUIRE(seen.size() == 2);
    CHECK(seen[0].method == "POST");
    CHECK(seen[0].target == emulator.url() + "/");
}

TEST_CASE("proxy: NO_PROXY and the environment", "[integration][proxy]")
{
    LocalEmulator emulator({}, test_config);
    FakeProxy proxy;
    boost::asio::io_context ioc;

    SECTION("an explicit no_proxy bypasses the proxy")
    {
        auto config = client_config(emulator);
        config.http.proxy = proxy.url();
        config.http.no_proxy = "example.com, 127.0.0.1";
        Client client(ioc.get_executor(), config);
        REQUIRE(run(ioc, client.start_sync_execution(echo())));
        CHECK(proxy.requests().empty());
    }
    SECTION("loopback never uses a proxy from the environment")
    {
        ::setenv("HTTP_PROXY", proxy.url().c_str(), 1);
        Client client(ioc.get_executor(), client_config(emulator));
        REQUIRE(run(ioc, client.start_sync_execution(echo())));
        CHECK(proxy.requests().empty());
        ::unsetenv("HTTP_PROXY");
    }
    SECTION("route selection")
    {
        ::setenv("https_proxy", "http://u:p@proxy.internal:3128", 1);
        ::setenv("NO_PROXY", ".corp.example,10.0.0.1", 1);
        const auto settings = detail::proxy_settings("", "", true);
        const auto route = [&](const char* host) {
            return detail::proxy_route(settings, HttpRequest{"POST", "https", host, 443, "/", {}, {}}).value();
        };
        REQUIRE(route("cn-hangzhou.fnf.aliyuncs.com"));
        CHECK(route("cn-hangzhou.fnf.aliyuncs.com")->proxy.host == "proxy.internal");
        CHECK(route("cn-hangzhou.fnf.aliyuncs.com")->proxy.port == 3128);
        CHECK(route("cn-hangzhou.fnf.aliyuncs.com")->authorization == "Basic dTpw");
        CHECK_FALSE(route("fnf.corp.example"));
        CHECK_FALSE(route("corp.example"));
        CHECK_FALSE(route("10.0.0.1"));
        CHECK_FALSE(route("localhost"));
        CHECK_FALSE(detail::proxy_settings("", "", false).https_proxy.size());
        const auto bad = detail::proxy_route(detail::proxy_settings("https://secret@proxy:1", "", false),
                                             HttpRequest{"POST", "https", "x.example", 443, "/", {}, {}});
        REQUIRE_FALSE(bad);
        CHECK(bad.error().code == errc::invalid_config);
        CHECK(bad.error().message.find("secret") == std::string::npos);
        ::unsetenv("https_proxy");
        ::unsetenv("NO_PROXY");
    }
}
