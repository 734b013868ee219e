// A hostile (or merely odd) HTTP server for tests: it accepts connections on 127.0.0.1 one after
// another on a thread of its own, reads each request (header and Content-Length body), and hands
// the socket to a script that writes whatever bytes the test wants, slowly, partly or not at all.
// The connection is closed when the script returns; the server stops when destroyed.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <string>
#include <string_view>
#include <thread>

namespace cloudflow::test {

class RawServer {
public:
    struct Connection {
        int fd;
        int index;                          // 0 for the first connection accepted
        const std::atomic<bool>& stopping;  // the server is being destroyed: return soon

        // False when the client is gone.
        bool send(std::string_view bytes) const;
        // Waits up to `limit` for the client to close the connection; true when it did (or when
        // the server is stopping), false when `limit` passed first.
        bool closed_within(std::chrono::milliseconds limit) const;
        // Closes with a TCP reset (SO_LINGER 0) instead of a FIN.
        void reset() const;
    };
    using Script = std::function<void(const Connection&)>;

    explicit RawServer(Script script);
    ~RawServer();
    RawServer(const RawServer&) = delete;
    RawServer& operator=(const RawServer&) = delete;

    std::string url() const;  // http://127.0.0.1:PORT
    unsigned short port() const { return port_; }
    int connections() const { return connections_; }  // accepted so far

private:
    void serve();

    Script script_;
    int listener_ = -1;
    unsigned short port_ = 0;
    std::atomic<int> connections_{0};
    std::atomic<bool> stopping_{false};
    std::thread thread_;
};

// A complete StartSyncExecution success answer (Connection: close unless `keep_alive`).
std::string good_answer(bool keep_alive = false);
// Its body.
std::string_view good_body();

}  // namespace cloudflow::test
