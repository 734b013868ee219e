// A loopback HTTP server for tests of code that calls other services (the ECS metadata service,
// STS, ...): every request is recorded and answered by a handler, on a thread of its own.
#pragma once

#include <cloudflow/http/http.hpp>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace cloudflow::test {

struct ReceivedRequest {
    std::string method;
    std::string target;
    Headers headers;
    std::string body;
};

class FakeHttpServer {
public:
    using Handler = std::function<HttpResponse(const ReceivedRequest&)>;
    explicit FakeHttpServer(Handler handler);
    ~FakeHttpServer();

    std::string url() const;  // http://127.0.0.1:PORT
    std::vector<ReceivedRequest> requests() const;
    void set_handler(Handler handler);

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace cloudflow::test
