// A loopback HTTP proxy for tests: CONNECT tunnels and absolute-form forwarding, optionally
// demanding Basic authentication; it records what it was asked.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cloudflow::test {

struct ProxyRequest {
    std::string method;         // CONNECT, GET, POST
    std::string target;         // host:port, or http://host:port/...
    std::string authorization;  // the Proxy-Authorization header, if any
};

class FakeProxy {
public:
    // `required_authorization`: the Proxy-Authorization value to demand ("Basic ..."); empty: none.
    explicit FakeProxy(std::string required_authorization = {});
    ~FakeProxy();

    std::string url() const;  // http://127.0.0.1:PORT
    std::vector<ProxyRequest> requests() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cloudflow::test
