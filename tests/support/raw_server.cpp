#include "support/raw_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace cloudflow::test {
namespace {

// The request's header and, by its Content-Length, its body: what is left unread when a socket
// closes makes Linux send a reset, which would change what the test shows.
void read_request(int fd)
{
    std::string request;
    char buffer[4096];
    std::size_t wanted = std::string::npos;
    while (request.size() < wanted) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, 2000) <= 0) return;
        const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
        if (n <= 0) return;
        request.append(buffer, static_cast<std::size_t>(n));
        const auto end = request.find("\r\n\r\n");
        if (wanted == std::string::npos && end != std::string::npos) {
            std::size_t length = 0;
            std::string lower = request.substr(0, end);
            for (auto& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
            if (const auto at = lower.find("\r\ncontent-length:"); at != std::string::npos)
                length = std::stoul(lower.substr(at + 17));
            wanted = end + 4 + length;
        }
    }
}

}  // namespace

bool RawServer::Connection::send(std::string_view bytes) const
{
    while (!bytes.empty() && !stopping) {
        const ssize_t n = ::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (n <= 0) return false;
        bytes.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

bool RawServer::Connection::closed_within(std::chrono::milliseconds limit) const
{
    const auto until = std::chrono::steady_clock::now() + limit;
    while (!stopping && std::chrono::steady_clock::now() < until) {
        pollfd p{fd, POLLIN | POLLRDHUP, 0};
        if (::poll(&p, 1, 20) > 0) {
            char byte;
            if (::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) <= 0) return true;
            // The client sent more (another request): read and ignore it.
            char ignored[4096];
            (void)::recv(fd, ignored, sizeof ignored, MSG_DONTWAIT);
        }
    }
    return stopping;
}

void RawServer::Connection::reset() const
{
    const linger abort{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_LINGER, &abort, sizeof abort);
    ::shutdown(fd, SHUT_RDWR);
}

RawServer::RawServer(Script script) : script_(std::move(script))
{
    listener_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (::bind(listener_, reinterpret_cast<sockaddr*>(&address), size) != 0 || ::listen(listener_, 16) != 0 ||
        ::getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &size) != 0)
        throw std::runtime_error("RawServer: cannot listen on 127.0.0.1");
    port_ = ntohs(address.sin_port);
    thread_ = std::thread([this] { serve(); });
}

RawServer::~RawServer()
{
    stopping_ = true;
    ::shutdown(listener_, SHUT_RDWR);
    thread_.join();
    ::close(listener_);
}

std::string RawServer::url() const
{
    return "http://127.0.0.1:" + std::to_string(port_);
}

void RawServer::serve()
{
    while (!stopping_) {
        pollfd p{listener_, POLLIN, 0};
        if (::poll(&p, 1, 50) <= 0) continue;
        const int fd = ::accept4(listener_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        read_request(fd);
        script_(Connection{fd, connections_++, stopping_});
        ::close(fd);
    }
}

std::string_view good_body()
{
    return R"({"RequestId":"R","FlowName":"echo","Name":"exec:1","Status":"Succeeded","Output":"{}",)"
           R"("StartedTime":"2024-01-01T00:00:00.000Z","StoppedTime":"2024-01-01T00:00:01.000Z"})";
}

std::string good_answer(bool keep_alive)
{
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
           std::to_string(good_body().size()) + (keep_alive ? "\r\n\r\n" : "\r\nConnection: close\r\n\r\n") +
           std::string(good_body());
}

}  // namespace cloudflow::test
