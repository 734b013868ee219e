// libFuzzer target: the transport's HTTP answer reader (detail::read_response) on a stream that
// serves the fuzzer's bytes in pieces of a size the input chooses, then end of stream.
// The read ends in an answer within the limits or a typed Error, never a crash or a hang.
#include "http/http_reader.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>

#include <cstdint>
#include <cstdlib>

namespace asio = boost::asio;
using namespace cloudflow;

namespace {

// An AsyncReadStream over a byte string: each read returns at most `piece` bytes.
class PieceStream {
public:
    using executor_type = asio::any_io_executor;

    PieceStream(executor_type executor, std::string_view bytes, std::size_t piece)
        : executor_(std::move(executor)), bytes_(bytes), piece_(piece)
    {
    }

    executor_type get_executor() const { return executor_; }

    template <class MutableBuffers, class Token>
    auto async_read_some(const MutableBuffers& buffers, Token&& token)
    {
        return asio::async_initiate<Token, void(boost::system::error_code, std::size_t)>(
            [this](auto handler, const MutableBuffers& into) {
                boost::system::error_code ec;
                std::size_t n = 0;
                if (bytes_.empty())
                    ec = asio::error::eof;
                else {
                    n = asio::buffer_copy(into, asio::buffer(bytes_.data(), std::min(piece_, bytes_.size())));
                    bytes_.remove_prefix(n);
                }
                asio::post(executor_, [handler = std::move(handler), ec, n]() mutable { std::move(handler)(ec, n); });
            },
            token, buffers);
    }

private:
    executor_type executor_;
    std::string_view bytes_;
    std::size_t piece_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 2) return 0;
    // Byte 0: the piece size (0: everything at once). Byte 1: small limits, so that the fuzzer
    // reaches them, or the transport's defaults.
    const std::size_t piece = data[0] == 0 ? size : data[0];
    detail::ResponseLimits limits;
    if (data[1] & 1) limits = {256, 1024};
    const std::string_view bytes(reinterpret_cast<const char*>(data) + 2, size - 2);

    asio::io_context io;
    PieceStream stream(io.get_executor(), bytes, piece);
    boost::beast::flat_buffer buffer(detail::read_buffer_limit(limits));
    Result<HttpResponse> response = make_error(errc::network_failure, "nothing was read");
    bool answered = false, keep_alive = false, ended = false;
    asio::co_spawn(
        io,
        [&]() -> asio::awaitable<void> {
            co_await detail::read_response(stream, buffer, limits, false, {response, answered, keep_alive});
            ended = true;
        },
        asio::detached);
    io.run();

    if (!ended) std::abort();  // the read did not end
    if (response) {
        const HttpResponse& r = *response;
        if (r.status < 200 || r.status > 999 || r.body.size() > limits.body_bytes) std::abort();
    } else if (keep_alive || !response.error().code) {
        std::abort();
    }
    return 0;
}
