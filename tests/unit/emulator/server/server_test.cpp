// cloudflow-local's HTTP server, in process: what every accepted connection gets.
#include "server/server.hpp"

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include <catch2/catch.hpp>

#include <dirent.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>

#include <chrono>
#include <optional>
#include <string>

using namespace cloudflow;
namespace asio = boost::asio;
using tcp = asio::ip::tcp;

namespace {

// The TCP_NODELAY setting of this process's connected socket whose local port is `port`: the
// server's side of a connection to it. Nullopt when there is none.
std::optional<bool> accepted_no_delay(std::uint16_t port)
{
    DIR* dir = ::opendir("/proc/self/fd");
    REQUIRE(dir != nullptr);
    std::optional<bool> found;
    while (const dirent* entry = ::readdir(dir)) {
        const int fd = std::atoi(entry->d_name);
        sockaddr_in local{}, peer{};
        socklen_t size = sizeof local, peer_size = sizeof peer;
        if (::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &size) != 0 || local.sin_family != AF_INET) continue;
        if (ntohs(local.sin_port) != port) continue;
        if (::getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &peer_size) != 0) continue;  // the listener
        int on = 0;
        socklen_t on_size = sizeof on;
        REQUIRE(::getsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, &on_size) == 0);
        found = on != 0;
    }
    ::closedir(dir);
    return found;
}

}  // namespace

TEST_CASE("cloudflow-local sets TCP_NODELAY on every connection it accepts")
{
    // Without it, an answer written in two pieces on a new connection waits ~40 ms for the
    // client's delayed ACK (Nagle's algorithm).
    asio::io_context ioc;
    local::Service service(local::EmulatorConfig{}, "test-host");
    local::ServerOptions options;
    options.access_log = false;
    local::Server server(ioc, service, options);
    server.start();

    tcp::socket client(ioc);
    client.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), server.port()));
    for (int i = 0; i < 100 && server.connections() == 0; ++i) ioc.run_for(std::chrono::milliseconds(10));
    REQUIRE(server.connections() == 1);

    CHECK(accepted_no_delay(server.port()) == std::optional<bool>(true));
    client.close();
    server.stop();
    ioc.run_for(std::chrono::milliseconds(100));
}
