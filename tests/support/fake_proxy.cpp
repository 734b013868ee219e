#include "support/fake_proxy.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include <thread>

namespace cloudflow::test {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

struct FakeProxy::Impl {
    asio::io_context ioc;
    tcp::acceptor acceptor{ioc, {asio::ip::make_address("127.0.0.1"), 0}};
    std::string required;
    mutable std::mutex mutex;
    std::vector<ProxyRequest> seen;
    std::thread thread;

    asio::awaitable<bool> dial(tcp::socket& upstream, std::string_view authority)
    {
        const auto colon = authority.rfind(':');
        std::string host(authority.substr(0, colon));
        if (host.starts_with('[')) host = host.substr(1, host.size() - 2);
        boost::system::error_code ec;
        const auto address = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
        if (ec) co_return false;
        const auto port = static_cast<unsigned short>(std::stoi(std::string(authority.substr(colon + 1))));
        auto [cec] = co_await upstream.async_connect({address, port}, use_tuple);
        co_return !cec;
    }

    // Both ends of a tunnel, alive as long as either direction is still pumping.
    struct Tunnel {
        tcp::socket client, upstream;
    };

    static asio::awaitable<void> pump(std::shared_ptr<Tunnel> tunnel, bool to_upstream)
    {
        tcp::socket& from = to_upstream ? tunnel->client : tunnel->upstream;
        tcp::socket& to = to_upstream ? tunnel->upstream : tunnel->client;
        char data[16 * 1024];
        for (;;) {
            auto [ec, n] = co_await from.async_read_some(asio::buffer(data), use_tuple);
            if (ec) break;
            auto [wec, w] = co_await asio::async_write(to, asio::buffer(data, n), use_tuple);
            if (wec) break;
        }
        boost::system::error_code ignored;
        to.shutdown(tcp::socket::shutdown_send, ignored);
    }

    asio::awaitable<void> reply(tcp::socket& client, http::status status)
    {
        http::response<http::string_body> res{status, 11};
        if (status == http::status::proxy_authentication_required) res.set(http::field::proxy_authenticate, "Basic");
        res.prepare_payload();
        co_await http::async_write(client, res, use_tuple);
    }

    asio::awaitable<void> serve(tcp::socket client)
    {
        beast::flat_buffer buffer;
        for (;;) {
            http::request_parser<http::string_body> parser;
            auto [ec, n] = co_await http::async_read_header(client, buffer, parser, use_tuple);
            if (ec) co_return;
            auto& head = parser.get();
            ProxyRequest seen_request{std::string(head.method_string()), std::string(head.target()),
                                      std::string(head[http::field::proxy_authorization])};
            {
                std::lock_guard lock(mutex);
                seen.push_back(seen_request);
            }
            if (!required.empty() && seen_request.authorization != required) {
                co_await reply(client, http::status::proxy_authentication_required);
                co_return;
            }
            tcp::socket upstream(ioc);
            if (head.method() == http::verb::connect) {
                if (!co_await dial(upstream, seen_request.target))
                    co_return co_await reply(client, http::status::bad_gateway);
                const std::string established = "HTTP/1.1 200 Connection Established\r\n\r\n";
                co_await asio::async_write(client, asio::buffer(established), use_tuple);
                auto tunnel = std::make_shared<Tunnel>(Tunnel{std::move(client), std::move(upstream)});
                asio::co_spawn(ioc, pump(tunnel, false), asio::detached);
                co_await pump(tunnel, true);
                co_return;
            }
            // Absolute-form: forward this request in origin-form and relay its answer.
            auto [bec, b] = co_await http::async_read(client, buffer, parser, use_tuple);
            if (bec) co_return;
            auto request = parser.release();
            const std::string absolute(request.target());
            const auto url = boost::urls::parse_uri(absolute);  // a view into `absolute`
            if (!url || !co_await dial(upstream, url->encoded_authority()))
                co_return co_await reply(client, http::status::bad_gateway);
            request.target(url->encoded_resource().empty() ? "/" : std::string(url->encoded_resource()));
            request.erase(http::field::proxy_authorization);
            co_await http::async_write(upstream, request, use_tuple);
            beast::flat_buffer upstream_buffer;
            http::response<http::string_body> response;
            auto [rec, r] = co_await http::async_read(upstream, upstream_buffer, response, use_tuple);
            if (rec) co_return;
            response.keep_alive(request.keep_alive());
            auto [wec, w] = co_await http::async_write(client, response, use_tuple);
            if (wec || !request.keep_alive()) co_return;
        }
    }

    asio::awaitable<void> accept()
    {
        for (;;) {
            auto [ec, socket] = co_await acceptor.async_accept(use_tuple);
            if (ec) co_return;
            asio::co_spawn(ioc, serve(std::move(socket)), asio::detached);
        }
    }
};

FakeProxy::FakeProxy(std::string required_authorization) : impl_(std::make_unique<Impl>())
{
    impl_->required = std::move(required_authorization);
    asio::co_spawn(impl_->ioc, impl_->accept(), asio::detached);
    impl_->thread = std::thread([this] { impl_->ioc.run(); });
}

FakeProxy::~FakeProxy()
{
    impl_->ioc.stop();
    impl_->thread.join();
}

std::string FakeProxy::url() const
{
    return "http://127.0.0.1:" + std::to_string(impl_->acceptor.local_endpoint().port());
}

std::vector<ProxyRequest> FakeProxy::requests() const
{
    std::lock_guard lock(impl_->mutex);
    return impl_->seen;
}

}  // namespace cloudflow::test
