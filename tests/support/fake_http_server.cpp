#include "support/fake_http_server.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>

#include <thread>

namespace cloudflow::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct FakeHttpServer::Impl {
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc, {asio::ip::make_address("127.0.0.1"), 0}};
    mutable std::mutex mutex;
    Handler handler;
    std::vector<ReceivedRequest> received;
    std::thread thread;

    asio::awaitable<void> serve(tcp::socket socket)
    {
        beast::tcp_stream stream(std::move(socket));
        beast::flat_buffer buffer;
        for (;;) {
            http::request<http::string_body> req;
            auto [ec, n] = co_await http::async_read(stream, buffer, req, asio::as_tuple(asio::use_awaitable));
            if (ec) co_return;
            ReceivedRequest r{std::string(req.method_string()), std::string(req.target()), {}, req.body()};
            for (const auto& f : req) r.headers.emplace_back(f.name_string(), f.value());
            Handler h;
            {
                std::lock_guard lock(mutex);
                received.push_back(r);
                h = handler;
            }
            const HttpResponse answer = h(r);
            http::response<http::string_body> res{static_cast<http::status>(answer.status), 11};
            for (const auto& [name, value] : answer.headers) res.set(name, value);
            res.body() = answer.body;
            res.keep_alive(req.keep_alive());
            res.prepare_payload();
            auto [wec, w] = co_await http::async_write(stream, res, asio::as_tuple(asio::use_awaitable));
            if (wec || !res.keep_alive()) co_return;
        }
    }

    asio::awaitable<void> accept()
    {
        for (;;) {
            auto [ec, socket] = co_await acceptor.async_accept(asio::as_tuple(asio::use_awaitable));
            if (ec) co_return;
            asio::co_spawn(ioc, serve(std::move(socket)), asio::detached);
        }
    }
};

FakeHttpServer::FakeHttpServer(Handler handler) : impl_(std::make_unique<Impl>())
{
    impl_->handler = std::move(handler);
    asio::co_spawn(impl_->ioc, impl_->accept(), asio::detached);
    impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

FakeHttpServer::~FakeHttpServer()
{
    impl_->ioc.stop();
    impl_->thread.join();
}

std::string FakeHttpServer::url() const
{
    return "http://127.0.0.1:" + std::to_string(impl_->acceptor.local_endpoint().port());
}

std::vector<ReceivedRequest> FakeHttpServer::requests() const
{
    std::lock_guard lock(impl_->mutex);
    return impl_->received;
}

void FakeHttpServer::set_handler(Handler handler)
{
    std::lock_guard lock(impl_->mutex);
    impl_->handler = std::move(handler);
}

}  // namespace cloudflow::test
