// Reading one HTTP answer from a stream, with every part a server controls bounded: the header,
// the body, chunk extensions, and the interim (1xx) answers before the final one. Used by
// HttpsTransport on its TCP and TLS streams, and by the fuzz target on a fuzzer-fed stream.
#pragma once

#include <cloudflow/http/http.hpp>
#include <cloudflow/result.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cloudflow::detail {

struct ResponseLimits {
    std::size_t header_bytes = std::size_t{64} * 1024;      // each header, and all chunk extensions together
    std::size_t body_bytes = std::size_t{8} * 1024 * 1024;  // the body, decoded
};

// At most this many interim (1xx) answers before the final one.
inline constexpr int max_interim_answers = 16;

// The most a connection's read buffer may hold: a whole header, plus one read's worth. Anything
// a server makes the parser wait for (a header line, a chunk header with its extensions) must
// fit, so nothing a server sends is buffered without limit.
inline std::size_t read_buffer_limit(const ResponseLimits& limits)
{
    return std::max<std::size_t>(limits.header_bytes, std::size_t{8} * 1024) + std::size_t{64} * 1024;
}

// The most room a connection's read buffer keeps between answers: room made for a larger answer is
// given back after it.
inline constexpr std::size_t retained_read_buffer = std::size_t{8} * 1024;

// What a read found, written into the caller's objects (so no copy of them lives in the reading
// coroutine's frame).
struct ReadResult {
    Result<HttpResponse>& response;  // the answer, or why there is none
    bool& answered;                  // a byte of an answer arrived
    bool& keep_alive;                // the connection may carry another request
};

// The typed Error for a failed read or write `during` ("reading the answer").
inline Error io_failure(boost::system::error_code ec, std::string_view during)
{
    namespace http = boost::beast::http;
    const auto failure = [&](errc code, std::string message) {
        Error e = make_error(code, std::move(message));
        e.cause = ec;
        return e;
    };
    if (ec == boost::beast::error::timeout)
        return failure(errc::timeout, "the deadline passed while " + std::string(during));
    if (ec == http::error::header_limit || ec == http::error::body_limit || ec == http::error::buffer_overflow)
        return failure(errc::response_too_large, "the answer exceeds the configured size limit (" + ec.message() + ")");
    if (ec.category() == make_error_code(http::error::bad_version).category() && ec != http::error::end_of_stream &&
        ec != http::error::partial_message)
        return failure(errc::malformed_response, "the answer is not valid HTTP: " + ec.message());
    return failure(errc::network_failure, "the connection failed while " + std::string(during) + ": " + ec.message());
}

// The steps of read_response that build an Error or the answer, as plain functions: what they make
// is not kept in the reading coroutine's frame while it waits (GCC keeps every temporary of a
// coroutine there).

inline void read_failed(ReadResult& out, boost::system::error_code ec)
{
    out.response = io_failure(ec, "reading the answer");
}

// After an interim (1xx) answer `status`, the `interim`-th: true (and the failure in `out`) when the
// exchange cannot go on: a 101 switches protocols, which no request of ours asks for, and at most
// max_interim_answers come before the final one (100 Continue, 103 Early Hints, ...).
inline bool interim_refused(ReadResult& out, unsigned status, int interim)
{
    if (status != 101 && interim + 1 < max_interim_answers) return false;
    out.response = make_error(errc::malformed_response,
                              status == 101 ? "the server switched protocols (HTTP 101) unasked"
                                            : "the server sent more than " + std::to_string(max_interim_answers) +
                                                  " interim (1xx) answers");
    return true;
}

// The final answer, out of `parser` into `out`.
template <class Parser>
void take_answer(Parser& parser, ReadResult& out)
{
    auto message = parser.release();
    out.keep_alive = message.keep_alive();
    HttpResponse response;
    response.status = static_cast<int>(message.result_int());
    for (const auto& field : message) response.headers.emplace_back(field.name_string(), field.value());
    response.body = std::move(message.body());
    out.response = std::move(response);
}

// Room in `buffer` for the rest of the message `parser` is reading, within the buffer's bound: what
// its Content-Length leaves, or as much again as it has room for (a chunked body, or one read to the
// end).
template <class Parser>
void make_room(boost::beast::flat_buffer& buffer, const Parser& parser)
{
    const std::size_t bound = buffer.max_size();
    const auto left = parser.content_length_remaining();
    const std::size_t rest = left ? static_cast<std::size_t>(std::min<std::uint64_t>(*left, bound)) : buffer.capacity();
    buffer.reserve(std::min(bound, buffer.size() + rest));
}

// `head`: the answer is to a HEAD request, so it has no body whatever its Content-Length says.
template <class Stream>
boost::asio::awaitable<void> read_response(Stream& stream, boost::beast::flat_buffer& buffer,
                                           const ResponseLimits& limits, bool head, ReadResult out)
{
    namespace http = boost::beast::http;
    constexpr auto use_tuple = boost::asio::as_tuple(boost::asio::use_awaitable);
    out.answered = false;
    out.keep_alive = false;

    // Chunk extensions are not part of the body: they count, all together, against the header limit.
    std::size_t extension_bytes = 0;
    auto on_chunk_header = [&](std::uint64_t, std::string_view extensions, boost::system::error_code& ec) {
        extension_bytes += extensions.size();
        if (extension_bytes > limits.header_bytes) ec = http::error::header_limit;
    };

    std::optional<http::response_parser<http::string_body>> parser;
    for (int interim = 0;; ++interim) {
        parser.emplace();
        parser->header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(limits.header_bytes, UINT32_MAX)));
        parser->body_limit(limits.body_bytes);
        parser->on_chunk_header(on_chunk_header);
        parser->skip(head);
        parser->eager(true);  // the body too, as far as the buffer holds it (http::async_read's way)
        // Usually the whole message in one read: an interim (1xx) answer is a header alone, and
        // the final one's body mostly arrives with its header. Beast reads as much as the buffer has
        // room for, so room is made for what the header announced, a read for the rest.
        boost::system::error_code ec;
        while (!ec && !parser->is_done()) {
            auto [read_ec, n] = co_await http::async_read_some(stream, buffer, *parser, use_tuple);
            ec = read_ec;
            out.answered = out.answered || n > 0 || parser->got_some();
            if (!ec && !parser->is_done()) make_room(buffer, *parser);
        }
        if (ec) {
            read_failed(out, ec);
            co_return;
        }
        const unsigned status = parser->get().result_int();
        if (status >= 200) break;
        if (interim_refused(out, status, interim)) co_return;
    }

    if (buffer.capacity() > retained_read_buffer) buffer.shrink_to_fit();  // keeps what it holds
    take_answer(*parser, out);
}

}  // namespace cloudflow::detail
