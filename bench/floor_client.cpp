#include "floor_client.hpp"

#include "support/floor_signer.hpp"
#include "support/workload.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <boost/json/parse.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <array>
#include <chrono>
#include <ctime>
#include <memory>
#include <optional>
#include <vector>

namespace cloudflow::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
constexpr auto use_tuple = asio::as_tuple(asio::use_awaitable);

void append_encoded(std::string& out, std::string_view text)
{
    const std::size_t at = out.size();
    out.resize(at + 3 * text.size());
    out.resize(at + boost::urls::encode(out.data() + at, 3 * text.size(), text, boost::urls::unreserved_chars));
}

class FloorClient {
public:
    FloorClient(asio::any_io_executor executor, std::string host, std::uint16_t port, asio::ssl::context* tls,
                int worker)
        : executor_(std::move(executor)), host_(std::move(host)), port_(port), tls_(tls),
          nonce_prefix_(std::to_string(::getpid()) + "-" + std::to_string(worker) + "-")
    {
        request_.method(http::verb::post);
        request_.target("/");
        request_.version(11);
        request_.set(http::field::host, host_ + ":" + std::to_string(port_));
        request_.set(http::field::content_type, "application/x-www-form-urlencoded");
        request_.set(http::field::accept, "application/json");
    }

    asio::awaitable<bool> call()
    {
        if (!connected_ && !co_await connect()) co_return false;
        request_.body() = signed_body();
        request_.prepare_payload();
        http::response<http::string_body> response;
        const bool ok = tls_stream_ ? co_await exchange(*tls_stream_, response) : co_await exchange(*plain_, response);
        if (!ok) {
            connected_ = false;
            co_return false;
        }
        boost::system::error_code ec;
        const auto json = boost::json::parse(response.body(), ec);
        co_return !ec && response.result_int() == 200 && json.is_object();
    }

private:
    template <class Stream>
    asio::awaitable<bool> exchange(Stream& stream, http::response<http::string_body>& response)
    {
        auto [wec, w] = co_await http::async_write(stream, request_, use_tuple);
        if (wec) co_return false;
        auto [rec, r] = co_await http::async_read(stream, buffer_, response, use_tuple);
        co_return !rec;
    }

    asio::awaitable<bool> connect()
    {
        const tcp::endpoint endpoint(asio::ip::make_address(host_), port_);
        if (tls_) {
            tls_stream_.emplace(executor_, *tls_);
            auto [ec] = co_await beast::get_lowest_layer(*tls_stream_).async_connect(endpoint, use_tuple);
            if (ec) co_return false;
            beast::get_lowest_layer(*tls_stream_).socket().set_option(tcp::no_delay(true));
            tls_stream_->set_verify_mode(asio::ssl::verify_peer);
            auto [hec] = co_await tls_stream_->async_handshake(asio::ssl::stream_base::client, use_tuple);
            if (hec) co_return false;
        } else {
            plain_.emplace(executor_);
            auto [ec] = co_await plain_->async_connect(endpoint, use_tuple);
            if (ec) co_return false;
            plain_->socket().set_option(tcp::no_delay(true));
        }
        connected_ = true;
        co_return true;
    }

    // The parameters in byte order of their names, Signature in its place.
    std::string signed_body()
    {
        const auto now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
        if (now != timestamp_second_) {
            timestamp_second_ = now;
            std::tm utc{};
            ::gmtime_r(&now, &utc);
            std::array<char, 32> text{};
            timestamp_.assign(text.data(), std::strftime(text.data(), text.size(), "%Y-%m-%dT%H:%M:%SZ", &utc));
        }
        const std::string nonce = nonce_prefix_ + std::to_string(++calls_);

        std::string head, tail;  // before and after Signature
        head.reserve(256);
        head += "AccessKeyId=";
        append_encoded(head, access_key_id);
        head += "&Action=StartSyncExecution&ExecutionName=order-42&FlowName=demo_flow&Format=JSON&Input=";
        append_encoded(head, input_json);
        tail += "SignatureMethod=HMAC-SHA1&SignatureNonce=";
        append_encoded(tail, nonce);
        tail += "&SignatureVersion=1.0&Timestamp=";
        append_encoded(tail, timestamp_);
        tail += "&Version=2019-03-15";

        std::string to_sign = "POST&%2F&";
        append_encoded(to_sign, head + "&" + tail);
        const std::string_view signature = signer_.sign(to_sign);

        std::string body = std::move(head);
        body += "&Signature=";
        append_encoded(body, signature);
        body += '&';
        body += tail;
        return body;
    }

    asio::any_io_executor executor_;
    std::string host_;
    std::uint16_t port_;
    asio::ssl::context* tls_;
    std::optional<beast::tcp_stream> plain_;
    std::optional<beast::ssl_stream<beast::tcp_stream>> tls_stream_;
    bool connected_ = false;
    beast::flat_buffer buffer_;
    http::request<http::string_body> request_;
    FloorSigner signer_{access_key_secret};
    std::string nonce_prefix_;
    unsigned long calls_ = 0;
    std::time_t timestamp_second_ = 0;
    std::string timestamp_;
};

}  // namespace

CallFn make_floor_calls(asio::any_io_executor executor, const std::string& url, const std::string& ca_file, int workers)
{
    const bool https = url.starts_with("https://");
    const auto authority = url.substr(url.find("://") + 3);
    const auto colon = authority.rfind(':');
    const std::string host = authority.substr(0, colon);
    const auto port = static_cast<std::uint16_t>(std::stoi(authority.substr(colon + 1)));

    std::shared_ptr<asio::ssl::context> tls;
    if (https) {
        tls = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_client);
        tls->load_verify_file(ca_file);
    }
    auto clients = std::make_shared<std::vector<std::unique_ptr<FloorClient>>>();
    for (int w = 0; w < workers; ++w)
        clients->push_back(std::make_unique<FloorClient>(executor, host, port, tls.get(), w));
    return [clients, tls](int worker) { return (*clients)[static_cast<std::size_t>(worker)]->call(); };
}

}  // namespace cloudflow::bench
